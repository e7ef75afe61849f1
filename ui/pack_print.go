package ui

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/label"
	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/printing"
	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/ui/i18n"
)

// LabelPrinter is the station's printer as the pack screen uses it. Submit
// queues a document and returns at once: sending happens in the
// background, and a printer that is off does not lose the job.
type LabelPrinter interface {
	// Format is what the printer takes: pack.FormatPDF, or pack.FormatZPL
	// at dpi dots per inch.
	Format() (format string, dpi int)
	// Submit queues a document; name says what it is, for the person.
	Submit(name string, doc []byte) error
	// Status sums up the jobs so far.
	Status() PrintStatus
	// Retry sends the waiting jobs now instead of after the backoff, as
	// after a person switched the printer on.
	Retry()
	// TestPrint prints a test page straight away and says whether it
	// worked; it may take seconds (a printer that does not answer).
	TestPrint(ctx context.Context) error
}

// QueuePrinter is the station's printer through a printing.Queue set up
// from cfg; station names the station on test pages.
func QueuePrinter(q *printing.Queue, cfg printing.Config, station string) LabelPrinter {
	return queuePrinter{q: q, cfg: cfg, station: station}
}

type queuePrinter struct {
	q       *printing.Queue
	cfg     printing.Config
	station string
}

func (p queuePrinter) Format() (string, int) { return p.cfg.Format, p.cfg.DPI }

func (p queuePrinter) Submit(name string, doc []byte) error {
	_, err := p.q.Submit(printing.Job{Name: name, Format: p.cfg.Format, Data: doc})
	return err
}

func (p queuePrinter) Status() PrintStatus {
	st := p.q.Status()
	s := PrintStatus{Queued: st.Pending, Sent: st.Sent, Where: printerWhere(p.cfg)}
	if st.Failing && st.LastError != nil {
		s.LastError = errorText(st.LastError)
		if !st.NextRetry.IsZero() {
			s.LastError += " " + tr("print.retry_at", "Time", i18n.ClockSeconds(st.NextRetry))
		}
	}
	return s
}

func (p queuePrinter) Retry() { p.q.Retry() }

func (p queuePrinter) TestPrint(ctx context.Context) error {
	return printing.TestPrint(ctx, p.cfg, p.station, time.Now())
}

// PrintStatus is how the station's printing goes.
type PrintStatus struct {
	Queued    int    // waiting to be sent (or being retried)
	Sent      int    // delivered to the printer
	Failed    int    // given up on, or waiting for a person to retry
	LastError string // why the last attempt failed, for the person
	Where     string // where documents go, for the person: "to the CUPS queue Zebra"
}

// printerWhere says where a printer setup sends documents.
func printerWhere(c printing.Config) string {
	switch c.Output {
	case printing.OutputFolder:
		return tr("print.to_folder", "Dir", c.Dir)
	case printing.OutputCUPS:
		return tr("print.to_queue", "Queue", c.Queue)
	case printing.OutputRaw:
		return tr("print.to_addr", "Addr", c.Addr)
	}
	return ""
}

// printWatch is how often the printing line is refreshed.
const printWatch = 500 * time.Millisecond

// print renders what an accepted pack step calls for (the labels of
// res.Labels, and the packing slip when the order is packed) and submits
// it, off the screen's goroutine: rendering and sending never hold up the
// next scan.
func (p *PackScreen) print(res sqlite.PackResult) {
	pr := p.app.opts.Printer
	if pr == nil {
		p.Printing.SetText(tr("print.no_printer_labels"))
		return
	}
	ctx, cancel := p.app.ctx()
	settings, err := p.app.store.ShipSettings(ctx)
	cancel()
	if err != nil {
		p.printFailed(err)
		return
	}
	shipment, labels, packed := res.Shipment, res.Labels, res.Packed
	p.Printing.SetText(tr("print.printing", "What", describeLabels(labels, packed)))
	p.printing.Add(1)
	go func() {
		defer p.printing.Done()
		format, dpi := pr.Format()
		for _, pkg := range labels {
			var doc bytes.Buffer
			l := pack.ShippingLabel(shipment, pkg, settings)
			if err := pack.WriteLabels(&doc, format, dpi, []label.ShippingLabel{l}); err != nil {
				p.app.opts.do(func() { p.printFailed(err) })
				return
			}
			name := fmt.Sprintf("Label %s package %d of %d", shipment.ExternalID, pkg.Seq, pkg.Of)
			if err := pr.Submit(name, doc.Bytes()); err != nil {
				p.app.opts.do(func() { p.printFailed(err) })
				return
			}
		}
		// The carrier's label of the package just closed, if it has one
		// (the others of the order printed when their packages closed).
		if err := p.printCarrierLabels(); err != nil {
			p.app.opts.do(func() { p.printFailed(err) })
			return
		}
		if packed && format != pack.FormatPDF {
			p.app.opts.do(func() {
				p.Printing.SetText(tr("print.no_slip_paper"))
			})
		}
		if packed && format == pack.FormatPDF {
			var doc bytes.Buffer
			if err := label.WritePackingSlipPDF(&doc, pack.PackingSlip(shipment, labels[len(labels)-1].Of, settings)); err != nil {
				p.app.opts.do(func() { p.printFailed(fmt.Errorf("packing slip: %w", err)) })
				return
			}
			if err := pr.Submit("Packing slip "+shipment.ExternalID, doc.Bytes()); err != nil {
				p.app.opts.do(func() { p.printFailed(err) })
				return
			}
		}
	}()
}

