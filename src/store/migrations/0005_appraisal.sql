-- 0005: the annual appraisal (考核评优). A scheme (per year, kind and name) has groups (组别), its
-- subjects (units or enterprises, each in one group), an indicator tree (nodes, scored leaves with
-- their method's settings, bonus, deduction and veto items) and grades (等次) best first. Each
-- subject's data (targets, actuals, survey ratings; bonus and deduction entries) has a review state
-- per subject. Publishing freezes the results as served (JSON) in a numbered version, never edited;
-- appeals name the version they are about. A scheme's data_rev grows with every write that changes
-- what its computation reads of the scheme (structure, caps), a subject's with every write of its
-- data, so that a computation can be kept until they do and then read again only where they did.
-- On SQLite the values are a WITHOUT ROWID table, stored in key order: a scheme's values (millions,
-- in a province) are read in one pass, not through an index and a lookup per row. Decimals are integers × 10^6; points integer hundredths;
-- a leaf's bands are "threshold:factor" integers joined by ';', survey ratings integers joined by ','.
-- A leaf's source is 'entered' (NULL) or a measure of the project library its actual value is
-- computed from (source_min: the smallest total investment counted, fen).

--- sqlite
CREATE TABLE appraisal_kinds (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    code                    TEXT NOT NULL,
    name                    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code)
);

CREATE TABLE appraisal_schemes (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    year                    INTEGER NOT NULL,
    kind_id                 INTEGER NOT NULL,
    name                    TEXT NOT NULL,
    subject_type            TEXT NOT NULL CHECK (subject_type IN ('unit', 'enterprise')),
    state                   TEXT NOT NULL CHECK (state IN ('draft', 'open', 'published')),
    revision                INTEGER NOT NULL DEFAULT 1,
    bonus_cap               INTEGER,
    deduction_cap           INTEGER,
    appeal_days             INTEGER NOT NULL DEFAULT 7,
    issuing_office          TEXT NOT NULL DEFAULT '',
    notice_title            TEXT NOT NULL DEFAULT '',
    data_rev                INTEGER NOT NULL DEFAULT 0,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, year, kind_id, name),
    FOREIGN KEY (tenant_id, kind_id) REFERENCES appraisal_kinds (tenant_id, id)
);

CREATE TABLE appraisal_groups (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    scheme_id               INTEGER NOT NULL,
    name                    TEXT NOT NULL,
    sort_order              INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, scheme_id) REFERENCES appraisal_schemes (tenant_id, id)
);

CREATE TABLE appraisal_subjects (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    scheme_id               INTEGER NOT NULL,
    group_id                INTEGER NOT NULL,
    unit_id                 INTEGER,
    enterprise_id           INTEGER,
    sort_order              INTEGER NOT NULL,
    state                   TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'returned', 'accepted')),
    comment                 TEXT NOT NULL DEFAULT '',
    data_rev                INTEGER NOT NULL DEFAULT 0,
    updated_at              TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, scheme_id, unit_id),
    UNIQUE (tenant_id, scheme_id, enterprise_id),
    FOREIGN KEY (tenant_id, scheme_id) REFERENCES appraisal_schemes (tenant_id, id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES appraisal_groups (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
    FOREIGN KEY (tenant_id, enterprise_id) REFERENCES enterprises (tenant_id, id)
);

CREATE TABLE appraisal_indicators (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    scheme_id               INTEGER NOT NULL,
    parent_id               INTEGER,
    sort_order              INTEGER NOT NULL,
    name                    TEXT NOT NULL,
    kind                    TEXT NOT NULL CHECK (kind IN ('node', 'leaf', 'bonus', 'deduction', 'veto')),
    full_marks              INTEGER,
    method                  TEXT,
    direction               TEXT,
    cap                     INTEGER,
    floor_value             INTEGER,
    step                    INTEGER,
    min_score               INTEGER,
    base                    INTEGER,
    disallowed              INTEGER,
    satisfactory            INTEGER,
    bands                   TEXT,
    trim_count              INTEGER,
    veto_mode               TEXT,
    source                  TEXT,
    source_min              INTEGER,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, scheme_id) REFERENCES appraisal_schemes (tenant_id, id)
);

