-- Recovery without an operator after a hub restore, a move to another
-- location or a rollback of this file (issue 9).

-- Pushed events stay for a retention window (sync.PruneEvents), so that a
-- hub restored from an older backup can be refilled. pushed_at is when the
-- hub acknowledged the event, unix milliseconds.
ALTER TABLE events ADD COLUMN pushed_at INTEGER;
UPDATE events SET pushed_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 WHERE pushed = 1;
CREATE INDEX events_pushed_at ON events(pushed_at) WHERE pushed = 1;

-- The generation of the hub's data each record came with. A full re-pull
-- (the hub refused this station's cursor) stamps every record it brings
-- with a new generation, and at its end removes what it did not bring.
ALTER TABLE orders ADD COLUMN sync_gen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN sync_gen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bins ADD COLUMN sync_gen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN sync_gen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stock ADD COLUMN sync_gen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE returns ADD COLUMN sync_gen INTEGER NOT NULL DEFAULT 0;

-- Refused events already turned into exceptions: a full re-pull brings
-- every refusal again, and a person must not see one twice.
CREATE TABLE seen_rejections (
    event_id TEXT PRIMARY KEY
) WITHOUT ROWID;
INSERT OR IGNORE INTO seen_rejections(event_id)
SELECT json_extract(detail, '$.event_id') FROM exceptions
WHERE json_valid(detail) AND json_type(detail, '$.event_id') = 'text';
