-- Wrong PINs in a row per member of staff (issue 14): after five, the
-- person is locked for a growing delay (core.PINLockFor).
CREATE TABLE pin_failures (
    staff_id     INTEGER PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until INTEGER NOT NULL DEFAULT 0 -- unix milliseconds
);
