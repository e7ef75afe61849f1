// Package i18n holds the station's translations and loads them into
// Fyne's lang package (go-i18n underneath). The screens are not yet read
// from here (issue 11's next step converts them, and makes the language
// follow the signed-in person); this package is the files, their loading
// and the test that keeps every language complete.
//
// Files are translations/<language>.json, go-i18n's flat format: a key and
// its text ({"sign_in.button": "Sign in"}). English is the reference:
// every key of en.json must be in every other file, translated.
package i18n

import (
	"embed"
	"fmt"

	"fyne.io/fyne/v2/lang"
)

//go:embed translations/*.json
var files embed.FS

// Languages are the languages the station speaks, as BCP 47 tags, English
// (the fallback) first.
var Languages = []string{"en", "th", "vi", "id", "zh-Hans", "es"}

// Load adds the translations to Fyne's lang package. Call it once, before
// the first screen is built.
func Load() error {
	if err := lang.AddTranslationsFS(files, "translations"); err != nil {
		return fmt.Errorf("translations: %w", err)
	}
	return nil
}
