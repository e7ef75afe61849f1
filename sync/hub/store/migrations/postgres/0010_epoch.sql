-- The hub's epoch: the generation of this database. Cursors and pushes name
-- the epoch they were made in; a new epoch (the database was restored,
-- re-created or copied in) tells terminals to pull everything again and to
-- re-send what the hub lacks. Keep it in step with sqlite/0010_epoch.sql.
CREATE TABLE hub_epoch (
    id         SMALLINT PRIMARY KEY CHECK (id = 1),
    epoch      TEXT NOT NULL,
    reason     TEXT NOT NULL,   -- why this epoch began, for a person
    created_at BIGINT NOT NULL,
    boot       TEXT NOT NULL DEFAULT '', -- the serving run that has the database open; '' once it closed it
    last_boot  TEXT NOT NULL DEFAULT ''  -- the serving run that opened it last
);
