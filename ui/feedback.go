package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
)

// Tone is the kind of feedback a scan gets.
type Tone int

const (
	ToneInfo Tone = iota // what to do next
	ToneGood             // accepted
	ToneBad              // refused: stays until acknowledged
)

// Colours chosen to be told apart at arm's length; the headline always
// says it in words too, for colour-blind staff.
var (
	colourInfo = color.NRGBA{R: 0x1e, G: 0x3a, B: 0x5f, A: 0xff}
	colourGood = color.NRGBA{R: 0x0b, G: 0x7a, B: 0x3e, A: 0xff}
	colourBad  = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	colourText = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// Banner is the big coloured strip that answers every scan.
type Banner struct {
	widget.BaseWidget
	tone  Tone
	bg    *canvas.Rectangle
	title *canvas.Text
	text  *widget.Label
}

// NewBanner returns a banner showing an instruction.
func NewBanner() *Banner {
	b := &Banner{bg: canvas.NewRectangle(colourInfo), title: canvas.NewText("", colourText), text: widget.NewLabel("")}
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
	b.tone = tone
	switch tone {
	case ToneGood:
		b.bg.FillColor = colourGood
	case ToneBad:
		b.bg.FillColor = colourBad
	default:
		b.bg.FillColor = colourInfo
	}
	b.title.Text = title
	b.text.SetText(text)
	b.bg.Refresh()
	b.title.Refresh()
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
	strip := container.NewStack(b.bg, container.NewPadded(b.title))
	return widget.NewSimpleRenderer(container.NewVBox(strip, b.text))
}

// refuse shows why an action was refused: the reason in the red banner
// under its headline, the OK button that acknowledges it (when the screen
// keeps errors until acknowledged), and the bad sound. what names the
// screen in the log for internal errors.
func (a *App) refuse(what string, err error, b *Banner, title string, ok *widget.Button) {
	logErr(what, err)
	b.Set(ToneBad, title, core.ErrorMessage(err))
	if ok != nil {
		ok.Show()
	}
	a.opts.Sound.Bad()
}
