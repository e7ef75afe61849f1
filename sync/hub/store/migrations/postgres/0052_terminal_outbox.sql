-- How many events a station said were still waiting to be pushed, after
-- its last push (header Stationhand-Outbox), and when; -1: never said.
-- Keep in step with the other dialect.
ALTER TABLE terminals ADD COLUMN outbox BIGINT NOT NULL DEFAULT -1;
ALTER TABLE terminals ADD COLUMN outbox_at BIGINT NOT NULL DEFAULT 0;
