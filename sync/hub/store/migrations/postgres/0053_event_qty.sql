-- The units a pick.item_picked event picked, out of its payload: the KPI
-- page sums them over a month of picks, and reading them out of tens of
-- thousands of JSON payloads was most of its first view's time. A stored
-- generated column: PostgreSQL fills it as each event is inserted (the
-- push statements stay as they are) and this statement fills it for the
-- events already held (the table is rewritten once). It never fails an
-- insert: anything but a whole number of at most 15 digits, or a payload
-- of another event type, is 0 (nested CASEs: the inner one runs only for
-- a pick, whose payload the hub stored as a JSON object). Keep in step
-- with the other dialect.
ALTER TABLE events ADD COLUMN qty BIGINT GENERATED ALWAYS AS (
    CASE WHEN type <> 'pick.item_picked' OR payload = '' THEN 0
    ELSE CASE WHEN json_typeof(payload::json -> 'qty') = 'number' AND (payload::json ->> 'qty') ~ '^-?[0-9]{1,15}$'
        THEN (payload::json ->> 'qty')::bigint ELSE 0 END
    END) STORED;

-- The KPIs' index carries what the KPI queries read (picker, units,
-- refused or not): a month of one location's picks is spread over most of
-- the table's pages, and reading those pages, not the index, was what the
-- first view still cost. With these columns it is an index-only scan.
DROP INDEX events_location_type_at;
CREATE INDEX events_location_type_at ON events(location, type, at) INCLUDE (staff_id, qty, rejected);
