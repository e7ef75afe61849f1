package store

import (
	"context"
	"database/sql"
)

// SQLOf returns the database handle under db, for tests that look at its
// connections.
func SQLOf(db *DB) *sql.DB { return db.sql }

// BatchedGroups returns how many groups of pushes the writers
// applied in multi-row statements (groupbatch.go).
func BatchedGroups(db *DB) int64 { return db.group.batched.Load() }

// WriterAutocheckpoint returns the SQLite writer's wal_autocheckpoint.
func WriterAutocheckpoint(db *DB) (n int, err error) {
	err = db.writeConn.QueryRowContext(context.Background(), "PRAGMA wal_autocheckpoint").Scan(&n)
	return n, err
}
