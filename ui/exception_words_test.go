package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/ui/i18n"
)

// An order cancelled after packing leaves a put-back on the exceptions
// screen; a supervisor who reads Thai reads it in Thai, with the order,
// its parcel and the items to put back named, and no English left.
func TestExceptionsReadInThePersonsLanguage(t *testing.T) {
	app, db, _ := newPackStation(t, &fakePrinter{})
	ctx := context.Background()
	var cancelled string
	for i := 1; i <= 60 && cancelled == ""; i++ {
		o, err := db.Order(ctx, fmt.Sprintf("W%06d", 100000+i))
		if err == nil && o.Fulfillment == core.FulfillShip && o.Status == core.OrderOpen {
			cancelled = o.ExternalID
		}
	}
	ssccs := packForDock(t, db, cancelled, "1Z999AA10123456806")
	if err := db.ApplyChanges(ctx, core.ChangeSet{CancelledOrders: []string{cancelled}}); err != nil {
		t.Fatal(err)
	}
	list, err := db.OpenExceptions(ctx)
	if err != nil || len(list) == 0 {
		t.Fatalf("exceptions %v, %v", list, err)
	}
	t.Cleanup(func() { i18n.SetLanguage("en") })
	for _, tc := range []struct{ lang, kind, says, english string }{
		{"en", "[Put back]", "was cancelled after packing: pull its parcel(s) " + ssccs[0] + " aside", ""},
		{"th", "[นำกลับที่เดิม]", "ถูกยกเลิกหลังแพ็คแล้ว แยกพัสดุ " + ssccs[0], "cancelled"},
		{"es", "[Devolver a su sitio]", "se canceló después de embalarse: aparta sus paquetes " + ssccs[0], "cancelled"},
	} {
		i18n.SetLanguage(tc.lang)
		app.ShowExceptions()
		var found string
		for _, s := range screenTexts(app.Window().Content()) {
			if strings.Contains(s, cancelled) {
				found = s
			}
		}
		if !strings.HasPrefix(found, tc.kind) || !strings.Contains(found, tc.says) || !strings.Contains(found, "×") {
			t.Errorf("%s: the put-back reads %q, want %s … %q and its items", tc.lang, found, tc.kind, tc.says)
		}
		if tc.english != "" && strings.Contains(found, tc.english) {
			t.Errorf("%s: English left in %q", tc.lang, found)
		}
	}
}
