package sync_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

var ctx = context.Background()

// testHub is a hub serving HTTP on 127.0.0.1 from a real database, which a
// test can stop and start again on the same database.
type testHub struct {
	t   testing.TB
	dsn string
	db  *store.DB
	srv *http.Server
	url string
}

func startHub(t testing.TB, dsn string) *testHub {
	t.Helper()
	h := &testHub{t: t, dsn: dsn}
	h.start()
	t.Cleanup(h.stop)
	return h
}

func (h *testHub) start() {
	h.t.Helper()
	db, err := store.Open(ctx, h.dsn)
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := db.StartServing(ctx); err != nil {
		h.t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.t.Fatal(err)
	}
	h.db = db
	h.srv = &http.Server{Handler: hub.NewServer(db, nil)}
	h.url = "http://" + ln.Addr().String()
	go h.srv.Serve(ln)
}

// stop stops the server at once (cutting requests in flight) and closes
// the database.
func (h *testHub) stop() {
	if h.srv == nil {
		return
	}
	h.srv.Close()
	h.db.Close()
	h.srv = nil
}

func (h *testHub) restart() {
	h.stop()
	h.start()
}

// terminal is a station: a real local store in a file, enrolled at the hub.
type terminal struct {
	t      testing.TB
	path   string
	db     *sqlite.DB
	term   core.Terminal
	token  string
	client *sync.Client
	staff  int64
}

func newTerminal(t testing.TB, hubDB *store.DB, url, loc, name string) *terminal {
	t.Helper()
	term, token, err := hubDB.Enroll(ctx, loc, name)
	if err != nil {
		t.Fatal(err)
	}
	staff, err := hubDB.Staff(ctx, loc)
	if err != nil || len(staff) == 0 {
		t.Fatalf("no staff at %s: %v", loc, err)
	}
	tm := &terminal{t: t, path: filepath.Join(t.TempDir(), "station.db"), term: term, token: token, staff: staff[0].ID}
	tm.open()
	if err := tm.db.SetTerminal(ctx, term); err != nil {
		t.Fatal(err)
	}
	tm.connect(url)
	t.Cleanup(func() { tm.db.Close() })
	return tm
}

func (tm *terminal) open() {
	tm.t.Helper()
	db, err := sqlite.Open(ctx, tm.path)
	if err != nil {
		tm.t.Fatal(err)
	}
	tm.db = db
}

// restart closes the station's database and opens it again, as after a
// power cut.
func (tm *terminal) restart() {
	tm.db.Close()
	tm.open()
}

func (tm *terminal) connect(url string) {
	tm.connectWith(url, nil)
}

// connectWith connects through a given HTTP transport (nil: the default).
func (tm *terminal) connectWith(url string, rt http.RoundTripper) {
	c, err := sync.NewClient(url, tm.token, sync.ClientOptions{Timeout: 5 * time.Second, Transport: rt})
	if err != nil {
		tm.t.Fatal(err)
	}
	tm.client = c
}

func (tm *terminal) sync() (sync.RoundResult, error) {
	return sync.Round(ctx, tm.db, tm.client, sync.RoundOptions{PushBatch: 50, PageLen: 200})
}

func (tm *terminal) mustSync() sync.RoundResult {
	tm.t.Helper()
	res, err := tm.sync()
	if err != nil {
		tm.t.Fatalf("%s: sync: %v", tm.term.Name, err)
	}
	return res
}

