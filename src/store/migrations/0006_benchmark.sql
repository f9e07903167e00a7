-- 0006: benchmarking against peer cities (对标赶超). An indicator catalogue per tenant (the twelve
-- built-in ones seeded here for existing tenants and by the store for new ones; a built-in one's
-- code, unit, direction and kind are fixed), the cities compared (this city, is_self, at most one;
-- peers), their values by indicator, quarter (0: the year; 1..4: cumulative to the quarter's end),
-- year and city, and goals with the units their value is split among. Decimals are integers × 10^6.
-- bm_values' key leads with (indicator, quarter, year) so that one indicator's year across every city
-- (a comparison: 3,000 cities) is one range of the key; on SQLite it is a WITHOUT ROWID table,
-- stored in that order, read in one pass. Its index by city serves a city's deletion and its
-- foreign key.

--- sqlite
CREATE TABLE bm_indicators (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    code                    TEXT NOT NULL,
    name                    TEXT NOT NULL,
    unit                    TEXT NOT NULL,
    direction               TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    kind                    TEXT NOT NULL CHECK (kind IN ('stock', 'flow', 'ratio')),
    decimals                INTEGER NOT NULL DEFAULT 2,
    builtin                 INTEGER NOT NULL DEFAULT 0,
    sort_order              INTEGER NOT NULL DEFAULT 0,
    note                    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code),
    UNIQUE (tenant_id, name)
);

CREATE TABLE bm_cities (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    name                    TEXT NOT NULL,
    division_code           TEXT NOT NULL DEFAULT '',
    is_self                 INTEGER NOT NULL DEFAULT 0,
    demo                    INTEGER NOT NULL DEFAULT 0,
    sort_order              INTEGER NOT NULL DEFAULT 0,
    note                    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

CREATE TABLE bm_values (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    indicator_id            INTEGER NOT NULL,
    quarter                 INTEGER NOT NULL CHECK (quarter BETWEEN 0 AND 4),
    year                    INTEGER NOT NULL,
    city_id                 INTEGER NOT NULL,
    value                   INTEGER NOT NULL,
    source                  TEXT NOT NULL DEFAULT '',
    note                    TEXT NOT NULL DEFAULT '',
    updated_at              TEXT NOT NULL,
    PRIMARY KEY (tenant_id, indicator_id, quarter, year, city_id),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES bm_indicators (tenant_id, id),
    FOREIGN KEY (tenant_id, city_id) REFERENCES bm_cities (tenant_id, id)
) WITHOUT ROWID;

CREATE TABLE bm_goals (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    id                      INTEGER NOT NULL,
    name                    TEXT NOT NULL,
    indicator_id            INTEGER NOT NULL,
    year                    INTEGER NOT NULL,
    base_year               INTEGER NOT NULL,
    target_value            INTEGER,
    peer_city_id            INTEGER,
    cagr_years              INTEGER NOT NULL DEFAULT 5,
    split                   TEXT NOT NULL DEFAULT 'weights' CHECK (split IN ('shares', 'weights', 'same')),
    note                    TEXT NOT NULL DEFAULT '',
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name),
    CHECK ((target_value IS NULL) <> (peer_city_id IS NULL)),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES bm_indicators (tenant_id, id),
    FOREIGN KEY (tenant_id, peer_city_id) REFERENCES bm_cities (tenant_id, id)
);

CREATE TABLE bm_goal_units (
    tenant_id               INTEGER NOT NULL REFERENCES tenants (id),
    goal_id                 INTEGER NOT NULL,
    unit_id                 INTEGER NOT NULL,
    sort_order              INTEGER NOT NULL,
    weight                  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, goal_id, unit_id),
    FOREIGN KEY (tenant_id, goal_id) REFERENCES bm_goals (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

--- postgres
CREATE TABLE bm_indicators (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    code                    text COLLATE "C" NOT NULL,
    name                    text COLLATE "C" NOT NULL,
    unit                    text COLLATE "C" NOT NULL,
    direction               text COLLATE "C" NOT NULL CHECK (direction IN ('higher', 'lower')),
    kind                    text COLLATE "C" NOT NULL CHECK (kind IN ('stock', 'flow', 'ratio')),
    decimals                bigint NOT NULL DEFAULT 2,
    builtin                 smallint NOT NULL DEFAULT 0,
    sort_order              bigint NOT NULL DEFAULT 0,
    note                    text COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code),
    UNIQUE (tenant_id, name)
);

