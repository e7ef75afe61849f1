-- The hub's schema (SQLite). Keep it in step with postgres/0001_init.sql:
-- the same tables, columns and keys; only types and identity columns differ.
-- Times are unix milliseconds; flags are 0/1 integers.

CREATE TABLE locations (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE terminals (
    id         TEXT PRIMARY KEY,
    location   TEXT NOT NULL REFERENCES locations(code),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    last_seq   INTEGER NOT NULL DEFAULT 0, -- the highest event sequence applied
    last_seen  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX terminals_location ON terminals(location);

-- Keys of order management systems allowed to ingest orders.
CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

-- The version counter of each change stream: (location, kind), location ''
-- for the catalogue every location shares. Writers bump it under the row's
-- lock, so versions become visible in order.
CREATE TABLE streams (
    location TEXT NOT NULL,
    kind     TEXT NOT NULL,
    version  INTEGER NOT NULL,
    PRIMARY KEY (location, kind)
);

-- The latest version at which each record changed: a pull reads the records
-- whose version is past the terminal's cursor.
CREATE TABLE changes (
    location TEXT NOT NULL,
    kind     TEXT NOT NULL,
    key      TEXT NOT NULL,
    version  INTEGER NOT NULL,
    PRIMARY KEY (location, kind, key)
);
CREATE INDEX changes_version ON changes(location, kind, version);

CREATE TABLE products (
    sku  TEXT PRIMARY KEY,
    doc  TEXT NOT NULL, -- core.Product as JSON
    hash TEXT NOT NULL
);

CREATE TABLE bins (
    location TEXT NOT NULL REFERENCES locations(code),
    code     TEXT NOT NULL,
    doc      TEXT NOT NULL, -- core.Bin as JSON
    PRIMARY KEY (location, code)
);

CREATE TABLE stock (
    location TEXT NOT NULL,
    skey     TEXT NOT NULL, -- bin, U+001F, SKU: the key in changes
    bin      TEXT NOT NULL,
    sku      TEXT NOT NULL,
    qty      INTEGER NOT NULL CHECK (qty >= 0),
    PRIMARY KEY (location, skey)
);

CREATE TABLE staff (
    id       INTEGER PRIMARY KEY,
    location TEXT NOT NULL REFERENCES locations(code),
    name     TEXT NOT NULL,
    badge    TEXT NOT NULL,
    roles    TEXT NOT NULL, -- comma-separated core.Role values
    pin_hash TEXT NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1,
    UNIQUE (location, badge)
);

CREATE TABLE orders (
    external_id TEXT PRIMARY KEY,
    location    TEXT NOT NULL REFERENCES locations(code),
    doc         TEXT NOT NULL, -- core.Order as JSON, without status
    hash        TEXT NOT NULL, -- of doc, to tell a changed order from a re-import
    status      TEXT NOT NULL,
    claimed_by  TEXT,          -- the terminal picking it
    updated_at  INTEGER NOT NULL
);
-- Not on status: a status change then updates the row in place.
CREATE INDEX orders_location ON orders(location);

-- Every event every terminal pushed, exactly once: (terminal, seq) is the
-- key that makes a replay a no-op.
CREATE TABLE events (
    terminal_id TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    event_id    TEXT NOT NULL,
    type        TEXT NOT NULL,
    order_id    TEXT NOT NULL DEFAULT '',
    staff_id    INTEGER NOT NULL DEFAULT 0,
    at          INTEGER NOT NULL,
    payload     TEXT NOT NULL DEFAULT '',
    location    TEXT NOT NULL,
    rejected    INTEGER NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL DEFAULT '',
    refused     TEXT NOT NULL DEFAULT '', -- the orders of order_id the hub refused it for
    message     TEXT NOT NULL DEFAULT '',
    notify      INTEGER NOT NULL DEFAULT 0, -- a rejection the terminal pulls as an exception
    received_at INTEGER NOT NULL,
    PRIMARY KEY (terminal_id, seq)
);
-- Few events are refused: a partial index keeps the others out of it.
CREATE INDEX events_notify ON events(terminal_id, seq) WHERE notify = 1;
