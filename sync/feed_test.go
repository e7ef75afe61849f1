package sync_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	gosync "sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stationhand/stationhand/api/eventschema"
	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/wire"
)

// feedConsumer reads GET /v1/feed as an order system does: it applies a
// page and stores the cursor together (here: in memory), and sometimes
// "crashes" after reading a page and before storing, so the page comes
// again (every third page with events). applied holds what it applied,
// in order.
type feedConsumer struct {
	url, token, location string
	rng                  *rand.Rand
	cursor               string
	applied              []wire.FeedEvent
	crashes, pages, full int
}

// poll reads pages until the feed has nothing more now.
func (c *feedConsumer) poll() error {
	for {
		q := url.Values{"limit": {strconv.Itoa(1 + c.rng.IntN(40))}}
		if c.cursor != "" {
			q.Set("cursor", c.cursor)
		}
		if c.location != "" {
			q.Set("location", c.location)
		}
		req, _ := http.NewRequest("GET", c.url+"/v1/feed?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		var page wire.FeedPage
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			return fmt.Errorf("feed: %d %v", resp.StatusCode, err)
		}
		c.pages++
		if len(page.Events) > 0 {
			if c.full++; c.full%3 == 0 {
				c.crashes++ // every third page is read, then lost before the cursor was stored
				continue
			}
		}
		c.applied = append(c.applied, page.Events...)
		c.cursor = page.Cursor
		if !page.More {
			return nil
		}
	}
}

// tryPack packs a picked order in one medium box, weighed as expected.
func (tm *terminal) tryPack(ref string) error {
	o, err := tm.db.PackOpen(ctx, tm.staff, ref)
	if err != nil {
		return fmt.Errorf("open %s for packing: %w", ref, err)
	}
	for _, l := range o.Lines {
		for range l.Picked {
			c, err := scan.Parse(l.GTIN)
			if err != nil {
				return err
			}
			if _, err := tm.db.PackScan(ctx, ref, c); err != nil {
				return fmt.Errorf("pack scan %s: %w", l.GTIN, err)
			}
		}
	}
	if o, err = tm.db.PackOrder(ctx, ref); err != nil {
		return err
	}
	cartons, err := tm.db.Cartons(ctx)
	if err != nil {
		return err
	}
	for _, c := range cartons {
		if c.Code == "M" {
			_, err := tm.db.PackClose(ctx, ref, c.Code, o.ExpectedWeightG(c))
			return err
		}
	}
	return fmt.Errorf("no carton M")
}

