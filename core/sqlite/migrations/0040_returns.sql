-- Return inspection: returns the hub announces (RMAs) or the station records
-- when a parcel arrives unannounced, the units taken out of each parcel, and
-- the tables the business configures (disposition rules, checklists).

CREATE TABLE returns (
    id                INTEGER PRIMARY KEY,
    rma               TEXT NOT NULL UNIQUE,
    order_ref         TEXT NOT NULL DEFAULT '',   -- the original order's external id
    customer          TEXT NOT NULL DEFAULT '{}', -- core.Customer as JSON
    customer_name     TEXT NOT NULL DEFAULT '',   -- for search
    customer_key      TEXT NOT NULL DEFAULT '',   -- lower-cased email, else name: counts a customer's returns
    customer_returns  INTEGER NOT NULL DEFAULT 0, -- the hub's count, across stores
    package_sscc      TEXT NOT NULL DEFAULT '',   -- SSCC on the return parcel's label
    status            TEXT NOT NULL CHECK (status IN ('expected', 'inspecting', 'held', 'inspected', 'cancelled')),
    unexpected        INTEGER NOT NULL DEFAULT 0,
    delivered_at      INTEGER NOT NULL DEFAULT 0, -- unix seconds; 0 unknown
    shipped_weight_g  INTEGER NOT NULL DEFAULT 0,
    received_weight_g INTEGER NOT NULL DEFAULT 0,
    staff_id          INTEGER,                    -- the inspector who opened the parcel
    refund            TEXT NOT NULL DEFAULT '',   -- returns.Refund as JSON: proposed while held, final once inspected
    flags             TEXT NOT NULL DEFAULT '[]', -- fraud signals found at finishing
    reviewed_by       INTEGER,                    -- the supervisor who reviewed a held return
    review_note       TEXT NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL DEFAULT 0,
    started_at        INTEGER NOT NULL DEFAULT 0,
    finished_at       INTEGER NOT NULL DEFAULT 0, -- when the refund was decided or the return held
    updated_at        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX returns_order ON returns(order_ref);
CREATE INDEX returns_sscc ON returns(package_sscc) WHERE package_sscc <> '';
CREATE INDEX returns_queue ON returns(status, created_at);
CREATE INDEX returns_customer ON returns(customer_key, created_at);
CREATE INDEX returns_finished ON returns(finished_at) WHERE finished_at > 0;

-- What the customer said they sent back.
CREATE TABLE return_lines (
    id        INTEGER PRIMARY KEY,
    return_id INTEGER NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    line_no   INTEGER NOT NULL,
    sku       TEXT NOT NULL,
    name      TEXT NOT NULL DEFAULT '',
    qty       INTEGER NOT NULL CHECK (qty > 0),
    reason    TEXT NOT NULL DEFAULT '',
    comment   TEXT NOT NULL DEFAULT '',
    UNIQUE (return_id, line_no)
);

-- The serials and lots shipped on the original order line, as the hub knows
-- them (what this station picked is in pick_actions).
CREATE TABLE return_line_units (
    line_id INTEGER NOT NULL REFERENCES return_lines(id) ON DELETE CASCADE,
    serial  TEXT NOT NULL DEFAULT '',
    lot     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX return_line_units_line ON return_line_units(line_id);
CREATE INDEX return_line_units_serial ON return_line_units(serial) WHERE serial <> '';

-- Every unit taken out of a parcel, matched to a line or flagged.
CREATE TABLE return_items (
    id            INTEGER PRIMARY KEY,
    return_id     INTEGER NOT NULL REFERENCES returns(id),
    line_id       INTEGER REFERENCES return_lines(id),  -- NULL: matches no announced line
    product_id    INTEGER REFERENCES products(id),      -- NULL: a barcode not known here
    gtin          TEXT NOT NULL DEFAULT '',
    serial        TEXT NOT NULL DEFAULT '',
    lot           TEXT NOT NULL DEFAULT '',
    flag          TEXT NOT NULL DEFAULT '',
    flag_detail   TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('received', 'inspected', 'restocked')),
    grade         INTEGER NOT NULL DEFAULT 0,
    checklist     TEXT NOT NULL DEFAULT '[]',
    notes         TEXT NOT NULL DEFAULT '',
    rule_id       INTEGER,
    disposition   TEXT NOT NULL DEFAULT '',
    refund_pct    INTEGER NOT NULL DEFAULT 0,
    refund_reason TEXT NOT NULL DEFAULT '',
    overridden    INTEGER NOT NULL DEFAULT 0,
    bin_id        INTEGER REFERENCES bins(id),          -- where it was restocked
    staff_id      INTEGER NOT NULL,
    received_at   INTEGER NOT NULL,
    inspected_at  INTEGER NOT NULL DEFAULT 0,
    restocked_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX return_items_return ON return_items(return_id, id);
CREATE INDEX return_items_serial ON return_items(serial) WHERE serial <> '';

CREATE TABLE return_photos (
    item_id     INTEGER NOT NULL REFERENCES return_items(id),
    path        TEXT NOT NULL,
    attached_at INTEGER NOT NULL
);
CREATE INDEX return_photos_item ON return_photos(item_id);

-- The audit of overrides: who changed the rules' decision, from what to what,
-- why, and the supervisor who approved a higher refund.
CREATE TABLE return_overrides (
    id               INTEGER PRIMARY KEY,
    item_id          INTEGER NOT NULL REFERENCES return_items(id),
    staff_id         INTEGER NOT NULL,
    supervisor_id    INTEGER,
    rule_id          INTEGER,
    from_disposition TEXT NOT NULL,
    from_refund_pct  INTEGER NOT NULL,
    to_disposition   TEXT NOT NULL,
    to_refund_pct    INTEGER NOT NULL,
    reason           TEXT NOT NULL,
    at               INTEGER NOT NULL
);
CREATE INDEX return_overrides_item ON return_overrides(item_id);

-- The disposition table: tried by position, the first rule that matches
-- decides. Empty conditions match anything; max_days 0 means no limit.
-- AUTOINCREMENT: rule ids recorded on items are never reused.
CREATE TABLE return_rules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    position    INTEGER NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    grade       INTEGER NOT NULL DEFAULT 0 CHECK (grade BETWEEN 0 AND 5),
    category    TEXT NOT NULL DEFAULT '',
    min_days    INTEGER NOT NULL DEFAULT 0,
    max_days    INTEGER NOT NULL DEFAULT 0,
    disposition TEXT NOT NULL CHECK (disposition IN ('restock', 'refurbish', 'liquidate', 'dispose', 'return_to_vendor', 'hold')),
    refund_pct  INTEGER NOT NULL CHECK (refund_pct BETWEEN 0 AND 100),
    note        TEXT NOT NULL DEFAULT ''
);
-- The same rows as returns.DefaultRules (a test keeps them equal).
INSERT INTO return_rules(id, position, reason, grade, category, min_days, max_days, disposition, refund_pct, note) VALUES
    (1, 1, '', 1, '', 31, 0, 'restock', 0, 'Returned after the 30-day window: no refund'),
    (2, 2, '', 0, '', 31, 0, 'liquidate', 0, 'Returned after the 30-day window: no refund'),
    (3, 3, 'defective', 0, '', 0, 0, 'return_to_vendor', 100, 'Defective: back to the vendor'),
    (4, 4, 'arrived_damaged', 0, '', 0, 0, 'return_to_vendor', 100, 'Damaged in transit: vendor or carrier claim'),
    (5, 5, '', 1, '', 0, 0, 'restock', 100, ''),
    (6, 6, '', 0, 'Grocery', 0, 0, 'dispose', 0, 'Opened food cannot be resold: no refund'),
    (7, 7, '', 0, 'Beauty', 0, 0, 'dispose', 0, 'Opened cosmetics cannot be resold: no refund'),
    (8, 8, '', 2, 'Electronics', 0, 0, 'refurbish', 100, 'Opened electronics: test and reset before resale'),
    (9, 9, '', 2, '', 0, 0, 'restock', 100, ''),
    (10, 10, '', 3, '', 0, 0, 'liquidate', 50, 'Used: half refund'),
    (11, 11, '', 4, '', 0, 0, 'dispose', 0, 'Damaged after delivery: no refund'),
    (12, 12, '', 5, '', 0, 0, 'refurbish', 50, 'Parts missing: half refund');

-- Short checks per product category; '' is for any other category.
CREATE TABLE return_checklists (
    category TEXT NOT NULL,
    position INTEGER NOT NULL,
    item     TEXT NOT NULL,
    PRIMARY KEY (category, position)
) WITHOUT ROWID;
-- The same lists as returns.DefaultChecklists (a test keeps them equal).
INSERT INTO return_checklists(category, position, item) VALUES
    ('Electronics', 1, 'Powers on'), ('Electronics', 2, 'Charger and cables included'),
    ('Electronics', 3, 'No scratches or dents'), ('Electronics', 4, 'Reset, no account signed in'),
    ('Apparel', 1, 'Tags attached'), ('Apparel', 2, 'No stains or odour'), ('Apparel', 3, 'Not worn or washed'),
    ('Home', 1, 'No chips or cracks'), ('Home', 2, 'Original packaging'),
    ('Grocery', 1, 'Seal intact'), ('Grocery', 2, 'Within its date'),
    ('Beauty', 1, 'Seal intact'), ('Beauty', 2, 'Unused'),
    ('Toys', 1, 'All pieces present'), ('Toys', 2, 'Box intact'),
    ('', 1, 'Original packaging'), ('', 2, 'All parts present'), ('', 3, 'No damage');
