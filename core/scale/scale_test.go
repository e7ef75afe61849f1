package scale_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/stationhand/stationhand/core/scale"
)

// hidReport is what a Dymo or Mettler Toledo USB scale sends: report 3,
// status, unit, exponent, weight low and high byte.
func hidReport(status, unit byte, exp int8, value uint16) []byte {
	return []byte{3, status, unit, byte(exp), byte(value), byte(value >> 8)}
}

func TestParseHIDReport(t *testing.T) {
	tests := []struct {
		name   string
		report []byte
		grams  int
		stable bool
		err    error
	}{
		{"Dymo M25, 1.234 kg in grams", hidReport(4, 2, 0, 1234), 1234, true, nil},
		{"in motion", hidReport(3, 2, 0, 980), 980, false, nil},
		{"stable at zero", hidReport(2, 2, 0, 0), 0, true, nil},
		{"kilograms with exponent -3", hidReport(4, 3, -3, 8100), 8100, true, nil},
		{"tenths of an ounce", hidReport(4, 11, -1, 176), 499, true, nil},
		{"pounds, hundredths", hidReport(4, 12, -2, 250), 1134, true, nil},
		{"overweight", hidReport(6, 2, 0, 0), 0, false, scale.ErrOverload},
		{"under zero", hidReport(5, 2, 0, 0), 0, false, scale.ErrUnderZero},
		{"fault", hidReport(1, 2, 0, 0), 0, false, scale.ErrFault},
	}
	for _, tt := range tests {
		r, err := scale.ParseHIDReport(tt.report)
		if !errors.Is(err, tt.err) || err == nil && (r.Grams != tt.grams || r.Stable != tt.stable) {
			t.Errorf("%s: %+v, %v", tt.name, r, err)
		}
	}
	if _, err := scale.ParseHIDReport([]byte{3, 4}); err == nil {
		t.Error("a short report was read")
	}
}

func TestParseSerialLines(t *testing.T) {
	tests := []struct {
		line   string
		grams  int
		stable bool
		err    error
	}{
		{"ST,GS,+  1.234 kg\r\n", 1234, true, nil},
		{"US,GS,+  0.980kg\r\n", 980, false, nil},
		{"ST,NT,+    850 g\r\n", 850, true, nil},
		{"   2.20 lb\r\n", 998, true, nil},
		{"OL,GS,+  9.999 kg\r\n", 0, false, scale.ErrOverload},
		{"S S      8.100 kg\r\n", 8100, true, nil},
		{"S D      8.095 kg\r\n", 8095, false, nil},
		{"S I\r\n", 0, false, scale.ErrNoAnswer},
		{"S +\r\n", 0, false, scale.ErrOverload},
		{"S S     -0.010 kg\r\n", 0, false, scale.ErrUnderZero},
	}
	for _, tt := range tests {
		r, err := scale.ParseLine(tt.line)
		if !errors.Is(err, tt.err) || err == nil && (r.Grams != tt.grams || r.Stable != tt.stable) {
			t.Errorf("%q: %+v, %v", tt.line, r, err)
		}
	}
	if _, err := scale.ParseLine("HELLO"); err == nil {
		t.Error("a line without a weight was read")
	}
}

// TestFakeHIDScaleOverAPipe: a fake USB scale writes real reports, the
// station reads them.
func TestFakeHIDScaleOverAPipe(t *testing.T) {
	r, w := io.Pipe()
	s := scale.NewHIDScale(r)
	defer s.Close()
	go func() {
		w.Write(hidReport(3, 2, 0, 1100))
		w.Write(hidReport(4, 2, 0, 1234))
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	first, err := s.Read(ctx)
	if err != nil || first.Stable || first.Grams != 1100 {
		t.Fatalf("first: %+v, %v", first, err)
	}
	second, err := s.Read(ctx)
	if err != nil || !second.Stable || second.Grams != 1234 || second.String() != "1.234 kg (stable)" {
		t.Fatalf("second: %+v %s, %v", second, second, err)
	}
}

// TestFakeSICSScale: a fake Mettler Toledo answers "SI" as MT-SICS does.
func TestFakeSICSScale(t *testing.T) {
	station, device := net.Pipe()
	s := scale.NewSerialScale(station, scale.SICS)
	defer s.Close()
	go func() {
		buf := make([]byte, 16)
		for _, answer := range []string{"S D      8.090 kg\r\n", "S S      8.100 kg\r\n"} {
			n, err := device.Read(buf)
			if err != nil || string(buf[:n]) != "SI\r\n" {
				device.Close()
				return
			}
			fmt.Fprint(device, answer)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if r, err := s.Read(ctx); err != nil || r.Stable || r.Grams != 8090 {
		t.Fatalf("first answer: %+v, %v", r, err)
	}
	if r, err := s.Read(ctx); err != nil || !r.Stable || r.Grams != 8100 {
		t.Fatalf("second answer: %+v, %v", r, err)
	}
}

// TestContinuousScaleOnAPty: a fake scale on a pseudo-terminal sends the
// continuous format; the station opens the pty's end as a serial port at
// 9600 baud and reads it.
func TestContinuousScaleOnAPty(t *testing.T) {
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
	port, err := scale.OpenSerial(fmt.Sprintf("/dev/pts/%d", n), 9600)
	if err != nil {
		t.Fatal(err)
	}
	s := scale.NewSerialScale(port, scale.Continuous)
	defer s.Close()
	go fmt.Fprint(master, "US,GS,+  0.500 kg\r\nST,GS,+  0.870 kg\r\n")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var last scale.Reading
	for !last.Stable {
		if last, err = s.Read(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if last.Grams != 870 {
		t.Fatalf("stable reading %+v", last)
	}
	if _, err := scale.OpenSerial("/dev/null", 9600); err == nil {
		t.Fatal("/dev/null opened as a serial port")
	}
}
