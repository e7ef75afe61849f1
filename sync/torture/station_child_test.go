package torture_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync"
)

// runStationChild is a station: the real store at $TORTURE_DB and a Syncer
// with the hub at $TORTURE_HUB (a fault proxy), its clock $TORTURE_CLOCK_MS
// off. It prints "ready" and then works until it is killed: claims orders,
// picks them, packs them with an SSCC per package, notes things; after each
// action it reports the events the action committed to $TORTURE_LOG.
func runStationChild() int {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, os.Getenv("TORTURE_DB"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "station:", err)
		return 3
	}
	off := clockOffset()
	now := func() time.Time { return time.Now().Add(off) }
	db.Now = now
	seed, _ := strconv.ParseUint(os.Getenv("TORTURE_SEED"), 10, 64)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	client, err := sync.NewClient(os.Getenv("TORTURE_HUB"), os.Getenv("TORTURE_TOKEN"), sync.ClientOptions{
		Timeout: 3 * time.Second,
		// A connection per request, so each request meets the proxy's dice.
		Transport: &http.Transport{DisableKeepAlives: true},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "station:", err)
		return 3
	}
	syncer := sync.NewSyncer(db, client, sync.Config{
		Interval: 150 * time.Millisecond, MinBackoff: 20 * time.Millisecond, MaxBackoff: 300 * time.Millisecond,
		Round: sync.RoundOptions{PushBatch: 1 + rng.IntN(40), PageLen: 10 + rng.IntN(50)},
		Now:   now,
	})
	go syncer.Run(ctx)

	log, err := openConfirmLog(os.Getenv("TORTURE_LOG"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "station:", err)
		return 3
	}
	staff, _ := strconv.ParseInt(os.Getenv("TORTURE_STAFF"), 10, 64)
	orders, _ := strconv.Atoi(os.Getenv("TORTURE_ORDERS"))
	w := &worker{db: db, log: log, rng: rng, staff: staff, loc: os.Getenv("TORTURE_LOC"), orders: orders}
	if evs, err := db.Events(ctx, 0, 1<<30); err == nil && len(evs) > 0 {
		w.reported = evs[len(evs)-1].Seq
	}
	fmt.Println("ready")
	for {
		if err := w.step(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "station:", err)
			return 4
		}
		syncer.Notify()
		time.Sleep(time.Duration(8+rng.IntN(24)) * time.Millisecond)
	}
}

// worker is the person at the station: one job at a time.
type worker struct {
	db       *sqlite.DB
	log      *confirmLog
	rng      *rand.Rand
	staff    int64
	loc      string
	orders   int
	reported int64 // the last event sequence reported

	batch string // the pick batch being worked, or ""
	pack  string // the order being packed, or ""
}

// step does one action. A refusal by the station (an order claimed
// elsewhere, cancelled, nothing to pick) drops the job, as a person would;
// only a failure to report ends the process.
func (w *worker) step(ctx context.Context) error {
	var err error
	switch {
	case w.pack != "":
		err = w.packStep(ctx)
	case w.batch != "":
		err = w.pickStep(ctx)
	default:
		err = w.start(ctx)
	}
	if err != nil {
		w.batch, w.pack = "", ""
	}
	return w.report(ctx)
}

// report sends every event committed since the last report to the log.
func (w *worker) report(ctx context.Context) error {
	evs, err := w.db.Events(ctx, w.reported, 1<<20)
	if err != nil {
		return fmt.Errorf("read events to report: %w", err)
	}
	if len(evs) == 0 {
		return nil
	}
	if err := w.log.report(evs); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	w.reported = evs[len(evs)-1].Seq
	return nil
}

// start begins a job: mostly the next order, sometimes an order chosen at
// random (which another station may have claimed while they were apart),
// sometimes just a note.
func (w *worker) start(ctx context.Context) error {
	switch r := w.rng.IntN(100); {
	case r < 10:
		_, err := w.db.RecordEvent(ctx, core.EventStaffSignedIn, "", w.staff, map[string]any{"method": "badge", "n": w.rng.IntN(1 << 20)})
		return err
	case r < 35:
		ref := fmt.Sprintf("%s-%06d", w.loc, w.rng.IntN(w.orders))
		id, err := w.db.ClaimOrders(ctx, w.staff, ref)
		w.batch = id
		return err
	default:
		id, err := w.db.ClaimNext(ctx, w.staff, 1)
		if errors.Is(err, core.ErrNothingToPick) {
			return w.packPicked(ctx)
		}
		w.batch = id
		return err
	}
}

// packPicked opens for packing an order picked here whose packing a kill
// interrupted.
func (w *worker) packPicked(ctx context.Context) error {
	for n := 0; n < w.orders; n++ {
		ref := fmt.Sprintf("%s-%06d", w.loc, n)
		if o, err := w.db.Order(ctx, ref); err == nil && o.Status == core.OrderPicked {
			if _, err := w.db.PackOpen(ctx, w.staff, ref); err == nil {
				w.pack = ref
				return nil
			}
		}
	}
	return core.ErrNothingToPick
}

func (w *worker) pickStep(ctx context.Context) error {
	b, err := w.db.Batch(ctx, w.batch)
	if err != nil {
		return err
	}
	s := b.Next()
	var code string
	switch s.Kind {
	case pick.StepDone:
		ref := ""
		for _, o := range b.Orders {
			ref = o.Ref
		}
		w.batch = ""
		if ref == "" {
			return nil
		}
		if _, err := w.db.PackOpen(ctx, w.staff, ref); err != nil {
			return err
		}
		w.pack = ref
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
		return err
	}
	_, err = w.db.PickScan(ctx, w.batch, c)
	return err
}

func (w *worker) packStep(ctx context.Context) error {
	o, err := w.db.PackOrder(ctx, w.pack)
	if err != nil {
		return err
	}
	switch s := o.Next(); s.Kind {
	case pack.StepItems:
		c, err := scan.Parse(s.Expect[0])
		if err != nil {
			return err
		}
		_, err = w.db.PackScan(ctx, w.pack, c)
		return err
	case pack.StepClose:
		_, err := w.db.PackClose(ctx, w.pack, "M", 400+w.rng.IntN(400))
		return err
	default:
		w.pack = ""
		return nil
	}
}
