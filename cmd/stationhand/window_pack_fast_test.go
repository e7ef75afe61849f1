package main

import (
	"context"
	"database/sql"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// TestRealWindowFiftyPackScansAtFullSpeed types 50 pack scans (orders and
// their units) into the real window's pack screen as fast as xdotool can,
// checks every one was recorded in order (the same events as the same
// scans replayed on a copy of the store) and that each answer was on
// screen within 100 ms of its Enter, then scans 20 more one at a time, as a packer does,
// and measures each answer from the frame that painted it: from the app's
// own Enter, and from the moment xdotool had sent the Return.
func TestRealWindowFiftyPackScansAtFullSpeed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath, logPath := filepath.Join(dir, "window.db"), filepath.Join(dir, "scans.log")
	if _, err := exec.LookPath("xdotool"); err != nil {
		openRealWindow(t) // skips (or fails in CI) the same way
	}
	pickedForPacking(t, dbPath, 80)

	// Work out the scans by packing a copy: each order's code, then its units.
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
	before := countEvents(t, twin)
	refs, err := twin.OrdersToPack(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var burst, paced, wantBurst []string
	add := func(code string) {
		if len(burst) < 50 {
			burst = append(burst, code)
			if len(burst) == 50 {
				wantBurst = eventsAfter(t, twin, before)
			}
			return
		}
		paced = append(paced, code)
	}
	for _, ref := range refs {
		if len(paced) >= 20 {
			break
		}
		o, err := twin.PackOpen(ctx, 2, ref)
		if err != nil {
			t.Fatalf("pack %s on the copy: %v", ref, err)
		}
		add("ORD-" + ref)
		packed := map[string]bool{} // serials scanned in
		for o.Next().Kind == pack.StepItems {
			code := packCodeFor(o, packed)
			if code == "" {
				break
			}
			c, err := scan.Parse(code)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := twin.PackScan(ctx, ref, c); err != nil {
				t.Fatalf("replaying %s on %s: %v", code, ref, err)
			}
			add(code)
			if o, err = twin.PackOrder(ctx, ref); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(burst) < 50 || len(paced) < 10 {
		t.Fatalf("the picked orders give only %d + %d pack scans", len(burst), len(paced))
	}
	want := eventsAfter(t, twin, before)

	xdo := openRealWindow(t, "--demo", "--db", dbPath, "--scan-log", logPath)
	time.Sleep(500 * time.Millisecond)
	xdo(scannerArgs("BADGE-1002")...) // Ben Packer
	waitFor(t, dbPath, logPath, core.EventStaffSignedIn)
	xdo("key", "F3")
	time.Sleep(700 * time.Millisecond)
	db0, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	base := countEvents(t, db0)
	db0.Close()

	start := time.Now()
	xdo(scannerArgs(burst...)...) // one xdotool run: no pause between scans
	typed := time.Since(start)
	got := waitEvents(t, dbPath, base, len(wantBurst))
	if !slices.Equal(got, wantBurst) {
		t.Fatalf("recorded %d events, want %d in order:\n got %v\nwant %v", len(got), len(wantBurst), got, wantBurst)
	}
	lines := answersTo(t, logPath, burst)
	t.Logf("pack: %d scans typed in %s at full speed, all recorded in order", len(burst), typed.Round(time.Millisecond))
	// Each scan's store write is done at once and its drawing once per
	// frame (ui/beforeframe.go), so the pack screen keeps up with the keys
	// and every answer is on the frame after its Enter.
	judgeLatency(t, "pack burst, Enter to painted frame", appLatencies(lines))

	// One scan at a time: the answer from the moment the Return was sent.
	lines, external := scanOneByOne(t, xdo, paced, dbPath, logPath, base, want)
	var work, paint []time.Duration
	for _, l := range lines {
		work, paint = append(work, l.answered.Sub(l.enter)), append(paint, l.shown.Sub(l.answered))
	}
	reportLatency(t, "pack one by one, Enter to answer set (the scan's work: store write, screen update)", work)
	reportLatency(t, "pack one by one, answer set to painted frame", paint)
	reportLatency(t, "pack one by one, Enter to painted frame", appLatencies(lines))
	judgeLatency(t, "pack one by one, xdotool's Return to painted frame", external)
}

// packCodeFor is the next unit's code as a packer scans it off the item:
// the product code, or for a serialised product its GS1 code with a
// serial picked for the order and not packed yet.
func packCodeFor(o *pack.Order, packed map[string]bool) string {
	for _, l := range o.Lines {
		if l.Remaining() <= 0 {
			continue
		}
		if !l.CaptureSerial || len(l.Serials) == 0 {
			return l.GTIN
		}
		for _, sn := range l.Serials {
			if !packed[sn] {
				packed[sn] = true
				return fmt.Sprintf("(01)%014s(21)%s", l.GTIN, sn)
			}
		}
	}
	return ""
}

// pickedForPacking makes a demo store at path whose ship orders are picked,
// at least units of them, ready for the pack station.
func pickedForPacking(t *testing.T, path string, units int) {
	t.Helper()
	ctx := context.Background()
	db, err := openStore(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	picked := 0
	for picked < units {
		id, err := db.ClaimNext(ctx, 1, 4, core.FulfillShip)
		if err != nil {
			t.Fatalf("claim after %d units: %v", picked, err)
		}
		for n := 0; n < 1000; n++ {
			b, err := db.Batch(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			step := b.Next()
			if step.Kind == pick.StepDone {
				break
			}
			code := scanFor(step)
			c, err := scan.Parse(code)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.PickScan(ctx, id, c); err != nil {
				t.Fatalf("pick %s: %v", code, err)
			}
			if step.Kind == pick.StepItem {
				picked++
			}
		}
	}
}

func waitFor(t *testing.T, dbPath, logPath, typ string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !hasEvent(t, dbPath, typ); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s event 15 s after the input", typ)
		}
	}
}

// waitEvents waits until the window's store holds n events after the
// first base (or 30 s), and returns them as "type order".
// scanOneByOne scans each code with its own xdotool run, a picker's pace
// apart, checks the events recorded after base are want in order, and
// returns the scan log's lines for the codes with each answer's delay from
// the moment xdotool had sent its Return.
func scanOneByOne(t *testing.T, xdo func(args ...string) string, paced []string, dbPath, logPath string, base int, want []string) ([]scanLine, []time.Duration) {
	t.Helper()
	var sent []time.Time
	for _, code := range paced {
		xdo(scannerArgs(code)...)
		sent = append(sent, time.Now()) // xdotool has sent every key, Return last
		time.Sleep(250 * time.Millisecond)
	}
	if got := waitEvents(t, dbPath, base, len(want)); !slices.Equal(got, want) {
		t.Fatalf("after the scans one by one: %d events, want %d in order:\n got %v\nwant %v", len(got), len(want), got, want)
	}
	lines := answersTo(t, logPath, paced)
	var external []time.Duration
	for i, l := range lines {
		external = append(external, max(l.shown.Sub(sent[i]), 0))
	}
	return lines, external
}

func waitEvents(t *testing.T, dbPath string, base, n int) []string {
	t.Helper()
	var got []string
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		db, err := sqlite.Open(context.Background(), dbPath)
		if err == nil {
			got = eventsAfter(t, db, base)
			db.Close()
		}
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
	}
}

// answersTo returns the scan log's answers to codes (its last lines), each
// checked to answer its code, in order, and good; it waits for the frames
// that paint them.
func answersTo(t *testing.T, logPath string, codes []string) []scanLine {
	t.Helper()
	var lines []scanLine
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		lines = scanLog(t, logPath)
		if len(lines) >= len(codes) && lines[len(lines)-1].scan == codes[len(codes)-1] || time.Now().After(deadline) {
			break
		}
	}
	if len(lines) < len(codes) {
		t.Fatalf("the scan log has %d answers for %d scans", len(lines), len(codes))
	}
	lines = lines[len(lines)-len(codes):]
	for i, l := range lines {
		if l.scan != codes[i] || l.tone != "good" || l.shown.UnixMicro() == 0 {
			t.Fatalf("answer %d: %+v, want a good answer to %s, painted", i, l, codes[i])
		}
	}
	return lines
}

func appLatencies(lines []scanLine) []time.Duration {
	var out []time.Duration
	for _, l := range lines {
		out = append(out, l.shown.Sub(l.enter))
	}
	return out
}
