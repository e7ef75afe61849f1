package store

import "database/sql"

// SQLOf returns the database handle under db, for tests that look at its
// connections.
func SQLOf(db *DB) *sql.DB { return db.sql }
