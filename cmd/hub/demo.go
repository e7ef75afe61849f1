package main

import (
	"context"
	"fmt"
	"time"

	"github.com/stationhand/stationhand/sync/wire"

	"github.com/stationhand/stationhand/core"
	"github.com/stationhand/stationhand/core/demo"
	"github.com/stationhand/stationhand/sync/hub/importfile"
	"github.com/stationhand/stationhand/sync/hub/store"
)

func init() {
	register(command{name: "demo", summary: "load the demo store (products, bins, stock, staff, orders, returns) into the hub", run: runDemo})
}

func runDemo(ctx context.Context, args []string) int {
	fs, dsn := newFlags("demo", `[--db DSN] [--location L]

Loads the demo store into the hub: its location, catalogue, bins, stock,
staff (with the PINs the README lists), open orders and the returns on
their way back. Running it again adds only what is missing.`)
	loc := fs.String("location", demo.Store, "the demo location's code")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	cs, err := demo.ChangeSet(1, time.Now())
	if err != nil {
		return fail(err)
	}
	// Some orders come with the carrier labels an order system bought.
	if cs.Orders, err = demo.WithCarrierLabels(cs.Orders); err != nil {
		return fail(err)
	}
	db, ok := openDB(ctx, *dsn)
	if !ok {
		return 1
	}
	defer db.Close()
	f := importfile.File{Locations: []importfile.Location{{Code: *loc, Name: "Stationhand Demo Store"}}, Products: cs.Products}
	for _, b := range cs.Bins {
		f.Bins = append(f.Bins, importfile.Bin{Location: *loc, Bin: b})
	}
	for _, s := range cs.Stock {
		f.Stock = append(f.Stock, importfile.Stock{Location: *loc, StockRecord: s})
	}
	for _, o := range cs.Orders {
		if _, err := db.Order(ctx, *loc, o.ExternalID); err == nil {
			continue // demo times are relative to now: keep the orders already loaded
		}
		if o.Status != core.OrderCancelled {
			o.Status = "" // the hub tracks progress itself, from events
		}
		f.Orders = append(f.Orders, wire.IngestOrder{Location: *loc, Order: o})
	}
	for _, r := range cs.Returns {
		if _, err := db.Return(ctx, *loc, r.RMA); err == nil {
			continue // as orders: keep the returns already loaded
		}
		f.Returns = append(f.Returns, importfile.Return{Location: *loc, Return: r})
	}
	sum, err := f.Apply(ctx, db)
	if err != nil {
		return fail(err)
	}
	have, err := db.Staff(ctx, *loc)
	if err != nil {
		return fail(err)
	}
	added := 0
	for _, m := range demo.Staff {
		if hasBadge(have, m.Badge) {
			continue
		}
		if _, err := db.AddStaff(ctx, *loc, core.Staff{Name: m.Name, Badge: m.Badge, Roles: m.Roles}, m.PIN); err != nil {
			return fail(err)
		}
		added++
	}
	fmt.Fprintf(stdout, "demo store %s: %s; %d staff added\n", *loc, sum, added)
	return 0
}

func hasBadge(have []store.StaffMember, badge string) bool {
	for _, h := range have {
		if h.Badge == badge {
			return true
		}
	}
	return false
}
