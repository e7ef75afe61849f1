package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// TestRealWindowFiftyScansAtFullSpeed types 50 pick scans into the real
// window as fast as xdotool can (no delay between keys), then checks that
// every one was recorded, in order (the same events as the same scans
// replayed on a copy of the store) and, by the app's own scan log (the
// frame that painted each answer), that each answer was on screen within
// 100 ms of its Enter; then it scans the rest of the pick one at a time,
// as a picker does, and checks the same from xdotool's Return. The
// timings are judged when the test runs alone (scripts/test.sh runs these
// tests after the rest, on an otherwise idle machine).
func TestRealWindowFiftyScansAtFullSpeed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath, logPath := filepath.Join(dir, "window.db"), filepath.Join(dir, "scans.log")
	xdo := openRealWindow(t, "--demo", "--db", dbPath, "--scan-log", logPath)
	waitEvent := func(typ string) {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); !hasEvent(t, dbPath, typ); time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				log, _ := os.ReadFile(logPath)
				t.Fatalf("no %s event 15 s after the input; scan log:\n%s", typ, log)
			}
		}
	}
	time.Sleep(500 * time.Millisecond)
	xdo(scannerArgs("BADGE-1001")...)
	waitEvent(core.EventStaffSignedIn)
	xdo("key", "F2") // a batch pick of four orders: plenty of scans
	waitEvent(core.EventPickClaimed)
	time.Sleep(300 * time.Millisecond)

	// Work out 50 right scans by replaying them on a copy of the store.
	copyPath := filepath.Join(dir, "copy.db")
	raw, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("VACUUM INTO ?", copyPath); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	twin, err := sqlite.Open(ctx, copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer twin.Close()
	batchID, err := twin.ActiveBatch(ctx, 1)
	if err != nil || batchID == "" {
		t.Fatalf("no active pick in the copy: %v", err)
	}
	before := countEvents(t, twin)
	var codes, wantBurst []string
	for len(codes) < 70 {
		b, err := twin.Batch(ctx, batchID)
		if err != nil {
			t.Fatal(err)
		}
		code := scanFor(b.Next())
		if code == "" {
			break
		}
		c, err := scan.Parse(code)
		if err != nil {
			t.Fatalf("parse %s: %v", code, err)
		}
		if _, err := twin.PickScan(ctx, batchID, c); err != nil {
			t.Fatalf("replaying %s: %v", code, err)
		}
		codes = append(codes, code)
		if len(codes) == 50 {
			wantBurst = eventsAfter(t, twin, before)
		}
	}
	if len(codes) < 55 {
		t.Fatalf("the pick has only %d scans", len(codes))
	}
	burst, paced := codes[:50], codes[50:]
	want := eventsAfter(t, twin, before)

	start := time.Now()
	xdo(scannerArgs(burst...)...) // one xdotool run: no pause between scans
	typed := time.Since(start)

	// Every scan recorded, in order: the same events as on the copy.
	if got := waitEvents(t, dbPath, before, len(wantBurst)); !slices.Equal(got, wantBurst) {
		t.Fatalf("recorded %d events, want %d in order:\n got %v\nwant %v", len(got), len(wantBurst), got, wantBurst)
	}
	lines := answersTo(t, logPath, burst)
	t.Logf("pick: %d scans typed in %s at full speed, all recorded in order", len(burst), typed.Round(time.Millisecond))
	// At a scanner's full speed too, each answer on screen within 100 ms
	// of its Enter (the app's own, as the scan log writes it).
	judgeLatency(t, "pick burst, Enter to painted frame", appLatencies(lines))

	// A picker's pace: each answer on screen within 100 ms of the Return.
	lines, external := scanOneByOne(t, xdo, paced, dbPath, logPath, before, want)
	reportLatency(t, "pick one by one, Enter to painted frame", appLatencies(lines))
	judgeLatency(t, "pick one by one, xdotool's Return to painted frame", external)
}

// loadAverage is the 1-minute load average (Linux), or 0.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f, _ := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	return f
}

// scannerArgs is one xdotool run that presses the keys of every code and
// Return after each, with no delay between keys, as a keyboard-wedge
// scanner does (xdotool type sends a newline as Linefeed, which GLFW does
// not take for Enter, so the keys are named).
func scannerArgs(codes ...string) []string {
	args := []string{"key", "--delay", "0"}
	names := map[rune]string{'-': "minus", '(': "parenleft", ')': "parenright", '.': "period", '/': "slash", ' ': "space", '~': "asciitilde", ',': "comma"}
	for _, c := range codes {
		for _, r := range c {
			if n, ok := names[r]; ok {
				args = append(args, n)
			} else {
				args = append(args, string(r))
			}
		}
		args = append(args, "Return")
	}
	return args
}

// scanFor is the right scan for a pick step, as a picker reads it off the
// screen: the bin's label, the item's code (GS1 with lot, expiry and a
// serial where the product needs them), the tote.
func scanFor(s pick.Step) string {
	switch s.Kind {
	case pick.StepTote:
		if s.ToteToAssign {
			return "TOTE-T" + s.Order.Ref
		}
		return "TOTE-" + s.Order.Tote
	case pick.StepBin:
		return s.Expect[0]
	case pick.StepItem:
		t := s.Task
		if !t.CaptureLot && !t.CaptureSerial && !t.CaptureExpiry {
			return t.GTIN
		}
		code := fmt.Sprintf("(01)%014s", t.GTIN)
		if t.CaptureExpiry {
			code += "(17)301231"
		}
		if t.CaptureLot {
			code += "(10)FAST1"
		}
		if t.CaptureSerial {
			code += fmt.Sprintf("(21)FS%d-%d", t.ID, t.Picked+1)
		}
		return code
	}
	return ""
}

func countEvents(t *testing.T, db *sqlite.DB) int {
	t.Helper()
	evs, err := db.Events(context.Background(), 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

// eventsAfter lists the events after the first n as "type order".
func eventsAfter(t *testing.T, db *sqlite.DB, n int) []string {
	t.Helper()
	evs, err := db.Events(context.Background(), 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs[min(n, len(evs)):] {
		out = append(out, e.Type+" "+e.OrderID)
	}
	return out
}

type scanLine struct {
	enter, answered, shown time.Time // shown: the frame that painted the answer
	tone, scan             string
}

// scanLog reads the app's scan log (see ui.App.logOutcome).
func scanLog(t *testing.T, path string) []scanLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []scanLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l scanLine
		var enter, shown int64
		rest := sc.Text()
		for _, field := range strings.Fields(rest) {
			k, v, _ := strings.Cut(field, "=")
			switch k {
			case "enter":
				enter, _ = strconv.ParseInt(v, 10, 64)
			case "shown":
				shown, _ = strconv.ParseInt(v, 10, 64)
			case "answered":
				answered, _ := strconv.ParseInt(v, 10, 64)
				l.answered = time.UnixMicro(answered)
			case "tone":
				l.tone = v
			}
		}
		if i := strings.Index(rest, "scan=\""); i >= 0 {
			q, err := strconv.QuotedPrefix(rest[i+5:])
			if err == nil {
				l.scan, _ = strconv.Unquote(q)
			}
		}
		l.enter, l.shown = time.UnixMicro(enter), time.UnixMicro(shown)
		out = append(out, l)
	}
	return out
}
