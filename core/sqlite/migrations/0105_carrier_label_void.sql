-- A carrier label voided by a relabel (the order's address changed after
-- it was printed): kept for the record, but no longer the package's label.
-- The dock refuses its tracking number and the package waits for a new one.
ALTER TABLE carrier_labels ADD COLUMN voided_at INTEGER;
