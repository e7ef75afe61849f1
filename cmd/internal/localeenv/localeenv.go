// Package localeenv makes the process's locale environment one Fyne can
// read, before Fyne reads it, so that a station started with LANG=C.UTF-8,
// LANG=en_US@euro or an unknown language falls back to English silently.
//
// Fyne's lang package reads LANGUAGE, LC_ALL, LC_MESSAGES and LANG in its
// package initialiser and logs three "Fyne error" lines for every value
// golang.org/x/text cannot parse ("C" from C.UTF-8, "xx-YY"). Nothing in
// main runs early enough to prevent that; a package initialiser can, if it
// is initialised first. Go initialises, at each step, the first package in
// import-path order whose imports are all initialised. Fyne's lang package
// waits for golang.org/x/text/language, which sorts after this package's
// path (github.com/… < golang.org/…) and itself needs os and strings; this
// package needs only those, so it is always initialised before
// golang.org/x/text/language and hence before Fyne's lang. It must
// therefore never import anything beyond the standard library's os and
// strings (TestImportsOnlyOSAndStrings guards this).
//
// Import it for its side effect from every command that links Fyne:
//
//	import _ "github.com/stationhand/stationhand/cmd/internal/localeenv"
package localeenv

import (
	"os"
	"strings"
)

// Fallback is what LANGUAGE is set to when no configured locale is usable.
const Fallback = "en"

func init() { Sanitize() }

// Sanitize rewrites the locale environment so that every language tag
// Fyne's lang package derives from it parses: when the locale Fyne would
// read (LC_ALL, LC_MESSAGES or LANG, else LANGUAGE) is unusable, LANGUAGE
// is set to the usable entries of LANGUAGE, or to "en". LANG and LC_* are
// left alone, so programs the station starts (lp, pdftoppm) keep the
// character set they were given. It returns whether it changed anything.
func Sanitize() bool {
	locale := ""
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = os.Getenv(v); locale != "" {
			break
		}
	}
	// Exactly C or POSIX: Fyne ignores the locale and uses English quietly.
	if locale == "C" || locale == "POSIX" {
		return false
	}
	if languages := os.Getenv("LANGUAGE"); languages != "" {
		var keep []string
		for _, l := range strings.Split(languages, ":") {
			if Usable(l) {
				keep = append(keep, l)
			}
		}
		if len(keep) == len(strings.Split(languages, ":")) {
			return false
		}
		if len(keep) == 0 {
			keep = []string{Fallback}
		}
		os.Setenv("LANGUAGE", strings.Join(keep, ":"))
		return true
	}
	if locale == "" || Usable(locale) {
		return false
	}
	// Fyne reads LANGUAGE before LANG unless the locale is exactly C.
	os.Setenv("LANGUAGE", Fallback)
	return true
}

// Usable reports whether a POSIX locale name ("pt_BR.UTF-8", "sr@latin")
// turns into a language tag golang.org/x/text knows: a known ISO 639-1
// language, optionally with a region of two capital letters or three
// digits. Fyne drops the codeset (and whatever follows it) itself, but
// not a modifier right after the region ("en_US@euro").
func Usable(locale string) bool {
	if i := strings.IndexByte(locale, '.'); i >= 0 {
		locale = locale[:i]
	}
	lang, region, _ := strings.Cut(locale, "_")
	if len(lang) != 2 || !strings.Contains(iso639, " "+strings.ToLower(lang)+" ") {
		return false
	}
	switch {
	case region == "":
		return true
	case len(region) == 2:
		return upper(region[0]) && upper(region[1])
	case len(region) == 3:
		return digit(region[0]) && digit(region[1]) && digit(region[2])
	}
	return false
}

func upper(c byte) bool { return 'A' <= c && c <= 'Z' }
func digit(c byte) bool { return '0' <= c && c <= '9' }

// iso639 lists the ISO 639-1 language codes.
const iso639 = " aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy" +
	" da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz" +
	" ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo" +
	" lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps" +
	" pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn" +
	" to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu "
