package ui

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/label"
	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// StagingScreen bags a picked store-pickup order and puts its bags on the
// hold shelves: scan the tote (or order), type how many bags (their tags
// print), then scan each bag and the shelf it goes on. Scanning any bag and
// then another shelf moves it.
type StagingScreen struct {
	widget.BaseWidget
	app     *App
	content fyne.CanvasObject
	st      *pickup.Staging // nil until an order is scanned

	Title    *BigText
	Step     *BigText
	Bags     *widget.Label
	ToStage  *widget.Label // picked pickup orders waiting to be staged
	Panel    *ScanPanel
	Banner   *Banner
	OK       *widget.Button
	Field    *ScanField
	Reprint  *widget.Button
	Back     *widget.Button
	Printing *widget.Label

	printing sync.WaitGroup // tag renderings under way, for tests
}

// ShowStaging shows the staging screen, waiting for an order's tote.
func (a *App) ShowStaging() {
	s := &StagingScreen{app: a}
	s.ExtendBaseWidget(s)
	fg := theme.Color(theme.ColorNameForeground)
	s.Title = newBigText(tr("stage.title"), fg)
	s.Title.TextSize = 26
	s.Title.TextStyle.Bold = true
	s.Step = newBigText(tr("headline.scan_the_tote"), fg)
	s.Step.TextSize = 34
	s.Step.TextStyle.Bold = true
	s.Bags = widget.NewLabel("")
	s.Bags.TextStyle.Monospace = true
	s.ToStage = widget.NewLabel("")
	s.Panel = a.NewScanPanel(tr("stage.placeholder"), s.submit)
	s.Panel.OnKey = s.key
	s.Panel.OnAcknowledge = s.acknowledged
	s.Banner, s.Field, s.OK = s.Panel.Banner, s.Panel.Field, s.Panel.OK
	s.Reprint = widget.NewButtonWithIcon(tr("stage.reprint")+"  [F9]", theme.DocumentPrintIcon(), s.printTags)
	s.Back = widget.NewButtonWithIcon(tr("restock.back")+"  [Esc]", theme.NavigateBackIcon(), a.ShowPickup)
	s.Printing = widget.NewLabel("")
	s.Printing.Wrapping = fyne.TextWrapWord

	left := container.NewVBox(s.Title, s.Step, s.Panel, widget.NewCard(tr("handoff.bags"), "", s.Bags))
	right := container.NewVBox(widget.NewCard(tr("stage.to_stage"), "", s.ToStage), s.Reprint, s.Back, widget.NewCard(tr("stage.printing"), "", s.Printing))
	s.content = container.NewPadded(sideBySide(left, right))
	a.Show(s, s.Field)
	s.render()
	s.Banner.Set(ToneInfo, tr("panel.next"), tr("stage.do_tote"))
}

// CreateRenderer implements fyne.Widget.
func (s *StagingScreen) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.content)
}

// Staging returns the order being staged, or nil.
func (s *StagingScreen) Staging() *pickup.Staging { return s.st }

func (s *StagingScreen) render() {
	ctx, cancel := s.app.ctx()
	q, err := s.app.store.PickupQueue(ctx)
	cancel()
	var waiting []string
	for _, e := range q {
		if e.Status == core.OrderPicked {
			waiting = append(waiting, e.Ref+"  "+e.Customer)
		}
	}
	if err != nil {
		logErr("pickup queue", err)
	}
	if len(waiting) == 0 {
		waiting = []string{tr("stage.nothing_waiting")}
	}
	s.ToStage.SetText(strings.Join(waiting, "\n"))
	s.training(waiting)
	st := s.st
	if st == nil {
		s.Bags.SetText("")
		return
	}
	s.Title.Text = upper(tr("pick.order", "Order", st.OrderRef)) + " · " + st.Customer
	s.Title.Refresh()
	var bags []string
	for _, b := range st.Bags {
		where := tr("stage.not_on_shelf")
		if b.Placed() {
			where = tr("stage.on_shelf", "Shelf", b.ShelfCode)
		}
		mark := "  "
		if b.N == st.InHand {
			mark = "> "
		}
		bags = append(bags, fmt.Sprintf("%s%s  %-14s %s", mark, tr("stage.bag_n", "N", b.N, "Of", len(st.Bags)), b.Code, where))
	}
	s.Bags.SetText(strings.Join(bags, "\n"))
	step := st.Next()
	switch step.Kind {
	case pickup.StageCount:
		s.Step.Text = tr("stage.how_many")
	case pickup.StageBag:
		s.Step.Text = tr("stage.scan_bag", "N", step.Bag.N)
	case pickup.StageShelf:
		s.Step.Text = tr("stage.scan_shelf", "N", step.Bag.N)
	default:
		s.Step.Text = tr("stage.ready")
	}
	s.Step.Refresh()
}

