-- How much one empty carton of a kind may differ from its tare: it widens
-- the pack station's weight check (issue 12).
ALTER TABLE cartons ADD COLUMN tare_spread_g INTEGER NOT NULL DEFAULT 0 CHECK (tare_spread_g >= 0);
UPDATE cartons SET tare_spread_g = CASE code WHEN 'XS' THEN 10 WHEN 'S' THEN 20 WHEN 'M' THEN 30 WHEN 'L' THEN 50 WHEN 'XL' THEN 70 ELSE 0 END;
