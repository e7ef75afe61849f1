package ui

import (
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core/returns"
	"github.com/stationhand/stationhand/ui/i18n"
)

// Every default check reads in every language; a check a supervisor
// wrote stays as typed; the summary names the checks in the same words.
func TestChecklistsReadInThePersonsLanguage(t *testing.T) {
	t.Cleanup(func() { i18n.SetLanguage("en") })
	for _, tag := range i18n.Languages[1:] {
		i18n.SetLanguage(tag)
		for _, items := range returns.DefaultChecklists {
			for _, item := range items {
				if checkWords(item) == item {
					t.Errorf("%s: the default check %q has no translation", tag, item)
				}
			}
		}
	}
	i18n.SetLanguage("es")
	if got := checkWords("Lid screwed on tight"); got != "Lid screwed on tight" {
		t.Errorf("a store's own check: %q", got)
	}
	got := checkSummary([]returns.Check{{Item: "Powers on", OK: true}, {Item: "Seal intact"}, {Item: "Lid screwed on tight"}})
	if got != "1 de 3 comprobadas; sin comprobar: Precinto intacto, Lid screwed on tight." {
		t.Errorf("Spanish summary: %q", got)
	}
	i18n.SetLanguage("en")
	if got := checkSummary([]returns.Check{{Item: "Powers on", OK: true}}); !strings.HasPrefix(got, "All 1 checks ticked") {
		t.Errorf("English summary: %q", got)
	}
}

// A proposed refund's reasons read in the person's language where the
// station wrote them; a grade's note stays as the inspector typed it.
func TestRefundReasonsReadInThePersonsLanguage(t *testing.T) {
	t.Cleanup(func() { i18n.SetLanguage("en") })
	i18n.SetLanguage("es")
	r := &returns.Refund{
		Lines:   []returns.RefundLine{{SKU: "SKU-1", Qty: 2, Received: 1}},
		Reasons: []string{"SKU-1: scuffed sole", returns.NotReceived("SKU-1", 1, 2), returns.RefusedBy("no receipt")},
	}
	got := refundReasons(r)
	want := []string{"SKU-1: scuffed sole", "SKU-1: 1 de 2 sin recibir", "Rechazado por un supervisor: no receipt"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Spanish reasons %q, want %q", got, want)
	}
}
