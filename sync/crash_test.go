package sync_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
	"github.com/stationhand/stationhand/sync/internal/faultproxy"
)

// The test binary runs as a child process when childEnv is set: as a hub
// ("hub") or a station ("terminal"), so that a test can kill it with
// SIGKILL at the worst moment, as a power cut would.
const childEnv = "STATIONHAND_SYNC_TEST_CHILD"

// runHubChild serves the hub API from the database in $CHILD_DSN on a free
// port of 127.0.0.1 and prints "listening ADDR".
func runHubChild() int {
	db, err := store.Open(context.Background(), os.Getenv("CHILD_DSN"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if _, err := db.StartServing(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("listening %s\n", ln.Addr())
	if err := http.Serve(ln, hub.NewServer(db, nil)); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	return 1
}

// killSelf ends this process at once, with no chance to clean up.
func killSelf() {
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {}
}

// killAfterPush is a hub connection that dies as soon as the hub has
// acknowledged a push: after the hub's commit, before the station's.
type killAfterPush struct{ sync.Hub }

func (k killAfterPush) Push(ctx context.Context, req wire.PushRequest) (wire.PushResponse, error) {
	res, err := k.Hub.Push(ctx, req)
	if err == nil {
		killSelf()
	}
	return res, err
}

// runTerminalChild is a station that records events and syncs, and kills
// itself at the moment $CHILD_MODE names:
//
//	commit: right after the $CHILD_N-th local commit of an event
//	push:   right after the hub acknowledged the first push
//	pull:   right after the $CHILD_N-th page of a pull was committed
func runTerminalChild() int {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, os.Getenv("CHILD_DB"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	n, _ := strconv.Atoi(os.Getenv("CHILD_N"))
	client, err := sync.NewClient(os.Getenv("CHILD_HUB"), os.Getenv("CHILD_TOKEN"), sync.ClientOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var h sync.Hub = client
	commits := 0
	switch os.Getenv("CHILD_MODE") {
	case "commit":
		db.SetAfterCommit(func() {
			if commits++; commits == n {
				killSelf()
			}
		})
	case "push":
		h = killAfterPush{client}
	case "pull":
		// Events are recorded first; count only the pull's commits.
	}
	for i := 0; i < 40; i++ {
		if _, err := db.RecordEvent(ctx, core.EventStaffSignedIn, "", 1, map[string]int{"i": i}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	if os.Getenv("CHILD_MODE") == "pull" {
		db.SetAfterCommit(func() {
			if commits++; commits == n {
				killSelf()
			}
		})
	}
	if _, err := sync.Round(ctx, db, h, sync.RoundOptions{PushBatch: 10, PageLen: 50}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0 // the kill did not happen: the parent reports it
}

// child starts the test binary as a child process.
func child(t testing.TB, role string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), childEnv+"="+role), env...)
	cmd.Stderr = os.Stderr
	return cmd
}

// hubChild is a hub in its own process.
type hubChild struct {
	t   testing.TB
	dsn string
	cmd *exec.Cmd
	url string
}

func startHubChild(t testing.TB, dsn string) *hubChild {
	h := &hubChild{t: t, dsn: dsn}
	h.start()
	t.Cleanup(h.kill)
	return h
}

func (h *hubChild) start() {
	h.t.Helper()
	h.cmd = child(h.t, "hub", "CHILD_DSN="+h.dsn)
	out, err := h.cmd.StdoutPipe()
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if err != nil || !ok {
		h.t.Fatalf("hub process did not start: %q, %v", line, err)
	}
	h.url = "http://" + addr
}

// kill kills the hub process with SIGKILL.
func (h *hubChild) kill() {
	if h.cmd != nil && h.cmd.Process != nil {
		h.cmd.Process.Kill()
		h.cmd.Wait()
		h.cmd = nil
	}
}

// TestHubKilledDuringPush kills the hub process with SIGKILL again and
// again while a station pushes thousands of events through a proxy, and
// starts it again on the same database.
func TestHubKilledDuringPush(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		dsn := b.DSN(t)
		seed, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer seed.Close()
		hubtest.Seed(t, seed, "L1", 5)
		h := startHubChild(t, dsn)
		proxy, err := faultproxy.New(strings.TrimPrefix(h.url, "http://"), 1)
		if err != nil {
			t.Fatal(err)
		}
		defer proxy.Close()
		tm := newTerminal(t, seed, proxy.URL(), "L1", "Pack 1")
		events := 1500
		if raceEnabled {
			events = 600
		}
		tm.note(events)

		done := make(chan struct{})
		go func() {
			defer close(done)
			tm.syncUntilDone(90 * time.Second)
		}()
		held := func() int {
			evs, err := seed.Events(ctx, tm.term.ID, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			return len(evs)
		}
		// Each kill waits until the restarted hub has taken some events,
		// then strikes a moment later, while the station still pushes.
		rng := rand.New(rand.NewPCG(7, 7))
		midPush, kills := 0, 0
		for ; kills < 3; kills++ {
			before := held()
			for held() == before && held() < events {
				time.Sleep(2 * time.Millisecond)
			}
			if held() >= events {
				break
			}
			time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond)
			h.kill()
			if n := held(); n > 0 && n < events {
				midPush++
			}
			h.start()
			proxy.SetTarget(strings.TrimPrefix(h.url, "http://"))
		}
		<-done
		if midPush == 0 {
			t.Fatal("no kill landed in the middle of the push: the test proved nothing")
		}
		checkConverged(t, seed, tm)
		t.Logf("%d of %d kills landed mid-push", midPush, kills)
	})
}

// TestStationKilledBeforeTheHubAcknowledged kills the station process
// right after a local commit and right after the hub's commit (before the
// station recorded the acknowledgement), and during a pull; after a
// restart every event reaches the hub exactly once.
func TestStationKilledBeforeTheHubAcknowledged(t *testing.T) {
	for _, mode := range []struct {
		name string
		n    int
	}{{"commit", 25}, {"push", 0}, {"pull", 2}} {
		t.Run(mode.name, func(t *testing.T) {
			h := startHub(t, hubtest.SQLiteDSN(t))
			hubtest.Seed(t, h.db, "L1", 150) // three pages of 50 for the child's pull
			tm := newTerminal(t, h.db, h.url, "L1", "Pack 1")
			tm.note(5) // already there before the crash
			tm.db.Close()

			cmd := child(t, "terminal", "CHILD_DB="+tm.path, "CHILD_HUB="+h.url, "CHILD_TOKEN="+tm.token,
				"CHILD_MODE="+mode.name, "CHILD_N="+strconv.Itoa(mode.n))
			err := cmd.Run()
			ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("the station process was not killed: %v", err)
			}
			tm.open()
			pending, _, _ := tm.db.OutboxStats(ctx)
			if mode.name == "push" && pending == 0 {
				t.Fatal("the killed station recorded the acknowledgement")
			}
			tm.mustSync()
			checkConverged(t, h.db, tm)
			local, _ := tm.db.Events(ctx, 0, 1<<30)
			switch mode.name {
			case "commit":
				if len(local) != 5+mode.n {
					t.Fatalf("%d events after a kill at commit %d", len(local), mode.n)
				}
			default:
				if len(local) != 45 {
					t.Fatalf("%d events, want 45", len(local))
				}
			}
			counts, _ := tm.db.Counts(ctx)
			states, _ := h.db.OrderStates(ctx, "L1")
			if counts["orders"] != len(states) {
				t.Fatalf("station holds %d orders, the hub %d", counts["orders"], len(states))
			}
		})
	}
}
