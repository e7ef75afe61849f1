-- Store pickup (BOPIS): bags on hold shelves, handoffs with their
-- verification, returns to stock, and the indexes that find an order at the
-- counter by pickup code, name or phone.

-- Per-order pickup state: one row from the moment the order is bagged.
CREATE TABLE pickups (
    order_id           INTEGER PRIMARY KEY REFERENCES orders(id),
    bags               INTEGER NOT NULL DEFAULT 0,
    bag_in_hand        INTEGER NOT NULL DEFAULT 0, -- staging: the bag scanned, waiting for its shelf
    staged_at          INTEGER,                    -- unix seconds: ready for pickup since
    wrong_codes        INTEGER NOT NULL DEFAULT 0,
    locked_at          INTEGER,                    -- set at the fifth wrong code; cleared by a supervisor
    arrived_at         INTEGER,                    -- the customer is at the counter or a curbside bay
    curbside_bay       TEXT NOT NULL DEFAULT '',
    curbside_car       TEXT NOT NULL DEFAULT '',
    -- The verification of the handoff under way (never an ID's number).
    verified_method    TEXT CHECK (verified_method IN ('code', 'id_check')),
    verified_collector TEXT NOT NULL DEFAULT '',
    verified_name      TEXT NOT NULL DEFAULT '',
    verified_id_type   TEXT NOT NULL DEFAULT '',
    verified_by        INTEGER,
    verified_at        INTEGER,
    restock_bin_id     INTEGER REFERENCES bins(id) -- return to stock: the bin the person is at
);
CREATE INDEX pickups_staged ON pickups(staged_at);

CREATE TABLE pickup_bags (
    order_id  INTEGER NOT NULL REFERENCES orders(id),
    n         INTEGER NOT NULL,
    shelf_id  INTEGER REFERENCES bins(id),
    placed_at INTEGER,
    handed_at INTEGER, -- scanned out in the handoff under way
    PRIMARY KEY (order_id, n)
) WITHOUT ROWID;
CREATE INDEX pickup_bags_shelf ON pickup_bags(shelf_id);

-- Units the customer refuses in the handoff under way.
CREATE TABLE pickup_refusals (
    order_id INTEGER NOT NULL REFERENCES orders(id),
    line_id  INTEGER NOT NULL REFERENCES order_lines(id),
    qty      INTEGER NOT NULL CHECK (qty > 0),
    reason   TEXT NOT NULL,
    PRIMARY KEY (order_id, line_id)
) WITHOUT ROWID;

-- A handoff that happened: who, when, and how the collector was verified.
CREATE TABLE pickup_handoffs (
    order_id       INTEGER PRIMARY KEY REFERENCES orders(id),
    staff_id       INTEGER NOT NULL,
    at             INTEGER NOT NULL,
    method         TEXT NOT NULL CHECK (method IN ('code', 'id_check')),
    collector      TEXT NOT NULL CHECK (collector IN ('customer', 'alternate')),
    collector_name TEXT NOT NULL DEFAULT '',
    id_type        TEXT NOT NULL DEFAULT '',
    verified_by    INTEGER NOT NULL,
    verified_at    INTEGER NOT NULL,
    curbside_bay   TEXT NOT NULL DEFAULT '',
    curbside_car   TEXT NOT NULL DEFAULT '',
    CHECK (method <> 'id_check' OR id_type <> '')
);

-- No code path may mark an order collected without its verified handoff.
CREATE TRIGGER orders_collected_needs_handoff BEFORE UPDATE OF status ON orders
WHEN NEW.status = 'collected' AND OLD.status <> 'collected'
    AND NOT EXISTS (SELECT 1 FROM pickup_handoffs WHERE order_id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'order collected without a verified handoff');
END;

-- Units to put back into bins: refused at handoff, or of an expired order.
CREATE TABLE restock_tasks (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders(id),
    line_id    INTEGER NOT NULL REFERENCES order_lines(id),
    product_id INTEGER NOT NULL REFERENCES products(id),
    qty        INTEGER NOT NULL CHECK (qty > 0),
    done       INTEGER NOT NULL DEFAULT 0 CHECK (done >= 0 AND done <= qty),
    reason     TEXT NOT NULL CHECK (reason IN ('refused', 'expired')),
    created_at INTEGER NOT NULL
);
CREATE INDEX restock_tasks_order ON restock_tasks(order_id);

-- Finding the order at the counter: by the code in the customer's QR...
CREATE INDEX orders_pickup_code ON orders(pickup_code) WHERE pickup_code <> '';

-- ...or by part of a name (the customer's or the alternate's, any script,
-- accents ignored) or phone number (digits only), through a trigram index.
CREATE VIRTUAL TABLE pickup_search USING fts5(name, phone, tokenize = 'trigram remove_diacritics 1');

CREATE TRIGGER pickup_search_insert AFTER INSERT ON orders WHEN NEW.fulfillment = 'store_pickup'
BEGIN
    INSERT INTO pickup_search(rowid, name, phone) VALUES (NEW.id,
        trim(coalesce(json_extract(NEW.customer, '$.name'), '') || ' ' || coalesce(json_extract(NEW.customer, '$.alt_pickup'), '')),
        replace(replace(replace(replace(replace(replace(coalesce(json_extract(NEW.customer, '$.phone'), ''),
            ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '.', ''));
END;

CREATE TRIGGER pickup_search_update AFTER UPDATE OF customer, fulfillment ON orders
BEGIN
    DELETE FROM pickup_search WHERE rowid = OLD.id;
    INSERT INTO pickup_search(rowid, name, phone) SELECT NEW.id,
        trim(coalesce(json_extract(NEW.customer, '$.name'), '') || ' ' || coalesce(json_extract(NEW.customer, '$.alt_pickup'), '')),
        replace(replace(replace(replace(replace(replace(coalesce(json_extract(NEW.customer, '$.phone'), ''),
            ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '.', '')
    WHERE NEW.fulfillment = 'store_pickup';
END;

CREATE TRIGGER pickup_search_delete AFTER DELETE ON orders
BEGIN
    DELETE FROM pickup_search WHERE rowid = OLD.id;
END;

INSERT INTO pickup_search(rowid, name, phone) SELECT id,
    trim(coalesce(json_extract(customer, '$.name'), '') || ' ' || coalesce(json_extract(customer, '$.alt_pickup'), '')),
    replace(replace(replace(replace(replace(replace(coalesce(json_extract(customer, '$.phone'), ''),
        ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '.', '')
FROM orders WHERE fulfillment = 'store_pickup';