// TestFeedFromZeroWhileStationsPush is the feed's acceptance test: three
// real stations at two locations pick (and one packs) (two of them race for the same
// orders, so the hub refuses some events) and sync with a real hub over
// HTTP, concurrently, while an order system reads the feed from zero and
// another reads one location's. Each must see every applied event once,
// none refused, each terminal's in sequence order, every payload valid
// against api/openapi.yaml and decoded strictly into its core struct.
func TestFeedFromZeroWhileStationsPush(t *testing.T) {
	schema, err := eventschema.Load("../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			h := startHub(t, b.DSN(t))
			hubtest.Seed(t, h.db, "L1", 24)
			hubtest.Seed(t, h.db, "L2", 24)
			_, allToken, err := h.db.CreateIntegration(ctx, "oms", "")
			if err != nil {
				t.Fatal(err)
			}
			_, l2Token, err := h.db.CreateIntegration(ctx, "oms-l2", "L2")
			if err != nil {
				t.Fatal(err)
			}
			terms := []*terminal{
				newTerminal(t, h.db, h.url, "L1", "A"),
				newTerminal(t, h.db, h.url, "L1", "B"),
				newTerminal(t, h.db, h.url, "L2", "C"),
			}
			terms[2].setUpPacking() // C packs what it picks
			// A and B both pick order 23 before either syncs: the hub
			// takes the first claim and refuses the other's events.
			for _, tm := range terms[:2] {
				tm.mustSync()
				tm.pick(hubtest.Order("L1", 23).ExternalID)
			}
			var working atomic.Int32 // stations still working
			working.Store(int32(len(terms)))
			var wg gosync.WaitGroup
			errs := make(chan error, 8)
			for i, tm := range terms {
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer working.Add(-1)
					if _, err := tm.sync(); err != nil {
						errs <- err
						return
					}
					if _, err := tm.db.SignInPIN(ctx, tm.staff, hubtest.StaffPIN); err != nil {
						errs <- err
						return
					}
					loc := tm.term.Location
					for n := range 8 {
						// A and B work through L1's orders from both ends
						// and meet in the middle.
						ref := hubtest.Order(loc, n).ExternalID
						if i == 1 {
							ref = hubtest.Order(loc, 7-n).ExternalID
						}
						picked := tm.tryPick(ref) == nil // a claim the hub refused comes back as "claimed elsewhere"
						if picked && i == 2 {
							if err := tm.tryPack(ref); err != nil {
								errs <- err
								return
							}
						}
						if _, err := tm.sync(); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			all := &feedConsumer{url: h.url, token: allToken, rng: rand.New(rand.NewPCG(1, 2))}
			l2 := &feedConsumer{url: h.url, token: l2Token, location: "L2", rng: rand.New(rand.NewPCG(3, 4))}
			done := make(chan struct{})
			go func() { wg.Wait(); close(done) }()
			readWhilePushing := 0
			for running := true; running; {
				select {
				case <-done:
					running = false
				case <-time.After(5 * time.Millisecond):
				}
				for _, c := range []*feedConsumer{all, l2} {
					if err := c.poll(); err != nil {
						t.Fatal(err)
					}
				}
				if working.Load() > 0 { // the stations were not done after this read
					readWhilePushing = len(all.applied)
				}
			}
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			for _, tm := range terms {
				tm.mustSync()
			}
			for _, c := range []*feedConsumer{all, l2} {
				if err := c.poll(); err != nil {
					t.Fatal(err)
				}
			}

			// What the hub applied, by terminal, and what each station wrote.
			want := map[string]core.Event{}
			wantL2, refused := 0, 0
			for _, tm := range terms {
				held, err := h.db.Events(ctx, tm.term.ID, 0, 0)
				if err != nil {
					t.Fatal(err)
				}
				wrote, err := tm.db.Events(ctx, 0, 1<<30)
				if err != nil {
					t.Fatal(err)
				}
				if len(held) != len(wrote) {
					t.Fatalf("%s wrote %d events, the hub holds %d", tm.term.Name, len(wrote), len(held))
				}
				for i, e := range held {
					if e.Rejected {
						refused++
						continue
					}
					want[e.Terminal+"/"+strconv.FormatInt(e.Seq, 10)] = wrote[i]
					if tm.term.Location == "L2" {
						wantL2++
					}
				}
			}
			if refused == 0 {
				t.Fatal("the hub refused no event: the stations did not race, and the feed's leaving out refused events went untested")
			}
			check := func(name string, c *feedConsumer, wantN int, loc string) {
				t.Helper()
				if len(c.applied) != wantN {
					t.Errorf("%s: applied %d events, the hub applied %d", name, len(c.applied), wantN)
				}
				seen := map[string]bool{}
				lastSeq := map[string]int64{}
				var lastPos int64
				types := map[string]bool{}
				for _, e := range c.applied {
					key := e.Terminal + "/" + strconv.FormatInt(e.Seq, 10)
					wrote, ok := want[key]
					switch {
					case !ok:
						t.Fatalf("%s: %s (%s) is not an event the hub applied", name, key, e.Type)
					case seen[key]:
						t.Fatalf("%s: %s twice", name, key)
					case e.Position <= lastPos:
						t.Fatalf("%s: position %d after %d", name, e.Position, lastPos)
					case e.Seq <= lastSeq[e.Terminal]:
						t.Fatalf("%s: %s seq %d after %d: out of the terminal's order", name, e.Terminal, e.Seq, lastSeq[e.Terminal])
					case loc != "" && e.Location != loc:
						t.Fatalf("%s: an event of %s in the feed of %s", name, e.Location, loc)
					case e.ID != wrote.ID || e.Type != wrote.Type || e.OrderID != wrote.OrderID || !e.At.Equal(wrote.At):
						t.Fatalf("%s: %s is %+v; the station wrote %+v", name, key, e, wrote)
					}
					seen[key], lastSeq[e.Terminal], lastPos = true, e.Seq, e.Position
					types[e.Type] = true
					if err := schema.Validate(e.Type, e.Payload); err != nil {
						t.Errorf("%s: %v", name, err)
					}
					typed, err := core.DecodePayload(core.Event{Type: e.Type, Payload: e.Payload})
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					station, _ := core.DecodePayload(wrote)
					if !reflect.DeepEqual(typed, station) {
						t.Fatalf("%s: %s payload %+v; the station wrote %+v", name, key, typed, station)
					}
				}
				var names []string
				for typ := range types {
					names = append(names, typ)
				}
				t.Logf("%s: %d events of %d types (%s) once each, in order, typed; %d pages, %d read again after a crash",
					name, len(c.applied), len(types), strings.Join(names, " "), c.pages, c.crashes)
				if c.crashes == 0 {
					t.Errorf("%s: no page was read again: the cursor's exactly-once went untested", name)
				}
			}
			if readWhilePushing == 0 {
				t.Errorf("the consumer read %d of %d events while the stations pushed: not a read during pushes", readWhilePushing, len(want))
			}
			check("all locations", all, len(want), "")
			check("L2", l2, wantL2, "L2")
		})
	}
}
