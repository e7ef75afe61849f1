package store_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// holdConns takes n connections of db's pool at once (so each is a
// different one) and runs query on each.
func holdConns(t *testing.T, db *sql.DB, n int, query string) []string {
	t.Helper()
	var out []string
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := 0; i < n; i++ {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var v string
		if err := c.QueryRowContext(ctx, query).Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// TestHubCommitsAreDurable: the hub acknowledges a push only after its
// commit is on disk. On SQLite every pooled connection runs with
// synchronous=FULL (2), which fsyncs the WAL at each commit (NORMAL, 1,
// does not: a power cut could take back acknowledged pushes); on
// PostgreSQL every connection has synchronous_commit on, and a hub told to
// turn it off refuses to start.
func TestHubCommitsAreDurable(t *testing.T) {
	hubtest.Each(t, func(t *testing.T, b hubtest.Backend) {
		dsn := b.DSN(t)
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		hubtest.Seed(t, db, "L1", 1)
		term, _ := enroll(t, db, "L1", "Pack 1")
		if _, err := db.Push(ctx, term, events(1, 3, "staff.signed_in", "")); err != nil {
			t.Fatal(err)
		}
		if b.Name == "sqlite" {
			for i, v := range holdConns(t, store.SQLOf(db), 8, "PRAGMA synchronous") {
				if v != "2" {
					t.Errorf("pooled connection %d: synchronous = %s, want 2 (FULL)", i, v)
				}
			}
			return
		}
		for i, v := range holdConns(t, store.SQLOf(db), 8, "SHOW synchronous_commit") {
			if v != "on" {
				t.Errorf("pooled connection %d: synchronous_commit = %s, want on", i, v)
			}
		}
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		off, err := store.Open(context.Background(), dsn+sep+"synchronous_commit=off")
		if err == nil {
			off.Close()
			t.Fatal("the hub opened a PostgreSQL with synchronous_commit = off")
		}
		if !errors.Is(err, store.ErrNotDurable) || !strings.Contains(err.Error(), "synchronous_commit") {
			t.Fatalf("synchronous_commit = off: %v", err)
		}
	})
}
