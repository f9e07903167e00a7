/* Reading projects: one row with its names, plans and this year's figures; the filtered list. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "store/project_rows.h"
#include "store/store_internal.h"
#include "base/banned.h"

/*
 * The filtered list is one statement per sort and subtree variant: every filter is
 * "(CAST(?N AS type) IS NULL OR …)", so the statement texts stay few (the drivers cache a fixed
 * number) whatever filters are combined. The casts give PostgreSQL each parameter's type, which
 * "?N IS NULL" alone does not. A subtree (the unit asked for, ?3, or the user's scope, ?21) and the
 * light are the exceptions: when given they are said without the guard, the subtree as
 * "p.unit_id IN (its units)", so that the projects are found through projects_by_unit_light
 * instead of by reading all of them (eight variants of each statement at most).
 * Parameters: see bind_filter.
 */
#define PROJECT_WHERE                                                                                        \
    " WHERE p.tenant_id = ?1"                                                                                \
    " AND (CAST(?2 AS TEXT) IS NULL OR strpos(p.name, ?2) > 0 OR strpos(p.code, ?2) > 0)"                    \
    " AND (CAST(?4 AS BIGINT) IS NULL OR p.carrier_id = ?4)"                                                 \
    " AND (CAST(?5 AS BIGINT) IS NULL OR p.enterprise_id = ?5)"                                              \
    " AND (CAST(?6 AS TEXT) IS NULL OR (p.industry_code >= ?6 AND p.industry_code < ?7) OR p.industry_code " \
    "= ?23)"                                                                                                 \
    " AND (CAST(?8 AS TEXT) IS NULL OR strpos(p.tags, ?8) > 0)"                                              \
    " AND (CAST(?9 AS TEXT) IS NULL OR p.category = ?9)"                                                     \
    " AND (CAST(?10 AS TEXT) IS NULL OR p.source = ?10)"                                                     \
    " AND (CAST(?11 AS TEXT) IS NULL OR p.pool = ?11)"                                                       \
    " AND (CAST(?12 AS BIGINT) IS NULL OR p.stage = ?12)"                                                    \
    " AND (CAST(?13 AS BIGINT) IS NULL OR p.size_class = ?13)"                                               \
    " AND (CAST(?14 AS TEXT) IS NULL OR p.warning = ?14)"                                                    \
    " AND (CAST(?15 AS TEXT) IS NULL OR p.talent_tier = ?15)"                                                \
    " AND (CAST(?16 AS BIGINT) IS NULL OR p.total_investment >= ?16)"                                        \
    " AND (CAST(?17 AS BIGINT) IS NULL OR p.total_investment <= ?17)"                                        \
    " AND (CAST(?18 AS TEXT) IS NULL OR (CASE ?18 WHEN 'signed' THEN p.actual_signed"                        \
    " WHEN 'registered' THEN p.actual_registered WHEN 'started' THEN p.actual_started"                       \
    " WHEN 'completed' THEN p.actual_completed WHEN 'production' THEN p.actual_production"                   \
    " WHEN 'full_capacity' THEN p.actual_full_capacity ELSE p.actual_negotiating END) BETWEEN ?19 AND ?20)"  \
    " AND (CAST(?22 AS BIGINT) IS NULL OR p.enterprise_id = ?22)"

/* The units of the subtree of the unit bound at ?N: its own path up to that path + '~'. */
#define UNITS_UNDER(n)                                                                                       \
    "SELECT s.id FROM units s WHERE s.tenant_id = ?1"                                                        \
    " AND s.path >= (SELECT t.path FROM units t WHERE t.tenant_id = ?1 AND t.id = ?" n ")"                   \
    " AND s.path < (SELECT t.path || '~' FROM units t WHERE t.tenant_id = ?1 AND t.id = ?" n ")"

/*
 * The subtree conditions, unguarded for the unit asked for (?3) and the scope (?21) when they are
 * set; and the light asked for (?14) said once more without its guard, so that the index, whose
 * second column it is, is searched by unit and light together.
 */
static void add_subtrees(struct strbuf *sql, const struct project_filter *f)
{
    if (f->has_warning)
        strbuf_addstr(sql, " AND p.warning = ?14");
    strbuf_addstr(sql, f->unit_id
                           ? " AND p.unit_id IN (" UNITS_UNDER("3") ")"
                           : " AND (CAST(?3 AS BIGINT) IS NULL OR p.unit_id IN (" UNITS_UNDER("3") "))");
    strbuf_addstr(sql, f->scope
                           ? " AND p.unit_id IN (" UNITS_UNDER("21") ")"
                           : " AND (CAST(?21 AS BIGINT) IS NULL OR p.unit_id IN (" UNITS_UNDER("21") "))");
}

