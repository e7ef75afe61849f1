-- Stationhand local store, first schema.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE products (
    id             INTEGER PRIMARY KEY,
    sku            TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    category       TEXT NOT NULL DEFAULT '',
    weight_g       INTEGER NOT NULL DEFAULT 0,
    length_mm      INTEGER NOT NULL DEFAULT 0,
    width_mm       INTEGER NOT NULL DEFAULT 0,
    height_mm      INTEGER NOT NULL DEFAULT 0,
    capture_lot    INTEGER NOT NULL DEFAULT 0,
    capture_serial INTEGER NOT NULL DEFAULT 0,
    capture_expiry INTEGER NOT NULL DEFAULT 0
);

-- GTINs normalised to 14 digits.
CREATE TABLE product_codes (
    code       TEXT PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX product_codes_product ON product_codes(product_id);

CREATE TABLE bins (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    zone     TEXT NOT NULL DEFAULT '',
    aisle    TEXT NOT NULL DEFAULT '',
    bay      TEXT NOT NULL DEFAULT '',
    level    TEXT NOT NULL DEFAULT '',
    walk_seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX bins_walk ON bins(walk_seq);

CREATE TABLE stock (
    bin_id     INTEGER NOT NULL REFERENCES bins(id),
    product_id INTEGER NOT NULL REFERENCES products(id),
    qty        INTEGER NOT NULL CHECK (qty >= 0),
    PRIMARY KEY (product_id, bin_id)
) WITHOUT ROWID;

CREATE TABLE staff (
    id       INTEGER PRIMARY KEY, -- the hub's staff id
    name     TEXT NOT NULL,
    pin_hash TEXT NOT NULL,
    badge    TEXT UNIQUE,
    roles    TEXT NOT NULL, -- comma-separated core.Role values
    active   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    external_id    TEXT NOT NULL UNIQUE,
    channel        TEXT NOT NULL DEFAULT '',
    customer       TEXT NOT NULL DEFAULT '{}', -- core.Customer as JSON
    customer_name  TEXT NOT NULL DEFAULT '',   -- for search
    ship_to        TEXT NOT NULL DEFAULT '{}', -- core.Address as JSON
    fulfillment    TEXT NOT NULL CHECK (fulfillment IN ('ship', 'store_pickup', 'ship_from_store')),
    status         TEXT NOT NULL,
    service        TEXT NOT NULL DEFAULT '',
    pickup_code    TEXT NOT NULL DEFAULT '',
    promised_at    INTEGER NOT NULL DEFAULT 0, -- unix seconds
    created_at     INTEGER NOT NULL DEFAULT 0,
    updated_at     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX orders_queue ON orders(status, fulfillment, promised_at);

CREATE TABLE order_lines (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL,
    product_id   INTEGER NOT NULL REFERENCES products(id),
    qty          INTEGER NOT NULL CHECK (qty > 0),
    picked_qty   INTEGER NOT NULL DEFAULT 0,
    short_qty    INTEGER NOT NULL DEFAULT 0,
    short_reason TEXT NOT NULL DEFAULT '',
    UNIQUE (order_id, line_no)
);

CREATE TABLE totes (
    code     TEXT PRIMARY KEY,
    order_id INTEGER REFERENCES orders(id) -- the order it holds now; NULL when empty
);
CREATE INDEX totes_order ON totes(order_id);

-- A pick batch: one picker working one or more orders (cluster picking).
CREATE TABLE pick_batches (
    id                  TEXT PRIMARY KEY, -- UUID
    staff_id            INTEGER NOT NULL REFERENCES staff(id),
    status              TEXT NOT NULL CHECK (status IN ('active', 'done', 'released')),
    confirmed_task_id   INTEGER,          -- the task whose bin the picker confirmed
    await_tote_order_id INTEGER,          -- cluster picking: the order whose tote must be scanned next
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX pick_batches_staff ON pick_batches(staff_id, status);

CREATE TABLE pick_batch_orders (
    batch_id TEXT NOT NULL REFERENCES pick_batches(id),
    order_id INTEGER NOT NULL REFERENCES orders(id),
    position INTEGER NOT NULL,
    tote     TEXT,
    PRIMARY KEY (batch_id, order_id)
) WITHOUT ROWID;
CREATE INDEX pick_batch_orders_order ON pick_batch_orders(order_id);

-- One step of a pick list: a quantity of one order line from one bin.
CREATE TABLE pick_tasks (
    id           INTEGER PRIMARY KEY,
    batch_id     TEXT NOT NULL REFERENCES pick_batches(id),
    order_id     INTEGER NOT NULL REFERENCES orders(id),
    line_id      INTEGER NOT NULL REFERENCES order_lines(id),
    bin_id       INTEGER NOT NULL REFERENCES bins(id),
    product_id   INTEGER NOT NULL REFERENCES products(id),
    seq          INTEGER NOT NULL,
    qty          INTEGER NOT NULL,
    picked       INTEGER NOT NULL DEFAULT 0,
    short        INTEGER NOT NULL DEFAULT 0,
    short_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pick_tasks_batch ON pick_tasks(batch_id, seq);
CREATE INDEX pick_tasks_order ON pick_tasks(order_id);

-- What the picker did, newest last; undo reverses the newest not yet undone.
CREATE TABLE pick_actions (
    id       INTEGER PRIMARY KEY,
    batch_id TEXT NOT NULL REFERENCES pick_batches(id),
    task_id  INTEGER NOT NULL REFERENCES pick_tasks(id),
    kind     TEXT NOT NULL CHECK (kind IN ('pick', 'short')),
    qty      INTEGER NOT NULL,
    lot      TEXT NOT NULL DEFAULT '',
    serial   TEXT NOT NULL DEFAULT '',
    expiry   TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD
    reason   TEXT NOT NULL DEFAULT '',
    undone   INTEGER NOT NULL DEFAULT 0,
    at       INTEGER NOT NULL
);
CREATE INDEX pick_actions_batch ON pick_actions(batch_id, id);
CREATE INDEX pick_actions_serial ON pick_actions(serial) WHERE serial <> '';

-- The transactional outbox: every event, in the terminal's own order.
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    id        TEXT NOT NULL UNIQUE,
    type      TEXT NOT NULL,
    order_ref TEXT NOT NULL DEFAULT '',
    staff_id  INTEGER NOT NULL DEFAULT 0,
    terminal  TEXT NOT NULL,
    at        INTEGER NOT NULL, -- unix milliseconds
    payload   TEXT NOT NULL DEFAULT '{}',
    pushed    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_pending ON events(pushed, seq);

-- Things a person must handle that the workflows could not: put-backs after a
-- cancellation, events the hub refused, relabels.
CREATE TABLE exceptions (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    order_ref   TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    resolved_by INTEGER
);
CREATE INDEX exceptions_open ON exceptions(resolved_at, id);
