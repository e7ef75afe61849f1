// Package i18n holds the station's translations and the language the
// screens speak now. Screens read every text a person reads through T
// (and the formatting helpers in format.go), so switching the language —
// at each sign-in, to the signed-in person's, and back to the station's
// default at sign-out — changes all screen text the next time a screen is
// built (the ui package rebuilds the screen on show).
//
// Files are translations/<language>.json, go-i18n's flat format: a key and
// its text ({"sign_in.button": "Sign in"}), with go-i18n template fields
// ({{.Bin}}) for what is filled in. English is the reference: every key of
// en.json must be in every other file, translated (i18n_test.go).
//
// Fyne's own lang package picks one language from the system locale at
// start and cannot switch; the bundle here is go-i18n's (which Fyne's lang
// wraps) with a localizer per language, the current one switchable. The
// files are also loaded into Fyne's lang, for the few texts of Fyne's own
// widgets.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2/lang"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed translations/*.json
var files embed.FS

// Languages are the languages the station speaks, as BCP 47 tags, English
// (the fallback) first.
var Languages = []string{"en", "th", "vi", "id", "zh-Hans", "es"}

// Names are the languages' names, each in its own language, for the
// settings, setup and hub screens.
var Names = map[string]string{
	"en": "English", "th": "ไทย", "vi": "Tiếng Việt", "id": "Bahasa Indonesia",
	"zh-Hans": "简体中文", "es": "Español",
}

// Load adds the translations to Fyne's lang package. Call it once, before
// the first screen is built. The station's own texts do not need it (T
// loads its bundle on first use); Fyne's own widgets do.
func Load() error {
	if err := lang.AddTranslationsFS(files, "translations"); err != nil {
		return fmt.Errorf("translations: %w", err)
	}
	return nil
}

type catalog struct {
	bundle     *goi18n.Bundle
	localizers map[string]*goi18n.Localizer
	english    map[string]string
	texts      map[string]map[string]string // by language, as written
}

var (
	loadOnce sync.Once
	loaded   *catalog
	current  atomic.Value // string: a Languages tag
)

func load() *catalog {
	loadOnce.Do(func() {
		c := &catalog{bundle: goi18n.NewBundle(language.English), localizers: map[string]*goi18n.Localizer{}, texts: map[string]map[string]string{}}
		c.bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
		for _, tag := range Languages {
			if _, err := c.bundle.LoadMessageFileFS(files, "translations/"+tag+".json"); err != nil {
				// The files are embedded and tested: a bad one is a
				// build mistake, not a run-time condition.
				panic(fmt.Sprintf("translations/%s.json: %v", tag, err))
			}
			c.localizers[tag] = goi18n.NewLocalizer(c.bundle, tag, "en")
			data, _ := files.ReadFile("translations/" + tag + ".json")
			var texts map[string]string
			_ = json.Unmarshal(data, &texts)
			c.texts[tag] = texts
		}
		c.english = c.texts["en"]
		loaded = c
	})
	return loaded
}

// Supported returns the Languages tag closest to tag ("th-TH" gives "th",
// "zh-CN" and "zh" give "zh-Hans", "pt" gives ""), or "" for a language
// the station does not speak.
func Supported(tag string) string {
	tag = strings.TrimSpace(tag)
	if tag == "" {
		return ""
	}
	for _, l := range Languages {
		if strings.EqualFold(l, tag) {
			return l
		}
	}
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	base, _ := t.Base()
	script, _ := t.Script()
	for _, l := range Languages {
		lt := language.MustParse(l)
		lb, _ := lt.Base()
		ls, _ := lt.Script()
		if lb == base && ls == script {
			return l
		}
	}
	return ""
}

// SetLanguage makes tag the language of the screens built from now on and
// returns the tag in use: tag's closest Languages tag, English for one the
// station does not speak or "".
func SetLanguage(tag string) string {
	l := Supported(tag)
	if l == "" {
		l = "en"
	}
	current.Store(l)
	return l
}

// Current returns the language the screens speak now.
func Current() string {
	if l, ok := current.Load().(string); ok {
		return l
	}
	return "en"
}

// T returns the text of key in the current language, with the template
// fields filled in from args, given as name, value pairs
// (T("pick.go_to_bin", "Bin", "A-01-1")). Numbers among the values are
// written the current language's way (see Number). A key no file has
// comes back as the key itself, which the tests catch.
func T(key string, args ...any) string { return In(Current(), key, args...) }

// In is T in a given language.
func In(tag, key string, args ...any) string {
	c := load()
	loc, ok := c.localizers[tag]
	if !ok {
		loc = c.localizers["en"]
		tag = "en"
	}
	var data map[string]any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			name := fmt.Sprint(args[i])
			data[name] = formatValue(tag, args[i+1])
		}
	}
	s, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: key, TemplateData: data})
	if err != nil || s == "" {
		return key
	}
	return s
}

// Has reports whether English has key.
func Has(key string) bool {
	_, ok := load().english[key]
	return ok
}

// English returns the English texts by key, for the tests.
func English() map[string]string { return load().english }

// valueField matches the numbered template fields of an error's values:
// {{.V1}}, {{.V2}}…
var valueField = regexp.MustCompile(`\{\{\s*\.V(\d+)\s*\}\}`)

// Placeholders returns how many numbered values ({{.V1}}…{{.Vn}}) the
// English text of key needs: the highest n it names, 0 for none.
func Placeholders(key string) int {
	return mostValues(load().english[key])
}

// TextIn returns the text of key as a language's file writes it, fields
// unfilled, and whether that language has it: for the tests.
func TextIn(tag, key string) (string, bool) {
	text, ok := load().texts[tag][key]
	return text, ok
}

func mostValues(text string) int {
	most := 0
	for _, m := range valueField.FindAllStringSubmatch(text, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil && n > most {
			most = n
		}
	}
	return most
}
