-- Decisions the console's users take on the exceptions of an order that
-- its location's stations hold (resolve a put-back, accept a relabel). The
-- latest of each kind travels with the order's progress (orders.decisions,
-- core.HubDecision list as JSON), so every station of the location closes
-- its exception of that kind on its next pull; hub_decisions keeps who
-- decided what, and when. Keep in step with the other dialect.
ALTER TABLE orders ADD COLUMN decisions TEXT NOT NULL DEFAULT '';
-- When the hub took an address change for an order packed already (its
-- label printed at the station): the label must be printed again. 0: none.
ALTER TABLE orders ADD COLUMN relabel INTEGER NOT NULL DEFAULT 0;
CREATE TABLE hub_decisions (
    id         INTEGER PRIMARY KEY,
    location   TEXT NOT NULL,
    order_id   TEXT NOT NULL,
    kind       TEXT NOT NULL, -- the station exception kind it closes: put_back, relabel
    decided_by TEXT NOT NULL, -- the hub user's name
    at         INTEGER NOT NULL
);
CREATE INDEX hub_decisions_location ON hub_decisions(location, at);