CREATE TABLE bm_cities (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    name                    text COLLATE "C" NOT NULL,
    division_code           text COLLATE "C" NOT NULL DEFAULT '',
    is_self                 smallint NOT NULL DEFAULT 0,
    demo                    smallint NOT NULL DEFAULT 0,
    sort_order              bigint NOT NULL DEFAULT 0,
    note                    text COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

CREATE TABLE bm_values (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    indicator_id            bigint NOT NULL,
    quarter                 bigint NOT NULL CHECK (quarter BETWEEN 0 AND 4),
    year                    bigint NOT NULL,
    city_id                 bigint NOT NULL,
    value                   bigint NOT NULL,
    source                  text COLLATE "C" NOT NULL DEFAULT '',
    note                    text COLLATE "C" NOT NULL DEFAULT '',
    updated_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, indicator_id, quarter, year, city_id),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES bm_indicators (tenant_id, id),
    FOREIGN KEY (tenant_id, city_id) REFERENCES bm_cities (tenant_id, id)
);

CREATE TABLE bm_goals (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    id                      bigint NOT NULL,
    name                    text COLLATE "C" NOT NULL,
    indicator_id            bigint NOT NULL,
    year                    bigint NOT NULL,
    base_year               bigint NOT NULL,
    target_value            bigint,
    peer_city_id            bigint,
    cagr_years              bigint NOT NULL DEFAULT 5,
    split                   text COLLATE "C" NOT NULL DEFAULT 'weights' CHECK (split IN ('shares', 'weights', 'same')),
    note                    text COLLATE "C" NOT NULL DEFAULT '',
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name),
    CHECK ((target_value IS NULL) <> (peer_city_id IS NULL)),
    FOREIGN KEY (tenant_id, indicator_id) REFERENCES bm_indicators (tenant_id, id),
    FOREIGN KEY (tenant_id, peer_city_id) REFERENCES bm_cities (tenant_id, id)
);

CREATE TABLE bm_goal_units (
    tenant_id               bigint NOT NULL REFERENCES tenants (id),
    goal_id                 bigint NOT NULL,
    unit_id                 bigint NOT NULL,
    sort_order              bigint NOT NULL,
    weight                  bigint NOT NULL,
    PRIMARY KEY (tenant_id, goal_id, unit_id),
    FOREIGN KEY (tenant_id, goal_id) REFERENCES bm_goals (tenant_id, id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

--- both
CREATE UNIQUE INDEX bm_cities_by_division ON bm_cities (tenant_id, division_code) WHERE division_code <> '';
CREATE UNIQUE INDEX bm_cities_self ON bm_cities (tenant_id) WHERE is_self = 1;
CREATE INDEX bm_values_by_city ON bm_values (tenant_id, city_id, indicator_id, year, quarter);
CREATE INDEX bm_goals_by_indicator ON bm_goals (tenant_id, indicator_id);
CREATE INDEX bm_goals_by_peer ON bm_goals (tenant_id, peer_city_id);
CREATE INDEX bm_goal_units_by_unit ON bm_goal_units (tenant_id, unit_id);
-- the built-in catalogue (the same as store_bm_indicators_seed gives a new tenant)
INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order)
    SELECT id, 1, 'gdp', '地区生产总值', '亿元', 'higher', 'flow', 2, 1, 1 FROM tenants;
INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order)
    SELECT id, 2, 'budget_revenue', '一般公共预算收入', '亿元', 'higher', 'flow', 2, 1, 2 FROM tenants;
INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order)
    SELECT id, 3, 'industrial_output', '规模以上工业总产值', '亿元', 'higher', 'flow', 2, 1, 3 FROM tenants;
INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order)
    SELECT id, 4, 'trade', '进出口总额', '亿元', 'higher', 'flow', 2, 1, 4 FROM tenants;
INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order)
    SELECT id, 5, 'fdi', '实际使用外资', '亿美元', 'higher', 'flow', 2, 1, 5 FROM tenants;
INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order)
    SELECT id, 6, 'retail', '社会消费品零售总额', '亿元', 'higher', 'flow', 2, 1, 6 FROM tenants;
INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order)
    SELECT id, 7, 'fixed_investment', '固定资产投资', '亿元', 'higher', 'flow', 2, 1, 7 FROM tenants;
INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order)
    SELECT id, 8, 'urban_income', '城镇居民人均可支配收入', '元', 'higher', 'ratio', 2, 1, 8 FROM tenants;
INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order)
    SELECT id, 9, 'rural_income', '农村居民人均可支配收入', '元', 'higher', 'ratio', 2, 1, 9 FROM tenants;
INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order)
    SELECT id, 10, 'rd_share', 'R&D 经费支出占 GDP 比重', '%', 'higher', 'ratio', 2, 1, 10 FROM tenants;
INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order)
    SELECT id, 11, 'hightech_share', '高新技术产业产值占比', '%', 'higher', 'ratio', 2, 1, 11 FROM tenants;
INSERT INTO bm_indicators (tenant_id, id, code, name, unit, direction, kind, decimals, builtin, sort_order)
    SELECT id, 12, 'energy_intensity', '单位 GDP 能耗', '吨标准煤/万元', 'lower', 'ratio', 3, 1, 12 FROM tenants;
INSERT INTO id_sequences (tenant_id, name, next_id) SELECT id, 'bm_indicators', 13 FROM tenants;