CREATE TABLE appraisal_grades (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    scheme_id               INTEGER NOT NULL,
    place                   INTEGER NOT NULL,
    name                    TEXT NOT NULL,
    min_score               INTEGER,
    quota                   INTEGER,
    PRIMARY KEY (tenant_id, scheme_id, place),
    FOREIGN KEY (tenant_id, scheme_id) REFERENCES appraisal_schemes (tenant_id, id)
);

CREATE TABLE appraisal_values (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    scheme_id               INTEGER NOT NULL,
    subject_id              INTEGER NOT NULL,
    indicator_id            INTEGER NOT NULL,
    target                  INTEGER,
    actual                  INTEGER,
    ratings                 TEXT,
    note                    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, scheme_id, subject_id, indicator_id),
    FOREIGN KEY (tenant_id, subject_id) REFERENCES appraisal_subjects (tenant_id, id),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES appraisal_indicators (tenant_id, id)
) WITHOUT ROWID;

CREATE TABLE appraisal_items (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    scheme_id               INTEGER NOT NULL,
    subject_id              INTEGER NOT NULL,
    indicator_id            INTEGER NOT NULL,
    points                  INTEGER NOT NULL,
    reason                  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, subject_id) REFERENCES appraisal_subjects (tenant_id, id),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES appraisal_indicators (tenant_id, id)
);

CREATE TABLE appraisal_versions (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    scheme_id               INTEGER NOT NULL,
    version                 INTEGER NOT NULL,
    published_at            TEXT NOT NULL,
    published_by            TEXT NOT NULL,
    results                 TEXT NOT NULL,
    PRIMARY KEY (tenant_id, scheme_id, version),
    FOREIGN KEY (tenant_id, scheme_id) REFERENCES appraisal_schemes (tenant_id, id)
);

CREATE TABLE appraisal_version_subjects (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    scheme_id               INTEGER NOT NULL,
    version                 INTEGER NOT NULL,
    subject_id              INTEGER NOT NULL,
    detail                  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, scheme_id, version, subject_id),
    FOREIGN KEY (tenant_id, scheme_id, version) REFERENCES appraisal_versions (tenant_id, scheme_id, version)
);

CREATE TABLE appraisal_appeals (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    scheme_id               INTEGER NOT NULL,
    version                 INTEGER NOT NULL,
    subject_id              INTEGER NOT NULL,
    body                    TEXT NOT NULL,
    state                   TEXT NOT NULL CHECK (state IN ('open', 'upheld', 'rejected')),
    answer                  TEXT NOT NULL DEFAULT '',
    raised_by_name          TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    answered_at             TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, subject_id) REFERENCES appraisal_subjects (tenant_id, id)
);

-- Honour lists (表彰名单): 优秀企业 and 先进单位 derived from a published version of a scheme (the
-- subjects of the grades picked, joined by a newline in `grades`), 先进个人 from approved
-- nominations within per-unit quotas. Entries keep the result they were derived from as text, so
-- that a list reads the same whatever happens to the scheme later; an office's removal keeps the
-- entry (removed = 1) with its reason.
CREATE TABLE award_lists (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    year                    INTEGER NOT NULL,
    kind                    TEXT NOT NULL CHECK (kind IN ('enterprise', 'unit', 'person')),
    name                    TEXT NOT NULL,
    state                   TEXT NOT NULL CHECK (state IN ('draft', 'published')),
    scheme_id               INTEGER,
    version                 INTEGER,
    grades                  TEXT NOT NULL DEFAULT '',
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    published_at            TEXT,
    published_by            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, year, name),
    FOREIGN KEY (tenant_id, scheme_id) REFERENCES appraisal_schemes (tenant_id, id)
);

CREATE TABLE award_entries (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    list_id                 INTEGER NOT NULL,
    sort_order              INTEGER NOT NULL,
    subject_id              INTEGER NOT NULL,
    unit_id                 INTEGER,
    enterprise_id           INTEGER,
    name                    TEXT NOT NULL,
    group_name              TEXT NOT NULL,
    total                   INTEGER NOT NULL,
    rank                    INTEGER NOT NULL,
    grade_name              TEXT NOT NULL,
    source                  TEXT NOT NULL CHECK (source IN ('derived', 'added')),
    removed                 INTEGER NOT NULL DEFAULT 0,
    reason                  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, list_id, subject_id),
    FOREIGN KEY (tenant_id, list_id) REFERENCES award_lists (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
    FOREIGN KEY (tenant_id, enterprise_id) REFERENCES enterprises (tenant_id, id)
);

