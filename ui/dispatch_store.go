package ui

import (
	"context"
	"time"

	"github.com/stationhand/stationhand/core/dispatch"
	"github.com/stationhand/stationhand/core/scan"
	"github.com/stationhand/stationhand/core/sqlite"
)

// dispatchStore is what the dock's screen and the home screen's dock
// figures need from the store.
type dispatchStore interface {
	DispatchOpen(ctx context.Context, staffID int64, code, carrier string) (*dispatch.Handover, error)
	Handover(ctx context.Context, code string) (*dispatch.Handover, error)
	DispatchScan(ctx context.Context, code string, staffID int64, parser scan.Parser, raw string) (sqlite.DispatchResult, error)
	DispatchUndo(ctx context.Context, code string, staffID int64) (sqlite.DispatchResult, error)
	DispatchAllowSplit(ctx context.Context, code string, staffID int64, orderRef string, approval sqlite.Approval) (sqlite.DispatchResult, error)
	DispatchSplitScan(ctx context.Context, code string, staffID int64, parser scan.Parser, raw string, approval sqlite.Approval) (sqlite.DispatchResult, error)
	DispatchClose(ctx context.Context, code string, staffID int64) (sqlite.DispatchResult, error)
	DispatchReopen(ctx context.Context, code string, staffID int64, approval sqlite.Approval) (sqlite.DispatchResult, error)
	OpenHandovers(ctx context.Context) ([]sqlite.HandoverSummary, error)
	DispatchWaiting(ctx context.Context, carrier string, limit int) ([]sqlite.WaitingParcel, error)
	DockBacklog(ctx context.Context, now time.Time) ([]sqlite.CarrierBacklog, error)
	CarrierCutoffs(ctx context.Context) (map[string]string, error)
}
