-- An order the dock shipped (order.shipped): its parcels with the
-- carrier's tracking numbers (core.OrderShippedPayload as JSON), served to
-- the order system with the order's status, and when it shipped (Unix ms;
-- 0 while not shipped).
ALTER TABLE orders ADD COLUMN shipment TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN shipped_at INTEGER NOT NULL DEFAULT 0;
