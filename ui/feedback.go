package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Tone is the kind of feedback a scan gets.
type Tone int

const (
	ToneInfo Tone = iota // what to do next
	ToneGood             // accepted
	ToneBad              // refused: stays until acknowledged
	ToneWarn             // recorded, but someone must look at it (held, flagged)
)

// Colours chosen to be told apart at arm's length; the headline always
// says it in words too, for colour-blind staff.
var (
	colourInfo = color.NRGBA{R: 0x1e, G: 0x3a, B: 0x5f, A: 0xff}
	colourGood = color.NRGBA{R: 0x0b, G: 0x7a, B: 0x3e, A: 0xff}
	colourBad  = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	colourWarn = color.NRGBA{R: 0xb3, G: 0x5c, B: 0x00, A: 0xff}
	colourText = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// Banner is the big coloured strip that answers every scan.
type Banner struct {
	widget.BaseWidget
	tone  Tone
	icon  *canvas.Image // the tone's shape: colour is never the only signal
	bg    *canvas.Rectangle
	title *BigText
	text  *widget.Label
	sets  int // how often Set was called: see ScanPanel.bannerSets
}

// NewBanner returns a banner showing an instruction.
func NewBanner() *Banner {
	b := &Banner{bg: canvas.NewRectangle(colourInfo), title: newBigText("", colourText), text: widget.NewLabel(""),
		icon: canvas.NewImageFromResource(toneIcons[ToneInfo])}
	b.icon.FillMode = canvas.ImageFillContain
	b.icon.SetMinSize(fyne.NewSquareSize(34))
	b.title.TextSize = 26
	b.title.TextStyle = fyne.TextStyle{Bold: true}
	b.text.Wrapping = fyne.TextWrapWord
	b.text.SizeName = theme.SizeNameSubHeadingText
	b.text.Importance = widget.MediumImportance
	b.ExtendBaseWidget(b)
	return b
}

// Set sets the banner's tone, headline and explanation.
func (b *Banner) Set(tone Tone, title, text string) {
	b.sets++
	// Only what changed is refreshed: a text refreshed is drawn again into
	// a new texture, and a run of good scans keeps the tone and often the
	// headline.
	if tone != b.tone {
		b.tone = tone
		b.bg.FillColor = toneColour(tone)
		b.bg.Refresh()
		b.icon.Resource = toneIcons[tone]
		b.icon.Refresh()
	}
	setBig(b.title, title)
	setLabel(b.text, text)
}

// Tone returns the tone shown.
func (b *Banner) Tone() Tone { return b.tone }

// Title returns the headline shown.
func (b *Banner) Title() string { return b.title.Text }

// Text returns the explanation shown.
func (b *Banner) Text() string { return b.text.Text }

// CreateRenderer implements fyne.Widget: the headline in white on the tone's
// colour, the explanation below it in large type on the normal background
// (a wrapped label cannot be coloured, and long reasons must wrap).
func (b *Banner) CreateRenderer() fyne.WidgetRenderer {
	b.text.TextStyle = fyne.TextStyle{Bold: true}
	strip := container.NewStack(b.bg, container.NewPadded(container.NewBorder(nil, nil, b.icon, nil, b.title)))
	return widget.NewSimpleRenderer(container.NewVBox(strip, b.text))
}

// toneIcons are white shapes drawn on the banner's colour, told apart
// without colour: a circled tick (accepted), a stop sign with a cross
// (refused), a triangle with "!" (look at it), a circled "i" (instruction).
var toneIcons = map[Tone]fyne.Resource{
	ToneGood: fyne.NewStaticResource("tone-good.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10" fill="none" stroke="#fff" stroke-width="2.5"/><path d="M6.5 12.5l3.5 3.5 7.5-8" fill="none" stroke="#fff" stroke-width="3"/></svg>`)),
	ToneBad:  fyne.NewStaticResource("tone-bad.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M8 2h8l6 6v8l-6 6H8l-6-6V8z" fill="none" stroke="#fff" stroke-width="2.5"/><path d="M8 8l8 8M16 8l-8 8" stroke="#fff" stroke-width="3"/></svg>`)),
	ToneWarn: fyne.NewStaticResource("tone-warn.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2L23 21H1z" fill="none" stroke="#fff" stroke-width="2.5" stroke-linejoin="round"/><path d="M12 9v6" stroke="#fff" stroke-width="3"/><circle cx="12" cy="18" r="1.6" fill="#fff"/></svg>`)),
	ToneInfo: fyne.NewStaticResource("tone-info.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10" fill="none" stroke="#fff" stroke-width="2.5"/><path d="M12 10.5v7" stroke="#fff" stroke-width="3"/><circle cx="12" cy="7" r="1.7" fill="#fff"/></svg>`)),
}

// toneColour is the colour of a tone, for the banner and the window flash.
func toneColour(t Tone) color.NRGBA {
	switch t {
	case ToneGood:
		return colourGood
	case ToneBad:
		return colourBad
	case ToneWarn:
		return colourWarn
	}
	return colourInfo
}
