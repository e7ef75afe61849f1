//go:build linux

package ui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"golang.org/x/sys/unix"

	"github.com/stationhand/stationhand/core/scale"
)

// TestSettingsSerialScaleOnAPty: a fake scale on a pseudo-terminal speaks
// the continuous format at 9600 baud; the supervisor types its port,
// chooses serial and the speed, and the station opens the real port,
// shows the weight live and passes the test.
func TestSettingsSerialScaleOnAPty(t *testing.T) {
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	defer master.Close()
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for i := 0; ; i++ {
			line := "US,GS,+  0.850 kg\r\n"
			if i%4 == 3 {
				line = "ST,GS,+  0.870 kg\r\n"
			}
			select {
			case <-stop:
				return
			case <-time.After(30 * time.Millisecond):
			}
			fmt.Fprint(master, line)
		}
	}()
	q := &uiQueue{}
	app, db := newTestStation(t, Options{do: q.do, ScaleDevices: func() []scale.Device { return nil }})
	t.Cleanup(app.Stop)
	signInAs(t, app, "Sam Supervisor", "999999")
	s := app.ShowSettings()
	port := fmt.Sprintf("/dev/pts/%d", n)
	s.ScaleDevice.SetText(port) // typed: a port the station did not find
	s.ScaleKind.SetSelectedIndex(2)
	s.ScaleBaud.SetSelected("9600")
	s.ScaleProtocol.SetSelectedIndex(0)
	pumpUntil(t, q, "a reading from the port", func() bool {
		return strings.HasPrefix(s.ScaleLive.Text, "850 g") || s.ScaleLive.Text == "870 g (stable)"
	})
	test.Tap(s.ScaleTest)
	pumpUntil(t, q, "the test's answer", func() bool { return s.Banner.Title() != "TESTING THE SCALE" })
	if s.Banner.Tone() != ToneGood || !strings.Contains(s.Banner.Text(), "870 g") {
		t.Fatalf("test: %s %s", s.Banner.Title(), s.Banner.Text())
	}
	test.Tap(s.Save)
	if v, _ := db.Setting(context.Background(), SettingScale); v != "serial:"+port+":9600:continuous" {
		t.Fatalf("saved %q", v)
	}
}
