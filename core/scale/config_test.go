package scale_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core/scale"
)

func TestConfigRoundTrip(t *testing.T) {
	for _, s := range []string{"", "hid:/dev/hidraw0", "serial:/dev/ttyUSB0:9600:continuous", "serial:COM3:4800:sics"} {
		c, err := scale.ParseConfig(s)
		if err != nil || c.String() != s {
			t.Errorf("%q: %+v (%q), %v", s, c, c.String(), err)
		}
	}
	if c, err := scale.ParseConfig("serial:/dev/ttyS0"); err != nil || c.String() != "serial:/dev/ttyS0:9600:continuous" {
		t.Errorf("serial defaults: %+v, %v", c, err)
	}
	for _, bad := range []string{"usb:/dev/x", "hid:", "serial:/dev/ttyS0:9601", "serial:/dev/ttyS0:9600:ascii", "serial:"} {
		if _, err := scale.ParseConfig(bad); err == nil {
			t.Errorf("%q was read as a scale setting", bad)
		}
	}
	if _, err := scale.OpenSetting("hid:" + filepath.Join(t.TempDir(), "hidraw9")); err == nil {
		t.Error("a missing device opened")
	}
}

// TestListDevices: a fake /sys with a Dymo scale, a keyboard (another HID
// device) and a USB serial adapter.
func TestListDevices(t *testing.T) {
	root := t.TempDir()
	write := func(path string, b []byte) {
		t.Helper()
		p := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The start of a Dymo M25's descriptor: Usage Page (Scale) 05 8D, Usage (Scale Device) 09 01.
	write("sys/class/hidraw/hidraw1/device/report_descriptor", []byte{0x05, 0x8D, 0x09, 0x01, 0xA1, 0x01})
	write("sys/class/hidraw/hidraw1/device/uevent", []byte("DRIVER=hid-generic\nHID_NAME=DYMO M25 Digital Postal Scale\n"))
	// A keyboard: Generic Desktop 05 01, Usage (Keyboard) 09 06.
	write("sys/class/hidraw/hidraw0/device/report_descriptor", []byte{0x05, 0x01, 0x09, 0x06, 0xA1, 0x01})
	write("sys/class/tty/ttyUSB0/dev", []byte("188:0\n"))
	write("sys/class/tty/ttyS0/dev", []byte("4:64\n"))
	write("sys/class/tty/ttyS7/dev", []byte("4:71\n"))
	write("sys/class/tty/tty3/dev", []byte("4:3\n"))
	got := scale.ListDevices(root)
	want := []scale.Device{
		{Kind: scale.KindHID, Path: filepath.Join(root, "dev/hidraw1"), Name: "DYMO M25 Digital Postal Scale"},
		{Kind: scale.KindSerial, Path: filepath.Join(root, "dev/ttyS0")},
		{Kind: scale.KindSerial, Path: filepath.Join(root, "dev/ttyUSB0")},
	}
	if len(got) != len(want) {
		t.Fatalf("devices %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("device %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestReadStable waits through a settling weight; a scale that never
// settles is reported as such.
func TestReadStable(t *testing.T) {
	r, w := io.Pipe()
	s := scale.NewHIDScale(r)
	defer s.Close()
	go func() {
		w.Write(hidReport(3, 2, 0, 700))
		w.Write(hidReport(3, 2, 0, 760))
		w.Write(hidReport(4, 2, 0, 765))
		for range 50 {
			if _, err := w.Write(hidReport(3, 2, 0, 800)); err != nil {
				return
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if got, err := scale.ReadStable(ctx, s); err != nil || got.Grams != 765 || !got.Stable {
		t.Fatalf("stable weight %+v, %v", got, err)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel2()
	if _, err := scale.ReadStable(short, s); !errors.Is(err, scale.ErrNotSettled) {
		t.Fatalf("a moving scale: %v", err)
	}
}

// TestAReadThatGaveUpLosesNoReport: a read that timed out while the scale
// was quiet must not swallow the report that comes next.
func TestAReadThatGaveUpLosesNoReport(t *testing.T) {
	r, w := io.Pipe()
	s := scale.NewHIDScale(r)
	defer s.Close()
	quiet, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.Read(quiet); !errors.Is(err, scale.ErrNoAnswer) {
		t.Fatalf("a quiet scale: %v", err)
	}
	go w.Write(hidReport(4, 2, 0, 640))
	ctx, cancel2 := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel2()
	if got, err := s.Read(ctx); err != nil || got.Grams != 640 {
		t.Fatalf("the report after a quiet spell: %+v, %v", got, err)
	}

	station, device := net.Pipe()
	sics := scale.NewSerialScale(station, scale.SICS)
	defer sics.Close()
	asked := make(chan string, 4)
	go func() {
		buf := make([]byte, 16)
		for {
			n, err := device.Read(buf)
			if err != nil {
				return
			}
			asked <- string(buf[:n])
		}
	}()
	quiet2, cancel3 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel3()
	if _, err := sics.Read(quiet2); !errors.Is(err, scale.ErrNoAnswer) {
		t.Fatalf("a busy MT-SICS scale: %v", err)
	}
	go fmt.Fprint(device, "S S      0.640 kg\r\n")
	if got, err := sics.Read(ctx); err != nil || got.Grams != 640 {
		t.Fatalf("the late answer: %+v, %v", got, err)
	}
	time.Sleep(50 * time.Millisecond) // a second question would have arrived by now
	if n := len(asked); n != 1 {
		t.Fatalf("asked the scale %d times for one answer", n)
	}
}
