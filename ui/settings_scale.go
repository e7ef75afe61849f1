package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core/scale"
)

// The scale tab: which scale (a USB scale or a serial port found on the
// computer, or a typed path), the serial protocol and speed, the weight on
// it now while the screen is open, and a test that waits for one stable
// weight.

// scaleKinds are the choices of the scale tab's first field, in order.
var scaleKinds = []string{"", scale.KindHID, scale.KindSerial}

// scaleTestFor is how long the test waits for a stable weight.
var scaleTestFor = 5 * time.Second

// scaleLive is the settings screen's live reading: one goroutine reads the
// scale the form names and hands each reading to the UI goroutine.
type scaleLive struct {
	cancel  context.CancelFunc
	gen     int // which reader a reading comes from; older ones are dropped
	testing int // the test waiting for a stable weight; 0: none
	tests   int // tests started, to tell a test's timeout from a later test's
	found   []scale.Device
	form    *widget.Form // refreshed when fields are enabled or disabled: its labels follow
}

func (s *SettingsScreen) buildScale() {
	s.ScaleKind = widget.NewSelect([]string{tr("settings.scale.none"), tr("settings.scale.usb"), tr("settings.scale.serial")},
		func(string) { s.scaleChanged() })
	s.ScaleDevice = widget.NewSelectEntry(nil)
	s.ScaleDevice.SetPlaceHolder(tr("settings.scale.device_hint"))
	s.ScaleDevice.OnChanged = func(string) { s.scaleChanged() }
	s.ScaleProtocol = widget.NewSelect([]string{tr("settings.scale.continuous"), tr("settings.scale.sics")},
		func(string) { s.scaleChanged() })
	bauds := make([]string, len(scale.Bauds))
	for i, b := range scale.Bauds {
		bauds[i] = strconv.Itoa(b)
	}
	s.ScaleBaud = widget.NewSelect(bauds, func(string) { s.scaleChanged() })
	s.ScaleLive = widget.NewLabel("")
	s.ScaleLive.TextStyle = fyne.TextStyle{Bold: true}
	s.ScaleLive.Wrapping = fyne.TextWrapWord
	s.ScaleTest = widget.NewButtonWithIcon(tr("settings.scale.test"), theme.MediaPlayIcon(), s.testScale)
	s.scale.found = scale.Devices()
	if s.app.opts.ScaleDevices != nil {
		s.scale.found = s.app.opts.ScaleDevices()
	}
}

func (s *SettingsScreen) scaleTab() fyne.CanvasObject {
	item := widget.NewFormItem
	s.scale.form = widget.NewForm(item(tr("settings.scale.kind"), s.ScaleKind), item(tr("settings.scale.device"), s.ScaleDevice),
		item(tr("settings.scale.protocol"), s.ScaleProtocol), item(tr("settings.scale.speed"), s.ScaleBaud),
		item(tr("settings.scale.now"), s.ScaleLive))
	return container.NewVBox(s.scale.form, s.ScaleTest)
}