CREATE TABLE award_quotas (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    list_id                 INTEGER NOT NULL,
    unit_id                 INTEGER NOT NULL,
    quota                   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, list_id, unit_id),
    FOREIGN KEY (tenant_id, list_id) REFERENCES award_lists (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE award_nominations (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    list_id                 INTEGER NOT NULL,
    unit_id                 INTEGER NOT NULL,
    name                    TEXT NOT NULL,
    position                TEXT NOT NULL DEFAULT '',
    deeds                   TEXT NOT NULL,
    state                   TEXT NOT NULL CHECK (state IN ('submitted', 'approved', 'rejected')),
    reason                  TEXT NOT NULL DEFAULT '',
    nominated_by            TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    decided_by              TEXT NOT NULL DEFAULT '',
    decided_at              TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, list_id) REFERENCES award_lists (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

-- evidence files (佐证材料) of a subject, or of one of its indicators, their bytes in the database
CREATE TABLE appraisal_evidence (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    scheme_id               INTEGER NOT NULL,
    subject_id              INTEGER NOT NULL,
    indicator_id            INTEGER,
    file_name               TEXT NOT NULL,
    content_type            TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png',
                            'image/webp', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                            'application/vnd.openxmlformats-officedocument.wordprocessingml.document')),
    size                    INTEGER NOT NULL,
    data                    BLOB NOT NULL,
    uploaded_by             TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, subject_id) REFERENCES appraisal_subjects (tenant_id, id),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES appraisal_indicators (tenant_id, id)
);

--- postgres
CREATE TABLE appraisal_kinds (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    code                    text COLLATE "C" NOT NULL,
    name                    text COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code)
);

CREATE TABLE appraisal_schemes (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    year                    bigint NOT NULL,
    kind_id                 bigint NOT NULL,
    name                    text COLLATE "C" NOT NULL,
    subject_type            text COLLATE "C" NOT NULL CHECK (subject_type IN ('unit', 'enterprise')),
    state                   text COLLATE "C" NOT NULL CHECK (state IN ('draft', 'open', 'published')),
    revision                bigint NOT NULL DEFAULT 1,
    bonus_cap               bigint,
    deduction_cap           bigint,
    appeal_days             bigint NOT NULL DEFAULT 7,
    issuing_office          text COLLATE "C" NOT NULL DEFAULT '',
    notice_title            text COLLATE "C" NOT NULL DEFAULT '',
    data_rev                bigint NOT NULL DEFAULT 0,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, year, kind_id, name),
    FOREIGN KEY (tenant_id, kind_id) REFERENCES appraisal_kinds (tenant_id, id)
);

CREATE TABLE appraisal_groups (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    scheme_id               bigint NOT NULL,
    name                    text COLLATE "C" NOT NULL,
    sort_order              bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, scheme_id) REFERENCES appraisal_schemes (tenant_id, id)
);

CREATE TABLE appraisal_subjects (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    scheme_id               bigint NOT NULL,
    group_id                bigint NOT NULL,
    unit_id                 bigint,
    enterprise_id           bigint,
    sort_order              bigint NOT NULL,
    state                   text COLLATE "C" NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'returned', 'accepted')),
    comment                 text COLLATE "C" NOT NULL DEFAULT '',
    data_rev                bigint NOT NULL DEFAULT 0,
    updated_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, scheme_id, unit_id),
    UNIQUE (tenant_id, scheme_id, enterprise_id),
    FOREIGN KEY (tenant_id, scheme_id) REFERENCES appraisal_schemes (tenant_id, id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES appraisal_groups (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
    FOREIGN KEY (tenant_id, enterprise_id) REFERENCES enterprises (tenant_id, id)
);

CREATE TABLE appraisal_indicators (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    scheme_id               bigint NOT NULL,
    parent_id               bigint,
    sort_order              bigint NOT NULL,
    name                    text COLLATE "C" NOT NULL,
    kind                    text COLLATE "C" NOT NULL CHECK (kind IN ('node', 'leaf', 'bonus', 'deduction', 'veto')),
    full_marks              bigint,
    method                  text COLLATE "C",
    direction               text COLLATE "C",
    cap                     bigint,
    floor_value             bigint,
    step                    bigint,
    min_score               bigint,
    base                    bigint,
    disallowed              bigint,
    satisfactory            bigint,
    bands                   text COLLATE "C",
    trim_count              bigint,
    veto_mode               text COLLATE "C",
    source                  text COLLATE "C",
    source_min              bigint,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, scheme_id) REFERENCES appraisal_schemes (tenant_id, id)
);

