-- 0002: users, sessions, API tokens, the login log, the operation log, and each unit's path.
-- users, sessions, api_tokens and login_log belong to the installation (a user logs in by a
-- name unique across cities): under Citus they are reference tables. audit_log is per tenant.

--- sqlite
-- path: the ids from the root down to the unit, "/1/5/9/": a unit's subtree is the range of
-- paths that start with its own, which is how data scope reads a town and everything under it.
ALTER TABLE units ADD COLUMN path TEXT NOT NULL DEFAULT '';

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    unit_id       INTEGER,
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    last_login_at TEXT,
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

CREATE TABLE login_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    username TEXT NOT NULL,
    address  TEXT NOT NULL,
    success  INTEGER NOT NULL,
    reason   TEXT NOT NULL
);

CREATE TABLE audit_log (
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    id          INTEGER NOT NULL,
    at          TEXT NOT NULL,
    user_id     INTEGER,
    username    TEXT NOT NULL,
    address     TEXT NOT NULL,
    action      TEXT NOT NULL,
    resource    TEXT NOT NULL,
    resource_id INTEGER,
    changes     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

--- postgres
ALTER TABLE units ADD COLUMN path text COLLATE "C" NOT NULL DEFAULT '';

CREATE TABLE users (
    id            bigint PRIMARY KEY,
    tenant_id     bigint NOT NULL REFERENCES tenants (id),
    username      text COLLATE "C" NOT NULL UNIQUE,
    display_name  text COLLATE "C" NOT NULL,
    role          text COLLATE "C" NOT NULL,
    unit_id       bigint,
    password_hash text NOT NULL,
    disabled      smallint NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    last_login_at timestamptz,
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE sessions (
    token_hash   text PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id),
    tenant_id    bigint NOT NULL REFERENCES tenants (id),
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);

CREATE TABLE api_tokens (
    id           bigint PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id),
    name         text COLLATE "C" NOT NULL,
    token_hash   text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE TABLE login_log (
    id       bigint PRIMARY KEY,
    at       timestamptz NOT NULL,
    username text COLLATE "C" NOT NULL,
    address  text COLLATE "C" NOT NULL,
    success  smallint NOT NULL,
    reason   text COLLATE "C" NOT NULL
);

CREATE TABLE audit_log (
    tenant_id   bigint NOT NULL REFERENCES tenants (id),
    id          bigint NOT NULL,
    at          timestamptz NOT NULL,
    user_id     bigint,
    username    text COLLATE "C" NOT NULL,
    address     text COLLATE "C" NOT NULL,
    action      text COLLATE "C" NOT NULL,
    resource    text COLLATE "C" NOT NULL,
    resource_id bigint,
    changes     text NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

--- both
WITH RECURSIVE tree (tenant_id, id, path) AS (
    SELECT tenant_id, id, '/' || id || '/' FROM units WHERE parent_id IS NULL
    UNION ALL
    SELECT u.tenant_id, u.id, tree.path || u.id || '/' FROM units u
    JOIN tree ON u.tenant_id = tree.tenant_id AND u.parent_id = tree.id
)
UPDATE units SET path = (SELECT tree.path FROM tree WHERE tree.tenant_id = units.tenant_id AND tree.id = units.id);
CREATE INDEX units_by_path ON units (tenant_id, path);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, id);
CREATE INDEX login_log_by_username ON login_log (username, at);
CREATE INDEX login_log_by_address ON login_log (address, at);
CREATE INDEX audit_log_by_time ON audit_log (tenant_id, at, id);
CREATE INDEX audit_log_by_resource ON audit_log (tenant_id, resource, resource_id, id);
