package printing

import (
	"strings"
	"time"

	"github.com/stationhand/stationhand/core"
)

// Where a station's documents go.
const (
	OutputFolder = "folder" // files in Dir
	OutputCUPS   = "cups"   // lp -d Queue
	OutputRaw    = "raw"    // TCP to Addr, port 9100 by default
)

// Config is one station's printer setup, as stored in its settings.
type Config struct {
	Output string `json:"output"`          // OutputFolder, OutputCUPS or OutputRaw
	Dir    string `json:"dir,omitempty"`   // folder: where files go
	Queue  string `json:"queue,omitempty"` // cups: the queue name
	Addr   string `json:"addr,omitempty"`  // raw: host or host:port

	// Format is what the printer takes: FormatPDF, or FormatZPL for Zebra
	// printers at DPI 203, 300 or 600 (heads of 8, 12 or 24 dots/mm).
	Format string `json:"format"`
	DPI    int    `json:"dpi,omitempty"`
}

// Validate reports the first problem with the setup as a *core.Error with
// code EINVALID and a message for the person setting it up.
func (c Config) Validate() error {
	bad := func(format string, args ...any) error {
		return core.Errorf(core.EINVALID, "bad_printer_config", format, args...)
	}
	switch c.Output {
	case OutputFolder:
		if strings.TrimSpace(c.Dir) == "" {
			return bad("Choose the folder documents are written to.")
		}
	case OutputCUPS:
		if strings.TrimSpace(c.Queue) == "" || strings.ContainsAny(c.Queue, " \t/#") {
			return bad("Give the CUPS queue name (as `lpstat -p` lists it), without spaces or slashes.")
		}
	case OutputRaw:
		if strings.TrimSpace(c.Addr) == "" {
			return bad("Give the printer's network address, like 10.0.0.21 or zebra1:9100.")
		}
	default:
		return bad("Printer output %q is not known: use folder, cups or raw.", c.Output)
	}
	switch c.Format {
	case FormatPDF:
	case FormatZPL:
		if c.DPI != 203 && c.DPI != 300 && c.DPI != 600 {
			return bad("A Zebra printer prints at 203, 300 or 600 dpi, not %d.", c.DPI)
		}
	default:
		return bad("Printer format %q is not known: use pdf or zpl.", c.Format)
	}
	return nil
}

// Printer returns the Printer the setup describes.
func (c Config) Printer() (Printer, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	switch c.Output {
	case OutputFolder:
		return Folder{Dir: c.Dir}, nil
	case OutputCUPS:
		return CUPS{Queue: c.Queue}, nil
	default:
		return Raw{Addr: c.Addr, Timeout: 10 * time.Second}, nil
	}
}
