package pick

import (
	"errors"
	"testing"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/scan"
)

// batch returns a one-order batch standing at its first task, bin confirmed
// when atItem is true.
func batch(atItem bool, task Task) *Batch {
	task.ID, task.OrderID, task.BinID, task.BinCode, task.ProductID = 10, 1, 100, "A-01-1", 7
	if task.Name == "" {
		task.Name = "Mug"
	}
	b := &Batch{ID: "b", Orders: []Order{{ID: 1, Ref: "W1", Tote: "T1", Status: core.OrderPicking}}, Tasks: []Task{task}}
	if atItem {
		b.ConfirmedTaskID = task.ID
	}
	return b
}

var day = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func item(lot, serial string, expiry time.Time) Input {
	return Input{Code: scan.Code{Kind: scan.KindGS1, GTIN: "05012345000015", Lot: lot, Serial: serial, Expiry: expiry}, ProductID: 7, Now: day}
}

func TestScanRules(t *testing.T) {
	for _, tc := range []struct {
		name   string
		b      *Batch
		in     Input
		want   error
		effect EffectKind
	}{
		{"right bin", batch(false, Task{Qty: 1}), Input{Code: scan.Code{Kind: scan.KindBin, ID: "A-01-1"}, BinID: 100}, nil, EffectConfirmBin},
		{"wrong bin", batch(false, Task{Qty: 1}), Input{Code: scan.Code{Kind: scan.KindBin, ID: "B-01-1"}, BinID: 101}, core.ErrWrongBin, ""},
		{"unknown bin", batch(false, Task{Qty: 1}), Input{Code: scan.Code{Kind: scan.KindBin, ID: "Z"}}, core.ErrUnknownCode, ""},
		{"item before bin", batch(false, Task{Qty: 1}), item("", "", time.Time{}), core.ErrBinNotConfirmed, ""},
		{"same bin again", batch(true, Task{Qty: 1}), Input{Code: scan.Code{Kind: scan.KindBin, ID: "A-01-1"}, BinID: 100}, nil, EffectNone},
		{"right item", batch(true, Task{Qty: 2}), item("", "", time.Time{}), nil, EffectPick},
		{"wrong item", batch(true, Task{Qty: 1}), Input{Code: scan.Code{Kind: scan.KindGTIN}, ProductID: 8}, core.ErrWrongItem, ""},
		{"unknown item", batch(true, Task{Qty: 1}), Input{Code: scan.Code{Kind: scan.KindGTIN}}, core.ErrUnknownCode, ""},
		{"lot missing", batch(true, Task{Qty: 1, CaptureLot: true}), item("", "", time.Time{}), core.ErrCaptureRequired, ""},
		{"serial missing", batch(true, Task{Qty: 1, CaptureSerial: true}), item("L", "", time.Time{}), core.ErrCaptureRequired, ""},
		{"expiry missing", batch(true, Task{Qty: 1, CaptureExpiry: true}), item("L", "", time.Time{}), core.ErrCaptureRequired, ""},
		{"expired yesterday", batch(true, Task{Qty: 1, CaptureExpiry: true}), item("", "", day.AddDate(0, 0, -1)), core.ErrExpired, ""},
		{"expires today", batch(true, Task{Qty: 1, CaptureExpiry: true}), item("", "", day.Truncate(24*time.Hour)), nil, EffectPick},
		{"all captured", batch(true, Task{Qty: 1, CaptureLot: true, CaptureSerial: true, CaptureExpiry: true}), item("L1", "S1", day.AddDate(1, 0, 0)), nil, EffectPick},
		{"order barcode mid-pick", batch(true, Task{Qty: 1}), Input{Code: scan.Code{Kind: scan.KindOrder, ID: "W1"}}, core.Errorf(core.ECONFLICT, "unexpected_scan", ""), ""},
		{"tote of another order", batch(true, Task{Qty: 1}), Input{Code: scan.Code{Kind: scan.KindTote, ID: "T9"}, ToteOrderID: 99}, core.ErrWrongTote, ""},
		{"quantity before any unit", batch(true, Task{Qty: 5}), Input{Code: scan.Code{Kind: scan.KindQuantity, Quantity: 3}}, core.ErrBadQuantity, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := tc.b.Scan(tc.in)
			if tc.want == nil && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if err == nil && e.Kind != tc.effect {
				t.Fatalf("effect %q, want %q", e.Kind, tc.effect)
			}
			if err != nil && core.ErrorMessage(err) == "" {
				t.Fatal("a refusal without a message")
			}
		})
	}
}