CREATE TABLE appraisal_grades (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    scheme_id               bigint NOT NULL,
    place                   bigint NOT NULL,
    name                    text COLLATE "C" NOT NULL,
    min_score               bigint,
    quota                   bigint,
    PRIMARY KEY (tenant_id, scheme_id, place),
    FOREIGN KEY (tenant_id, scheme_id) REFERENCES appraisal_schemes (tenant_id, id)
);

CREATE TABLE appraisal_values (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    scheme_id               bigint NOT NULL,
    subject_id              bigint NOT NULL,
    indicator_id            bigint NOT NULL,
    target                  bigint,
    actual                  bigint,
    ratings                 text COLLATE "C",
    note                    text COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, scheme_id, subject_id, indicator_id),
    FOREIGN KEY (tenant_id, subject_id) REFERENCES appraisal_subjects (tenant_id, id),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES appraisal_indicators (tenant_id, id)
);

CREATE TABLE appraisal_items (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    scheme_id               bigint NOT NULL,
    subject_id              bigint NOT NULL,
    indicator_id            bigint NOT NULL,
    points                  bigint NOT NULL,
    reason                  text COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, subject_id) REFERENCES appraisal_subjects (tenant_id, id),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES appraisal_indicators (tenant_id, id)
);

CREATE TABLE appraisal_versions (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    scheme_id               bigint NOT NULL,
    version                 bigint NOT NULL,
    published_at            timestamptz NOT NULL,
    published_by            text COLLATE "C" NOT NULL,
    results                 text COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_id, scheme_id, version),
    FOREIGN KEY (tenant_id, scheme_id) REFERENCES appraisal_schemes (tenant_id, id)
);

CREATE TABLE appraisal_version_subjects (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    scheme_id               bigint NOT NULL,
    version                 bigint NOT NULL,
    subject_id              bigint NOT NULL,
    detail                  text COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_id, scheme_id, version, subject_id),
    FOREIGN KEY (tenant_id, scheme_id, version) REFERENCES appraisal_versions (tenant_id, scheme_id, version)
);

CREATE TABLE appraisal_appeals (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    scheme_id               bigint NOT NULL,
    version                 bigint NOT NULL,
    subject_id              bigint NOT NULL,
    body                    text COLLATE "C" NOT NULL,
    state                   text COLLATE "C" NOT NULL CHECK (state IN ('open', 'upheld', 'rejected')),
    answer                  text COLLATE "C" NOT NULL DEFAULT '',
    raised_by_name          text COLLATE "C" NOT NULL,
    created_at              timestamptz NOT NULL,
    answered_at             timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, subject_id) REFERENCES appraisal_subjects (tenant_id, id)
);

CREATE TABLE award_lists (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    year                    bigint NOT NULL,
    kind                    text COLLATE "C" NOT NULL CHECK (kind IN ('enterprise', 'unit', 'person')),
    name                    text COLLATE "C" NOT NULL,
    state                   text COLLATE "C" NOT NULL CHECK (state IN ('draft', 'published')),
    scheme_id               bigint,
    version                 bigint,
    grades                  text COLLATE "C" NOT NULL DEFAULT '',
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    published_at            timestamptz,
    published_by            text COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, year, name),
    FOREIGN KEY (tenant_id, scheme_id) REFERENCES appraisal_schemes (tenant_id, id)
);

