package i18n

import (
	"encoding/json"
	"regexp"
	"slices"
	"testing"

	"fyne.io/fyne/v2/lang"
	"github.com/stationhand/stationhand/core"
	"golang.org/x/text/language"
)

func readFile(t *testing.T, tag string) map[string]string {
	t.Helper()
	data, err := files.ReadFile("translations/" + tag + ".json")
	if err != nil {
		t.Fatalf("%s: %v", tag, err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s.json: %v", tag, err)
	}
	return m
}

// placeholder matches a go-i18n template field: {{.Name}}.
var placeholder = regexp.MustCompile(`\{\{\s*\.\w+\s*\}\}`)

// Every language has every English key, with a text of its own (not
// empty, not the English left in), the same placeholders, and no key
// English lacks; and there is a file for each of Languages, and no other.
func TestEveryLanguageIsComplete(t *testing.T) {
	en := readFile(t, "en")
	entries, err := files.ReadDir("translations")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, e := range entries {
		found = append(found, e.Name()[:len(e.Name())-len(".json")])
	}
	want := slices.Clone(Languages)
	slices.Sort(want)
	slices.Sort(found)
	if !slices.Equal(found, want) {
		t.Errorf("translation files %v, want one per language %v", found, want)
	}
	// Texts the same in English and a language are allowed only where
	// the word is the same, listed here ("OK" is not in these languages).
	sameAsEnglish := map[string][]string{
		"id": {"count.units.one", "pick.big_tote", "pick.ok_tote", "return.supervisor", "settings.printer"}, // "unit" and "tote" are Indonesian warehouse words too
		"es": {"time.seconds", "time.minutes", "time.hours", "pickup.hours_minutes", "return.supervisor"},   // unit symbols; "Supervisor" is Spanish too
	}
	for _, tag := range Languages[1:] {
		if _, err := language.Parse(tag); err != nil {
			t.Errorf("%s: not a language tag: %v", tag, err)
		}
		tr := readFile(t, tag)
		for key, text := range en {
			got, ok := tr[key]
			switch {
			case !ok:
				t.Errorf("%s.json lacks %q", tag, key)
			case got == "":
				t.Errorf("%s.json: %q is empty", tag, key)
			case got == text && !slices.Contains(sameAsEnglish[tag], key):
				t.Errorf("%s.json: %q is left in English: %q", tag, key, got)
			}
			if ok && !slices.Equal(sortedPlaceholders(got), sortedPlaceholders(text)) {
				t.Errorf("%s.json: %q has placeholders %v, English %v", tag, key, placeholder.FindAllString(got, -1), placeholder.FindAllString(text, -1))
			}
		}
		for key := range tr {
			if _, ok := en[key]; !ok {
				t.Errorf("%s.json has %q, which English lacks", tag, key)
			}
		}
	}
}

func sortedPlaceholders(s string) []string {
	p := placeholder.FindAllString(s, -1)
	slices.Sort(p)
	return p
}

// The files load into Fyne's lang package, and a key with a placeholder
// comes back filled in.
func TestLoad(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
	if got := lang.LocalizeKey("pick.go_to_bin", "", map[string]string{"Bin": "A-01-1"}); got == "" || !regexp.MustCompile(`A-01-1`).MatchString(got) {
		t.Errorf("pick.go_to_bin = %q, want the bin filled in", got)
	}
}

// The hub accepts for a member of staff exactly the languages the
// stations speak.
func TestStaffLanguagesAreTheStationsLanguages(t *testing.T) {
	if !slices.Equal(core.StaffLanguages, Languages) {
		t.Errorf("core.StaffLanguages %v, the translations %v", core.StaffLanguages, Languages)
	}
	for _, l := range Languages {
		if Names[l] == "" {
			t.Errorf("%s has no name", l)
		}
	}
}
