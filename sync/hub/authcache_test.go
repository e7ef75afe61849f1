package hub_test

import (
	"context"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stationhand/stationhand/sync/hub"
	"github.com/stationhand/stationhand/sync/hub/hubtest"
	"github.com/stationhand/stationhand/sync/hub/store"
)

// countingBackend counts the token checks that reach the database.
type countingBackend struct {
	hub.Backend
	checks atomic.Int64
}

func (b *countingBackend) Authenticate(ctx context.Context, token string) (store.Principal, error) {
	b.checks.Add(1)
	return b.Backend.Authenticate(ctx, token)
}

// TestTokenCheckedAgainBeforeItsEntryExpires: a busy terminal's requests
// are answered from the cache, and in the last fifth of the TTL the token
// is checked again in the background, so that the next requests find a
// fresh entry and never wait for the database; a token revoked meanwhile
// is refused by then, never later than the TTL after the revocation.
func TestTokenCheckedAgainBeforeItsEntryExpires(t *testing.T) {
	f := newFixture(t, hubtest.Backends()[0])
	counting := &countingBackend{Backend: f.db}
	api := hub.NewServer(counting, nil)
	const ttl = time.Second
	api.SetAuthTTL(ttl)
	srv := httptest.NewServer(api)
	defer srv.Close()
	f.srv = srv
	pull := func() int {
		status, _ := f.call(t, "GET", "/v1/changes", f.token, "", nil, nil)
		return status
	}
	start := time.Now()
	if pull() != 200 || counting.checks.Load() != 1 {
		t.Fatalf("first pull: %d checks", counting.checks.Load())
	}
	if pull() != 200 || counting.checks.Load() != 1 {
		t.Fatalf("a pull within the TTL checked the token again (%d checks)", counting.checks.Load())
	}
	time.Sleep(time.Until(start.Add(ttl * 9 / 10)))
	if pull() != 200 {
		t.Fatal("a pull in the last fifth of the TTL was refused")
	}
	deadline := time.Now().Add(5 * time.Second)
	for counting.checks.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if counting.checks.Load() != 2 {
		t.Fatalf("a pull in the last fifth of the TTL: %d checks, want the token checked again once", counting.checks.Load())
	}
	time.Sleep(time.Until(start.Add(ttl * 12 / 10)))
	if pull() != 200 || counting.checks.Load() != 2 {
		t.Fatalf("past the first TTL, after the check ahead: %d checks, want none more", counting.checks.Load())
	}

	if err := f.db.Revoke(ctx, f.term.ID); err != nil {
		t.Fatal(err)
	}
	revoked := time.Now()
	for pull() == 200 {
		if time.Since(revoked) > ttl+200*time.Millisecond {
			t.Fatalf("a revoked token still read %s after the revocation (TTL %s)", time.Since(revoked), ttl)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
