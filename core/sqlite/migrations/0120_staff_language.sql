-- The language the screens speak to each member of staff (issue 11), as
-- the hub sends it; '' for the station's default (setting ui.language).
ALTER TABLE staff ADD COLUMN language TEXT NOT NULL DEFAULT '';
