package sqlite

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// stmtCache keeps the hot path's statements prepared. SQLite spends most of
// a small query's time parsing it; a scan runs about a dozen statements, so
// parsing each once per connection instead of once per scan is what keeps a
// scan well under a millisecond.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
	// runs counts the statements run through txExec, txQuery and
	// txQueryRow, so benchmarks can report how many a workflow step costs.
	runs atomic.Int64
}

func (db *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	db.stmts.runs.Add(1)
	db.stmts.mu.Lock()
	defer db.stmts.mu.Unlock()
	if s, ok := db.stmts.m[query]; ok {
		return s, nil
	}
	s, err := db.sql.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if db.stmts.m == nil {
		db.stmts.m = map[string]*sql.Stmt{}
	}
	db.stmts.m[query] = s
	return s, nil
}

// txExec runs a cached statement inside tx.
func (db *DB) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	s, err := db.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return tx.StmtContext(ctx, s).ExecContext(ctx, args...)
}

// txQuery runs a cached query inside tx.
func (db *DB) txQuery(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	s, err := db.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return tx.StmtContext(ctx, s).QueryContext(ctx, args...)
}

// txQueryRow runs a cached single-row query inside tx.
func (db *DB) txQueryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	s, err := db.prepared(ctx, query)
	if err != nil {
		// Let the error surface from Scan, like QueryRowContext does.
		return tx.QueryRowContext(ctx, query, args...)
	}
	return tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		s.Close()
	}
	c.m = nil
}
