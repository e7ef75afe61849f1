-- What was picked for an order whose claim the hub took back (the terminal
-- revoked, or a supervisor's release): core.PutBackItem list as JSON, sent
-- with the order's progress until the order moves again.
ALTER TABLE orders ADD COLUMN put_back TEXT NOT NULL DEFAULT '';
