-- Pack station: the carton catalogue, packages with their SSCCs and
-- contents, the packing state of each order, and this terminal's SSCC range.

-- Cartons the station packs in; inside dimensions in mm, weights in grams.
CREATE TABLE cartons (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    length_mm    INTEGER NOT NULL CHECK (length_mm > 0),
    width_mm     INTEGER NOT NULL CHECK (width_mm > 0),
    height_mm    INTEGER NOT NULL CHECK (height_mm > 0),
    max_weight_g INTEGER NOT NULL CHECK (max_weight_g > 0),
    tare_g       INTEGER NOT NULL DEFAULT 0 CHECK (tare_g >= 0),
    active       INTEGER NOT NULL DEFAULT 1 -- 0: removed from the catalogue, kept for history
);

-- Sensible defaults: common single-wall box sizes and a padded mailer.
INSERT INTO cartons(code, name, length_mm, width_mm, height_mm, max_weight_g, tare_g) VALUES
    ('XS', 'Mailer box',       250, 180,  60,  2000,  90),
    ('S',  'Small box',        305, 215, 150, 10000, 190),
    ('M',  'Medium box',       400, 300, 200, 20000, 340),
    ('L',  'Large box',        500, 400, 300, 25000, 560),
    ('XL', 'Extra large box',  600, 400, 400, 30000, 780);

-- An order being packed (or packed) here: who packs it and how many
-- packages it ships in.
CREATE TABLE pack_orders (
    order_id   INTEGER PRIMARY KEY REFERENCES orders(id),
    staff_id   INTEGER NOT NULL,
    planned    INTEGER NOT NULL DEFAULT 1 CHECK (planned BETWEEN 1 AND 99),
    started_at INTEGER NOT NULL
);

-- One parcel of an order: open while it is filled, closed with its carton,
-- weight and SSCC. An SSCC is never given twice.
CREATE TABLE packages (
    id             INTEGER PRIMARY KEY,
    order_id       INTEGER NOT NULL REFERENCES orders(id),
    seq            INTEGER NOT NULL, -- package seq of pack_orders.planned
    status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    carton         TEXT NOT NULL DEFAULT '',
    weight_g       INTEGER NOT NULL DEFAULT 0,
    sscc           TEXT UNIQUE,
    company_prefix TEXT NOT NULL DEFAULT '',
    staff_id       INTEGER NOT NULL,
    opened_at      INTEGER NOT NULL,
    closed_at      INTEGER,
    UNIQUE (order_id, seq),
    CHECK (status = 'open' OR (sscc IS NOT NULL AND weight_g > 0))
);

-- Units scanned into a package, in scan order.
CREATE TABLE package_items (
    id         INTEGER PRIMARY KEY,
    package_id INTEGER NOT NULL REFERENCES packages(id),
    line_id    INTEGER NOT NULL REFERENCES order_lines(id),
    qty        INTEGER NOT NULL CHECK (qty > 0),
    serial     TEXT NOT NULL DEFAULT '',
    lot        TEXT NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX package_items_package ON package_items(package_id, id);
CREATE INDEX package_items_line ON package_items(line_id);

-- Which order a stray unit belongs to: lines by product.
CREATE INDEX order_lines_product ON order_lines(product_id);

-- The serial references this terminal numbers its SSCCs from (one row):
-- its own block, so no two terminals ever issue the same SSCC. next is
-- advanced in the transaction that closes a package.
CREATE TABLE sscc_range (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    company_prefix TEXT NOT NULL,
    extension      INTEGER NOT NULL,
    first          INTEGER NOT NULL,
    last           INTEGER NOT NULL,
    next           INTEGER NOT NULL
);
