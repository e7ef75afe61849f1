-- The console's KPIs per location and day, as computed, with the number
-- of the location's events of the day and of the week before it at the
-- time (events are never changed or removed, so a day whose counts still
-- match is still right; a late push changes them and the day is computed
-- again). Keep in step with the other dialect.
CREATE TABLE kpi_days (
    location TEXT NOT NULL,
    day      BIGINT NOT NULL, -- days since 1970-01-01 UTC
    events   BIGINT NOT NULL, -- the location's events dated that day or in the 7 days before
    doc      TEXT NOT NULL,   -- the KPIDay as JSON
    PRIMARY KEY (location, day)
);
