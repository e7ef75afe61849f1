package ui

import (
	"context"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pack"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// packStore is what the pack station screens need from the store.
type packStore interface {
	PackFind(ctx context.Context, code scan.Code) ([]string, error)
	PackBatch(ctx context.Context, id string) ([]string, error)
	PackOpen(ctx context.Context, staffID int64, ref string, types ...core.Fulfillment) (*pack.Order, error)
	PackOrder(ctx context.Context, ref string) (*pack.Order, error)
	PackScan(ctx context.Context, ref string, code scan.Code) (sqlite.PackResult, error)
	PackRemove(ctx context.Context, ref string) (sqlite.PackResult, error)
	PackPlan(ctx context.Context, ref string, packages int) (sqlite.PackResult, error)
	PackClose(ctx context.Context, ref, carton string, weightG int) (sqlite.PackResult, error)
	PackCloseApproved(ctx context.Context, ref, carton string, weightG int, approval sqlite.Approval) (sqlite.PackResult, error)
	Packages(ctx context.Context, ref string) ([]core.Package, error)
	Cartons(ctx context.Context) ([]core.Carton, error)
	OrdersToPack(ctx context.Context, limit int) ([]string, error)
	ShipSettings(ctx context.Context) (core.ShipSettings, error)
	Order(ctx context.Context, ref string) (core.Order, error)
	MarkLabelPrinted(ctx context.Context, ref string) error
	// Carrier labels (pack_carrier.go).
	PendingCarrierLabels(ctx context.Context) ([]sqlite.CarrierLabelRecord, error)
	MarkCarrierLabelPrinted(ctx context.Context, id int64) (bool, error)
	WaitingForCarrierLabel(ctx context.Context) ([]sqlite.WaitingParcel, error)
}
