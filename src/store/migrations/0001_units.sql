-- 0001: tenants, id sequences and the unit tree.
-- Every table leads its primary key and indexes with tenant_id, and every foreign key includes
-- it, so the schema can be distributed by tenant (Citus) without change.
-- Sections: lines "--- sqlite", "--- postgres" and "--- both" say which backend runs what
-- follows; the dialects differ only in column types and defaults.
CREATE TABLE pacesetter_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO pacesetter_meta (key, value) VALUES ('application', 'pacesetter');

--- sqlite
CREATE TABLE tenants (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    division_code TEXT UNIQUE,
    created_at    TEXT NOT NULL
);
INSERT INTO tenants (id, name, division_code, created_at)
VALUES (1, '默认地区', NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

CREATE TABLE id_sequences (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    name      TEXT NOT NULL,
    next_id   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE units (
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    id            INTEGER NOT NULL,
    parent_id     INTEGER,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('department', 'town', 'subdistrict', 'park', 'other')),
    division_code TEXT CHECK (division_code IS NULL OR length(division_code) = 6),
    sort_order    INTEGER NOT NULL DEFAULT 0,
    -- kept by the store in the same transaction as every insert, move and delete, so a list
    -- of units does not count each unit's children
    child_count   INTEGER NOT NULL DEFAULT 0 CHECK (child_count >= 0),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES units (tenant_id, id)
);

--- postgres
-- COLLATE "C": text sorts by code point, as SQLite's BINARY does, on any server locale.
-- iso(t) marks a timestamp read: SQLite stores 'YYYY-MM-DDTHH:MM:SSZ' text already, and the
-- PostgreSQL driver rewrites timestamptz (session time zone UTC) to that form, so both return t.
CREATE FUNCTION iso(t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$ SELECT t $$;

CREATE TABLE tenants (
    id            bigint PRIMARY KEY,
    name          text COLLATE "C" NOT NULL,
    division_code text COLLATE "C" UNIQUE,
    created_at    timestamptz NOT NULL
);
INSERT INTO tenants (id, name, division_code, created_at) VALUES (1, '默认地区', NULL, now());

CREATE TABLE id_sequences (
    tenant_id bigint NOT NULL REFERENCES tenants (id),
    name      text COLLATE "C" NOT NULL,
    next_id   bigint NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE units (
    tenant_id     bigint NOT NULL REFERENCES tenants (id),
    id            bigint NOT NULL,
    parent_id     bigint,
    code          text COLLATE "C" NOT NULL,
    name          text COLLATE "C" NOT NULL,
    kind          text COLLATE "C" NOT NULL CHECK (kind IN ('department', 'town', 'subdistrict', 'park', 'other')),
    division_code text COLLATE "C" CHECK (division_code IS NULL OR length(division_code) = 6),
    sort_order    bigint NOT NULL DEFAULT 0,
    child_count   bigint NOT NULL DEFAULT 0 CHECK (child_count >= 0),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES units (tenant_id, id)
);

--- both
-- One index per way the list is commonly read: the tree (by parent), by kind, and the whole
-- list in display order or by name; each ends with id, the tie-breaker of every sort.
CREATE INDEX units_by_parent ON units (tenant_id, parent_id, sort_order, id);
CREATE INDEX units_by_kind ON units (tenant_id, kind, sort_order, id);
CREATE INDEX units_by_order ON units (tenant_id, sort_order, id);
CREATE INDEX units_by_name ON units (tenant_id, name, id);