// syncUntilDone retries rounds until one succeeds, as the Syncer does.
func (tm *terminal) syncUntilDone(timeout time.Duration) {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	var err error
	for time.Now().Before(deadline) {
		if _, err = tm.sync(); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	tm.t.Fatalf("%s: no successful round in %s: %v", tm.term.Name, timeout, err)
}

// note records n events that are about no order (sign-ins).
func (tm *terminal) note(n int) {
	tm.t.Helper()
	for i := 0; i < n; i++ {
		if _, err := tm.db.RecordEvent(ctx, core.EventStaffSignedIn, "", tm.staff, map[string]int{"n": i}); err != nil {
			tm.t.Fatal(err)
		}
	}
}

// pick claims the orders and picks every unit, as a trained picker does.
func (tm *terminal) pick(refs ...string) {
	tm.t.Helper()
	if err := tm.tryPick(refs...); err != nil {
		tm.t.Fatalf("%s picks %v: %v", tm.term.Name, refs, err)
	}
}

func (tm *terminal) tryPick(refs ...string) error {
	id, err := tm.db.ClaimOrders(ctx, tm.staff, refs...)
	if err != nil {
		return err
	}
	for n := 0; n < 500; n++ {
		b, err := tm.db.Batch(ctx, id)
		if err != nil {
			return err
		}
		s := b.Next()
		var code string
		switch s.Kind {
		case pick.StepDone:
			return nil
		case pick.StepTote:
			if s.ToteToAssign {
				code = "TOTE-" + s.Order.Ref
			} else {
				code = s.Expect[0]
			}
		case pick.StepBin:
			code = s.Expect[0]
		case pick.StepItem:
			code = s.Task.GTIN
		default:
			return fmt.Errorf("unexpected pick step %v", s.Kind)
		}
		c, err := scan.Parse(code)
		if err != nil {
			return fmt.Errorf("scan %s: %w", code, err)
		}
		if _, err := tm.db.PickScan(ctx, id, c); err != nil {
			return fmt.Errorf("scan %s: %w", code, err)
		}
	}
	return errors.New("pick does not finish")
}

func (tm *terminal) status(ref string) core.OrderStatus {
	tm.t.Helper()
	o, err := tm.db.Order(ctx, ref)
	if err != nil {
		tm.t.Fatalf("%s: order %s: %v", tm.term.Name, ref, err)
	}
	return o.Status
}

func (tm *terminal) exceptions() []sqlite.Exception {
	tm.t.Helper()
	ex, err := tm.db.OpenExceptions(ctx)
	if err != nil {
		tm.t.Fatal(err)
	}
	return ex
}

// checkConverged checks the sync invariants after the network healed: the
// hub holds every event of every terminal exactly once, in order, as the
// terminal wrote it; nothing waits in an outbox; and each terminal sees the
// orders it worked on as the hub does.
func checkConverged(t testing.TB, hubDB *store.DB, terms ...*terminal) {
	t.Helper()
	for _, tm := range terms {
		pending, lastPushed, err := tm.db.OutboxStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		local, err := tm.db.Events(ctx, 0, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		held, err := hubDB.Events(ctx, tm.term.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if pending != 0 {
			t.Errorf("%s: %d events still pending", tm.term.Name, pending)
		}
		if len(held) != len(local) {
			t.Fatalf("%s: hub holds %d events, the terminal wrote %d", tm.term.Name, len(held), len(local))
		}
		for i := range local {
			if held[i].Seq != local[i].Seq || held[i].ID != local[i].ID || held[i].Type != local[i].Type || held[i].OrderID != local[i].OrderID {
				t.Fatalf("%s: event %d at the hub is %d %s %s, the terminal wrote %d %s %s", tm.term.Name, i,
					held[i].Seq, held[i].ID, held[i].Type, local[i].Seq, local[i].ID, local[i].Type)
			}
		}
		if len(local) > 0 && lastPushed != local[len(local)-1].Seq {
			t.Errorf("%s: last pushed %d, last event %d", tm.term.Name, lastPushed, local[len(local)-1].Seq)
		}
		states, err := hubDB.OrderStates(ctx, tm.term.Location)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range states {
			o, err := tm.db.Order(ctx, s.ExternalID)
			if err != nil {
				continue // never reached this terminal
			}
			mine := s.ClaimedBy == tm.term.ID
			if (mine || s.Status == core.OrderCancelled) && o.Status != s.Status {
				t.Errorf("%s: order %s is %s here, %s at the hub (claimed by %q)", tm.term.Name, s.ExternalID, o.Status, s.Status, s.ClaimedBy)
			}
		}
	}
}

// TestMain lets the test binary also run as a hub or a terminal process,
// so that crash tests can kill one for real.
func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "hub":
		os.Exit(runHubChild())
	case "terminal":
		os.Exit(runTerminalChild())
	}
	os.Exit(m.Run())
}

// backends lists the hub databases the suites run on.
var backends = hubtest.Backends
