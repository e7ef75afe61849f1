-- A label request opened again because a station voided the package's
-- printed carrier label (the address changed after it was printed):
-- replaces names the voided tracking number. Keep in step with the other dialect.
ALTER TABLE label_requests ADD COLUMN replaces TEXT NOT NULL DEFAULT '';
