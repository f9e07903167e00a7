-- 0003: the project library (项目库): enterprises, projects with their milestones, yearly plans,
-- monthly progress reports, problems and their history, warning rules, size thresholds, targets
-- for the speed report, and saved list filters. An enterprise user's account names its enterprise.
-- unit_month_totals keeps each responsible unit's reported investment per month, so that the
-- cockpit reads a few hundred rows instead of every report.
-- Money is integer fen; foreign investment integer US cents; energy use tonnes of standard coal a
-- year; land area square metres; dates 'YYYY-MM-DD' text; months 'YYYY-MM'. Derived columns
-- (stage, pool, size_class, invested_total, warning, warning_reasons; a report's cumulative and
-- year_to_date; unit_month_totals) are written only by the store, from the rules in src/domain,
-- in the same transaction as what they derive from.
--- sqlite
ALTER TABLE users ADD COLUMN enterprise_id INTEGER;

CREATE TABLE enterprises (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    credit_code             TEXT NOT NULL CHECK (length(credit_code) = 18),
    name                    TEXT NOT NULL,
    industry_code           TEXT,
    ownership               TEXT NOT NULL CHECK (ownership IN ('domestic', 'foreign', 'hmt')),
    park_id                 INTEGER,
    above_size              INTEGER NOT NULL DEFAULT 0,
    leading_talent          INTEGER NOT NULL DEFAULT 0,
    high_tech               INTEGER NOT NULL DEFAULT 0,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, credit_code),
    FOREIGN KEY (tenant_id, park_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE projects (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    code                    TEXT NOT NULL,
    name                    TEXT NOT NULL,
    enterprise_id           INTEGER,
    unit_id                 INTEGER NOT NULL,
    carrier_id              INTEGER,
    industry_code           TEXT,
    category                TEXT NOT NULL CHECK (category IN ('industry', 'infrastructure', 'social', 'tech_talent', 'other')),
    source                  TEXT NOT NULL CHECK (source IN ('domestic', 'foreign', 'hmt')),
    tags                    TEXT NOT NULL DEFAULT '',
    total_investment        INTEGER NOT NULL DEFAULT 0,
    foreign_investment      INTEGER NOT NULL DEFAULT 0,
    talent_tier             TEXT NOT NULL DEFAULT 'none' CHECK (talent_tier IN ('none', 'national', 'provincial', 'municipal')),
    major_technology        INTEGER NOT NULL DEFAULT 0,
    major_industrialisation INTEGER NOT NULL DEFAULT 0,
    major_market            INTEGER NOT NULL DEFAULT 0,
    energy_use              INTEGER,
    land_area               INTEGER,
    annual_output           INTEGER,
    description             TEXT NOT NULL DEFAULT '',
    planned_negotiating     TEXT,
    actual_negotiating      TEXT,
    planned_signed          TEXT,
    actual_signed           TEXT,
    planned_registered      TEXT,
    actual_registered       TEXT,
    planned_started         TEXT,
    actual_started          TEXT,
    planned_completed       TEXT,
    actual_completed        TEXT,
    planned_production      TEXT,
    actual_production       TEXT,
    planned_full_capacity   TEXT,
    actual_full_capacity    TEXT,
    stage                   INTEGER NOT NULL DEFAULT -1,
    pool                    TEXT NOT NULL CHECK (pool IN ('reserve', 'preliminary', 'construction', 'completed', 'production')),
    size_class              INTEGER NOT NULL DEFAULT 0,
    invested_total          INTEGER NOT NULL DEFAULT 0,
    warning                 TEXT NOT NULL DEFAULT 'green' CHECK (warning IN ('green', 'yellow', 'red')),
    warning_reasons         TEXT NOT NULL DEFAULT '[]',
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code),
    FOREIGN KEY (tenant_id, enterprise_id) REFERENCES enterprises (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
    FOREIGN KEY (tenant_id, carrier_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE project_plans (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    project_id              INTEGER NOT NULL,
    year                    INTEGER NOT NULL,
    amount                  INTEGER NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (tenant_id, project_id, year),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);

CREATE TABLE progress_reports (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    project_id              INTEGER NOT NULL,
    month                   TEXT NOT NULL CHECK (length(month) = 7),
    amount                  INTEGER NOT NULL CHECK (amount >= 0),
    cumulative              INTEGER NOT NULL,
    year_to_date            INTEGER NOT NULL,
    progress                TEXT NOT NULL DEFAULT '',
    reporter_id             INTEGER,
    reporter_name           TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    PRIMARY KEY (tenant_id, project_id, month),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);

CREATE TABLE unit_month_totals (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    unit_id                 INTEGER NOT NULL,
    month                   TEXT NOT NULL CHECK (length(month) = 7),
    amount                  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, unit_id, month),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE problems (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    project_id              INTEGER NOT NULL,
    title                   TEXT NOT NULL,
    description             TEXT NOT NULL DEFAULT '',
    state                   TEXT NOT NULL CHECK (state IN ('open', 'accepted', 'resolved', 'confirmed')),
    unit_id                 INTEGER,
    deadline                TEXT,
    escalated               INTEGER NOT NULL DEFAULT 0,
    raised_by               INTEGER,
    raised_by_name          TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    closed_at               TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE problem_events (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    problem_id              INTEGER NOT NULL,
    at                      TEXT NOT NULL,
    user_id                 INTEGER,
    username                TEXT NOT NULL,
    action                  TEXT NOT NULL,
    state_from              TEXT,
    state_to                TEXT NOT NULL,
    comment                 TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, problem_id) REFERENCES problems (tenant_id, id)
);

CREATE TABLE warning_rules (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    year                    INTEGER NOT NULL,
    milestone_red_days      INTEGER NOT NULL,
    invest_red_pct          INTEGER NOT NULL,
    invest_yellow_pct       INTEGER NOT NULL,
    invest_from_month       INTEGER NOT NULL,
    problem_red_days        INTEGER NOT NULL,
    updated_at              TEXT NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

CREATE TABLE project_settings (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    size_thresholds         TEXT NOT NULL,
    warnings_on             TEXT,
    updated_at              TEXT NOT NULL,
    PRIMARY KEY (tenant_id)
);

CREATE TABLE project_targets (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    year                    INTEGER NOT NULL,
    unit_id                 INTEGER NOT NULL,
    measure                 TEXT NOT NULL CHECK (measure IN ('signed', 'started', 'completed', 'production', 'investment')),
    count                   INTEGER NOT NULL DEFAULT 0,
    amount                  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, year, unit_id, measure)
);

CREATE TABLE saved_filters (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    user_id                 INTEGER NOT NULL REFERENCES users (id),
    resource                TEXT NOT NULL,
    name                    TEXT NOT NULL,
    query                   TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, user_id, resource, name)
);
--- postgres
ALTER TABLE users ADD COLUMN enterprise_id bigint;

CREATE TABLE enterprises (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    credit_code             text COLLATE "C" NOT NULL CHECK (length(credit_code) = 18),
    name                    text COLLATE "C" NOT NULL,
    industry_code           text COLLATE "C",
    ownership               text COLLATE "C" NOT NULL CHECK (ownership IN ('domestic', 'foreign', 'hmt')),
    park_id                 bigint,
    above_size              bigint NOT NULL DEFAULT 0,
    leading_talent          bigint NOT NULL DEFAULT 0,
    high_tech               bigint NOT NULL DEFAULT 0,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, credit_code),
    FOREIGN KEY (tenant_id, park_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE projects (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    code                    text COLLATE "C" NOT NULL,
    name                    text COLLATE "C" NOT NULL,
    enterprise_id           bigint,
    unit_id                 bigint NOT NULL,
    carrier_id              bigint,
    industry_code           text COLLATE "C",
    category                text COLLATE "C" NOT NULL CHECK (category IN ('industry', 'infrastructure', 'social', 'tech_talent', 'other')),
    source                  text COLLATE "C" NOT NULL CHECK (source IN ('domestic', 'foreign', 'hmt')),
    tags                    text COLLATE "C" NOT NULL DEFAULT '',
    total_investment        bigint NOT NULL DEFAULT 0,
    foreign_investment      bigint NOT NULL DEFAULT 0,
    talent_tier             text COLLATE "C" NOT NULL DEFAULT 'none' CHECK (talent_tier IN ('none', 'national', 'provincial', 'municipal')),
    major_technology        bigint NOT NULL DEFAULT 0,
    major_industrialisation bigint NOT NULL DEFAULT 0,
    major_market            bigint NOT NULL DEFAULT 0,
    energy_use              bigint,
    land_area               bigint,
    annual_output           bigint,
    description             text COLLATE "C" NOT NULL DEFAULT '',
    planned_negotiating     text COLLATE "C",
    actual_negotiating      text COLLATE "C",
    planned_signed          text COLLATE "C",
    actual_signed           text COLLATE "C",
    planned_registered      text COLLATE "C",
    actual_registered       text COLLATE "C",
    planned_started         text COLLATE "C",
    actual_started          text COLLATE "C",
    planned_completed       text COLLATE "C",
    actual_completed        text COLLATE "C",
    planned_production      text COLLATE "C",
    actual_production       text COLLATE "C",
    planned_full_capacity   text COLLATE "C",
    actual_full_capacity    text COLLATE "C",
    stage                   bigint NOT NULL DEFAULT -1,
    pool                    text COLLATE "C" NOT NULL CHECK (pool IN ('reserve', 'preliminary', 'construction', 'completed', 'production')),
    size_class              bigint NOT NULL DEFAULT 0,
    invested_total          bigint NOT NULL DEFAULT 0,
    warning                 text COLLATE "C" NOT NULL DEFAULT 'green' CHECK (warning IN ('green', 'yellow', 'red')),
    warning_reasons         text COLLATE "C" NOT NULL DEFAULT '[]',
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code),
    FOREIGN KEY (tenant_id, enterprise_id) REFERENCES enterprises (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
    FOREIGN KEY (tenant_id, carrier_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE project_plans (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    project_id              bigint NOT NULL,
    year                    bigint NOT NULL,
    amount                  bigint NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (tenant_id, project_id, year),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);

CREATE TABLE progress_reports (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    project_id              bigint NOT NULL,
    month                   text COLLATE "C" NOT NULL CHECK (length(month) = 7),
    amount                  bigint NOT NULL CHECK (amount >= 0),
    cumulative              bigint NOT NULL,
    year_to_date            bigint NOT NULL,
    progress                text COLLATE "C" NOT NULL DEFAULT '',
    reporter_id             bigint,
    reporter_name           text COLLATE "C" NOT NULL,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, project_id, month),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);

CREATE TABLE unit_month_totals (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    unit_id                 bigint NOT NULL,
    month                   text COLLATE "C" NOT NULL CHECK (length(month) = 7),
    amount                  bigint NOT NULL,
    PRIMARY KEY (tenant_id, unit_id, month),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE problems (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    project_id              bigint NOT NULL,
    title                   text COLLATE "C" NOT NULL,
    description             text COLLATE "C" NOT NULL DEFAULT '',
    state                   text COLLATE "C" NOT NULL CHECK (state IN ('open', 'accepted', 'resolved', 'confirmed')),
    unit_id                 bigint,
    deadline                text COLLATE "C",
    escalated               bigint NOT NULL DEFAULT 0,
    raised_by               bigint,
    raised_by_name          text COLLATE "C" NOT NULL,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    closed_at               timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE problem_events (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    problem_id              bigint NOT NULL,
    at                      timestamptz NOT NULL,
    user_id                 bigint,
    username                text COLLATE "C" NOT NULL,
    action                  text COLLATE "C" NOT NULL,
    state_from              text COLLATE "C",
    state_to                text COLLATE "C" NOT NULL,
    comment                 text COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, problem_id) REFERENCES problems (tenant_id, id)
);

CREATE TABLE warning_rules (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    year                    bigint NOT NULL,
    milestone_red_days      bigint NOT NULL,
    invest_red_pct          bigint NOT NULL,
    invest_yellow_pct       bigint NOT NULL,
    invest_from_month       bigint NOT NULL,
    problem_red_days        bigint NOT NULL,
    updated_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

CREATE TABLE project_settings (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    size_thresholds         text COLLATE "C" NOT NULL,
    warnings_on             text COLLATE "C",
    updated_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id)
);

CREATE TABLE project_targets (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    year                    bigint NOT NULL,
    unit_id                 bigint NOT NULL,
    measure                 text COLLATE "C" NOT NULL CHECK (measure IN ('signed', 'started', 'completed', 'production', 'investment')),
    count                   bigint NOT NULL DEFAULT 0,
    amount                  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, year, unit_id, measure)
);

CREATE TABLE saved_filters (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    user_id                 bigint NOT NULL REFERENCES users (id),
    resource                text COLLATE "C" NOT NULL,
    name                    text COLLATE "C" NOT NULL,
    query                   text COLLATE "C" NOT NULL,
    created_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, user_id, resource, name)
);
--- both
CREATE INDEX enterprises_by_name ON enterprises (tenant_id, name);
CREATE INDEX projects_by_unit ON projects (tenant_id, unit_id);
CREATE INDEX projects_by_enterprise ON projects (tenant_id, enterprise_id);
CREATE INDEX projects_by_pool ON projects (tenant_id, pool, id);
CREATE INDEX projects_by_warning ON projects (tenant_id, warning, id);
CREATE INDEX plans_by_year ON project_plans (tenant_id, year, amount);
-- not covering (no amount): SQLite would otherwise read a project's own reports through it, by
-- tenant alone, instead of by the primary key
CREATE INDEX progress_by_month ON progress_reports (tenant_id, month);
CREATE INDEX problems_by_project ON problems (tenant_id, project_id);
CREATE INDEX problems_by_unit ON problems (tenant_id, unit_id, state);
CREATE INDEX problem_events_by_problem ON problem_events (tenant_id, problem_id, id);
