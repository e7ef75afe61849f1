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
	p       store.Principal
	expires time.Time
}

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
		return e.p, nil
	}
	p, err := b.Authenticate(ctx, token)
	if err != nil || p.Kind != store.KindTerminal {
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
