-- The operations console (issue 13). Keep in step with postgres/0050_console.sql.

-- People who sign in to the console: supervisors and admins. The password
-- is a bcrypt hash; locations is a comma-separated list of location codes,
-- '*' for every location.
CREATE TABLE hub_users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('supervisor', 'admin')),
    locations     TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
);

-- Console sign-ins. The cookie holds the session token; the hub keeps its
-- SHA-256 only, so every hub process behind a load balancer knows it.
CREATE TABLE hub_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES hub_users(id),
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX hub_sessions_user ON hub_sessions(user_id);

-- The KPI and returns pages read a location's events of a few types over
-- a range of days.
CREATE INDEX events_location_type_at ON events(location, type, at);
