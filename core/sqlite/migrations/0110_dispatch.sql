-- The dock: carrier handovers (a cage, a trolley, a truck; HANDOVER-…
-- barcodes), the parcels scanned into them, and the orders a supervisor
-- let leave incomplete.
CREATE TABLE handovers (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE, -- the id after HANDOVER-
    carrier   TEXT NOT NULL,
    status    TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    opened_by INTEGER NOT NULL,
    opened_at INTEGER NOT NULL,
    closed_by INTEGER,
    closed_at INTEGER
);
CREATE INDEX handovers_open ON handovers(status, carrier);

-- A package in a handover. A package is in one handover at most: undoing
-- a scan deletes its row (the outbox keeps the history). sealed: it was on
-- a manifest (the handover closed), so no undo takes it back.
CREATE TABLE dispatch_parcels (
    id          INTEGER PRIMARY KEY,
    handover_id INTEGER NOT NULL REFERENCES handovers(id),
    package_id  INTEGER NOT NULL UNIQUE REFERENCES packages(id),
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    tracking    TEXT NOT NULL,
    service     TEXT NOT NULL DEFAULT '',
    staff_id    INTEGER NOT NULL,
    scanned_at  INTEGER NOT NULL,
    sealed      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dispatch_parcels_handover ON dispatch_parcels(handover_id, id);
CREATE INDEX dispatch_parcels_order ON dispatch_parcels(order_id);

CREATE TABLE dispatch_splits (
    handover_id   INTEGER NOT NULL REFERENCES handovers(id),
    order_id      INTEGER NOT NULL REFERENCES orders(id),
    supervisor_id INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    PRIMARY KEY (handover_id, order_id)
);

-- Finding a package's SSCC at the dock, and packed packages waiting for
-- the dock, by age.
CREATE INDEX IF NOT EXISTS packages_closed ON packages(status, closed_at);
