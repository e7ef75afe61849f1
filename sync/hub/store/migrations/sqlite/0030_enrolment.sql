-- Enrolment by scanning (issue 14). Keep in step with the other dialect.

-- One-time enrolment codes (`hub enroll --qr`): the hub keeps only their
-- hash. A code enrols one station, within 15 minutes of being made.
CREATE TABLE enrolment_codes (
    code_hash   TEXT PRIMARY KEY,
    location    TEXT NOT NULL REFERENCES locations(code),
    name        TEXT NOT NULL,          -- suggested station name, may be ''
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    terminal_id TEXT                     -- the station it enrolled
);

-- SSCC numbering: each (company prefix, extension digit) hands out blocks
-- of serial references numbered 1 to 999 (sscc.ForTerminal), one per
-- station; next_block only grows, so no two stations ever share one.
CREATE TABLE sscc_numbering (
    company_prefix TEXT NOT NULL,
    extension      INTEGER NOT NULL,
    next_block     INTEGER NOT NULL,
    current        INTEGER NOT NULL DEFAULT 0, -- 1: the numbering new stations get
    PRIMARY KEY (company_prefix, extension)
);

CREATE TABLE sscc_ranges (
    terminal_id    TEXT PRIMARY KEY REFERENCES terminals(id),
    company_prefix TEXT NOT NULL,
    extension      INTEGER NOT NULL,
    block          INTEGER NOT NULL,
    first_serial   INTEGER NOT NULL,
    last_serial    INTEGER NOT NULL,
    UNIQUE (company_prefix, extension, block)
);

-- What a new station of a location starts with: its sender address,
-- carrier and printer defaults (JSON of wire.LocationDefaults).
CREATE TABLE location_defaults (
    location TEXT PRIMARY KEY REFERENCES locations(code),
    doc      TEXT NOT NULL
);

-- The Stationhand version each station last reported.
ALTER TABLE terminals ADD COLUMN version TEXT NOT NULL DEFAULT '';
