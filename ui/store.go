package ui

import (
	"context"
	"time"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/pick"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// Store is what the screens need from the local store; *sqlite.DB has it.
type Store interface {
	StaffList(ctx context.Context) ([]core.Staff, error)
	SignInPIN(ctx context.Context, staffID int64, pin string) (core.Staff, error)
	SignInBadge(ctx context.Context, badge string) (core.Staff, error)
	Queues(ctx context.Context) (sqlite.QueueCounts, error)

	ClaimNext(ctx context.Context, staffID int64, n int, types ...core.Fulfillment) (string, error)
	ClaimOrders(ctx context.Context, staffID int64, refs ...string) (string, error)
	ActiveBatch(ctx context.Context, staffID int64) (string, error)
	Batch(ctx context.Context, id string) (*pick.Batch, error)
	PickScan(ctx context.Context, batchID string, code scan.Code) (sqlite.PickResult, error)
	PickShort(ctx context.Context, batchID, reason string) (sqlite.PickResult, error)
	PickUndo(ctx context.Context, batchID string) (sqlite.PickResult, error)
	Day(ctx context.Context, staffID int64, since time.Time) ([]sqlite.PersonDay, error)
	OldestWork(ctx context.Context) (sqlite.QueueAges, error)
	OpenPicks(ctx context.Context, staffID int64) ([]sqlite.OpenPick, error)
	ReleasePick(ctx context.Context, batchID string, by int64) error
	ReassignPick(ctx context.Context, batchID string, to, by int64) error

	OpenExceptions(ctx context.Context) ([]sqlite.Exception, error)
	ResolveException(ctx context.Context, id, staffID int64) error

	// What the other workflows' screens need, each declared in its own file.
	packStore
	pickupStore
	returnStore
	dispatchStore
}

var _ Store = (*sqlite.DB)(nil)
