package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// SetPlaceHolder sets the field's hint. A hint longer than the field
// (Spanish and Thai run long) ends in "…" where the field ends, instead
// of running on past its edge; it is fitted again at each resize.
func (f *ScanField) SetPlaceHolder(hint string) {
	f.hint = hint
	f.fitHint(f.Size().Width)
}

// Resize fits the hint to the new width.
func (f *ScanField) Resize(size fyne.Size) {
	f.Entry.Resize(size)
	f.fitHint(size.Width)
}

// fitHint shows as much of the hint as fits in width.
func (f *ScanField) fitHint(width float32) {
	shown := f.hint
	room := width - 2*(theme.InnerPadding()+theme.InputBorderSize()) - theme.Padding()
	style := fyne.TextStyle{}
	if width > 0 && fyne.MeasureText(shown, theme.TextSize(), style).Width > room {
		runes := []rune(f.hint)
		for len(runes) > 0 && fyne.MeasureText(string(runes)+"…", theme.TextSize(), style).Width > room {
			runes = runes[:len(runes)-1]
		}
		shown = string(runes) + "…"
	}
	if shown != f.PlaceHolder {
		f.Entry.SetPlaceHolder(shown)
	}
}
