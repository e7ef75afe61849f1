package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ShowExceptions lists what a person must sort out (put-backs after a
// cancellation, events the hub refused, relabels), each with a Done button.
func (a *App) ShowExceptions() {
	ctx, cancel := a.ctx()
	defer cancel()
	list, err := a.store.OpenExceptions(ctx)
	banner := NewBanner()
	banner.Set(ToneInfo, tr("exceptions.title"), tr("exceptions.to_handle", "N", len(list)))
	if err != nil {
		logErr("exceptions", err)
		banner.Set(ToneBad, tr("common.cannot_load"), errorText(err))
	}
	rows := []fyne.CanvasObject{banner}
	for _, e := range list {
		e := e
		text := widget.NewLabel(fmt.Sprintf("[%s] %s", e.Kind, e.Message))
		text.Wrapping = fyne.TextWrapWord
		done := widget.NewButtonWithIcon(tr("common.done"), theme.ConfirmIcon(), func() {
			ctx, cancel := a.ctx()
			defer cancel()
			if err := a.store.ResolveException(ctx, e.ID, a.user.ID); err != nil {
				logErr("resolve exception", err)
			}
			a.ShowExceptions()
		})
		rows = append(rows, container.NewBorder(nil, nil, nil, done, text))
	}
	back := widget.NewButtonWithIcon(tr("common.back")+"  [Esc]", theme.NavigateBackIcon(), a.ShowHome)
	field := NewScanField("", func(string) {})
	field.OnKey = func(k fyne.KeyName) bool {
		if k == fyne.KeyEscape {
			a.ShowHome()
			return true
		}
		return false
	}
	a.Show(container.NewBorder(nil, container.NewVBox(field, back), nil, nil, container.NewVScroll(container.NewVBox(rows...))), field)
}