CREATE TABLE award_entries (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    list_id                 bigint NOT NULL,
    sort_order              bigint NOT NULL,
    subject_id              bigint NOT NULL,
    unit_id                 bigint,
    enterprise_id           bigint,
    name                    text COLLATE "C" NOT NULL,
    group_name              text COLLATE "C" NOT NULL,
    total                   bigint NOT NULL,
    rank                    bigint NOT NULL,
    grade_name              text COLLATE "C" NOT NULL,
    source                  text COLLATE "C" NOT NULL CHECK (source IN ('derived', 'added')),
    removed                 bigint NOT NULL DEFAULT 0,
    reason                  text COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, list_id, subject_id),
    FOREIGN KEY (tenant_id, list_id) REFERENCES award_lists (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
    FOREIGN KEY (tenant_id, enterprise_id) REFERENCES enterprises (tenant_id, id)
);

CREATE TABLE award_quotas (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    list_id                 bigint NOT NULL,
    unit_id                 bigint NOT NULL,
    quota                   bigint NOT NULL,
    PRIMARY KEY (tenant_id, list_id, unit_id),
    FOREIGN KEY (tenant_id, list_id) REFERENCES award_lists (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE award_nominations (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    list_id                 bigint NOT NULL,
    unit_id                 bigint NOT NULL,
    name                    text COLLATE "C" NOT NULL,
    position                text COLLATE "C" NOT NULL DEFAULT '',
    deeds                   text COLLATE "C" NOT NULL,
    state                   text COLLATE "C" NOT NULL CHECK (state IN ('submitted', 'approved', 'rejected')),
    reason                  text COLLATE "C" NOT NULL DEFAULT '',
    nominated_by            text COLLATE "C" NOT NULL,
    created_at              timestamptz NOT NULL,
    decided_by              text COLLATE "C" NOT NULL DEFAULT '',
    decided_at              timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, list_id) REFERENCES award_lists (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE appraisal_evidence (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    scheme_id               bigint NOT NULL,
    subject_id              bigint NOT NULL,
    indicator_id            bigint,
    file_name               text COLLATE "C" NOT NULL,
    content_type            text COLLATE "C" NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg',
                            'image/png', 'image/webp', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                            'application/vnd.openxmlformats-officedocument.wordprocessingml.document')),
    size                    bigint NOT NULL,
    data                    bytea NOT NULL,
    uploaded_by             text COLLATE "C" NOT NULL,
    created_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, subject_id) REFERENCES appraisal_subjects (tenant_id, id),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES appraisal_indicators (tenant_id, id)
);

--- both
CREATE INDEX appraisal_schemes_by_year ON appraisal_schemes (tenant_id, year, kind_id);
CREATE INDEX appraisal_groups_by_scheme ON appraisal_groups (tenant_id, scheme_id, sort_order);
CREATE INDEX appraisal_subjects_by_scheme ON appraisal_subjects (tenant_id, scheme_id, sort_order);
CREATE INDEX appraisal_indicators_by_scheme ON appraisal_indicators (tenant_id, scheme_id, sort_order);
CREATE INDEX appraisal_items_by_subject ON appraisal_items (tenant_id, scheme_id, subject_id, id);
CREATE INDEX appraisal_appeals_by_scheme ON appraisal_appeals (tenant_id, scheme_id, id);
CREATE INDEX appraisal_evidence_by_subject ON appraisal_evidence (tenant_id, subject_id, id);
INSERT INTO appraisal_kinds (tenant_id, id, code, name) SELECT id, 1, 'performance', '绩效管理' FROM tenants;
INSERT INTO appraisal_kinds (tenant_id, id, code, name) SELECT id, 2, 'civilisation', '精神文明建设' FROM tenants;
INSERT INTO appraisal_kinds (tenant_id, id, code, name) SELECT id, 3, 'enterprise', '优秀企业' FROM tenants;
INSERT INTO id_sequences (tenant_id, name, next_id) SELECT id, 'appraisal_kinds', 4 FROM tenants;
CREATE INDEX award_lists_by_year ON award_lists (tenant_id, year, id);
CREATE INDEX award_lists_by_scheme ON award_lists (tenant_id, scheme_id);
CREATE INDEX award_entries_by_list ON award_entries (tenant_id, list_id, sort_order);
CREATE INDEX award_nominations_by_list ON award_nominations (tenant_id, list_id, unit_id);
