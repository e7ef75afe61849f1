package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// ScanField is the entry a keyboard-wedge scanner types into. Enter submits;
// function keys trigger the screen's actions so that everything works from
// the keyboard: the field keeps the focus and never has to give it up.
type ScanField struct {
	widget.Entry
	// OnKey handles keys the field does not use itself; it returns true
	// when it handled the key.
	OnKey func(fyne.KeyName) bool

	hint    string    // the whole placeholder; PlaceHolder is what of it fits
	enterAt time.Time // when the last Enter came, for the scan log
	onInput func()    // any character or key but Enter (the panel's stray-Enter guard)
}

// TypedRune notes the input and types the character.
func (f *ScanField) TypedRune(r rune) {
	f.input()
	f.Entry.TypedRune(r)
}

func (f *ScanField) input() {
	if f.onInput != nil {
		f.onInput()
	}
}

// NewScanField returns a scan field that calls submit with each scan.
func NewScanField(placeholder string, submit func(string)) *ScanField {
	f := &ScanField{}
	f.ExtendBaseWidget(f)
	f.SetPlaceHolder(placeholder)
	f.OnSubmitted = func(s string) {
		f.SetText("")
		submit(s)
	}
	return f
}

// TypedKey intercepts the function keys and Escape before the entry.
func (f *ScanField) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		f.enterAt = time.Now()
	default:
		f.input()
	}
	switch ev.Name {
	case fyne.KeyF1, fyne.KeyF2, fyne.KeyF3, fyne.KeyF4, fyne.KeyF5, fyne.KeyF6, fyne.KeyF7, fyne.KeyF8, fyne.KeyF9, fyne.KeyF10, fyne.KeyF11, fyne.KeyF12, fyne.KeyEscape:
		if f.OnKey != nil && f.OnKey(ev.Name) {
			return
		}
	}
	f.Entry.TypedKey(ev)
}
