/* The leaders' cockpit: pipeline, investment against plan by month, lights by unit and park, laggards, speed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/stats.h"
#include "store/project_rows.h"
#include "base/banned.h"

/*
 * ?1 tenant, ?2 the scope unit or NULL: the responsible unit lies in its subtree. Said of p.unit_id
 * (not of a joined unit's path) so that every scan below reads projects_by_unit_light, not the
 * projects' rows, and a scope is found by unit; names are joined to the few grouped rows after.
 */
#define SCOPE_UNITS                                                                                  \
    "SELECT s.id FROM units s WHERE s.tenant_id = ?1"                                                \
    " AND s.path >= (SELECT t.path FROM units t WHERE t.tenant_id = ?1 AND t.id = ?2)"               \
    " AND s.path < (SELECT t.path || '~' FROM units t WHERE t.tenant_id = ?1 AND t.id = ?2)"
#define IN_SCOPE " AND (CAST(?2 AS BIGINT) IS NULL OR p.unit_id IN (" SCOPE_UNITS "))"
/* the months' totals are kept per unit: there the unit is joined */
#define UNIT_IN_SCOPE                                                                                 \
    " AND (CAST(?2 AS BIGINT) IS NULL OR (u.path >= (SELECT s.path FROM units s WHERE s.tenant_id = ?1 AND s.id = ?2)" \
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

/* A carrier's count of one light, gathered unordered from the grouped rows, merged per carrier after. */
struct park_count {
    int64_t carrier;
    const char *name;
    enum warning_level level;
    int64_t n;
};

static int by_carrier(const void *a, const void *b)
{
    const struct park_count *x = a, *y = b;
    return x->carrier < y->carrier ? -1 : x->carrier > y->carrier;
}

/* Appends an entry to an arena-grown array of elements of size `size`; NULL when out of memory. */
static void *grow(struct arena *a, void **items, size_t n, size_t *cap, size_t size)
{
    if (n == *cap) {
        size_t more = *cap ? 2 * *cap : 64;
        char *grown = arena_alloc(a, more * size);
        if (!grown)
            return NULL;
        if (n)
            memcpy(grown, *items, n * size);
        *items = grown;
        *cap = more;
    }
    return (char *)*items + n * size;
}

static int merge_parks(struct cockpit_query *q, struct park_count *parks, size_t n, struct error *e)
{
    struct cockpit *c = q->out;
    size_t cap = 0;
    if (n)
        qsort(parks, n, sizeof(*parks), by_carrier);
    for (size_t i = 0; i < n; i++) {
        if (c->n_parks == 0 || c->by_park[c->n_parks - 1].unit_id != parks[i].carrier) {
            struct cockpit_lights *l = grow(q->a, (void **)&c->by_park, c->n_parks, &cap, sizeof(*l));
            if (!l)
                return store_no_memory(e);
            *l = (struct cockpit_lights){.unit_id = parks[i].carrier, .unit_name = parks[i].name};
            c->n_parks++;
        }
        c->by_park[c->n_parks - 1].count[parks[i].level] += parks[i].n;
    }
    return 0;
}

/*
 * Pools, lights by responsible unit and by carrier (park), from one pass over
 * projects_by_unit_light grouped in its own order (unit, light, carrier, pool); the units' names
 * joined to the grouped rows.
 */
