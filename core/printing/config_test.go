package printing

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
)

func TestConfig(t *testing.T) {
	tests := []struct {
		c    Config
		ok   bool
		want string // Printer().String()
	}{
		{Config{Output: OutputFolder, Dir: "/var/labels", Format: FormatPDF}, true, "folder /var/labels"},
		{Config{Output: OutputCUPS, Queue: "office_laser", Format: FormatPDF}, true, "CUPS queue office_laser"},
		{Config{Output: OutputRaw, Addr: "10.0.0.21", Format: FormatZPL, DPI: 203}, true, "printer 10.0.0.21:9100"},
		{Config{Output: OutputRaw, Addr: "zebra1:6101", Format: FormatZPL, DPI: 300}, true, "printer zebra1:6101"},
		{Config{Output: OutputFolder, Format: FormatPDF}, false, ""},
		{Config{Output: OutputCUPS, Queue: "two words", Format: FormatPDF}, false, ""},
		{Config{Output: OutputRaw, Format: FormatZPL, DPI: 203}, false, ""},
		{Config{Output: OutputRaw, Addr: "zebra1", Format: FormatZPL}, false, ""},
		{Config{Output: OutputRaw, Addr: "zebra1", Format: FormatZPL, DPI: 600}, true, "printer zebra1:9100"},
		{Config{Output: OutputRaw, Addr: "zebra1", Format: FormatZPL, DPI: 400}, false, ""},
		{Config{Output: OutputRaw, Addr: "zebra1", Format: "png"}, false, ""},
		{Config{Output: "usb", Format: FormatPDF}, false, ""},
	}
	for _, tt := range tests {
		p, err := tt.c.Printer()
		if !tt.ok {
			if core.ErrorReason(err) != "bad_printer_config" {
				t.Errorf("%+v: %v, want bad_printer_config", tt.c, err)
			}
			continue
		}
		if err != nil || p.String() != tt.want {
			t.Errorf("%+v: %v, %v; want %s", tt.c, p, err, tt.want)
		}
	}
}

func TestTestPrint(t *testing.T) {
	now := time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC)
	for _, c := range []Config{
		{Output: OutputFolder, Dir: t.TempDir(), Format: FormatPDF},
		{Output: OutputFolder, Dir: t.TempDir(), Format: FormatZPL, DPI: 300},
	} {
		if err := TestPrint(context.Background(), c, "Pack 3", now); err != nil {
			t.Fatal(err)
		}
		files, _ := filepath.Glob(filepath.Join(c.Dir, "*"))
		if len(files) != 1 {
			t.Fatalf("%s: %v", c.Format, files)
		}
		b, _ := os.ReadFile(files[0])
		want := map[string]string{FormatPDF: "%PDF-", FormatZPL: "^XA"}[c.Format]
		if !strings.HasPrefix(string(b), want) || !strings.HasSuffix(files[0], "."+c.Format) {
			t.Errorf("%s: %s starts %q", c.Format, files[0], b[:min(len(b), 10)])
		}
	}
	// An unreachable printer: the error says so at once.
	err := TestPrint(context.Background(), Config{Output: OutputRaw, Addr: freeAddr(t), Format: FormatZPL, DPI: 203}, "Pack 3", now)
	if core.ErrorCode(err) != core.EUNAVAILABLE {
		t.Errorf("test print to a printer that is off: %v", err)
	}
	if err := TestPrint(context.Background(), Config{Output: OutputRaw}, "Pack 3", now); core.ErrorCode(err) != core.EINVALID {
		t.Errorf("bad config: %v", err)
	}
}
