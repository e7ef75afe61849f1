-- The integration feed (issue 13). Keep in step with the other dialect.

-- feed_pos is an applied event's place in the feed the order system
-- reads: one order over every location, given by the feed's sequencer
-- (store/feed.go) to events already committed, so a position only ever
-- appears after every smaller one. NULL until sequenced, and for ever for
-- refused events.
ALTER TABLE events ADD COLUMN feed_pos INTEGER;
CREATE UNIQUE INDEX events_feed ON events(feed_pos) WHERE feed_pos IS NOT NULL;
CREATE INDEX events_feed_location ON events(location, feed_pos) WHERE feed_pos IS NOT NULL;
-- What the sequencer has still to number: applied events without a place.
CREATE INDEX events_unfed ON events(received_at, terminal_id, seq) WHERE feed_pos IS NULL AND rejected = 0;

-- Integrations: order systems that read the feed with their own token
-- (the hub keeps its hash), for one location or all (location ''), and
-- optionally have it delivered to a webhook: URL, HMAC secret, and the
-- position delivered so far.
CREATE TABLE integrations (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    location        TEXT NOT NULL DEFAULT '',
    token_hash      TEXT NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER,
    webhook_url     TEXT NOT NULL DEFAULT '',
    webhook_secret  TEXT NOT NULL DEFAULT '',
    webhook_cursor  INTEGER NOT NULL DEFAULT 0,
    webhook_failures INTEGER NOT NULL DEFAULT 0, -- failed deliveries in a row
    webhook_next_at INTEGER NOT NULL DEFAULT 0,  -- no delivery before (backoff)
    webhook_error   TEXT NOT NULL DEFAULT '',
    webhook_lease   INTEGER NOT NULL DEFAULT 0   -- a hub process delivers until then
);
