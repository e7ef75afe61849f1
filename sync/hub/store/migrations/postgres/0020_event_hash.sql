-- The content hash of each event (core.EventHash): a replay under a held
-- sequence number must be the same event, not just carry the same id.
-- Events stored before this migration have '' and are hashed from their
-- columns when compared.
ALTER TABLE events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
