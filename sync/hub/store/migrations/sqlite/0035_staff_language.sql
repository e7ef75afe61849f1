-- The language the station screens speak to each member of staff (issue
-- 11): a BCP 47 tag, '' for the station's default. Keep in step with the
-- other dialect.
ALTER TABLE staff ADD COLUMN language TEXT NOT NULL DEFAULT '';
