package main

import (
	"context"
	"log"
	gosync "sync"

	"github.com/stationhand/stationhand/core/carrierlabel"

	"github.com/stationhand/stationhand/core/sqlite"
	"github.com/stationhand/stationhand/sync"
	"github.com/stationhand/stationhand/sync/station"
	"github.com/stationhand/stationhand/ui"
)

// startSync connects the window's station to its hub, when one is set up
// (enrolled on the setup screen, or `stationhand enrol`), and returns what the status bar
// shows. Connecting happens in the background: an unreachable hub must
// never delay the sign-in screen. Without a hub the station simply works
// offline and the bar says how many events wait.
// syncNow asks for a round at once (the settings screen's "re-pull
// everything").
func startSync(ctx context.Context, db *sqlite.DB, afterRound func(context.Context, sync.RoundResult)) (info func() ui.SyncInfo, syncNow func()) {
	var mu gosync.Mutex
	var syncer *sync.Syncer
	if station.Configured(ctx, db) {
		go func() {
			client, err := station.Connect(ctx, db, version, true)
			if err != nil {
				log.Printf("hub: %s", message(err))
				return
			}
			s := sync.NewSyncer(db, client, sync.Config{AfterRound: afterRound})
			db.OnEvent(s.Notify)
			mu.Lock()
			syncer = s
			mu.Unlock()
			if err := s.Run(ctx); err != nil && ctx.Err() == nil {
				log.Printf("sync loop: %v", err)
			}
		}()
	}
	configured := func() bool { return station.Configured(ctx, db) }
	syncNow = func() {
		mu.Lock()
		s := syncer
		mu.Unlock()
		if s != nil {
			s.SyncNow()
		}
	}
	return func() ui.SyncInfo {
		mu.Lock()
		s := syncer
		mu.Unlock()
		if s == nil {
			pending, _, _ := db.OutboxStats(ctx)
			oldest, _ := db.OldestPending(ctx)
			info := ui.SyncInfo{Configured: configured(), Pending: pending, OldestPending: oldest}
			if info.Configured {
				info.Connecting = true
			}
			return info
		}
		st := s.Status()
		info := ui.SyncInfo{Configured: true, Online: st.Online, Syncing: st.Syncing, Pending: st.Pending, LastSync: st.LastSync,
			LastError: st.LastError, Err: st.LastErr, Phase: st.Progress.Phase, Done: st.Progress.Done, Total: st.Progress.Total}
		if !st.Online {
			info.NextTry = st.NextAttempt
		}
		if st.Pending > 0 {
			info.OldestPending, _ = db.OldestPending(ctx)
		}
		return info
	}, syncNow
}

// carrierLabelPrinter prints, after each round, the carrier labels the
// pull brought for packages already closed (bought after packing): they
// print by themselves, each on the station's printer that takes it.
// Without a printer they wait, listed as due.
func carrierLabelPrinter(db *sqlite.DB, printers ...ui.LabelPrinter) func(context.Context, sync.RoundResult) {
	targets := ui.CarrierLabelTargets(printers...)
	if len(targets) == 0 {
		return nil
	}
	return func(ctx context.Context, _ sync.RoundResult) {
		if _, err := carrierlabel.PrintPendingOn(ctx, db, targets); err != nil {
			log.Printf("carrier labels: %s", message(err))
		}
	}
}
