package printing

import (
	"bytes"
	"context"
	"time"

	"github.com/stationhand/stationhand/core/label"
)

// TestPrint sends a test page straight to the printer c describes, not
// through a queue, so the person setting up the station sees at once
// whether it works: nil, or why not. The page shows the station name, the
// time, every script labels use and a barcode to try the scanner on.
func TestPrint(ctx context.Context, c Config, station string, now time.Time) error {
	p, err := c.Printer()
	if err != nil {
		return err
	}
	j := Job{ID: now.Format("20060102-150405"), Name: "Test print " + station, Format: c.Format}
	switch c.Format {
	case FormatZPL:
		if j.Data, err = label.TestPageZPL(station, now, c.DPI); err != nil {
			return err
		}
	default:
		var b bytes.Buffer
		if err := label.WriteTestPagePDF(&b, station, now); err != nil {
			return err
		}
		j.Data = b.Bytes()
	}
	return p.Print(ctx, j)
}
