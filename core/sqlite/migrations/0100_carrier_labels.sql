-- Carrier labels: the documents a carrier or marketplace issued for an
-- order's parcels, as they arrived from the hub. package_seq 0 is a label
-- bought in advance for "the next package without one"; printing binds it
-- to a package (package_seq set, printed_at stamped).
CREATE TABLE carrier_labels (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    package_seq INTEGER NOT NULL DEFAULT 0 CHECK (package_seq >= 0),
    carrier     TEXT NOT NULL,
    service     TEXT NOT NULL DEFAULT '',
    tracking    TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('pdf', 'zpl')),
    document    BLOB NOT NULL,
    received_at INTEGER NOT NULL,
    printed_at  INTEGER,
    UNIQUE (carrier, tracking)
);
CREATE INDEX carrier_labels_order ON carrier_labels(order_id, package_seq);
CREATE INDEX carrier_labels_tracking ON carrier_labels(tracking);
