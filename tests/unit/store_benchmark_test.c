/* Unit tests for the benchmarking store (src/store/benchmark_*.c), on SQLite and, when PACESETTER_TEST_PG is
 * set, on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/decimal.h"
#include "store/store.h"

#define D(x) ((int64_t)(x)*DEC_SCALE)

static bool on_postgres;
static char db_path[256];
static char target[512];
static char pg_admin[512];
static char pg_dbname[64];
static int db_counter;

static int pg_admin_exec(const char *sql)
{
    PGconn *c = PQconnectdb(pg_admin);
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

static int setup(void **state)
{
    db_counter++;
    if (on_postgres) {
        snprintf(pg_dbname, sizeof(pg_dbname), "store_bm_test_%d_%d", (int)getpid(), db_counter);
        char sql[128];
        snprintf(sql, sizeof(sql), "CREATE DATABASE %s", pg_dbname);
        pg_admin_exec(sql);
        const char *slash = strrchr(pg_admin, '/');
        snprintf(target, sizeof(target), "%.*s/%s", (int)(slash - pg_admin), pg_admin, pg_dbname);
    } else {
        snprintf(db_path, sizeof(db_path), "/tmp/pacesetter-store-bm-test-%d-%d.db", (int)getpid(),
                 db_counter);
        unlink(db_path);
        snprintf(target, sizeof(target), "%s", db_path);
    }
    struct store *st;
    struct error e;
    int from, to;
    if (store_open(&st, target, STORE_OPEN_CREATE, &e) != 0 || store_migrate(st, &from, &to, &e) != 0) {
        fprintf(stderr, "setup: %s\n", e.message_en);
        return -1;
    }
    *state = st;
    return 0;
}

static int teardown(void **state)
{
    store_close(*state);
    if (on_postgres) {
        char sql[128];
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", pg_dbname);
        pg_admin_exec(sql);
        return 0;
    }
    char path[300];
    unlink(db_path);
    snprintf(path, sizeof(path), "%s-wal", db_path);
    unlink(path);
    snprintf(path, sizeof(path), "%s-shm", db_path);
    unlink(path);
    return 0;
}

static const struct actor who = {0, "test", "127.0.0.1"};

static int64_t indicator_of(struct store *st, const char *code)
{
    struct arena a = ARENA_INIT;
    struct bm_indicator *items;
    size_t n;
    struct error e;
    int64_t id = 0;
    if (store_bm_indicators_list(st, 1, &a, &items, &n, &e) == 0)
        for (size_t i = 0; i < n; i++)
            if (strcmp(items[i].code, code) == 0)
                id = items[i].id;
    arena_release(&a);
    return id;
}

static int64_t city(struct store *st, const char *name, bool is_self)
{
    struct arena a = ARENA_INIT;
    struct bm_city_input in = {.has_name = true, .name = name, .has_is_self = true, .is_self = is_self};
    struct bm_city c;
    struct error e;
    int rc = store_bm_city_create(st, 1, &who, &in, &a, &c, &e);
    arena_release(&a);
    return rc == 0 ? c.id : -1;
}

static int64_t unit(struct store *st, const char *code)
{
    struct arena a = ARENA_INIT;
    struct unit_input in = {
        .has_code = true, .has_name = true, .has_kind = true, .code = code, .name = code, .kind = UNIT_TOWN};
    struct unit u;
    struct error e;
    int rc = store_unit_create(st, 1, &in, NULL, &a, &u, &e);
    arena_release(&a);
    return rc == 0 ? u.id : -1;
}

static struct bm_value val(int64_t indicator, int64_t city_id, int year, int64_t value)
{
    return (struct bm_value){
        .indicator_id = indicator, .city_id = city_id, .year = year, .has_value = true, .value = value};
}

static int64_t value_goal(struct store *st, const char *name, int64_t indicator, int64_t target_value)
{
    struct arena a = ARENA_INIT;
    struct bm_goal_input in = {.has_name = true,
                               .name = name,
                               .has_indicator = true,
                               .indicator_id = indicator,
                               .has_year = true,
                               .year = 2027,
                               .has_base_year = true,
                               .base_year = 2024,
                               .has_target_value = true,
                               .target_value = target_value};
    struct bm_goal g;
    struct error e;
    int rc = store_bm_goal_create(st, 1, &who, &in, &a, &g, &e);
    arena_release(&a);
    return rc == 0 ? g.id : -1;
}

static void every_tenant_has_the_twelve_built_in_indicators(void **state)
{
    struct store *st = *state;
    struct arena a = ARENA_INIT;
    struct error e;
    struct bm_indicator *items;
    size_t n;
    assert_int_equal(store_bm_indicators_list(st, 1, &a, &items, &n, &e), 0);
    assert_int_equal(n, 12);
    assert_string_equal(items[0].code, "gdp");
    assert_string_equal(items[0].name, "地区生产总值");
    assert_string_equal(items[0].unit, "亿元");
    assert_int_equal(items[0].kind, BM_FLOW);
    assert_true(items[0].builtin);
    assert_string_equal(items[11].code, "energy_intensity");
    assert_int_equal(items[11].direction, BM_LOWER);
    assert_int_equal(items[11].kind, BM_RATIO);
    assert_int_equal(items[11].decimals, 3);
    assert_int_equal(items[7].kind, BM_RATIO); /* urban_income */
    struct tenant t;
    assert_int_equal(store_tenant_add(st, "张家港市", "320582", &a, &t, &e), 0);
    assert_int_equal(store_bm_indicators_list(st, t.id, &a, &items, &n, &e), 0);
    assert_int_equal(n, 12);
    assert_string_equal(items[4].code, "fdi");
    assert_string_equal(items[4].unit, "亿美元");
    arena_release(&a);
}

