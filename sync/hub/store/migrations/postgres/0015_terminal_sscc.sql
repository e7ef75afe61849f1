-- The highest SSCC each terminal used, from its pushed
-- pack.package_closed events (issue 9). A station whose database was
-- rolled back to an older copy gets its SSCC counter back with it; the hub
-- tells it the highest SSCC it holds from it, and the station numbers its
-- next packages after that one. Keep it in step with
-- sqlite/0015_terminal_sscc.sql.
ALTER TABLE terminals ADD COLUMN last_sscc TEXT NOT NULL DEFAULT '';
UPDATE terminals SET last_sscc = COALESCE((
    SELECT e.payload::jsonb ->> 'sscc' FROM events e
    WHERE e.terminal_id = terminals.id AND e.type = 'pack.package_closed' AND e.payload LIKE '{%'
    ORDER BY 1 DESC NULLS LAST LIMIT 1), '');
