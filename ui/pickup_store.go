package ui

import (
	"context"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pickup"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// pickupStore is what the store pickup (BOPIS) screens need from the store.
type pickupStore interface {
	PickupQueue(ctx context.Context) ([]sqlite.PickupEntry, error)
	PickupsByCode(ctx context.Context, code string) ([]sqlite.PickupEntry, error)
	SearchPickups(ctx context.Context, text string) ([]sqlite.PickupEntry, error)

	StagingOrder(ctx context.Context, s pickup.Scan) (string, error)
	Staging(ctx context.Context, ref string) (*pickup.Staging, error)
	StageBags(ctx context.Context, ref string, staffID int64, n int) (sqlite.StageResult, error)
	StageScan(ctx context.Context, ref string, staffID int64, s pickup.Scan) (sqlite.StageResult, error)

	Handoff(ctx context.Context, ref string) (*pickup.Handoff, error)
	StartHandoff(ctx context.Context, ref string, staffID int64) (sqlite.HandoffResult, error)
	NoteCurbside(ctx context.Context, ref string, staffID int64, c pickup.Curbside) (sqlite.HandoffResult, error)
	VerifyPickup(ctx context.Context, ref string, staffID int64, in pickup.VerifyInput) (sqlite.HandoffResult, error)
	HandOverBag(ctx context.Context, ref string, staffID int64, bag pickup.BagRef) (sqlite.HandoffResult, error)
	RefuseItem(ctx context.Context, ref string, staffID, lineID int64, qty int, reason string) (sqlite.HandoffResult, error)
	CompleteHandoff(ctx context.Context, ref string, staffID int64) (sqlite.HandoffResult, error)
	AbandonHandoff(ctx context.Context, ref string, staffID int64) (sqlite.HandoffResult, error)
	UnlockPickupBy(ctx context.Context, ref string, staffID int64, approval sqlite.Approval) (sqlite.HandoffResult, error)

	ExpiredPickups(ctx context.Context) ([]sqlite.PickupEntry, error)
	ExpirePickup(ctx context.Context, ref string, staffID int64) (sqlite.HandoffResult, error)
	RestockOrders(ctx context.Context) ([]sqlite.RestockOrder, error)
	Restock(ctx context.Context, ref string) (*pickup.Restock, error)
	RestockScan(ctx context.Context, ref string, staffID int64, code scan.Code) (sqlite.RestockResult, error)

	StaffList(ctx context.Context) ([]core.Staff, error)
}