// training offers what the staging step expects: a picked order's code,
// the next bag tag, a hold shelf.
func (s *StagingScreen) training(waiting []string) {
	var codes []string
	switch {
	case s.st == nil:
		for _, w := range waiting {
			if ref, _, ok := strings.Cut(w, "  "); ok {
				codes = append(codes, "ORD-"+ref)
			}
		}
	case s.st.Next().Kind == pickup.StageCount:
		codes = []string{"1", "2"}
	case s.st.Next().Kind == pickup.StageBag:
		codes = []string{pickup.BagCode(s.st.OrderRef, s.st.Next().Bag.N)}
	case s.st.Next().Kind == pickup.StageShelf:
		codes = []string{"BIN-HOLD-01", "BIN-HOLD-02"}
	}
	s.Panel.SetTraining(codes)
}

func (s *StagingScreen) instruction() string {
	if s.st == nil {
		return tr("stage.do_tote")
	}
	step := s.st.Next()
	switch step.Kind {
	case pickup.StageCount:
		return tr("stage.do_count", "Order", s.st.OrderRef)
	case pickup.StageBag:
		return tr("stage.do_tag", "N", step.Bag.N)
	case pickup.StageShelf:
		return tr("stage.do_shelf", "N", step.Bag.N)
	}
	return tr("stage.do_done", "Order", s.st.OrderRef, "Shelves", strings.Join(s.st.Shelves(), ", "))
}

func (s *StagingScreen) submit(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	sc, err := pickup.ParseScan(s.app.opts.Parser, text)
	if err != nil {
		s.fail(err)
		return
	}
	switchOrder := s.st == nil || sc.Bag == nil && (sc.Code.Kind == scan.KindOrder || sc.Code.Kind == scan.KindTote) ||
		sc.Bag != nil && !strings.EqualFold(sc.Bag.OrderRef, s.st.OrderRef)
	if switchOrder {
		ctx, cancel := s.app.ctx()
		ref, err := s.app.store.StagingOrder(ctx, sc)
		cancel()
		if err != nil {
			s.fail(err)
			return
		}
		if !s.open(ref) || sc.Bag == nil {
			return
		}
	}
	if s.st.Next().Kind == pickup.StageCount {
		if n, err := strconv.Atoi(text); err == nil {
			s.setBags(n)
			return
		}
	}
	ctx, cancel := s.app.ctx()
	defer cancel()
	res, err := s.app.store.StageScan(ctx, s.st.OrderRef, s.app.user.ID, sc)
	if err != nil {
		s.fail(err)
		return
	}
	s.done(res)
}

// open loads an order's staging; false when it cannot be staged.
func (s *StagingScreen) open(ref string) bool {
	ctx, cancel := s.app.ctx()
	st, err := s.app.store.Staging(ctx, ref)
	cancel()
	if err == nil && st.Fulfillment != core.FulfillStorePickup {
		err = refusal(core.ECONFLICT, core.ErrNotReadyToStage.Reason, tr("stage.not_pickup", "Order", ref))
	}
	if err == nil && st.Status != core.OrderPicked && st.Status != core.OrderStaged {
		err = refusal(core.ECONFLICT, core.ErrNotReadyToStage.Reason, tr("stage.nothing_to_stage", "Order", ref, "Status", statusWords(st.Status)))
	}
	if err != nil {
		s.fail(err)
		return false
	}
	s.st = st
	s.render()
	s.Banner.Set(ToneInfo, upper(tr("pick.order", "Order", ref)), s.instruction())
	s.focus()
	return true
}

