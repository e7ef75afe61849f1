package ui

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/printing"
)

// rawPrinter is a printer's raw port 9100 on 127.0.0.1: it keeps every
// document it receives.
type rawPrinter struct {
	ln   net.Listener
	mu   sync.Mutex
	docs [][]byte
}

func startRawPrinter(t *testing.T, addr string) *rawPrinter {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	r := &rawPrinter{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			doc, _ := io.ReadAll(c)
			c.Close()
			r.mu.Lock()
			r.docs = append(r.docs, doc)
			r.mu.Unlock()
		}
	}()
	return r
}

func (r *rawPrinter) received() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]byte(nil), r.docs...)
}

// waitFor polls cond, running the UI updates queued meanwhile, until it
// holds or the time is up.
func waitFor(t *testing.T, ui *uiQueue, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
		ui.pump()
	}
}

// TestPackPrintsThroughAPrinterThatWasOff packs an order while the label
// printer (a Zebra on its raw port) is off: the screen says the label
// waits and why, and once the printer is on, F10 sends it, exactly once.
func TestPackPrintsThroughAPrinterThatWasOff(t *testing.T) {
	// A port nobody listens on: the printer is off.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	cfg := printing.Config{Output: printing.OutputRaw, Addr: addr, Format: printing.FormatZPL, DPI: 203}
	p, err := cfg.Printer()
	if err != nil {
		t.Fatal(err)
	}
	q, err := printing.Open(t.TempDir(), p, printing.Options{MinBackoff: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	app, db, ui := newPackStation(t, QueuePrinter(q, cfg, "Pack 1"))
	order := twoUnitShipOrder(t, db)
	ref := order.ExternalID
	pickForPacking(t, db, ref)

	signInAs(t, app, "Ben Packer", "2222")
	press(app.home.Field, fyne.KeyF3)
	s := packScreenOf(t, app)
	scanInto(s.Field, "ORD-"+ref)
	for _, l := range s.order.Lines {
		for u := 0; u < l.Picked; u++ {
			serial := ""
			if u < len(l.Serials) {
				serial = l.Serials[u]
			}
			scanInto(s.Field, unitCode(l.GTIN, false, false, l.CaptureSerial, serial))
		}
	}
	scanInto(s.Field, pack.FormatWeight(expectedWeight(t, s)))
	press(s.Field, fyne.KeyF5)
	if s.Banner.Title() != "ORDER "+ref+" PACKED" {
		t.Fatalf("close: %s / %s", s.Banner.Title(), s.Banner.Text())
	}
	s.printing.Wait()
	// The label is spooled and waits; the screen says why.
	waitFor(t, ui, "the printing line to report the printer off", func() bool {
		return strings.Contains(s.Printing.Text, "1 waiting") && strings.Contains(s.Printing.Text, "no answer")
	})
	if !strings.Contains(s.Printing.Text, "0 printed") {
		t.Fatalf("printing line: %q", s.Printing.Text)
	}

	// The printer comes on; F10 sends the label now.
	zebra := startRawPrinter(t, addr)
	press(s.Field, fyne.KeyF10)
	waitFor(t, ui, "the label to reach the printer", func() bool { return strings.Contains(s.Printing.Text, "1 printed") })
	docs := zebra.received()
	pkgs, err := db.Packages(context.Background(), ref)
	if err != nil || len(pkgs) != 1 {
		t.Fatalf("packages %v, %v", pkgs, err)
	}
	if len(docs) != 1 || !strings.HasPrefix(string(docs[0]), "^XA") || !strings.Contains(string(docs[0]), pkgs[0].SSCC) {
		t.Fatalf("the printer received %d documents: %q", len(docs), docs)
	}
	// A Zebra prints no A4: the screen said where the packing slip goes.
	if q.Status().Pending != 0 {
		t.Fatalf("still waiting: %+v", q.Status())
	}
}