static const char *const sort_keys[PROJECT_SORT_COUNT] = {
    "p.id",
    "p.code",
    "p.name",
    "p.total_investment",
    "p.invested_total",
    "p.stage",
    "(CASE p.warning WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END)",
    "p.updated_at"};

static void bind_opt_int(struct db_stmt *s, int i, bool given, int64_t v)
{
    if (given)
        db_bind_int64(s, i, v);
    else
        db_bind_null(s, i);
}

static void bind_filter(struct db_stmt *s, int64_t tenant, const struct project_filter *f)
{
    db_bind_int64(s, 1, tenant);
    db_bind_text(s, 2, f->text);
    bind_opt_int(s, 3, f->unit_id != 0, f->unit_id);
    bind_opt_int(s, 4, f->carrier_id != 0, f->carrier_id);
    bind_opt_int(s, 5, f->enterprise_id != 0, f->enterprise_id);
    db_bind_text(s, 6, f->industry_from);
    db_bind_text(s, 7, f->industry_to);
    char tag[PROJECT_TAG_MAX * 4 + 3];
    if (f->tag) {
        snprintf(tag, sizeof(tag), "|%s|", f->tag);
        db_bind_text(s, 8, tag);
    } else {
        db_bind_null(s, 8);
    }
    db_bind_text(s, 9, f->has_category ? category_name(f->category) : NULL);
    db_bind_text(s, 10, f->has_source ? source_name(f->source) : NULL);
    db_bind_text(s, 11, f->has_pool ? pool_name(f->pool) : NULL);
    bind_opt_int(s, 12, f->has_stage, f->stage);
    bind_opt_int(s, 13, f->has_size_class, f->size_class);
    db_bind_text(s, 14, f->has_warning ? warning_level_name(f->warning) : NULL);
    db_bind_text(s, 15, f->has_talent_tier ? talent_tier_name(f->talent_tier) : NULL);
    bind_opt_int(s, 16, f->min_investment >= 0, f->min_investment);
    bind_opt_int(s, 17, f->max_investment >= 0, f->max_investment);
    /* the step by name: PostgreSQL takes ?18 as text from "?18 IS NULL" and cannot compare it with 1 */
    db_bind_text(s, 18, f->year ? milestone_name(f->year_step) : NULL);
    char from[16], to[16];
    snprintf(from, sizeof(from), "%04d-01-01", f->year);
    snprintf(to, sizeof(to), "%04d-12-31", f->year);
    db_bind_text(s, 19, f->year ? from : NULL);
    db_bind_text(s, 20, f->year ? to : NULL);
    bind_opt_int(s, 21, f->scope != 0, f->scope);
    bind_opt_int(s, 22, f->scope_enterprise != 0, f->scope_enterprise);
    db_bind_text(s, 23, f->industry_section);
}

struct list_query {
    struct store *st;
    int64_t tenant;
    const struct project_filter *f;
    struct arena *a;
    struct project *items;
    size_t count;
    int64_t total;
};

/* Appends a text of the filter with its length first, so that no two filters' keys run together. */
static int key_text(char *key, size_t size, int n, const char *text)
{
    if (n < 0 || (size_t)n >= size)
        return -1;
    int more = text ? snprintf(key + n, size - (size_t)n, "|%zu:%s", strlen(text), text)
                    : snprintf(key + n, size - (size_t)n, "|-");
    return more < 0 ? -1 : n + more;
}

bool project_filter_key(int64_t tenant, const struct project_filter *f, bool with_page, char *key,
                        size_t size)
{
    int n = snprintf(
        key, size, "%lld|%lld|%lld|%lld|%lld|%lld|%d%d%d%d%d%d%d|%d|%d|%d|%d|%d|%d|%d|%lld|%lld|%d|%d",
        (long long)tenant, (long long)f->unit_id, (long long)f->carrier_id, (long long)f->enterprise_id,
        (long long)f->scope, (long long)f->scope_enterprise, f->has_category, f->has_source, f->has_pool,
        f->has_stage, f->has_size_class, f->has_warning, f->has_talent_tier, (int)f->category, (int)f->source,
        (int)f->pool, f->stage, f->size_class, (int)f->warning, (int)f->talent_tier,
        (long long)f->min_investment, (long long)f->max_investment, f->year, (int)f->year_step);
    n = key_text(key, size, n, f->industry_from);
    n = key_text(key, size, n, f->industry_to);
    n = key_text(key, size, n, f->industry_section);
    n = key_text(key, size, n, f->tag);
    n = key_text(key, size, n, f->text);
    if (n >= 0 && (size_t)n < size && with_page)
        n += snprintf(key + n, size - (size_t)n, "|%d|%d|%lld|%lld", (int)f->sort, f->descending,
                      (long long)f->page, (long long)f->page_size);
    return n >= 0 && (size_t)n < size;
}