func (s *StagingScreen) setBags(n int) {
	ctx, cancel := s.app.ctx()
	defer cancel()
	res, err := s.app.store.StageBags(ctx, s.st.OrderRef, s.app.user.ID, n)
	if err != nil {
		s.fail(err)
		return
	}
	s.done(res)
}

func (s *StagingScreen) done(res sqlite.StageResult) {
	s.st = res.Staging
	s.render()
	e := res.Effect
	title := tr("common.ok")
	switch e.Kind {
	case pickup.EffectTagBags:
		title = upper(plural(e.Bags, "bags"))
		s.printTags()
	case pickup.EffectBagInHand:
		title = tr("stage.ok_bag", "N", e.Bag)
	case pickup.EffectPlaceBag:
		title = upper(tr("stage.on_shelf", "Shelf", e.ShelfCode))
		if e.Staged {
			title = tr("stage.ready")
		}
	case pickup.EffectMoveBag:
		title = tr("stage.moved", "Shelf", e.ShelfCode)
	case pickup.EffectNone:
		title = tr("stage.already_there")
	}
	s.Panel.Good(title, s.instruction())
	s.focus()
}

// printTags prints the tag of every bag of the order, off the screen's
// goroutine.
func (s *StagingScreen) printTags() {
	if s.st == nil || len(s.st.Bags) == 0 {
		return
	}
	pr := s.app.opts.Printer
	if pr == nil {
		s.Printing.SetText(tr("stage.no_printer", "Code", s.st.Bags[0].Code))
		return
	}
	name := s.st.Customer
	if strings.TrimSpace(name) == "" {
		name = tr("stage.customer")
	}
	var tags []label.BagTag
	for _, b := range s.st.Bags {
		tags = append(tags, label.BagTag{OrderRef: s.st.OrderRef, CustomerName: name, Bag: b.N, Bags: len(s.st.Bags), BagCode: b.Code})
	}
	s.Printing.SetText(tr("stage.printing_n", "N", len(tags), "Order", s.st.OrderRef))
	s.printing.Add(1)
	go func() {
		defer s.printing.Done()
		format, dpi := pr.Format()
		for _, t := range tags {
			var doc []byte
			var err error
			if format == pack.FormatZPL {
				doc, err = label.BagTagZPL(t, dpi)
			} else {
				var buf bytes.Buffer
				err = label.WriteBagTagPDF(&buf, t)
				doc = buf.Bytes()
			}
			if err == nil {
				err = pr.Submit(fmt.Sprintf("Bag tag %s bag %d of %d", t.OrderRef, t.Bag, t.Bags), doc)
			}
			if err != nil {
				s.app.opts.do(func() {
					logErr("bag tag", err)
					s.Printing.SetText(tr("stage.not_printed", "Error", errorText(err)))
				})
				return
			}
		}
		s.app.opts.do(func() { s.Printing.SetText(tr("stage.sent", "N", len(tags))) })
	}()
}

func (s *StagingScreen) key(k fyne.KeyName) bool {
	switch k {
	case fyne.KeyF9:
		s.printTags()
	case fyne.KeyEscape:
		s.app.ShowPickup()
	default:
		return false
	}
	return true
}

func (s *StagingScreen) fail(err error) { s.Panel.Refuse("staging", pickupHeadline(err), err) }

// acknowledged shows the step again once a refusal is read.
func (s *StagingScreen) acknowledged() {
	s.Banner.Set(ToneInfo, tr("panel.next"), s.instruction())
	s.focus()
}

func (s *StagingScreen) focus() { s.app.win.Canvas().Focus(s.Field) }
