package ui

import (
	"context"
	"io"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/stationhand/stationhand/core/scale"
)

// fakeUSBScale is a USB POS scale as the station sees it through hidraw:
// it sends a real HID scale data report every 20 ms (in motion, then
// stable at grams) until the station closes it.
type fakeUSBScale struct {
	mu     gosync.Mutex
	opened []string // the settings it was opened with
	closed int
	grams  uint16
	stable bool
}

func (f *fakeUSBScale) open(setting string) (scale.Scale, error) {
	f.mu.Lock()
	f.opened = append(f.opened, setting)
	f.mu.Unlock()
	r, w := io.Pipe()
	go func() {
		for i := 0; ; i++ {
			status := byte(3) // in motion
			if f.stable && i > 2 {
				status = 4
			}
			if _, err := w.Write([]byte{3, status, 2, 0, byte(f.grams), byte(f.grams >> 8)}); err != nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return scale.NewHIDScale(closeCounter{r, f}), nil
}

type closeCounter struct {
	io.ReadCloser
	f *fakeUSBScale
}

func (c closeCounter) Close() error {
	c.f.mu.Lock()
	c.f.closed++
	c.f.mu.Unlock()
	return c.ReadCloser.Close()
}

func (f *fakeUSBScale) counts() (opened []string, closed int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.opened...), f.closed
}

// pumpUntil runs the UI goroutine's queued updates until ok holds.
func pumpUntil(t *testing.T, q *uiQueue, what string, ok func() bool) {
	t.Helper()
	// A generous bound: the scale test itself waits up to 5 s for a stable
	// weight, and a loaded CI machine under -race is slow to deliver it.
	for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 30 s for %s", what)
		}
		q.pump()
	}
}

// TestSettingsScaleLiveAndTest: the supervisor picks the USB scale the
// station found, sees its weight live, tests it, saves it; leaving the
// screen hands the scale to packing.
func TestSettingsScaleLiveAndTest(t *testing.T) {
	usb := &fakeUSBScale{grams: 1050, stable: true}
	q := &uiQueue{}
	app, db := newTestStation(t, Options{do: q.do, OpenScale: usb.open, ScaleDevices: func() []scale.Device {
		return []scale.Device{{Kind: scale.KindHID, Path: "/dev/hidraw3", Name: "DYMO M25"}, {Kind: scale.KindSerial, Path: "/dev/ttyUSB0"}}
	}})
	t.Cleanup(app.Stop)
	signInAs(t, app, "Sam Supervisor", "999999")
	s := app.ShowSettings()
	if s.ScaleLive.Text != "No scale is set up: packers type or scan the weight." || !s.ScaleBaud.Disabled() {
		t.Fatalf("no scale yet: live %q, baud disabled %v", s.ScaleLive.Text, s.ScaleBaud.Disabled())
	}
	s.ScaleKind.SetSelectedIndex(1) // USB scale: the one found is offered
	if s.ScaleDevice.Text != "/dev/hidraw3" || !s.ScaleProtocol.Disabled() {
		t.Fatalf("device %q, protocol disabled %v", s.ScaleDevice.Text, s.ScaleProtocol.Disabled())
	}
	pumpUntil(t, q, "the live reading", func() bool { return s.ScaleLive.Text == "1.05 kg (stable)" })
	if opened, _ := usb.counts(); opened[len(opened)-1] != "hid:/dev/hidraw3" {
		t.Fatalf("opened %v", opened)
	}
	test.Tap(s.ScaleTest)
	if s.Banner.Title() != "TESTING THE SCALE" {
		t.Fatalf("test: %s %s", s.Banner.Title(), s.Banner.Text())
	}
	pumpUntil(t, q, "the test's answer", func() bool { return s.Banner.Title() != "TESTING THE SCALE" })
	if s.Banner.Tone() != ToneGood || !strings.Contains(s.Banner.Text(), "1.05 kg") {
		t.Fatalf("test: %s %s", s.Banner.Title(), s.Banner.Text())
	}
	test.Tap(s.Save)
	if v, _ := db.Setting(context.Background(), SettingScale); v != "hid:/dev/hidraw3" {
		t.Fatalf("saved scale %q (%s)", v, s.Banner.Text())
	}
	test.Tap(s.Back)
	q.pump()
	opened, closed := usb.counts()
	if closed < len(opened)-1 || app.opts.Scale == nil || opened[len(opened)-1] != "hid:/dev/hidraw3" {
		t.Fatalf("after leaving: opened %v, closed %d, pack scale %v", opened, closed, app.opts.Scale)
	}
	// Nothing the left screen's reader sends changes it any more.
	live := s.ScaleLive.Text
	time.Sleep(100 * time.Millisecond)
	q.pump()
	if s.ScaleLive.Text != live {
		t.Fatalf("the live reading went on after leaving: %q", s.ScaleLive.Text)
	}
}

// TestSettingsScaleTestFails: a scale that never settles, and a port that
// cannot be opened, each fail the test with a reason.
func TestSettingsScaleTestFails(t *testing.T) {
	usb := &fakeUSBScale{grams: 900}
	q := &uiQueue{}
	app, _ := newTestStation(t, Options{do: q.do, OpenScale: func(setting string) (scale.Scale, error) {
		if strings.HasPrefix(setting, "serial:") {
			return scale.OpenSetting(setting) // the real port
		}
		return usb.open(setting)
	}, ScaleDevices: func() []scale.Device { return nil }})
	t.Cleanup(app.Stop)
	defer func(d time.Duration) { scaleTestFor = d }(scaleTestFor)
	scaleTestFor = 300 * time.Millisecond
	signInAs(t, app, "Sam Supervisor", "999999")
	s := app.ShowSettings()
	s.ScaleKind.SetSelectedIndex(1)
	if s.ScaleDevice.Text != "" {
		t.Fatalf("nothing was found, yet %q is offered", s.ScaleDevice.Text)
	}
	test.Tap(s.ScaleTest)
	if s.Banner.Tone() != ToneBad || !strings.Contains(s.Banner.Text(), "type its path") {
		t.Fatalf("test with no device: %s %s", s.Banner.Title(), s.Banner.Text())
	}
	s.ScaleDevice.SetText("/dev/hidraw0")
	pumpUntil(t, q, "a settling reading", func() bool { return s.ScaleLive.Text == "900 g (settling)" })
	test.Tap(s.ScaleTest)
	pumpUntil(t, q, "the test's answer", func() bool { return s.Banner.Title() != "TESTING THE SCALE" })
	if s.Banner.Tone() != ToneBad || s.Banner.Text() != "The scale did not settle: keep the package still on it." {
		t.Fatalf("a moving scale: %s %s", s.Banner.Title(), s.Banner.Text())
	}
	s.ScaleKind.SetSelectedIndex(2)
	s.ScaleDevice.SetText(t.TempDir() + "/ttyUSB9")
	test.Tap(s.ScaleTest)
	pumpUntil(t, q, "the test's answer", func() bool { return s.Banner.Title() != "TESTING THE SCALE" })
	if s.Banner.Tone() != ToneBad || !strings.Contains(s.Banner.Text(), "The scale cannot be used: open scale") ||
		!strings.Contains(s.ScaleLive.Text, "ttyUSB9") {
		t.Fatalf("a missing port: %s %s; live %q", s.Banner.Title(), s.Banner.Text(), s.ScaleLive.Text)
	}
}
