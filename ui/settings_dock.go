package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
)

// cutoffStore sets the carriers' daily cut-offs (core/sqlite.DB).
type cutoffStore interface {
	CarrierCutoffs(ctx context.Context) (map[string]string, error)
	SetCarrierCutoff(ctx context.Context, carrier, hhmm string) error
}

// buildDock makes the dock's settings: each carrier's daily cut-off, one
// "CARRIER HH:MM" a line.
func (s *SettingsScreen) buildDock() {
	s.Cutoffs = widget.NewMultiLineEntry()
	s.Cutoffs.SetPlaceHolder("UPS 17:30\nDHL 16:00")
	s.Cutoffs.Wrapping = fyne.TextWrapOff
}

// dockTab is the settings tab of the dock.
func (s *SettingsScreen) dockTab() *container.TabItem {
	help := widget.NewLabel(tr("dispatch.cutoffs_help"))
	help.Wrapping = fyne.TextWrapWord
	return container.NewTabItem(tr("dispatch.cutoffs_tab"), container.NewBorder(help, nil, nil, nil, s.Cutoffs))
}

func (s *SettingsScreen) loadCutoffs(ctx context.Context) {
	cs, ok := s.store.(cutoffStore)
	if !ok {
		return
	}
	m, err := cs.CarrierCutoffs(ctx)
	if err != nil {
		logErr("cut-offs", err)
		return
	}
	var lines []string
	for c, t := range m {
		lines = append(lines, c+" "+t)
	}
	sort.Strings(lines)
	s.Cutoffs.SetText(strings.Join(lines, "\n"))
}

// saveCutoffs stores the cut-offs typed, and removes those no longer
// listed.
func (s *SettingsScreen) saveCutoffs(ctx context.Context) error {
	cs, ok := s.store.(cutoffStore)
	if !ok {
		return nil
	}
	want := map[string]string{}
	for i, line := range strings.Split(s.Cutoffs.Text, "\n") {
		f := strings.Fields(line)
		switch len(f) {
		case 0:
			continue
		case 2:
			want[strings.ToUpper(f[0])] = f[1]
		default:
			return refusal(core.EINVALID, "bad_cutoff", tr("settings.bad_cutoff_line", "Line", i+1, "Text", strings.TrimSpace(line)))
		}
	}
	old, err := cs.CarrierCutoffs(ctx)
	if err != nil {
		return err
	}
	for c := range old {
		if _, ok := want[c]; !ok {
			if err := cs.SetCarrierCutoff(ctx, c, ""); err != nil {
				return err
			}
		}
	}
	for c, t := range want {
		if err := cs.SetCarrierCutoff(ctx, c, t); err != nil {
			return fmt.Errorf("cut-off of %s: %w", c, err)
		}
	}
	return nil
}
