-- The audit log and the API keys.

CREATE TABLE verifications (
    id          TEXT        PRIMARY KEY,
    time        TIMESTAMPTZ NOT NULL,
    request_id  TEXT        NOT NULL DEFAULT '',
    key_id      TEXT        NOT NULL DEFAULT '',
    role        TEXT        NOT NULL DEFAULT '',
    specimen    TEXT        NOT NULL DEFAULT '',
    verdict     TEXT        NOT NULL,
    risk_score  INTEGER     NOT NULL,
    checks      JSONB       NOT NULL DEFAULT '{}',
    doc_hash    TEXT        NOT NULL DEFAULT '',
    timings_ms  JSONB       NOT NULL DEFAULT '{}'
);

CREATE INDEX verifications_time ON verifications (time);
CREATE INDEX verifications_doc_hash ON verifications (doc_hash, time) WHERE doc_hash <> '';
CREATE INDEX verifications_key_id ON verifications (key_id, time);

CREATE TABLE api_keys (
    id          TEXT        PRIMARY KEY,
    name        TEXT        NOT NULL,
    role        TEXT        NOT NULL CHECK (role IN ('kiosk', 'officer', 'trainer')),
    hash        BYTEA       NOT NULL UNIQUE,
    created     TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
