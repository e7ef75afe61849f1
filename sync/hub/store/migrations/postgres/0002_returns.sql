-- Customer returns (RMAs) the hub announces to the terminals of a location.
-- Keep it in step with sqlite/0002_returns.sql.
CREATE TABLE returns (
    location   TEXT NOT NULL REFERENCES locations(code),
    rma        TEXT NOT NULL, -- upper case, as terminals key it
    doc        TEXT NOT NULL, -- core.Return as JSON, status included
    hash       TEXT NOT NULL, -- of the return as imported, to tell a change from a re-import
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (location, rma)
);