/*
 * The filter's total: on SQLite from the store's cache while the database's change stamp is the
 * one it was counted at (any commit changes it), else counted; on PostgreSQL always counted.
 */
static int count_projects(struct db *db, struct list_query *q, struct error *e)
{
    struct store *st = q->st;
    char key[sizeof(st->project_counts[0].key)];
    uint64_t stamp[2];
    bool cacheable =
        db_change_stamp(db, stamp) == 0 && project_filter_key(q->tenant, q->f, false, key, sizeof(key));
    for (int i = 0; cacheable && i < PROJECT_COUNT_CACHE_SIZE; i++) {
        const struct project_count *c = &st->project_counts[i];
        if (c->used && c->stamp[0] == stamp[0] && c->stamp[1] == stamp[1] && strcmp(c->key, key) == 0) {
            q->total = c->total;
            return 0;
        }
    }
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql, "SELECT count(*) FROM projects p" PROJECT_WHERE);
    add_subtrees(&sql, q->f);
    struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
    bool failed = sql.failed;
    strbuf_release(&sql);
    if (!s)
        return failed ? store_no_memory(e) : -1;
    bind_filter(s, q->tenant, q->f);
    int rc = db_step(s, e);
    q->total = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc != 1)
        return -1;
    if (cacheable) {
        struct project_count *c = &st->project_counts[st->next_project_count++ % PROJECT_COUNT_CACHE_SIZE];
        *c = (struct project_count){.used = true, .stamp = {stamp[0], stamp[1]}, .total = q->total};
        memcpy(c->key, key, sizeof(key));
    }
    return 0;
}

/*
 * The page's ids are chosen first, from as little as the filter and sort need (the index, for a
 * subtree), and only those rows are read whole, with their names and this year's figures.
 */
static int read_page(struct db *db, struct list_query *q, struct error *e)
{
    const struct project_filter *f = q->f;
    const char *dir = f->descending ? "DESC" : "ASC";
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql, "SELECT " PROJECT_COLUMNS " FROM (SELECT p.id FROM projects p" PROJECT_WHERE);
    add_subtrees(&sql, f);
    strbuf_addf(&sql, " ORDER BY %s %s, p.id %s LIMIT ?%d OFFSET ?%d) pg", sort_keys[f->sort], dir, dir,
                PROJECT_YEAR_PARAMS_AT + 4, PROJECT_YEAR_PARAMS_AT + 5);
    strbuf_addf(&sql,
                " JOIN projects p ON p.tenant_id = ?1 AND p.id = pg.id"
                " JOIN units u ON u.tenant_id = p.tenant_id AND u.id = p.unit_id"
                " LEFT JOIN enterprises e ON e.tenant_id = p.tenant_id AND e.id = p.enterprise_id"
                " LEFT JOIN units c ON c.tenant_id = p.tenant_id AND c.id = p.carrier_id"
                " ORDER BY %s %s, p.id %s",
                sort_keys[f->sort], dir, dir);
    bool failed = sql.failed;
    struct db_stmt *s = failed ? NULL : db_prepare(db, sql.buf, e);
    strbuf_release(&sql);
    if (!s)
        return failed ? store_no_memory(e) : -1;
    bind_filter(s, q->tenant, f);
    project_bind_year(s, date_from_days(date_today()).year);
    /* after the three year parameters (at + 1..3) */
    db_bind_int64(s, PROJECT_YEAR_PARAMS_AT + 4, f->page_size);
    db_bind_int64(s, PROJECT_YEAR_PARAMS_AT + 5, (f->page - 1) * f->page_size);
    q->items = arena_alloc(q->a, (size_t)f->page_size * sizeof(*q->items));
    if (!q->items) {
        db_reset(s);
        return store_no_memory(e);
    }
    int rc;
    while ((rc = db_step(s, e)) == 1 && q->count < (size_t)f->page_size)
        if (project_read_row(s, q->a, &q->items[q->count++]) != 0) {
            db_reset(s);
            return store_no_memory(e);
        }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int list_projects(struct db *db, void *ctx, struct error *e)
{
    struct list_query *q = ctx;
    return count_projects(db, q, e) != 0 ? -1 : read_page(db, q, e);
}

int store_projects_list(struct store *st, int64_t tenant, const struct project_filter *f, struct arena *a,
                        struct project **items, size_t *count, int64_t *total, struct error *e)
{
    struct list_query q = {.st = st, .tenant = tenant, .f = f, .a = a};
    if (db_read(st->db, list_projects, &q, e) != 0)
        return -1;
    *items = q.items;
    *count = q.count;
    *total = q.total;
    return 0;
}

struct each_query {
    int64_t tenant, limit;
    const struct project_filter *f;
    store_project_fn fn;
    void *ctx;
};

