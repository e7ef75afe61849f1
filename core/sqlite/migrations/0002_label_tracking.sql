-- When the last label for an order was printed: an address change after it
-- means the parcel needs a new label.
ALTER TABLE orders ADD COLUMN label_printed_at INTEGER;
-- Which hub version of the order this terminal holds, to tell updates apart.
ALTER TABLE orders ADD COLUMN hub_version INTEGER NOT NULL DEFAULT 0;
