package ui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/stationhand/stationhand/assets"
	"github.com/stationhand/stationhand/core/label"
)

// Fyne draws text with the theme's font (Noto Sans: Latin, Greek,
// Cyrillic) and, for a character that font lacks, asks the system's fonts
// (go-text/typesetting's fontscan, which reads the standard font folders
// and the "fonts" folder of every $XDG_DATA_DIRS entry). A station with
// no system fonts would show a Thai, Arabic or Korean customer's name as
// boxes. A theme can only name one font per text style, so the fallback
// faces cannot live in the theme itself; instead InstallFallbackFonts
// writes the faces embedded in the binary (the same ones the labels use)
// into a folder of the station's own and adds that folder to this
// process's $XDG_DATA_DIRS, where Fyne's own fallback finds them. Nothing
// is installed for other programs or users.

// fallbackFonts are the embedded faces Fyne may fall back to, by file name.
var fallbackFonts = []struct {
	name string
	data []byte
}{
	{"NotoSansThai-Regular.ttf", assets.NotoSansThai},
	{"NotoSansThai-Bold.ttf", assets.NotoSansThaiBold},
	{"NotoSansDevanagari-Regular.ttf", assets.NotoSansDevanagari},
	{"NotoSansDevanagari-Bold.ttf", assets.NotoSansDevanagariBold},
	{"NotoNaskhArabic-Regular.ttf", assets.NotoNaskhArabic},
	{"NotoNaskhArabic-Bold.ttf", assets.NotoNaskhArabicBold},
	{"NotoSansHebrew-Regular.ttf", assets.NotoSansHebrew},
	{"NotoSansHebrew-Bold.ttf", assets.NotoSansHebrewBold},
	{"DroidSansFallbackFull.ttf", assets.DroidSansFallback},
}

// hangulFonts are NanumSquare cut down to Korean (label.HangulFont says
// why), made when installing.
var hangulFonts = []struct {
	name string
	bold bool
}{{"NanumSquareR-Hangul.ttf", false}, {"NanumSquareB-Hangul.ttf", true}}

// InstallFallbackFonts makes the embedded script faces available to Fyne
// as fallback fonts: it writes them to dir/fonts (once; an unchanged file
// is left alone) and puts dir first in $XDG_DATA_DIRS. Call it before the
// first window draws text: Fyne reads the font folders once per process.
func InstallFallbackFonts(dir string) error {
	fonts := filepath.Join(dir, "fonts")
	if err := os.MkdirAll(fonts, 0o755); err != nil {
		return fmt.Errorf("fallback fonts: %w", err)
	}
	files := fallbackFonts
	for _, h := range hangulFonts {
		data, err := label.HangulFont(h.bold)
		if err != nil {
			return fmt.Errorf("fallback fonts: %w", err)
		}
		files = append(files, struct {
			name string
			data []byte
		}{h.name, data})
	}
	for _, f := range files {
		path := filepath.Join(fonts, f.name)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, f.data) {
			continue
		}
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, f.data, 0o644); err != nil {
			return fmt.Errorf("fallback fonts: %w", err)
		}
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("fallback fonts: %w", err)
		}
	}
	dirs := os.Getenv("XDG_DATA_DIRS")
	if dirs == "" {
		dirs = "/usr/local/share:/usr/share" // the XDG default
	}
	for _, d := range filepath.SplitList(dirs) {
		if d == dir {
			return nil
		}
	}
	return os.Setenv("XDG_DATA_DIRS", strings.Join([]string{dir, dirs}, string(filepath.ListSeparator)))
}