static void each_bind(struct db_stmt *s, void *ctx)
{
    struct each_query *q = ctx;
    bind_filter(s, q->tenant, q->f);
    project_bind_year(s, date_from_days(date_today()).year);
}

#define EACH_CODES_AT 47 /* after PROJECT_COLUMNS: the codes of the enterprise, the unit and the carrier */

static int each_row(struct db_stmt *s, struct arena *a, void *ctx, struct error *e)
{
    struct each_query *q = ctx;
    struct project_view v = {.has_year_plan = !db_column_is_null(s, 45)};
    if (project_read_row(s, a, &v.p) != 0)
        return store_no_memory(e);
    v.enterprise_credit_code = store_text(s, EACH_CODES_AT, a);
    v.unit_code = store_text(s, EACH_CODES_AT + 1, a);
    v.carrier_code = store_text(s, EACH_CODES_AT + 2, a);
    if (!v.unit_code)
        return store_no_memory(e);
    return q->fn(q->ctx, &v, e);
}

static int each_project(struct db *db, void *ctx, struct error *e)
{
    struct each_query *q = ctx;
    const struct project_filter *f = q->f;
    char order[160];
    snprintf(order, sizeof(order), " ORDER BY %s %s, p.id %s", sort_keys[f->sort],
             f->descending ? "DESC" : "ASC", f->descending ? "DESC" : "ASC");
    /* the subtree conditions as the list says them: without them a scoped reader's export is the city's */
    struct strbuf from = STRBUF_INIT;
    strbuf_addstr(&from, PROJECT_FROM PROJECT_WHERE);
    add_subtrees(&from, f);
    if (from.failed) {
        strbuf_release(&from);
        return store_no_memory(e);
    }
    struct store_walk w = {.columns = PROJECT_COLUMNS ", e.credit_code, u.code, c.code",
                           .from = from.buf,
                           .order = order,
                           .page = PROJECT_YEAR_PARAMS_AT + 4,
                           .limit = q->limit,
                           .bind = each_bind,
                           .row = each_row,
                           .ctx = q};
    int rc = store_walk(db, &w, e);
    strbuf_release(&from);
    return rc;
}

int store_projects_each(struct store *st, int64_t tenant, const struct project_filter *f, int64_t limit,
                        store_project_fn fn, void *ctx, struct error *e)
{
    struct each_query q = {.tenant = tenant, .f = f, .fn = fn, .ctx = ctx, .limit = limit};
    return db_read(st->db, each_project, &q, e);
}

int store_project_get(struct store *st, int64_t tenant, int64_t scope, int64_t scope_enterprise, int64_t id,
                      struct arena *a, struct project *out, struct error *e)
{
    if (project_get(st->db, tenant, id, a, out, e) != 0)
        return -1;
    if ((scope_enterprise && out->enterprise_id != scope_enterprise) ||
        (scope && project_unit_in_scope(st->db, tenant, scope, out->unit_id, e) != 1))
        return e->code == ERR_INTERNAL ? -1
                                       : error_set(e, ERR_NOT_FOUND, NULL, "项目不存在", "no such project");
    return 0;
}

static int read_plans(struct db *db, int64_t tenant, int64_t id, struct arena *a, struct plan_change **items,
                      size_t *count, struct error *e)
{
    struct db_stmt *s = db_prepare(
        db, "SELECT year, amount FROM project_plans WHERE tenant_id = ?1 AND project_id = ?2 ORDER BY year",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    size_t cap = 8, n = 0;
    struct plan_change *v = arena_alloc(a, cap * sizeof(*v));
    int rc;
    while (v && (rc = db_step(s, e)) == 1) {
        if (n == cap) {
            struct plan_change *grown = arena_alloc(a, 2 * cap * sizeof(*v));
            if (grown)
                memcpy(grown, v, n * sizeof(*v));
            v = grown;
            cap *= 2;
            if (!v)
                break;
        }
        v[n++] = (struct plan_change){.year = (int)db_column_int64(s, 0), .amount = db_column_int64(s, 1)};
    }
    db_reset(s);
    if (!v)
        return store_no_memory(e);
    *items = v;
    *count = n;
    return rc < 0 ? -1 : 0;
}

struct plans_query {
    int64_t tenant, id;
    struct arena *a;
    struct plan_change **items;
    size_t *count;
};

static int plans_tx(struct db *db, void *ctx, struct error *e)
{
    struct plans_query *q = ctx;
    return read_plans(db, q->tenant, q->id, q->a, q->items, q->count, e);
}

int store_project_plans(struct store *st, int64_t tenant, int64_t id, struct arena *a,
                        struct plan_change **items, size_t *count, struct error *e)
{
    struct plans_query q = {tenant, id, a, items, count};
    return db_read(st->db, plans_tx, &q, e);
}
