package sqlite_test

import (
	"context"
	"testing"

	"github.com/stationhand/stationhand/core"
)

// lastTyped returns the payload of the last event of type typ, decoded
// strictly into its core struct.
func lastTyped(t testing.TB, evs []core.Event, typ string) any {
	t.Helper()
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Type == typ {
			p, err := core.DecodePayload(evs[i])
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
	}
	t.Fatalf("no %s event", typ)
	return nil
}

// TestRarerEventsKeepTheContract drives the workflows whose events the
// other tests of this package do not write (an undone return scan, a
// resolved exception, an event set aside as unsendable), so the contract
// check after the suite (payload_contract_test.go) covers them too, and
// checks each payload decodes into its struct with the right values.
func TestRarerEventsKeepTheContract(t *testing.T) {
	ctx := context.Background()

	db := retOpen(t)
	i := inspector{t, db, retRMA}
	i.scan(gtinMug)
	if _, err := db.UndoReturnScan(ctx, retRMA, retInspector); err != nil {
		t.Fatal(err)
	}
	evs := retEvents(t, db)
	if u := lastTyped(t, evs, core.EventReturnItemUndone).(*core.ReturnItemUndone); u.RMA != retRMA || u.SKU != "MUG" || u.Item == 0 {
		t.Fatalf("return.item_undone payload %+v", u)
	}

	// Five wrong PINs lock a person: the exception, once resolved, is an event.
	for range 5 {
		db.SignInPIN(ctx, pickerID, "0000")
	}
	ex, err := db.OpenExceptions(ctx)
	if err != nil || len(ex) == 0 {
		t.Fatalf("no exception after a PIN lock: %v", err)
	}
	if err := db.ResolveException(ctx, ex[0].ID, retInspector); err != nil {
		t.Fatal(err)
	}
	evs, err = db.PendingEvents(ctx, 10000)
	if err != nil {
		t.Fatal(err)
	}
	if r := lastTyped(t, evs, core.EventExceptionResolved).(*core.ExceptionResolved); r.ExceptionID != ex[0].ID || r.Kind != ex[0].Kind {
		t.Fatalf("exception.resolved payload %+v; the exception was %+v", r, ex[0])
	}
	if l := lastTyped(t, evs, core.EventStaffPINLocked).(*core.StaffPINLocked); l.Failures != 5 || l.LockedUntil.IsZero() {
		t.Fatalf("staff.pin_locked payload %+v", l)
	}

	// An event the hub can never take is set aside under its sequence.
	pending, err := db.PendingEvents(ctx, 1)
	if err != nil || len(pending) == 0 {
		t.Fatalf("nothing pending: %v", err)
	}
	rec, err := db.QuarantineEvent(ctx, pending[0].Seq, "too_large", "It is larger than the hub takes.")
	if err != nil {
		t.Fatal(err)
	}
	p, err := core.DecodePayload(rec)
	if err != nil {
		t.Fatal(err)
	}
	if u := p.(*core.Unsendable); u.Type != pending[0].Type || u.Reason != "too_large" || u.PayloadBytes != len(pending[0].Payload) {
		t.Fatalf("event.unsendable payload %+v for %+v", u, pending[0])
	}
}
