package ui

import (
	"context"

	"github.com/stationhand/stationhand/core/returns"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// returnStore is what the return inspection screens need from the store.
type returnStore interface {
	FindReturn(ctx context.Context, c scan.Code) (sqlite.ReturnLookup, error)
	FindOrdersForReturn(ctx context.Context, query string) ([]sqlite.OrderMatch, error)
	StartUnexpectedReturn(ctx context.Context, orderRef string, staffID int64, foundBy string) (string, error)
	OpenReturns(ctx context.Context, limit int) ([]sqlite.ReturnSummary, error)
	ReturnStats(ctx context.Context) (sqlite.ReturnStats, error)

	Inspection(ctx context.Context, rma string) (*returns.Inspection, error)
	InspectScan(ctx context.Context, rma string, staffID int64, code scan.Code) (sqlite.ReturnResult, error)
	InspectConfirm(ctx context.Context, rma string, staffID int64, c returns.Confirmation, approval *sqlite.Approval) (sqlite.ReturnResult, error)
	UndoReturnScan(ctx context.Context, rma string, staffID int64) (sqlite.ReturnResult, error)
	WeighReturn(ctx context.Context, rma string, staffID int64, grams int) (sqlite.ReturnResult, error)
	FinishReturn(ctx context.Context, rma string, staffID int64, force bool) (sqlite.ReturnResult, error)
	ReviewReturn(ctx context.Context, rma string, staffID int64, approval sqlite.Approval, approve bool, note string) (sqlite.ReturnResult, error)

	Setting(ctx context.Context, key string) (string, error)
}
