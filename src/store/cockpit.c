/* The leaders' cockpit: pipeline, investment against plan by month, lights by unit and park, laggards, speed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/stats.h"
#include "store/project_rows.h"
#include "base/banned.h"

/* ?1 tenant, ?2 the scope unit or NULL: the responsible unit u lies in its subtree. */
#define IN_SCOPE                                                                                                     \
    " AND (CAST(?2 AS BIGINT) IS NULL OR (u.path >= (SELECT s.path FROM units s WHERE s.tenant_id = ?1 AND s.id = ?2)"               \
    " AND u.path < (SELECT s.path || '~' FROM units s WHERE s.tenant_id = ?1 AND s.id = ?2)))"

struct cockpit_query {
    int64_t tenant, scope;
    int year;
    struct arena *a;
    struct cockpit *out;
};

static struct db_stmt *prepare(struct db *db, const struct cockpit_query *q, const char *sql, struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return NULL;
    db_bind_int64(s, 1, q->tenant);
    if (q->scope)
        db_bind_int64(s, 2, q->scope);
    else
        db_bind_null(s, 2);
    return s;
}

static int read_pools(struct db *db, struct cockpit_query *q, struct error *e)
{
    struct db_stmt *s = prepare(db, q,
                                "SELECT p.pool, count(*), SUM(p.total_investment)" PROJECT_FROM_UNIT
                                " WHERE p.tenant_id = ?1" IN_SCOPE " GROUP BY p.pool",
                                e);
    if (!s)
        return -1;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        size_t len;
        const char *name = db_column_text(s, 0, &len);
        enum project_pool pool;
        if (name && pool_parse(name, len, &pool) == 0) {
            q->out->pool_count[pool] = db_column_int64(s, 1);
            q->out->pool_amount[pool] = db_column_int64(s, 2);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* Rows of (unit id, name, warning, count), grouped by unit: one cockpit_lights per unit. */
static int read_lights(struct db *db, struct cockpit_query *q, const char *sql, struct cockpit_lights **out,
                       size_t *n, bool overall, struct error *e)
{
    struct db_stmt *s = prepare(db, q, sql, e);
    if (!s)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        int64_t unit = db_column_int64(s, 0);
        size_t len;
        const char *level_name = db_column_text(s, 2, &len);
        enum warning_level level;
        if (!level_name || warning_level_parse(level_name, len, &level) != 0)
            continue;
        if (*n == 0 || (*out)[*n - 1].unit_id != unit) {
            if (*n == cap) {
                cap = cap ? 2 * cap : 64;
                struct cockpit_lights *grown = arena_alloc(q->a, cap * sizeof(*grown));
                if (!grown) {
                    db_reset(s);
                    return store_no_memory(e);
                }
                if (*n)
                    memcpy(grown, *out, *n * sizeof(*grown));
                *out = grown;
            }
            (*out)[(*n)++] = (struct cockpit_lights){.unit_id = unit, .unit_name = store_text(s, 1, q->a)};
        }
        int64_t count = db_column_int64(s, 3);
        (*out)[*n - 1].count[level] += count;
        if (overall)
            q->out->lights[level] += count;
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int most_red_first(const void *a, const void *b)
{
    const struct cockpit_lights *x = a, *y = b;
    if (x->count[WARN_RED] != y->count[WARN_RED])
        return x->count[WARN_RED] < y->count[WARN_RED] ? 1 : -1;
    if (x->count[WARN_YELLOW] != y->count[WARN_YELLOW])
        return x->count[WARN_YELLOW] < y->count[WARN_YELLOW] ? 1 : -1;
    return x->unit_id < y->unit_id ? -1 : x->unit_id > y->unit_id;
}

static int read_months(struct db *db, struct cockpit_query *q, struct error *e)
{
    struct db_stmt *s = prepare(db, q,
                                "SELECT t.month, SUM(t.amount) FROM unit_month_totals t JOIN units u"
                                " ON u.tenant_id = t.tenant_id AND u.id = t.unit_id"
                                " WHERE t.tenant_id = ?1 AND t.month >= ?3 AND t.month <= ?4" IN_SCOPE
                                " GROUP BY t.month",
                                e);
    if (!s)
        return -1;
    char first[8], last[8];
    snprintf(first, sizeof(first), "%04d-01", q->year);
    snprintf(last, sizeof(last), "%04d-12", q->year);
    db_bind_text(s, 3, first);
    db_bind_text(s, 4, last);
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        int32_t m = month_parse(db_column_text(s, 0, NULL), 7);
        if (m >= 0)
            q->out->month_amount[m % 12] = db_column_int64(s, 1);
    }
    db_reset(s);
    if (rc < 0)
        return -1;
    s = prepare(db, q,
                "SELECT SUM(pl.amount) FROM project_plans pl JOIN projects p ON p.tenant_id = pl.tenant_id"
                " AND p.id = pl.project_id JOIN units u ON u.tenant_id = p.tenant_id AND u.id = p.unit_id"
                " WHERE pl.tenant_id = ?1 AND pl.year = ?3" IN_SCOPE,
                e);
    if (!s)
        return -1;
    db_bind_int64(s, 3, q->year);
    rc = db_step(s, e);
    q->out->year_plan = rc == 1 && !db_column_is_null(s, 0) ? db_column_int64(s, 0) : 0;
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

#define LAGGING_MAX 10

static int read_lagging(struct db *db, struct cockpit_query *q, struct error *e)
{
    struct db_stmt *s = prepare(db, q,
                                "SELECT " PROJECT_COLUMNS_AT(3, 4, 5) PROJECT_FROM
                                " WHERE p.tenant_id = ?1 AND p.warning <> 'green'" IN_SCOPE
                                " ORDER BY CASE p.warning WHEN 'red' THEN 0 ELSE 1 END, p.total_investment DESC, p.id"
                                " LIMIT 10",
                                e);
    if (!s)
        return -1;
    project_bind_year_at(s, 2, q->year);
    q->out->lagging = arena_alloc(q->a, LAGGING_MAX * sizeof(*q->out->lagging));
    int rc = q->out->lagging ? 0 : store_no_memory(e);
    while (rc == 0 && q->out->n_lagging < LAGGING_MAX && (rc = db_step(s, e)) == 1)
        rc = project_read_row(s, q->a, &q->out->lagging[q->out->n_lagging++]) == 0 ? 0 : store_no_memory(e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* Days between two steps of the projects whose later step fell in each of the last five years. */
static int read_speed(struct db *db, struct cockpit_query *q, struct error *e)
{
    struct cockpit *c = q->out;
    c->speed_years = 5;
    struct {
        int64_t *v;
        size_t n, cap;
    } days[5][SPEED_COUNT] = {0};
    struct db_stmt *s = prepare(db, q,
                                "SELECT p.actual_signed, p.actual_started, p.actual_completed, p.actual_production"
                                PROJECT_FROM_UNIT " WHERE p.tenant_id = ?1 AND p.actual_started IS NOT NULL" IN_SCOPE,
                                e);
    if (!s)
        return -1;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        int32_t signed_day = project_day(s, 0), started = project_day(s, 1), completed = project_day(s, 2),
                production = project_day(s, 3);
        int32_t from[SPEED_COUNT] = {signed_day, started, started}, to[SPEED_COUNT] = {started, completed, production};
        for (int k = 0; k < SPEED_COUNT; k++) {
            if (from[k] == DAY_NONE || to[k] == DAY_NONE)
                continue;
            int y = month_of_day(to[k]) / 12 - (q->year - 4);
            if (y < 0 || y >= 5)
                continue;
            if (days[y][k].n == days[y][k].cap) {
                size_t cap = days[y][k].cap ? 2 * days[y][k].cap : 256;
                int64_t *grown = arena_alloc(q->a, cap * sizeof(*grown));
                if (!grown) {
                    db_reset(s);
                    return store_no_memory(e);
                }
                if (days[y][k].n)
                    memcpy(grown, days[y][k].v, days[y][k].n * sizeof(*grown));
                days[y][k].v = grown;
                days[y][k].cap = cap;
            }
            days[y][k].v[days[y][k].n++] = (int64_t)to[k] - from[k];
        }
    }
    db_reset(s);
    for (int y = 0; y < 5; y++) {
        c->speed[y].year = q->year - 4 + y;
        for (int k = 0; k < SPEED_COUNT; k++) {
            c->speed[y].n[k] = (int64_t)days[y][k].n;
            if (!median_twice(days[y][k].v, days[y][k].n, &c->speed[y].median2[k]))
                c->speed[y].median2[k] = -1;
        }
    }
    return rc < 0 ? -1 : 0;
}

static int cockpit_tx(struct db *db, void *ctx, struct error *e)
{
    struct cockpit_query *q = ctx;
    struct cockpit *c = q->out;
    if (read_pools(db, q, e) != 0 || read_months(db, q, e) != 0 ||
        read_lights(db, q,
                    "SELECT p.unit_id, u.name, p.warning, count(*)" PROJECT_FROM_UNIT " WHERE p.tenant_id = ?1" IN_SCOPE
                    " GROUP BY p.unit_id, u.name, p.warning ORDER BY p.unit_id",
                    &c->by_unit, &c->n_units, true, e) != 0 ||
        read_lights(db, q,
                    "SELECT p.carrier_id, k.name, p.warning, count(*)" PROJECT_FROM_UNIT
                    " JOIN units k ON k.tenant_id = p.tenant_id AND k.id = p.carrier_id WHERE p.tenant_id = ?1" IN_SCOPE
                    " GROUP BY p.carrier_id, k.name, p.warning ORDER BY p.carrier_id",
                    &c->by_park, &c->n_parks, false, e) != 0 ||
        read_lagging(db, q, e) != 0 || read_speed(db, q, e) != 0)
        return -1;
    if (c->n_units)
        qsort(c->by_unit, c->n_units, sizeof(*c->by_unit), most_red_first);
    if (c->n_parks)
        qsort(c->by_park, c->n_parks, sizeof(*c->by_park), most_red_first);
    return 0;
}

int store_cockpit(struct store *st, int64_t tenant, int64_t scope, int year, struct arena *a, struct cockpit *out,
                  struct error *e)
{
    *out = (struct cockpit){.year = year};
    struct cockpit_query q = {.tenant = tenant, .scope = scope, .year = year, .a = a, .out = out};
    return db_read(st->db, cockpit_tx, &q, e);
}
