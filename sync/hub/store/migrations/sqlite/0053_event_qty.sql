-- The units a pick.item_picked event picked, out of its payload (see the
-- PostgreSQL migration). SQLite adds a generated column only as VIRTUAL:
-- computed when read, it costs a push nothing and keeps the KPI query the
-- same on both. Keep in step with the other dialect.
ALTER TABLE events ADD COLUMN qty INTEGER GENERATED ALWAYS AS (
    CASE WHEN type <> 'pick.item_picked' OR NOT json_valid(payload) THEN 0
    ELSE CASE WHEN json_type(payload, '$.qty') = 'integer' AND abs(json_extract(payload, '$.qty')) < 1000000000000000
        THEN json_extract(payload, '$.qty') ELSE 0 END
    END) VIRTUAL;