func describeLabels(labels []core.Package, slip bool) string {
	s := tr("print.the_label")
	if len(labels) > 1 {
		s = tr("print.n_labels", "N", len(labels))
	}
	if slip {
		s = tr("print.and_slip", "What", s)
	}
	return s
}

func (p *PackScreen) printFailed(err error) {
	logErr("print", err)
	p.Printing.SetText(tr("stage.not_printed", "Error", errorText(err)))
}

// reprint prints the labels of every closed package of the order again.
func (p *PackScreen) reprint() {
	if p.order == nil || p.Panel.Refused() {
		return
	}
	ctx, cancel := p.app.ctx()
	defer cancel()
	pkgs, err := p.app.store.Packages(ctx, p.ref)
	if err != nil {
		p.fail(err)
		return
	}
	if len(pkgs) == 0 {
		p.fail(refusal(core.ECONFLICT, core.ErrNotPacked.Reason, tr("print.none_closed", "Order", p.ref)))
		return
	}
	o, err := p.app.store.Order(ctx, p.ref)
	if err != nil {
		p.fail(err)
		return
	}
	if err := p.app.store.MarkLabelPrinted(ctx, p.ref); err != nil {
		p.fail(err)
		return
	}
	p.print(sqlite.PackResult{Labels: pkgs, Shipment: o, Packed: o.Status == core.OrderPacked})
	p.say(ToneGood, tr("print.again"), tr("print.again_text", "Packages", plural(len(pkgs), "packages"), "Order", p.ref))
	p.focus()
}

// watchPrinting keeps the printing line up to date while the screen shows.
func (p *PackScreen) watchPrinting() {
	pr := p.app.opts.Printer
	if pr == nil {
		p.Printing.SetText(tr("print.no_printer"))
		return
	}
	p.stop = make(chan struct{})
	var once sync.Once
	done := p.app.done
	go func() {
		t := time.NewTicker(printWatch)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-done:
				return
			case <-t.C:
				s := pr.Status()
				waiting := p.carrierWaitingText()
				p.app.opts.do(func() {
					if !holds(p.app.win.Content(), p) {
						once.Do(func() { close(p.stop) })
						return
					}
					p.Printing.SetText(printText(s))
					p.CarrierWaiting.SetText(waiting)
				})
			}
		}
	}()
}

// printText sums up the station's printing for the person.
func printText(s PrintStatus) string {
	text := tr("print.printed", "N", s.Sent)
	if s.Where != "" {
		text += " " + s.Where
	}
	if s.Queued > 0 {
		text += " · " + tr("print.waiting", "N", s.Queued)
	}
	if s.Failed > 0 {
		text += " · " + tr("print.failed", "N", s.Failed)
	}
	if s.LastError != "" && (s.Queued > 0 || s.Failed > 0) {
		text += " · " + s.LastError
	}
	return text
}

// holds reports whether obj is target or contains it.
func holds(obj, target fyne.CanvasObject) bool {
	if obj == target {
		return true
	}
	if c, ok := obj.(*fyne.Container); ok {
		for _, o := range c.Objects {
			if holds(o, target) {
				return true
			}
		}
	}
	return false
}

// retryPrinting makes the printer try the waiting jobs now.
func (p *PackScreen) retryPrinting() {
	pr := p.app.opts.Printer
	if pr == nil {
		return
	}
	pr.Retry()
	p.Printing.SetText(printText(pr.Status()) + " · " + tr("print.trying_now"))
	p.focus()
}

// testPrint prints a test page in the background and says how it went.
func (p *PackScreen) testPrint() {
	pr := p.app.opts.Printer
	if pr == nil {
		p.Printing.SetText(tr("print.no_printer_setup"))
		return
	}
	p.Printing.SetText(tr("print.test_printing"))
	p.printing.Add(1)
	go func() {
		defer p.printing.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := pr.TestPrint(ctx)
		p.app.opts.do(func() {
			if err != nil {
				p.printFailed(err)
				return
			}
			p.Printing.SetText(tr("print.test_done"))
		})
	}()
	p.focus()
}
