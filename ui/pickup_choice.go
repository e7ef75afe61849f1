package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/sqlite"
)

// ask starts a numbered choice: the options show as buttons, and typing a
// number and Enter picks one.
func (s *HandoffScreen) ask(c *handoffChoice) {
	s.choice = c
	var objs []fyne.CanvasObject
	var words []string
	for i, o := range c.options {
		i := i
		objs = append(objs, widget.NewButton(fmt.Sprintf("%d  %s", i+1, o), func() { s.choose(strconv.Itoa(i + 1)) }))
		words = append(words, fmt.Sprintf("%d %s", i+1, o))
	}
	s.Choices.Objects = objs
	s.Choices.Refresh()
	text := c.prompt
	if len(words) > 0 {
		text += " " + strings.Join(words, ", ") + "."
	}
	s.Banner.Set(ToneInfo, tr("return.choose"), text+" "+tr("choice.esc_cancels"))
	s.focus()
}

func (s *HandoffScreen) endChoice() {
	s.choice = nil
	s.Choices.Objects = nil
	s.Choices.Refresh()
}

func (s *HandoffScreen) choose(text string) {
	c := s.choice
	if c.text != nil {
		if text == "" {
			return
		}
		s.endChoice()
		c.text(text)
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 1 || n > len(c.options) {
		s.Banner.Set(ToneInfo, tr("return.choose"), tr("choice.type_number", "N", len(c.options)))
		return
	}
	s.endChoice()
	c.pick(n - 1)
}

// askIDCheck records that a photo ID was checked: whose (the customer's or
// the alternate's), and which kind. The ID's number is never asked for.
func (s *HandoffScreen) askIDCheck() {
	if s.h == nil || s.Panel.Refused() {
		return
	}
	kinds := make([]string, len(pickup.IDTypes))
	for i, t := range pickup.IDTypes {
		kinds[i] = tr("id_type." + t.Key)
	}
	askKind := func(collector, name string) {
		s.ask(&handoffChoice{prompt: tr("choice.which_id", "Name", name), options: kinds, pick: func(i int) {
			s.verify(pickup.VerifyInput{Method: core.VerifyIDCheck, IDType: pickup.IDTypes[i].Key, Collector: collector})
		}})
	}
	if s.h.AltPickup == "" {
		askKind(core.CollectorCustomer, s.h.Customer)
		return
	}
	s.ask(&handoffChoice{prompt: tr("choice.who_collects"), options: []string{tr("choice.the_customer", "Name", s.h.Customer), tr("choice.named_by_customer", "Name", s.h.AltPickup)},
		pick: func(i int) {
			if i == 0 {
				askKind(core.CollectorCustomer, s.h.Customer)
			} else {
				askKind(core.CollectorAlternate, s.h.AltPickup)
			}
		}})
}

// askRefuse records one unit the customer does not take, and why.
func (s *HandoffScreen) askRefuse() {
	if s.h == nil || s.Panel.Refused() {
		return
	}
	var items []string
	for _, l := range s.h.Lines {
		items = append(items, tr("choice.kept", "Item", l.Name, "Kept", l.Picked-l.Refused, "Picked", l.Picked))
	}
	reasons := make([]string, len(pickup.RefuseReasons))
	for i, r := range pickup.RefuseReasons {
		reasons[i] = tr("refuse_reason." + r.Key)
	}
	s.ask(&handoffChoice{prompt: tr("choice.which_item_refused"), options: items, pick: func(i int) {
		line := s.h.Lines[i]
		s.ask(&handoffChoice{prompt: tr("choice.why_refused", "Item", line.Name), options: reasons, pick: func(j int) {
			s.step(func(ctx context.Context) (sqlite.HandoffResult, error) {
				return s.app.store.RefuseItem(ctx, s.ref, s.app.user.ID, line.ID, 1, pickup.RefuseReasons[j].Key)
			}, tr("choice.refused", "Item", upper(line.Name)))
		}})
	}})
}

// askBay notes where a curbside customer waits: the bay number, then
// anything about the car.
func (s *HandoffScreen) askBay() {
	if s.h == nil || s.Panel.Refused() {
		return
	}
	s.ask(&handoffChoice{prompt: tr("choice.bay"), text: func(t string) {
		bay, car, _ := strings.Cut(strings.TrimSpace(t), " ")
		s.step(func(ctx context.Context) (sqlite.HandoffResult, error) {
			return s.app.store.NoteCurbside(ctx, s.ref, s.app.user.ID, pickup.Curbside{Bay: bay, Car: car})
		}, tr("choice.curbside_bay", "Bay", upper(bay)))
	}})
}
