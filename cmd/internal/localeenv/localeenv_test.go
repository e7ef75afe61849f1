package localeenv

import (
	"go/build"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

// Every locale Usable accepts must parse the way Fyne parses it
// (codeset and modifier dropped, "_" as "-"), or Fyne logs an error.
func TestUsableLocalesParse(t *testing.T) {
	var locales []string
	for _, l := range strings.Fields(iso639) {
		locales = append(locales, l, l+"_US.UTF-8", l+"_419")
	}
	for _, l := range locales {
		if !Usable(l) {
			t.Errorf("Usable(%q) = false", l)
			continue
		}
		tag := strings.ReplaceAll(strings.SplitN(l, ".", 2)[0], "_", "-")
		if _, err := language.Parse(tag); err != nil {
			t.Errorf("Usable(%q) but x/text says %v", l, err)
		}
	}
	for _, l := range []string{"C.UTF-8", "C", "xx_YY.UTF-8", "english", "", "en_us", "e"} {
		if Usable(l) {
			t.Errorf("Usable(%q) = true", l)
		}
	}
}

func TestSanitize(t *testing.T) {
	for _, tc := range []struct {
		lang, language string
		changed        bool
		want           string // LANGUAGE afterwards
	}{
		{"C.UTF-8", "", true, "en"},
		{"xx_YY.UTF-8", "", true, "en"},
		{"en_US@euro", "", true, "en"},
		{"de_DE.UTF-8@euro", "", false, ""},
		{"th_TH.UTF-8", "", false, ""},
		{"C", "zz", false, "zz"}, // exactly C: Fyne ignores LANGUAGE
		{"de_DE.UTF-8", "zz:fr", true, "fr"},
		{"de_DE.UTF-8", "zz", true, "en"},
		{"de_DE.UTF-8", "es:fr", false, "es:fr"},
	} {
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", tc.lang)
		t.Setenv("LANGUAGE", tc.language)
		if got := Sanitize(); got != tc.changed {
			t.Errorf("LANG=%q LANGUAGE=%q: changed %v, want %v", tc.lang, tc.language, got, tc.changed)
		}
		if got := strings.TrimSpace(getenv("LANGUAGE")); got != tc.want {
			t.Errorf("LANG=%q LANGUAGE=%q: LANGUAGE=%q after, want %q", tc.lang, tc.language, got, tc.want)
		}
	}
}

// The package is initialised before Fyne's lang package only while it
// imports nothing but os and strings (see the package doc).
func TestImportsOnlyOSAndStrings(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pkg.Imports, []string{"os", "strings"}) {
		t.Fatalf("localeenv imports %v; only os and strings keep it initialised before Fyne", pkg.Imports)
	}
}

func getenv(k string) string { return os.Getenv(k) }
