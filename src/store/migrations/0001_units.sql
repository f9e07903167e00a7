-- 0001: tenants, id sequences and the unit tree.
-- Every table leads its primary key and indexes with tenant_id, so the schema can be
-- distributed by tenant later without change.
CREATE TABLE pacesetter_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO pacesetter_meta (key, value) VALUES ('application', 'pacesetter');

CREATE TABLE tenants (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    division_code TEXT,
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
CREATE INDEX units_by_parent ON units (tenant_id, parent_id, sort_order, id);
CREATE INDEX units_by_kind ON units (tenant_id, kind, sort_order, id);
