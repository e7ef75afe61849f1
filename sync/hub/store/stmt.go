package store

import (
	"context"
	"database/sql"
	gosync "sync"
)

// stmts caches prepared statements. SQLite (modernc) parses and plans the
// SQL of every statement it runs unless it was prepared, and that is most
// of the cost of a small statement; pgx caches prepared statements per
// connection by itself, so PostgreSQL goes straight through.
//
// A statement seen for the first time runs unprepared and is prepared in
// the background: preparing needs a connection of the pool, and a caller
// that holds one (in a transaction) must never wait for a second.
type stmts struct {
	mu      gosync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool
	queue   chan string
	done    chan struct{}
}

// maxStmts bounds the cache: multi-row statements come in many sizes.
const maxStmts = 2000

func (s *stmts) start(db *sql.DB) {
	s.m, s.pending = map[string]*sql.Stmt{}, map[string]bool{}
	s.queue, s.done = make(chan string, 256), make(chan struct{})
	go func() {
		defer close(s.done)
		for q := range s.queue {
			st, err := db.PrepareContext(context.Background(), q)
			s.mu.Lock()
			if err == nil {
				s.m[q] = st
			}
			delete(s.pending, q)
			s.mu.Unlock()
		}
	}()
}

// prepared returns q prepared for tx (nil: outside a transaction), or nil
// when it is not (yet) prepared.
func (db *DB) prepared(ctx context.Context, tx *sql.Tx, q string) *sql.Stmt {
	s := &db.stmts
	if s.queue == nil {
		return nil
	}
	s.mu.Lock()
	st, ok := s.m[q]
	if !ok && !s.pending[q] && len(s.m)+len(s.pending) < maxStmts {
		select {
		case s.queue <- q:
			s.pending[q] = true
		default:
		}
	}
	s.mu.Unlock()
	if st == nil || tx == nil {
		return st
	}
	return tx.StmtContext(ctx, st)
}

// exec runs a statement in tx, prepared where that pays.
func (db *DB) exec(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	if st := db.prepared(ctx, tx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, q, args...)
}

// query runs a query in tx (nil: outside a transaction), prepared where
// that pays.
func (db *DB) query(ctx context.Context, tx *sql.Tx, q string, args ...any) (*sql.Rows, error) {
	if st := db.prepared(ctx, tx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	if tx == nil {
		return db.sql.QueryContext(ctx, q, args...)
	}
	return tx.QueryContext(ctx, q, args...)
}

// queryRow runs a one-row query in tx (nil: outside a transaction).
func (db *DB) queryRow(ctx context.Context, tx *sql.Tx, q string, args ...any) *sql.Row {
	if st := db.prepared(ctx, tx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	if tx == nil {
		return db.sql.QueryRowContext(ctx, q, args...)
	}
	return tx.QueryRowContext(ctx, q, args...)
}

func (s *stmts) close() {
	if s.queue == nil {
		return
	}
	s.mu.Lock()
	close(s.queue)
	s.mu.Unlock()
	<-s.done
	for _, st := range s.m {
		st.Close()
	}
}
