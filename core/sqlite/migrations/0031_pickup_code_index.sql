-- A partial index (WHERE pickup_code <> '') is never chosen for
-- "pickup_code = ?": SQLite cannot prove a bound value is not ''. Index
-- every row instead, so finding an order by its pickup code is a lookup,
-- not a scan of every order.
DROP INDEX orders_pickup_code;
CREATE INDEX orders_pickup_code ON orders(pickup_code);