static void
an_indicator_is_created_refused_when_duplicate_fixed_when_built_in_and_deleted_unless_in_use(void **state)
{
    struct store *st = *state;
    struct arena a = ARENA_INIT;
    struct error e;
    struct bm_indicator ind;
    struct bm_indicator_input in = {.has_code = true,
                                    .code = "patents",
                                    .has_name = true,
                                    .name = "发明专利授权量",
                                    .has_unit = true,
                                    .unit = "件",
                                    .has_direction = true,
                                    .direction = BM_HIGHER,
                                    .has_kind = true,
                                    .kind = BM_FLOW};
    assert_int_equal(store_bm_indicator_create(st, 1, &who, &in, &a, &ind, &e), 0);
    assert_int_equal(ind.id, 13);
    assert_false(ind.builtin);
    assert_int_equal(ind.decimals, 2);
    struct bm_indicator other;
    assert_int_equal(store_bm_indicator_create(st, 1, &who, &in, &a, &other, &e), -1);
    assert_int_equal(e.code, ERR_DUPLICATE);
    assert_string_equal(e.field, "code");
    in.code = "patents2";
    assert_int_equal(store_bm_indicator_create(st, 1, &who, &in, &a, &other, &e), -1);
    assert_string_equal(e.field, "name");
    in.code = "Patents";
    in.name = "其他";
    assert_int_equal(store_bm_indicator_create(st, 1, &who, &in, &a, &other, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    assert_string_equal(e.field, "code");
    struct bm_indicator_input missing = {.has_code = true, .code = "x"};
    assert_int_equal(store_bm_indicator_create(st, 1, &who, &missing, &a, &other, &e), -1);
    assert_int_equal(e.code, ERR_MISSING_FIELD);
    assert_string_equal(e.field, "name");

    /* a built-in one: its name and decimals may change, its unit not */
    int64_t gdp = indicator_of(st, "gdp");
    struct bm_indicator_input patch = {.has_unit = true, .unit = "万元"};
    assert_int_equal(store_bm_indicator_update(st, 1, &who, gdp, &patch, &a, &other, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    assert_string_equal(e.field, "unit");
    patch = (struct bm_indicator_input){.has_name = true,
                                        .name = "GDP",
                                        .has_decimals = true,
                                        .decimals = 1,
                                        .has_unit = true,
                                        .unit = "亿元"};
    assert_int_equal(store_bm_indicator_update(st, 1, &who, gdp, &patch, &a, &other, &e), 0);
    assert_string_equal(other.name, "GDP");
    assert_int_equal(other.decimals, 1);
    patch = (struct bm_indicator_input){.has_decimals = true, .decimals = 7};
    assert_int_equal(store_bm_indicator_update(st, 1, &who, gdp, &patch, &a, &other, &e), -1);
    assert_string_equal(e.field, "decimals");
    assert_int_equal(store_bm_indicator_delete(st, 1, &who, gdp, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_STATE);

    /* in use by a goal: kept; then deleted with its values */
    int64_t c1 = city(st, "甲市", false);
    size_t written;
    struct bm_value v = val(ind.id, c1, 2024, D(5));
    assert_int_equal(store_bm_values_put(st, 1, &who, &v, 1, NULL, &written, &e), 0);
    int64_t goal = value_goal(st, "专利目标", ind.id, D(10));
    assert_true(goal > 0);
    assert_int_equal(store_bm_indicator_delete(st, 1, &who, ind.id, &e), -1);
    assert_int_equal(e.code, ERR_IN_USE);
    assert_int_equal(store_bm_goal_delete(st, 1, &who, goal, &e), 0);
    assert_int_equal(store_bm_indicator_delete(st, 1, &who, ind.id, &e), 0);
    struct bm_values_filter f = {.quarter = -1};
    struct bm_value *items;
    size_t n;
    bool more;
    assert_int_equal(store_bm_values_list(st, 1, &f, 0, &a, &items, &n, &more, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(store_bm_indicator_get(st, 1, ind.id, &a, &other, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_release(&a);
}

static void
cities_have_one_self_valid_unique_division_codes_and_are_kept_while_a_goal_names_them(void **state)
{
    struct store *st = *state;
    struct arena a = ARENA_INIT;
    struct error e;
    int64_t peer = city(st, "乙市", false);
    int64_t self = city(st, "澄港市", true);
    assert_true(peer > 0 && self > 0);
    assert_int_equal(city(st, "丙市", true), -1); /* a second self */
    struct bm_city c;
    struct bm_city_input in = {.has_name = true, .name = "丙市", .has_is_self = true, .is_self = true};
    assert_int_equal(store_bm_city_create(st, 1, &who, &in, &a, &c, &e), -1);
    assert_int_equal(e.code, ERR_DUPLICATE);
    assert_string_equal(e.field, "is_self");
    in = (struct bm_city_input){.has_name = true, .name = "乙市"};
    assert_int_equal(store_bm_city_create(st, 1, &who, &in, &a, &c, &e), -1);
    assert_string_equal(e.field, "name");
    in = (struct bm_city_input){
        .has_name = true, .name = "丙市", .has_division_code = true, .division_code = "329999"};
    assert_int_equal(store_bm_city_create(st, 1, &who, &in, &a, &c, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    assert_string_equal(e.field, "division_code");
    in.division_code = "320582";
    assert_int_equal(store_bm_city_create(st, 1, &who, &in, &a, &c, &e), 0);
    assert_string_equal(c.division_code, "320582");
    in.name = "丁市";
    assert_int_equal(store_bm_city_create(st, 1, &who, &in, &a, &c, &e), -1);
    assert_int_equal(e.code, ERR_DUPLICATE);
    assert_string_equal(e.field, "division_code");
    in = (struct bm_city_input){
        .has_name = true, .name = "戊市", .demo = true, .has_note = true, .note = "演示数据（虚构）"};
    assert_int_equal(store_bm_city_create(st, 1, &who, &in, &a, &c, &e), 0);
    assert_true(c.demo);
    assert_string_equal(c.division_code, "");

    struct bm_city *items;
    size_t n;
    assert_int_equal(store_bm_cities_list(st, 1, &a, &items, &n, &e), 0);
    assert_int_equal(n, 4);
    assert_int_equal(items[0].id, self); /* this city first */
    assert_true(items[0].is_self);
    assert_int_equal(items[1].id, peer);

    struct bm_city_input patch = {.has_is_self = true, .is_self = true};
    assert_int_equal(store_bm_city_update(st, 1, &who, peer, &patch, &a, &c, &e), -1);
    assert_string_equal(e.field, "is_self");
    patch = (struct bm_city_input){
        .has_name = true, .name = "乙市（新）", .has_sort_order = true, .sort_order = 3};
    assert_int_equal(store_bm_city_update(st, 1, &who, peer, &patch, &a, &c, &e), 0);
    assert_string_equal(c.name, "乙市（新）");

    /* a goal's peer is kept; once free it goes with its values */
    struct bm_goal_input g = {.has_name = true,
                              .name = "超过乙市",
                              .has_indicator = true,
                              .indicator_id = indicator_of(st, "gdp"),
                              .has_year = true,
                              .year = 2028,
                              .has_base_year = true,
                              .base_year = 2024,
                              .has_peer = true,
                              .peer_city_id = self};
    struct bm_goal goal;
    assert_int_equal(store_bm_goal_create(st, 1, &who, &g, &a, &goal, &e), -1); /* not this city */
    assert_string_equal(e.field, "peer_city_id");
    g.peer_city_id = peer;
    assert_int_equal(store_bm_goal_create(st, 1, &who, &g, &a, &goal, &e), 0);
    assert_int_equal(goal.peer_city_id, peer);
    assert_false(goal.has_target_value);
    assert_int_equal(store_bm_city_delete(st, 1, &who, peer, &e), -1);
    assert_int_equal(e.code, ERR_IN_USE);
    size_t written;
    struct bm_value v = val(indicator_of(st, "gdp"), peer, 2024, DEC_SCALE);
    assert_int_equal(store_bm_values_put(st, 1, &who, &v, 1, NULL, &written, &e), 0);
    assert_int_equal(store_bm_goal_delete(st, 1, &who, goal.id, &e), 0);
    assert_int_equal(store_bm_city_delete(st, 1, &who, peer, &e), 0);
    struct bm_values_filter f = {.quarter = -1};
    struct bm_value *values;
    bool more;
    assert_int_equal(store_bm_values_list(st, 1, &f, 0, &a, &values, &n, &more, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(store_bm_city_delete(st, 1, &who, peer, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_release(&a);
}

static void values_are_put_all_or_nothing_deleted_by_null_and_listed_by_filter(void **state)
{
    struct store *st = *state;
    struct arena a = ARENA_INIT;
    struct error e;
    int64_t gdp = indicator_of(st, "gdp"), trade = indicator_of(st, "trade");
    int64_t c1 = city(st, "甲市", true), c2 = city(st, "乙市", false);
    struct bm_value in[] = {val(gdp, c1, 2023, D(1000)), val(gdp, c1, 2024, D(1100)),
                            val(gdp, c2, 2024, D(1200)), val(trade, 999, 2024, 5)};
    size_t written = 7;
    assert_int_equal(store_bm_values_put(st, 1, &who, in, 4, "测试", &written, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    assert_string_equal(e.field, "values[3].city_id");
    assert_int_equal(written, 0);
    struct bm_values_filter all = {.quarter = -1};
    struct bm_value *items;
    size_t n;
    bool more;
    assert_int_equal(store_bm_values_list(st, 1, &all, 0, &a, &items, &n, &more, &e), 0);
    assert_int_equal(n, 0); /* nothing of the batch */
    in[3].city_id = c2;
    in[3].year = 1900;
    assert_int_equal(store_bm_values_put(st, 1, &who, in, 4, NULL, &written, &e), -1);
    assert_string_equal(e.field, "values[3].year");
    in[3].year = 2024;
    in[3].quarter = 5;
    assert_int_equal(store_bm_values_put(st, 1, &who, in, 4, NULL, &written, &e), -1);
    assert_string_equal(e.field, "values[3].quarter");
    in[3] = in[1];
    assert_int_equal(store_bm_values_put(st, 1, &who, in, 4, NULL, &written, &e), -1);
    assert_int_equal(e.code, ERR_DUPLICATE);
    assert_string_equal(e.field, "values[3].year");
    in[3] = val(trade, c2, 2024, 5);
    in[3].quarter = 2;
    in[3].source = "统计年鉴";
    assert_int_equal(store_bm_values_put(st, 1, &who, in, 4, NULL, &written, &e), 0);
    assert_int_equal(written, 4);

    assert_int_equal(store_bm_values_list(st, 1, &all, 0, &a, &items, &n, &more, &e), 0);
    assert_int_equal(n, 4);
    assert_false(more);
    assert_int_equal(items[0].indicator_id, gdp); /* by indicator, city, year, quarter */
    assert_int_equal(items[0].year, 2023);
    assert_int_equal(items[2].city_id, c2);
    assert_int_equal(items[3].quarter, 2);
    assert_string_equal(items[3].source, "统计年鉴");
    assert_int_equal(strlen(items[3].updated_at), 20);
    assert_int_equal(store_bm_values_list(st, 1, &all, 2, &a, &items, &n, &more, &e), 0);
    assert_int_equal(n, 2);
    assert_true(more);
    struct bm_values_filter f = {.indicator_id = gdp, .year_from = 2024, .year_to = 2024, .quarter = 0};
    assert_int_equal(store_bm_values_list(st, 1, &f, 0, &a, &items, &n, &more, &e), 0);
    assert_int_equal(n, 2);
    f = (struct bm_values_filter){.city_id = c2, .quarter = -1};
    assert_int_equal(store_bm_values_list(st, 1, &f, 0, &a, &items, &n, &more, &e), 0);
    assert_int_equal(n, 2);

    /* a second put overwrites; a null deletes (one that is not there counts for nothing) */
    struct bm_value again[] = {val(gdp, c1, 2024, D(1150)), val(gdp, c1, 2023, 0), val(gdp, c2, 2020, 0)};
    again[1].has_value = again[2].has_value = false;
    assert_int_equal(store_bm_values_put(st, 1, &who, again, 3, NULL, &written, &e), 0);
    assert_int_equal(written, 2);
    f = (struct bm_values_filter){.indicator_id = gdp, .city_id = c1, .quarter = -1};
    assert_int_equal(store_bm_values_list(st, 1, &f, 0, &a, &items, &n, &more, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].value, D(1150));

    /* a batch of 123 (statements of 100, 10 and 1 rows), written over in part by a second one */
    struct bm_value many[123];
    for (int i = 0; i < 123; i++)
        many[i] = val(trade, i % 2 ? c1 : c2, 1950 + i / 2, i);
    assert_int_equal(store_bm_values_put(st, 1, &who, many, 123, NULL, &written, &e), 0);
    assert_int_equal(written, 123);
    for (int i = 0; i < 123; i++)
        many[i].value = -i;
    assert_int_equal(store_bm_values_put(st, 1, &who, many + 100, 23, NULL, &written, &e), 0);
    f = (struct bm_values_filter){.indicator_id = trade, .city_id = c1, .year_to = 2100, .quarter = 0};
    assert_int_equal(store_bm_values_list(st, 1, &f, 0, &a, &items, &n, &more, &e), 0);
    assert_int_equal(n, 61);
    assert_int_equal(items[0].value, 1);
    assert_int_equal(items[60].value, -121);
    arena_release(&a);
}

static void the_matrix_is_dense_with_missing_values_marked_for_every_city_or_those_asked(void **state)
{
    struct store *st = *state;
    struct arena a = ARENA_INIT;
    struct error e;
    int64_t gdp = indicator_of(st, "gdp"), rd = indicator_of(st, "rd_share");
    int64_t p = city(st, "乙市", false), s = city(st, "本市", true), q = city(st, "丙市", false);
    struct bm_value in[] = {val(gdp, s, 2022, 100), val(gdp, s, 2024, 120),
                            val(gdp, p, 2023, 200), val(gdp, q, 2021, 1), /* outside the years */
                            val(rd, q, 2024, 3),    val(rd, q, 2024, 9)};
    in[5].quarter = 3; /* another quarter: not in the year's matrix */
    size_t written;
    assert_int_equal(store_bm_values_put(st, 1, &who, in, 6, NULL, &written, &e), 0);
    int64_t ids[] = {gdp, rd};
    struct bm_matrix m;
    assert_int_equal(store_bm_matrix(st, 1, ids, 2, NULL, 0, 2022, 2024, 0, &a, &m, &e), 0);
    assert_int_equal(m.n_indicators, 2);
    assert_int_equal(m.n_cities, 3);
    assert_int_equal(m.n_years, 3);
    assert_int_equal(m.cities[0].id, s); /* list order: this city first */
    assert_int_equal(m.cities[1].id, p);
    assert_int_equal(m.cities[2].id, q);
    assert_string_equal(m.indicators[1].code, "rd_share");
#define AT(i, c, y) m.values[((i)*m.n_cities + (c)) * m.n_years + (y)]
    assert_true(AT(0, 0, 0).has);
    assert_int_equal(AT(0, 0, 0).v, 100);
    assert_false(AT(0, 0, 1).has); /* 2023 missing, not 0 */
    assert_int_equal(AT(0, 0, 2).v, 120);
    assert_false(AT(0, 1, 0).has);
    assert_int_equal(AT(0, 1, 1).v, 200);
    for (int y = 0; y < 3; y++)
        assert_false(AT(0, 2, y).has);
    assert_true(AT(1, 2, 2).has);
    assert_int_equal(AT(1, 2, 2).v, 3);
    assert_false(AT(1, 0, 2).has);

    int64_t some[] = {q, s};
    assert_int_equal(store_bm_matrix(st, 1, ids, 2, some, 2, 2024, 2024, 3, &a, &m, &e), 0);
    assert_int_equal(m.n_cities, 2);
    assert_int_equal(m.cities[0].id, q);
    assert_int_equal(m.n_years, 1);
    assert_false(AT(0, 0, 0).has);
    assert_int_equal(AT(1, 0, 0).v, 9);
    assert_false(AT(1, 1, 0).has);
#undef AT
    int64_t unknown[] = {s, 999};
    assert_int_equal(store_bm_matrix(st, 1, ids, 2, unknown, 2, 2024, 2024, 0, &a, &m, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    int64_t bad_ind[] = {999};
    assert_int_equal(store_bm_matrix(st, 1, bad_ind, 1, NULL, 0, 2024, 2024, 0, &a, &m, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(store_bm_matrix(st, 1, ids, 2, NULL, 0, 2025, 2024, 0, &a, &m, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    arena_release(&a);
}

static void a_goal_is_one_of_a_value_or_a_peer_and_its_units_shares_add_up_to_one(void **state)
{
    struct store *st = *state;
    struct arena a = ARENA_INIT;
    struct error e;
    int64_t gdp = indicator_of(st, "gdp"), income = indicator_of(st, "urban_income");
    int64_t u1 = unit(st, "TOWN-A"), u2 = unit(st, "TOWN-B"), u3 = unit(st, "TOWN-C");
    int64_t peer = city(st, "乙市", false);
    struct bm_goal g;
    struct bm_goal_input in = {.has_name = true,
                               .name = "到2027年地区生产总值达到1500亿元",
                               .has_indicator = true,
                               .indicator_id = gdp,
                               .has_year = true,
                               .year = 2027,
                               .has_base_year = true,
                               .base_year = 2027,
                               .has_target_value = true,
                               .target_value = D(1500),
                               .has_peer = true,
                               .peer_city_id = peer};
    assert_int_equal(store_bm_goal_create(st, 1, &who, &in, &a, &g, &e), -1);
    assert_string_equal(e.field, "peer_city_id"); /* both */
    in.has_peer = false;
    assert_int_equal(store_bm_goal_create(st, 1, &who, &in, &a, &g, &e), -1);
    assert_string_equal(e.field, "base_year");
    in.base_year = 2024;
    in.has_target_value = false;
    assert_int_equal(store_bm_goal_create(st, 1, &who, &in, &a, &g, &e), -1);
    assert_int_equal(e.code, ERR_MISSING_FIELD);
    in.has_target_value = true;
    assert_int_equal(store_bm_goal_create(st, 1, &who, &in, &a, &g, &e), 0);
    assert_int_equal(g.split, BM_SPLIT_WEIGHTS);
    assert_int_equal(g.cagr_years, 5);
    assert_int_equal(g.n_units, 0);
    struct bm_goal dup;
    assert_int_equal(store_bm_goal_create(st, 1, &who, &in, &a, &dup, &e), -1);
    assert_int_equal(e.code, ERR_DUPLICATE);
    assert_string_equal(e.field, "name");

    struct bm_goal_unit shares[] = {{u1, NULL, 500000}, {u2, NULL, 300000}, {u3, NULL, 100000}};
    assert_int_equal(store_bm_goal_units_put(st, 1, &who, g.id, BM_SPLIT_SHARES, shares, 3, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    assert_string_equal(e.field, "units");
    shares[2].weight = 200000;
    assert_int_equal(store_bm_goal_units_put(st, 1, &who, g.id, BM_SPLIT_SHARES, shares, 3, &e), 0);
    struct bm_goal got;
    assert_int_equal(store_bm_goal_get(st, 1, g.id, &a, &got, &e), 0);
    assert_int_equal(got.split, BM_SPLIT_SHARES);
    assert_int_equal(got.n_units, 3);
    assert_int_equal(got.units[0].unit_id, u1);
    assert_string_equal(got.units[1].unit_name, "TOWN-B");
    assert_int_equal(got.units[2].weight, 200000);
    shares[2].unit_id = u1;
    assert_int_equal(store_bm_goal_units_put(st, 1, &who, g.id, BM_SPLIT_WEIGHTS, shares, 3, &e), -1);
    assert_int_equal(e.code, ERR_DUPLICATE);
    assert_string_equal(e.field, "units[2].unit_id");
    shares[2].unit_id = 999;
    assert_int_equal(store_bm_goal_units_put(st, 1, &who, g.id, BM_SPLIT_WEIGHTS, shares, 3, &e), -1);
    assert_string_equal(e.field, "units[2].unit_id");
    struct bm_goal_unit weights[] = {{u1, NULL, D(3)}, {u2, NULL, -1}};
    assert_int_equal(store_bm_goal_units_put(st, 1, &who, g.id, BM_SPLIT_WEIGHTS, weights, 2, &e), -1);
    assert_string_equal(e.field, "units[1].weight");
    weights[1].weight = 0;
    assert_int_equal(store_bm_goal_units_put(st, 1, &who, g.id, BM_SPLIT_WEIGHTS, weights, 2, &e), 0);
    weights[0].weight = 0;
    assert_int_equal(store_bm_goal_units_put(st, 1, &who, g.id, BM_SPLIT_WEIGHTS, weights, 2, &e), -1);
    assert_string_equal(e.field, "units");

    /* a unit that shares a goal is kept */
    assert_int_equal(store_unit_delete(st, 1, u1, &who, &e), -1);
    assert_non_null(strstr(e.message_en, "benchmark goal"));
    assert_int_equal(store_unit_delete(st, 1, u3, &who, &e), 0);

    /* a ratio indicator: only the same target for each */
    struct bm_goal_input r = {.has_name = true,
                              .name = "城镇居民收入",
                              .has_indicator = true,
                              .indicator_id = income,
                              .has_year = true,
                              .year = 2027,
                              .has_base_year = true,
                              .base_year = 2024,
                              .has_target_value = true,
                              .target_value = D(80000)};
    struct bm_goal ratio;
    assert_int_equal(store_bm_goal_create(st, 1, &who, &r, &a, &ratio, &e), 0);
    assert_int_equal(ratio.split, BM_SPLIT_SAME);
    assert_int_equal(store_bm_goal_units_put(st, 1, &who, ratio.id, BM_SPLIT_WEIGHTS, weights, 2, &e), -1);
    assert_string_equal(e.field, "split");
    assert_int_equal(store_bm_goal_units_put(st, 1, &who, ratio.id, BM_SPLIT_SAME, weights, 2, &e), 0);
    /* the split goal cannot turn to a ratio indicator while split by weights */
    struct bm_goal_input patch = {.has_indicator = true, .indicator_id = income};
    assert_int_equal(store_bm_goal_update(st, 1, &who, g.id, &patch, &a, &got, &e), -1);
    assert_string_equal(e.field, "indicator_id");
    /* a value goal becomes a peer goal by naming the peer */
    patch = (struct bm_goal_input){
        .has_peer = true, .peer_city_id = peer, .has_cagr_years = true, .cagr_years = 3};
    assert_int_equal(store_bm_goal_update(st, 1, &who, g.id, &patch, &a, &got, &e), 0);
    assert_false(got.has_target_value);
    assert_int_equal(got.peer_city_id, peer);
    assert_int_equal(got.cagr_years, 3);
    assert_int_equal(got.n_units, 2);

    struct bm_goal *items;
    size_t n;
    assert_int_equal(store_bm_goals_list(st, 1, &a, &items, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(items[0].n_units + items[1].n_units, 4);
    assert_int_equal(store_bm_goal_delete(st, 1, &who, g.id, &e), 0);
    assert_int_equal(store_unit_delete(st, 1, u1, &who, &e), -1); /* still in the ratio goal */
    assert_int_equal(store_bm_goal_delete(st, 1, &who, ratio.id, &e), 0);
    assert_int_equal(store_unit_delete(st, 1, u1, &who, &e), 0);
    arena_release(&a);
}

/* An open units scheme: one group, the units as subjects, one node with one leaf. */
static int64_t open_scheme(struct store *st, const int64_t *units, size_t n, int64_t *leaf, struct arena *a)
{
    struct error e;
    struct appr_scheme_input in = {.has_year = true,
                                   .year = 2025,
                                   .has_name = true,
                                   .name = "2025 年度绩效考核",
                                   .has_kind = true,
                                   .kind_id = 1,
                                   .has_subject_type = true};
    struct appr_scheme_row row;
    if (store_appr_scheme_create(st, 1, &who, &in, a, &row, &e) != 0)
        return -1;
    static struct appr_group_row groups[] = {{0, "镇"}};
    static struct appr_grade_row grades[] = {{"合格", {false, 0, false, 0}}};
    struct appr_structure s = {.groups = groups, .n_groups = 1, .grades = grades, .n_grades = 1};
    s.subjects = arena_calloc(a, n * sizeof(*s.subjects));
    s.indicators = arena_calloc(a, 2 * sizeof(*s.indicators));
    for (size_t i = 0; i < n; i++)
        s.subjects[s.n_subjects++] = (struct appr_subject_row){.unit_id = units[i]};
    s.indicators[0] = (struct appr_indicator_row){.parent_index = -1, .name = "经济发展", .kind = APPR_NODE};
    s.indicators[1] =
        (struct appr_indicator_row){.parent_index = 0, .name = "地区生产总值", .kind = APPR_LEAF};
    appr_leaf_init(&s.indicators[1].leaf, APPR_RATIO, 10000);
    s.n_indicators = 2;
    if (store_appr_structure_put(st, 1, &who, row.id, &s, &e) != 0 ||
        store_appr_scheme_transition(st, 1, &who, row.id, APPR_OPEN, NULL, &e) != 0 ||
        store_appr_structure_get(st, 1, row.id, 0, a, &s, &e) != 0) {
        fprintf(stderr, "open_scheme: %s\n", e.message_en);
        return -1;
    }
    *leaf = s.indicators[1].id;
    return row.id;
}

static void
sent_targets_become_the_leafs_targets_for_open_subjects_and_refresh_the_kept_computation(void **state)
{
    struct store *st = *state;
    struct arena a = ARENA_INIT;
    struct error e;
    int64_t units[] = {unit(st, "TOWN-A"), unit(st, "TOWN-B"), unit(st, "TOWN-C")};
    int64_t outsider = unit(st, "TOWN-D");
    int64_t leaf = 0;
    int64_t scheme = open_scheme(st, units, 3, &leaf, &a);
    assert_true(scheme > 0);
    struct appr_subject_row *subjects;
    size_t n_subjects;
    assert_int_equal(store_appr_subjects_list(st, 1, scheme, 0, &a, &subjects, &n_subjects, &e), 0);
    assert_int_equal(n_subjects, 3);
    /* TOWN-A has an actual and a note already; TOWN-C is accepted */
    struct appr_value_row v = {.indicator_id = leaf, .has_actual = true, .actual = D(90), .note = "已填"};
    struct appr_subject_data d = {.values = &v, .n_values = 1};
    int64_t sa = 0, sc = 0;
    for (size_t i = 0; i < n_subjects; i++) {
        if (subjects[i].unit_id == units[0])
            sa = subjects[i].id;
        if (subjects[i].unit_id == units[2])
            sc = subjects[i].id;
    }
    assert_int_equal(store_appr_data_put(st, 1, &who, scheme, sa, 0, true, &d, &e), 0);
    assert_int_equal(store_appr_review(st, 1, &who, scheme, sc, 0, APPR_SUBMIT, NULL, &e), 0);
    assert_int_equal(store_appr_review(st, 1, &who, scheme, sc, 0, APPR_ACCEPT, NULL, &e), 0);
    struct appr_cached *k;
    assert_int_equal(store_appr_cached(st, 1, scheme, &k, &e), 0);
    size_t ia = SIZE_MAX;
    for (size_t i = 0; i < k->in.s.n_subjects; i++)
        if (k->in.s.subjects[i].id == sa)
            ia = i;
    assert_true(ia != SIZE_MAX);
    assert_false(k->in.values[ia * k->in.n_leaves].has_target);

    int64_t goal = value_goal(st, "地区生产总值目标", indicator_of(st, "gdp"), D(300));
    struct bm_leaf_target t[] = {{units[0], D(100)}, {units[1], D(120)}, {units[2], D(80)}, {outsider, 1}};
    size_t sent, skipped;
    int64_t *skipped_ids;
    assert_int_equal(
        store_bm_send_targets(st, 1, &who, goal, scheme, leaf, t, 4, &a, &sent, &skipped_ids, &skipped, &e),
        0);
    assert_int_equal(sent, 2);
    assert_int_equal(skipped, 2);
    assert_int_equal(skipped_ids[0], units[2]);
    assert_int_equal(skipped_ids[1], outsider);
    struct appr_subject_data got;
    assert_int_equal(store_appr_data_get(st, 1, scheme, sa, 0, &a, &got, &e), 0);
    assert_int_equal(got.n_values, 1);
    assert_true(got.values[0].has_target);
    assert_int_equal(got.values[0].target, D(100));
    assert_int_equal(got.values[0].actual, D(90)); /* kept */
    assert_string_equal(got.values[0].note, "已填");
    assert_int_equal(store_appr_data_get(st, 1, scheme, sc, 0, &a, &got, &e), 0);
    assert_int_equal(got.n_values, 0); /* accepted: untouched */
    /* each subject's change is logged as its data's, naming the goal; the goal's entry says where */
    struct audit_filter af = {.resource = "appraisal_data", .page = 1, .page_size = 10};
    struct audit_entry *log;
    size_t n_log;
    int64_t total;
    assert_int_equal(store_audit_list(st, 1, &af, &a, &log, &n_log, &total, &e), 0);
    assert_int_equal(total, 5); /* TOWN-A's data, TOWN-C submitted and accepted, then the two targets sent */
    assert_non_null(strstr(log[0].changes, "地区生产总值目标"));
    assert_non_null(strstr(log[0].changes, "\"target\":[null,"));
    af.resource = "bm_goal";
    af.action = "update";
    assert_int_equal(store_audit_list(st, 1, &af, &a, &log, &n_log, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_non_null(strstr(log[0].changes, "\"sent\":[null,2]"));
    /* the kept computation reads the changed subjects again */
    assert_int_equal(store_appr_cached(st, 1, scheme, &k, &e), 0);
    assert_true(k->in.values[ia * k->in.n_leaves].has_target);
    assert_int_equal(k->in.values[ia * k->in.n_leaves].target, D(100));

    /* not a leaf of the scheme; not a scheme */
    assert_int_equal(
        store_bm_send_targets(st, 1, &who, goal, scheme, 999, t, 1, &a, &sent, &skipped_ids, &skipped, &e),
        -1);
    assert_string_equal(e.field, "indicator_id");
    assert_int_equal(
        store_bm_send_targets(st, 1, &who, goal, 999, leaf, t, 1, &a, &sent, &skipped_ids, &skipped, &e), -1);
    assert_string_equal(e.field, "scheme_id");
    assert_int_equal(
        store_bm_send_targets(st, 1, &who, 999, scheme, leaf, t, 1, &a, &sent, &skipped_ids, &skipped, &e),
        -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_tenant_has_the_twelve_built_in_indicators, setup, teardown),
        cmocka_unit_test_setup_teardown(
            an_indicator_is_created_refused_when_duplicate_fixed_when_built_in_and_deleted_unless_in_use,
            setup, teardown),
        cmocka_unit_test_setup_teardown(
            cities_have_one_self_valid_unique_division_codes_and_are_kept_while_a_goal_names_them, setup,
            teardown),
        cmocka_unit_test_setup_teardown(values_are_put_all_or_nothing_deleted_by_null_and_listed_by_filter,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            the_matrix_is_dense_with_missing_values_marked_for_every_city_or_those_asked, setup, teardown),
        cmocka_unit_test_setup_teardown(a_goal_is_one_of_a_value_or_a_peer_and_its_units_shares_add_up_to_one,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            sent_targets_become_the_leafs_targets_for_open_subjects_and_refresh_the_kept_computation, setup,
            teardown),
    };
    int failed = cmocka_run_group_tests_name("benchmark store on SQLite", tests, NULL, NULL);
    const char *pg = getenv("PACESETTER_TEST_PG");
    if (pg && *pg) {
        snprintf(pg_admin, sizeof(pg_admin), "%s", pg);
        on_postgres = true;
        failed += cmocka_run_group_tests_name("benchmark store on PostgreSQL", tests, NULL, NULL);
    }
    return failed;
}
