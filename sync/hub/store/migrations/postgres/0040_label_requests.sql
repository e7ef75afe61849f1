-- Carrier labels bought after packing (issue 10). Keep in step with the other dialect.

-- A package a station closed without a carrier label: the order system
-- buys one, by webhook or by polling GET /v1/label-requests, and posts it
-- to POST /v1/orders/{id}/carrier-labels, which answers the request.
CREATE TABLE label_requests (
    id              BIGSERIAL PRIMARY KEY,
    location        TEXT NOT NULL,
    order_ref       TEXT NOT NULL,
    package_seq     BIGINT NOT NULL,
    packages        BIGINT NOT NULL DEFAULT 0,
    sscc            TEXT NOT NULL DEFAULT '',
    weight_g        BIGINT NOT NULL DEFAULT 0,
    carton          TEXT NOT NULL DEFAULT '',
    length_mm       BIGINT NOT NULL DEFAULT 0,
    width_mm        BIGINT NOT NULL DEFAULT 0,
    height_mm       BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,   -- Unix ms
    answered_at     BIGINT,            -- a label for the package arrived
    hook_attempts   BIGINT NOT NULL DEFAULT 0,
    hook_next_at    BIGINT NOT NULL DEFAULT 0, -- next webhook attempt, Unix ms
    hook_done_at    BIGINT,            -- the order system took the webhook (2xx)
    hook_error      TEXT NOT NULL DEFAULT '',
    UNIQUE (order_ref, package_seq)
);
CREATE INDEX label_requests_open ON label_requests(answered_at, id);