static int read_groups(struct db *db, struct cockpit_query *q, struct error *e)
{
    struct db_stmt *s = prepare(
        db, q,
        "SELECT g.unit_id, u.name, g.warning, g.carrier_id, k.name, g.pool, g.n, g.amount FROM"
        " (SELECT p.unit_id, p.warning, p.carrier_id, p.pool, count(*) AS n, SUM(p.total_investment) AS amount"
        " FROM projects p WHERE p.tenant_id = ?1" IN_SCOPE " GROUP BY p.unit_id, p.warning, p.carrier_id, p.pool) g"
        " JOIN units u ON u.tenant_id = ?1 AND u.id = g.unit_id LEFT JOIN units k ON k.tenant_id = ?1"
        " AND k.id = g.carrier_id ORDER BY g.unit_id",
        e);
    if (!s)
        return -1;
    struct cockpit *c = q->out;
    struct park_count *parks = NULL;
    size_t n_parks = 0, cap_parks = 0, cap_units = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        size_t len, pool_len;
        const char *level_name = db_column_text(s, 2, &len);
        enum warning_level level;
        if (!level_name || warning_level_parse(level_name, len, &level) != 0)
            continue;
        int64_t unit = db_column_int64(s, 0), n = db_column_int64(s, 6);
        const char *pool_name = db_column_text(s, 5, &pool_len);
        enum project_pool pool;
        if (pool_name && pool_parse(pool_name, pool_len, &pool) == 0) {
            c->pool_count[pool] += n;
            c->pool_amount[pool] += db_column_int64(s, 7);
        }
        c->lights[level] += n;
        if (c->n_units == 0 || c->by_unit[c->n_units - 1].unit_id != unit) {
            struct cockpit_lights *l = grow(q->a, (void **)&c->by_unit, c->n_units, &cap_units, sizeof(*l));
            if (!l)
                break;
            *l = (struct cockpit_lights){.unit_id = unit, .unit_name = store_text(s, 1, q->a)};
            c->n_units++;
        }
        c->by_unit[c->n_units - 1].count[level] += n;
        if (!db_column_is_null(s, 3) && !db_column_is_null(s, 4)) {
            struct park_count *p = grow(q->a, (void **)&parks, n_parks, &cap_parks, sizeof(*p));
            if (!p)
                break;
            *p = (struct park_count){db_column_int64(s, 3), store_text(s, 4, q->a), level, n};
            n_parks++;
        }
    }
    db_reset(s);
    if (rc == 1)
        return store_no_memory(e);
    return rc < 0 ? -1 : merge_parks(q, parks, n_parks, e);
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
                                " WHERE t.tenant_id = ?1 AND t.month >= ?3 AND t.month <= ?4" UNIT_IN_SCOPE
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
                "SELECT SUM(pl.amount) FROM project_plans pl WHERE pl.tenant_id = ?1 AND pl.year = ?3"
                " AND (CAST(?2 AS BIGINT) IS NULL OR pl.project_id IN (SELECT p.id FROM projects p"
                " WHERE p.tenant_id = ?1" IN_SCOPE "))",
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
/* the ten are chosen from the index (light, investment, id) and only their rows are read */
#define LAGGING_ORDER " ORDER BY CASE p.warning WHEN 'red' THEN 0 ELSE 1 END, p.total_investment DESC, p.id"

static int read_lagging(struct db *db, struct cockpit_query *q, struct error *e)
{
    struct db_stmt *s = prepare(db, q,
                                "SELECT " PROJECT_COLUMNS_AT(3, 4, 5) " FROM (SELECT p.id AS lag_id FROM projects p"
                                " WHERE p.tenant_id = ?1 AND p.warning <> 'green'" IN_SCOPE LAGGING_ORDER
                                " LIMIT 10) lag JOIN projects p ON p.tenant_id = ?1 AND p.id = lag.lag_id"
                                " JOIN units u ON u.tenant_id = p.tenant_id AND u.id = p.unit_id"
                                " LEFT JOIN enterprises e ON e.tenant_id = p.tenant_id AND e.id = p.enterprise_id"
                                " LEFT JOIN units c ON c.tenant_id = p.tenant_id AND c.id = p.carrier_id"
                                LAGGING_ORDER,
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
                                " FROM projects p WHERE p.tenant_id = ?1 AND p.actual_started IS NOT NULL" IN_SCOPE,
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
    if (read_groups(db, q, e) != 0 || read_months(db, q, e) != 0 ||
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
