package ui

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// TestScanLogWaitsForThePaintedFrame: a scan's line in the scan log is
// written when the frame showing its answer is painted, not when the
// answer is set.
func TestScanLogWaitsForThePaintedFrame(t *testing.T) {
	var log bytes.Buffer
	app, _ := newTestStation(t, Options{ScanLog: &log})
	defer app.Stop()
	signInAs(t, app, "Ana Picker", "1111")
	log.Reset()
	scanInto(app.home.Field, "BIN-NOWHERE")
	if log.Len() != 0 {
		t.Fatalf("written before any frame was painted: %s", log.String())
	}
	app.Window().Canvas().Capture() // the test driver paints the frame
	line := log.String()
	fields := map[string]int64{}
	for _, f := range strings.Fields(line) {
		if k, v, ok := strings.Cut(f, "="); ok {
			fields[k], _ = strconv.ParseInt(v, 10, 64)
		}
	}
	if strings.Count(line, "\n") != 1 || !strings.Contains(line, `scan="BIN-NOWHERE"`) || !strings.Contains(line, "tone=refused") ||
		fields["enter"] == 0 || fields["answered"] < fields["enter"] || fields["shown"] < fields["answered"] {
		t.Fatalf("scan log: %q", line)
	}
	app.Window().Canvas().Capture()
	if strings.Count(log.String(), "\n") != 1 {
		t.Fatalf("a second frame wrote the line again: %q", log.String())
	}
}
