package hub

import (
	"context"
	"crypto/sha256"
	gosync "sync"
	"time"

	"github.com/stationhand/stationhand/sync/hub/store"
)

// DefaultAuthTTL is how long a Server trusts a terminal's token it has
// checked. A revoked token still reads for at most this long; a push checks
// the terminal's revocation again inside its own transaction, so nothing
// is written with a revoked token, ever.
const DefaultAuthTTL = 5 * time.Second

// authCache remembers recently checked tokens (by hash, never the token
// itself), saving a database round trip on most requests of a busy
// terminal.
type authCache struct {
	ttl time.Duration
	mu  gosync.Mutex
	m   map[[32]byte]authEntry
}

type authEntry struct {
	p          store.Principal
	expires    time.Time
	refreshing bool
}

// refreshAhead is the part of the TTL, at its end, in which a request
// served from the cache checks the token again in the background: a busy
// terminal's requests never wait for that check (nor for a connection of
// the database's pool to make it), and what is served is still never
// older than the TTL.
const refreshAhead = 5 // the last fifth

// authenticate returns the principal of token, from the cache or backend.
func (c *authCache) authenticate(ctx context.Context, b Backend, token string) (store.Principal, error) {
	if token == "" || c.ttl <= 0 {
		return b.Authenticate(ctx, token)
	}
	key := sha256.Sum256([]byte(token))
	now := time.Now()
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		if !e.refreshing && now.After(e.expires.Add(-c.ttl/refreshAhead)) {
			c.mu.Lock()
			if e, ok = c.m[key]; ok && !e.refreshing {
				e.refreshing = true
				c.m[key] = e
				go c.refresh(b, key, token)
			}
			c.mu.Unlock()
		}
		return e.p, nil
	}
	return c.check(ctx, b, key, token)
}

// check asks the backend about token and caches a terminal's principal.
func (c *authCache) check(ctx context.Context, b Backend, key [32]byte, token string) (store.Principal, error) {
	now := time.Now()
	p, err := b.Authenticate(ctx, token)
	if err != nil || p.Kind != store.KindTerminal {
		c.mu.Lock()
		delete(c.m, key) // a refusal is never cached: a revoked token reads no more
		c.mu.Unlock()
		return p, err // refusals and ingest keys (which write) are never cached
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) > 100000 {
		c.m = map[[32]byte]authEntry{}
	}
	c.m[key] = authEntry{p: p, expires: now.Add(c.ttl)}
	c.mu.Unlock()
	return p, nil
}

// refresh checks a cached token again before its entry expires.
func (c *authCache) refresh(b Backend, key [32]byte, token string) {
	ctx, cancel := context.WithTimeout(context.Background(), c.ttl)
	defer cancel()
	// Refused, or the database failed: check forgot the entry, and the
	// terminal's next request asks the database itself.
	c.check(ctx, b, key, token)
}