// loadScale shows the saved scale; the live reading starts when the
// screen is on show.
func (s *SettingsScreen) loadScale(ctx context.Context) {
	v, _ := s.store.Setting(ctx, SettingScale)
	c, err := scale.ParseConfig(v)
	if err != nil {
		s.ScaleLive.SetText(scaleProblem(err))
	}
	s.loading = true
	defer func() { s.loading = false }()
	s.ScaleKind.SetSelectedIndex(max(0, indexOf(scaleKinds, c.Kind)))
	s.ScaleDevice.SetText(c.Path)
	s.ScaleProtocol.SetSelectedIndex(0)
	if c.Protocol == scale.SICS {
		s.ScaleProtocol.SetSelectedIndex(1)
	}
	s.ScaleBaud.SetSelected("9600")
	if c.Baud != 0 {
		s.ScaleBaud.SetSelected(strconv.Itoa(c.Baud))
	}
	s.showScaleChoices()
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// scaleConfig is the scale the form names.
func (s *SettingsScreen) scaleConfig() (scale.Config, error) {
	kind := ""
	if i := s.ScaleKind.SelectedIndex(); i > 0 {
		kind = scaleKinds[i]
	}
	c := scale.Config{Kind: kind, Path: strings.TrimSpace(s.ScaleDevice.Text)}
	switch kind {
	case "":
		return scale.Config{}, nil
	case scale.KindSerial:
		c.Baud, _ = strconv.Atoi(s.ScaleBaud.Selected)
		c.Protocol = scale.Continuous
		if s.ScaleProtocol.SelectedIndex() == 1 {
			c.Protocol = scale.SICS
		}
	}
	if c.Path == "" {
		return c, errors.New(tr("settings.scale.no_device"))
	}
	return c, nil
}

// showScaleChoices offers the devices of the chosen kind, and the serial
// fields for a serial scale only.
func (s *SettingsScreen) showScaleChoices() {
	kind := ""
	if i := s.ScaleKind.SelectedIndex(); i > 0 {
		kind = scaleKinds[i]
	}
	var paths []string
	for _, d := range s.scale.found {
		if d.Kind == kind {
			paths = append(paths, d.Path)
		}
	}
	s.ScaleDevice.SetOptions(paths)
	if kind == "" {
		s.ScaleDevice.Disable()
	} else {
		s.ScaleDevice.Enable()
	}
	if kind == scale.KindSerial {
		s.ScaleProtocol.Enable()
		s.ScaleBaud.Enable()
	} else {
		s.ScaleProtocol.Disable()
		s.ScaleBaud.Disable()
	}
	if kind != "" && s.ScaleDevice.Text == "" && len(paths) > 0 {
		s.ScaleDevice.SetText(paths[0]) // the one found; the person may type another
	}
	if s.scale.form != nil {
		s.scale.form.Refresh()
	}
}

// scaleChanged follows a change in the form: other choices, and the live
// reading from the scale now named.
func (s *SettingsScreen) scaleChanged() {
	if s.loading || s.ScaleLive == nil {
		return
	}
	s.showScaleChoices()
	s.startLive()
}

// startLive (re)starts the live reading from the scale the form names.
func (s *SettingsScreen) startLive() {
	s.stopLive()
	c, err := s.scaleConfig()
	switch {
	case err != nil:
		s.ScaleLive.SetText(scaleProblem(err))
		return
	case c.Kind == "":
		s.ScaleLive.SetText(tr("settings.scale.none_set"))
		return
	}
	s.ScaleLive.SetText(tr("settings.scale.opening"))
	ctx, cancel := context.WithCancel(context.Background())
	s.scale.cancel = cancel
	s.scale.gen++
	gen, do := s.scale.gen, s.app.opts.do
	answer := func(r scale.Reading, err error) {
		do(func() {
			if gen == s.scale.gen {
				s.showReading(r, err)
			}
		})
	}
	setting := c.String()
	asks := c.Kind == scale.KindSerial && c.Protocol == scale.SICS
	go func() {
		sc, err := s.app.openScale(setting)
		if err != nil {
			answer(scale.Reading{}, err)
			return
		}
		defer sc.Close()
		for ctx.Err() == nil {
			rctx, done := context.WithTimeout(ctx, 2*time.Second)
			r, err := sc.Read(rctx)
			done()
			if ctx.Err() != nil {
				return
			}
			answer(r, err)
			pause := time.Duration(0) // a HID or continuous scale paces itself
			if err != nil {
				pause = time.Second
			} else if asks {
				pause = 200 * time.Millisecond // an MT-SICS scale answers at once: ask five times a second
			}
			select {
			case <-ctx.Done():
			case <-time.After(pause):
			}
		}
	}()
}

// stopLive ends the live reading (the reader closes the scale).
func (s *SettingsScreen) stopLive() {
	if s.scale.cancel != nil {
		s.scale.cancel()
		s.scale.cancel = nil
	}
	s.scale.gen++
}

// leaveScale runs when the settings screen is left: the live reading
// stops and the station opens the scale its settings name now.
func (s *SettingsScreen) leaveScale() {
	s.stopLive()
	s.scale.testing = 0
	s.app.reopenScale()
}

// showReading shows one reading, and ends a test that waits for it.
func (s *SettingsScreen) showReading(r scale.Reading, err error) {
	if err != nil {
		s.ScaleLive.SetText(scaleProblem(err))
		if s.scale.testing != 0 {
			s.scale.testing = 0
			s.Banner.Set(ToneBad, tr("settings.scale.test_failed"), scaleProblem(err))
			s.app.opts.Sound.Bad()
		}
		return
	}
	state := tr("settings.scale.settling")
	if r.Stable {
		state = tr("settings.scale.stable")
	}
	s.ScaleLive.SetText(weightWords(r.Grams) + " (" + state + ")")
	if s.scale.testing != 0 && r.Stable {
		s.scale.testing = 0
		s.Banner.Set(ToneGood, tr("settings.scale.test_ok"), tr("settings.scale.test_ok_text", "Weight", weightWords(r.Grams)))
		s.app.opts.Sound.Good()
	}
}

// testScale waits for one stable weight from the live reading, or says
// why there is none.
func (s *SettingsScreen) testScale() {
	c, err := s.scaleConfig()
	if err == nil && c.Kind == "" {
		s.Banner.Set(ToneBad, tr("settings.scale.test_failed"), tr("settings.scale.none_set"))
		s.app.opts.Sound.Bad()
		return
	}
	if err != nil {
		s.Banner.Set(ToneBad, tr("settings.scale.test_failed"), scaleProblem(err))
		s.app.opts.Sound.Bad()
		return
	}
	if s.scale.cancel == nil {
		s.startLive()
	}
	s.scale.tests++
	s.scale.testing = s.scale.tests
	test := s.scale.testing
	s.Banner.Set(ToneInfo, tr("settings.scale.testing"), tr("settings.scale.testing_text"))
	do := s.app.opts.do
	time.AfterFunc(scaleTestFor, func() {
		do(func() {
			if s.scale.testing == test {
				s.scale.testing = 0
				s.Banner.Set(ToneBad, tr("settings.scale.test_failed"), scaleProblem(scale.ErrNotSettled))
				s.app.opts.Sound.Bad()
			}
		})
	})
}

// saveScale stores the scale the form names (or none).
func (s *SettingsScreen) saveScale(ctx context.Context) error {
	c, err := s.scaleConfig()
	if err != nil {
		return err
	}
	return s.store.SetSetting(ctx, SettingScale, c.String())
}

// scaleProblem says a scale's error in the station's language.
func scaleProblem(err error) string {
	for _, e := range []struct {
		err error
		key string
	}{
		{scale.ErrOverload, "scale.overload"}, {scale.ErrUnderZero, "scale.under_zero"}, {scale.ErrFault, "scale.fault"},
		{scale.ErrCalibrate, "scale.calibrate"}, {scale.ErrNoAnswer, "scale.no_answer"}, {scale.ErrNotSettled, "scale.not_settled"},
	} {
		if errors.Is(err, e.err) {
			return tr(e.key)
		}
	}
	return tr("scale.cannot_open", "Error", err.Error())
}