func TestQuantityAfterOneUnit(t *testing.T) {
	b := batch(true, Task{Qty: 5})
	e, err := b.Scan(item("", "", time.Time{}))
	if err != nil {
		t.Fatal(err)
	}
	b.Apply(e)
	for _, tc := range []struct {
		n    int
		want error
		add  int
	}{
		{6, core.ErrOverPick, 0},
		{1, core.ErrBadQuantity, 0}, // already have one
		{4, nil, 3},
	} {
		e, err := b.Scan(Input{Code: scan.Code{Kind: scan.KindQuantity, Quantity: tc.n}})
		if !errors.Is(err, tc.want) && (tc.want != nil || err != nil) {
			t.Fatalf("typed %d: got %v, want %v", tc.n, err, tc.want)
		}
		if err == nil && e.Qty != tc.add {
			t.Fatalf("typed %d: adds %d, want %d", tc.n, e.Qty, tc.add)
		}
	}
	serialised := batch(true, Task{Qty: 3, CaptureSerial: true})
	e, _ = serialised.Scan(item("", "S1", time.Time{}))
	serialised.Apply(e)
	if _, err := serialised.Scan(Input{Code: scan.Code{Kind: scan.KindQuantity, Quantity: 3}}); !errors.Is(err, core.ErrBadQuantity) {
		t.Fatalf("a typed count for a serialised item: %v", err)
	}
	if _, err := serialised.Scan(item("", "S1", time.Time{})); !errors.Is(err, core.ErrDuplicateSerial) {
		t.Fatalf("the same serial twice: %v", err)
	}
}

func TestShortAndUndo(t *testing.T) {
	b := batch(true, Task{Qty: 4})
	if _, err := b.Undo(); !errors.Is(err, core.ErrNothingToUndo) {
		t.Fatalf("undo of nothing: %v", err)
	}
	if _, err := b.Short("because"); core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("short without a valid reason: %v", err)
	}
	e, _ := b.Scan(item("", "", time.Time{}))
	b.Apply(e)
	e, err := b.Short(ShortDamaged)
	if err != nil || e.Qty != 3 {
		t.Fatalf("short: %+v %v", e, err)
	}
	b.Apply(e)
	if b.Next().Kind != StepDone {
		t.Fatal("a fully short task is not done")
	}
	e, err = b.Undo()
	if err != nil || e.Undone.Kind != "short" {
		t.Fatalf("undo the short: %+v %v", e, err)
	}
	b.Apply(e)
	if b.Tasks[0].Remaining() != 3 {
		t.Fatalf("after undo %d remain, want 3", b.Tasks[0].Remaining())
	}
}

func TestClusterNeedsToteAfterEachItem(t *testing.T) {
	b := batch(true, Task{Qty: 2})
	b.Orders = append(b.Orders, Order{ID: 2, Ref: "W2", Tote: "T2", Status: core.OrderPicking})
	e, _ := b.Scan(item("", "", time.Time{}))
	b.Apply(e)
	if s := b.Next(); s.Kind != StepTote || s.Order.Ref != "W1" {
		t.Fatalf("after an item in a cluster: %+v", s)
	}
	if _, err := b.Scan(Input{Code: scan.Code{Kind: scan.KindTote, ID: "T2"}}); !errors.Is(err, core.ErrWrongTote) {
		t.Fatalf("the other order's tote: %v", err)
	}
	e, err := b.Scan(Input{Code: scan.Code{Kind: scan.KindTote, ID: "T1"}})
	if err != nil || e.Kind != EffectPutInTote {
		t.Fatalf("its own tote: %+v %v", e, err)
	}
}

func TestCancelledOrderIsSkipped(t *testing.T) {
	b := batch(false, Task{Qty: 1})
	b.Orders[0].Status = core.OrderCancelled
	if b.Next().Kind != StepDone {
		t.Fatalf("a cancelled order's task is still to pick: %+v", b.Next())
	}
}
