package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
)

// The crash test runs this test binary as a child that picks and kills
// itself with SIGKILL right after its Nth commit: the worst moment, when the
// work is on disk but the process never learns it.
const (
	envCrashDB    = "STATIONHAND_CRASH_DB"
	envCrashAfter = "STATIONHAND_CRASH_AFTER"
)

func TestMain(m *testing.M) {
	if path := os.Getenv(envCrashDB); path != "" {
		os.Exit(crashingPicker(path))
	}
	code := m.Run()
	if code == 0 {
		code = checkWrittenPayloads() // payload_contract_test.go
	}
	os.Exit(code)
}

// crashingPicker is the child: it resumes (or starts) the pick of W1 and W2
// and works until the kill.
func crashingPicker(path string) int {
	after, _ := strconv.Atoi(os.Getenv(envCrashAfter))
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	db.Now = now
	commits := 0
	db.SetAfterCommit(func() {
		commits++
		if commits == after {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	})
	t := &testing.T{}
	id, _ := db.ActiveBatch(ctx, pickerID)
	if id == "" {
		if o, _ := db.Order(ctx, "W1"); o.Status != core.OrderOpen {
			return 0 // the last run finished the pick just before its kill
		}
		if id, err = db.ClaimOrders(ctx, pickerID, "W1", "W2"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 3
		}
	}
	p := picker{t: t, db: db, id: id}
	p.finish()
	return 0 // finished before the kill
}

func TestCrashAfterCommitLosesAndDoublesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	for _, after := range []int{1, 3, 7, 16} {
		t.Run(fmt.Sprintf("killed after commit %d", after), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), storePath)
			db := mustOpenPath(t, path)
			if err := db.ApplyChanges(context.Background(), fixture(t)); err != nil {
				t.Fatal(err)
			}
			db.Close()

			// Each run of the child dies right after a commit; run it again and
			// again, as a picker restarting the station would, until the pick is
			// done. After every death the store must be consistent.
			for round := 0; ; round++ {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), envCrashDB+"="+path, envCrashAfter+"="+strconv.Itoa(after))
				out, err := cmd.CombinedOutput()
				db := mustOpenPath(t, path)
				checkConsistent(t, db)
				if err == nil {
					break
				}
				if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Fatalf("child failed without being killed: %v\n%s", err, out)
				}
				db.Close()
				if round > 40 {
					t.Fatal("the pick never finishes across restarts")
				}
			}
			db = mustOpenPath(t, path)
			for _, ref := range []string{"W1", "W2"} {
				o, err := db.Order(context.Background(), ref)
				if err != nil {
					t.Fatal(err)
				}
				if o.Status != core.OrderPicked {
					t.Fatalf("%s is %s after the restarts", ref, o.Status)
				}
				for _, l := range o.Lines {
					if l.PickedQty != l.Qty {
						t.Fatalf("%s line %s: picked %d of %d: a unit was doubled or lost", ref, l.SKU, l.PickedQty, l.Qty)
					}
				}
			}
		})
	}
}

// checkConsistent asserts that the events in the outbox tell exactly the
// story the tables hold: every picked unit has one event, no event stands
// for something that did not happen, and the sequence has no gaps.
func checkConsistent(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	evs, err := db.Events(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	pickedByLine := map[float64]int{}
	ids := map[string]bool{}
	for i, e := range evs {
		if e.Seq != int64(i+1) {
			t.Fatalf("event sequence has a gap: #%d has seq %d", i+1, e.Seq)
		}
		if ids[e.ID] {
			t.Fatalf("event id %s twice", e.ID)
		}
		ids[e.ID] = true
		var p struct {
			Line   float64 `json:"line"`
			Qty    int     `json:"qty"`
			Undone string  `json:"undone"`
		}
		json.Unmarshal(e.Payload, &p)
		switch e.Type {
		case core.EventPickItemPicked:
			pickedByLine[p.Line] += p.Qty
		case core.EventPickUndone:
			if p.Undone == "pick" {
				pickedByLine[p.Line] -= p.Qty
			}
		}
	}
	for _, ref := range []string{"W1", "W2"} {
		o, err := db.Order(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range o.Lines {
			if got := pickedByLine[float64(l.ID)]; got != l.PickedQty {
				t.Fatalf("%s line %s: table says %d picked, events say %d", ref, l.SKU, l.PickedQty, got)
			}
		}
	}
	// Stock moved exactly as much as was picked: 10 mugs and 5 earbuds at the start.
	mug := stockOf(t, db, "B-01-1", "MUG")
	w1, _ := db.Order(ctx, "W1")
	if mug+w1.Lines[0].PickedQty != 10 {
		t.Fatalf("mug stock %d with %d picked: a unit vanished or appeared", mug, w1.Lines[0].PickedQty)
	}
}
