/*
 * The speed report (提速统计): per unit, park, industry section or size class, the projects newly
 * signed, started, completed and in production in a year against targets, the investment reported
 * by month against the plans, the median days between steps (and last year's), and how fast
 * problems close. Read in one snapshot; grouped in memory (a city holds tens of thousands of projects).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/industry.h"
#include "domain/stats.h"
#include "store/project_rows.h"
#include "base/banned.h"

static const char *const group_names[GROUP_COUNT] = {"unit", "park", "industry", "size_class"};
static const char *const step_measures[STEP_COUNT] = {"signed", "started", "completed", "production"};

const char *stats_group_name(enum stats_group g)
{
    return g < GROUP_COUNT ? group_names[g] : "unit";
}

int stats_group_parse(const char *s, size_t len, enum stats_group *out)
{
    for (int g = 0; g < GROUP_COUNT; g++)
        if (strlen(group_names[g]) == len && memcmp(group_names[g], s, len) == 0) {
            *out = (enum stats_group)g;
            return 0;
        }
    return -1;
}

#define IN_SCOPE                                                                                                     \
    " AND (CAST(?2 AS BIGINT) IS NULL OR (u.path >= (SELECT s.path FROM units s WHERE s.tenant_id = ?1 AND s.id = ?2)"               \
    " AND u.path < (SELECT s.path || '~' FROM units s WHERE s.tenant_id = ?1 AND s.id = ?2)))"

struct item { /* one project as the report sees it */
    int64_t id, total;
    int32_t day[STEP_COUNT];
    size_t group;
};

struct group {
    int64_t key;
    const char *sort, *label;
    size_t rank; /* its index in key order */
};

/* A measured number of days, for the medians: which group, which speed, this year (1) or last (0). */
struct sample {
    size_t group;
    int kind; /* SPEED_* , or SPEED_COUNT for a problem's days to close */
    int this_year;
    int64_t days;
};

struct stats_query {
    int64_t tenant, scope;
    int year;
    enum stats_group group;
    struct arena *a;
    struct item *items;
    size_t n_items;
    struct group *groups;
    size_t n_groups;
    struct sample *samples;
    size_t n_samples, cap_samples;
    struct project_stats *out;
};

static void bind_scope(struct db_stmt *s, const struct stats_query *q)
{
    db_bind_int64(s, 1, q->tenant);
    if (q->scope)
        db_bind_int64(s, 2, q->scope);
    else
        db_bind_null(s, 2);
}

static int by_key(const void *a, const void *b)
{
    const struct group *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int by_sort(const void *a, const void *b)
{
    const struct group *x = a, *y = b;
    int c = strcmp(x->sort, y->sort);
    return c ? c : by_key(a, b);
}

/* The group key, sort text and label of a project (sort and label copied into the arena). */
static int group_of(struct stats_query *q, struct db_stmt *s, struct group *g)
{
    char buf[32];
    const char *code;
    const struct industry *section;
    switch (q->group) {
    case GROUP_UNIT:
        g->key = db_column_int64(s, 1);
        g->sort = store_text(s, 2, q->a);
        g->label = store_text(s, 3, q->a);
        break;
    case GROUP_PARK:
        g->key = db_column_is_null(s, 4) ? 0 : db_column_int64(s, 4);
        g->sort = g->key ? store_text(s, 5, q->a) : "~";
        g->label = g->key ? store_text(s, 6, q->a) : "未指定";
        break;
    case GROUP_INDUSTRY:
        code = db_column_text(s, 7, NULL);
        section = code ? industry_section(code, strlen(code)) : NULL;
        g->key = section ? section->code[0] : 0;
        g->sort = section ? section->code : "~";
        g->label = section ? section->name : "未指定";
        break;
    case GROUP_SIZE_CLASS:
    case GROUP_COUNT:
        g->key = db_column_int64(s, 8);
        snprintf(buf, sizeof(buf), "%03lld", (long long)g->key);
        g->sort = arena_strndup(q->a, buf, strlen(buf));
        g->label = NULL; /* labelled by the caller, who knows the thresholds */
        break;
    }
    return g->sort ? 0 : -1;
}

static int read_projects(struct db *db, struct stats_query *q, struct error *e)
{
    struct db_stmt *s = db_prepare(db,
                                   "SELECT p.id, p.unit_id, u.path, u.name, p.carrier_id, k.path, k.name,"
                                   " p.industry_code, p.size_class, p.total_investment, p.actual_signed,"
                                   " p.actual_started, p.actual_completed, p.actual_production" PROJECT_FROM_UNIT
                                   " LEFT JOIN units k ON k.tenant_id = p.tenant_id AND k.id = p.carrier_id"
                                   " WHERE p.tenant_id = ?1" IN_SCOPE " ORDER BY p.id",
                                   e);
    if (!s)
        return -1;
    bind_scope(s, q);
    size_t cap = 0;
    struct group *all = NULL; /* one per project, deduplicated below */
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        if (q->n_items == cap) {
            cap = cap ? 2 * cap : 1024;
            struct item *items = arena_alloc(q->a, cap * sizeof(*items));
            struct group *groups = arena_alloc(q->a, cap * sizeof(*groups));
            if (!items || !groups) {
                db_reset(s);
                return store_no_memory(e);
            }
            if (q->n_items) {
                memcpy(items, q->items, q->n_items * sizeof(*items));
                memcpy(groups, all, q->n_items * sizeof(*groups));
            }
            q->items = items;
            all = groups;
        }
        struct item *it = &q->items[q->n_items];
        it->id = db_column_int64(s, 0);
        it->total = db_column_int64(s, 9);
        for (int k = 0; k < STEP_COUNT; k++)
            it->day[k] = project_day(s, 10 + k);
        if (group_of(q, s, &all[q->n_items]) != 0) {
            db_reset(s);
            return store_no_memory(e);
        }
        q->n_items++;
    }
    db_reset(s);
    if (rc < 0)
        return -1;
    /* the distinct groups, by key, then each project's index among them */
    struct group *distinct = arena_alloc(q->a, (q->n_items + 1) * sizeof(*distinct));
    if (!distinct)
        return store_no_memory(e);
    if (q->n_items)
        memcpy(distinct, all, q->n_items * sizeof(*distinct));
    qsort(distinct, q->n_items, sizeof(*distinct), by_key);
    for (size_t i = 0; i < q->n_items; i++)
        if (q->n_groups == 0 || distinct[q->n_groups - 1].key != distinct[i].key)
            distinct[q->n_groups++] = distinct[i];
    /* each project's group: its key found among the distinct keys, which are in key order here */
    size_t *rank = arena_alloc(q->a, (q->n_groups + 1) * sizeof(*rank));
    if (!rank)
        return store_no_memory(e);
    for (size_t g = 0; g < q->n_groups; g++)
        distinct[g].rank = g;
    for (size_t i = 0; i < q->n_items; i++) {
        const struct group *found = bsearch(&all[i], distinct, q->n_groups, sizeof(*distinct), by_key);
        q->items[i].group = found ? found->rank : 0;
    }
    /* then into report order, and the projects' groups renumbered to follow */
    qsort(distinct, q->n_groups, sizeof(*distinct), by_sort);
    for (size_t g = 0; g < q->n_groups; g++)
        rank[distinct[g].rank] = g;
    for (size_t i = 0; i < q->n_items; i++)
        q->items[i].group = rank[q->items[i].group];
    q->groups = distinct;
    return 0;
}

static struct item *find_item(struct stats_query *q, int64_t id)
{
    size_t lo = 0, hi = q->n_items;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (q->items[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < q->n_items && q->items[lo].id == id ? &q->items[lo] : NULL;
}

static int add_sample(struct stats_query *q, size_t group, int kind, int this_year, int64_t days, struct error *e)
{
    if (q->n_samples == q->cap_samples) {
        q->cap_samples = q->cap_samples ? 2 * q->cap_samples : 1024;
        struct sample *grown = arena_alloc(q->a, q->cap_samples * sizeof(*grown));
        if (!grown)
            return store_no_memory(e);
        if (q->n_samples)
            memcpy(grown, q->samples, q->n_samples * sizeof(*grown));
        q->samples = grown;
    }
    q->samples[q->n_samples++] = (struct sample){group, kind, this_year, days};
    return 0;
}

static int year_of(int32_t day)
{
    return day == DAY_NONE ? 0 : month_of_day(day) / 12;
}

/* Steps reached in the year and the speeds of this year and last, from the projects' dates. */
static int count_steps(struct stats_query *q, struct error *e)
{
    for (size_t i = 0; i < q->n_items; i++) {
        const struct item *it = &q->items[i];
        struct stats_row *row = &q->out->rows[it->group];
        row->projects++;
        for (int k = 0; k < STEP_COUNT; k++)
            if (year_of(it->day[k]) == q->year) {
                row->steps[k].count++;
                row->steps[k].amount += it->total;
            }
        int32_t from[SPEED_COUNT] = {it->day[STEP_SIGNED], it->day[STEP_STARTED], it->day[STEP_STARTED]};
        int32_t to[SPEED_COUNT] = {it->day[STEP_STARTED], it->day[STEP_COMPLETED], it->day[STEP_PRODUCTION]};
        for (int k = 0; k < SPEED_COUNT; k++) {
            int y = year_of(to[k]);
            if (from[k] == DAY_NONE || to[k] == DAY_NONE || (y != q->year && y != q->year - 1))
                continue;
            if (add_sample(q, it->group, k, y == q->year, (int64_t)to[k] - from[k], e) != 0)
                return -1;
        }
    }
    return 0;
}

static int read_money(struct db *db, struct stats_query *q, struct error *e)
{
    char first[8], last[8];
    snprintf(first, sizeof(first), "%04d-01", q->year);
    snprintf(last, sizeof(last), "%04d-12", q->year);
    struct db_stmt *s = db_prepare(db,
                                   "SELECT project_id, month, amount FROM progress_reports WHERE tenant_id = ?1"
                                   " AND month >= ?2 AND month <= ?3",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, q->tenant);
    db_bind_text(s, 2, first);
    db_bind_text(s, 3, last);
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct item *it = find_item(q, db_column_int64(s, 0));
        int32_t m = month_parse(db_column_text(s, 1, NULL), 7);
        if (!it || m < 0)
            continue; /* outside the scope */
        struct stats_row *row = &q->out->rows[it->group];
        row->month_amount[m % 12] += db_column_int64(s, 2);
        row->invested += db_column_int64(s, 2);
    }
    db_reset(s);
    if (rc < 0)
        return -1;
    s = db_prepare(db, "SELECT project_id, amount FROM project_plans WHERE tenant_id = ?1 AND year = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, q->tenant);
    db_bind_int64(s, 2, q->year);
    while ((rc = db_step(s, e)) == 1) {
        struct item *it = find_item(q, db_column_int64(s, 0));
        if (it)
            q->out->rows[it->group].plan += db_column_int64(s, 1);
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int read_problems(struct db *db, struct stats_query *q, struct error *e)
{
    struct db_stmt *s = db_prepare(db,
                                   "SELECT project_id, state, deadline, iso(created_at), iso(closed_at) FROM problems"
                                   " WHERE tenant_id = ?1",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, q->tenant);
    int32_t today = (int32_t)date_today();
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct item *it = find_item(q, db_column_int64(s, 0));
        if (!it)
            continue;
        const char *state = db_column_text(s, 1, NULL), *created = db_column_text(s, 3, NULL),
                   *closed = db_column_text(s, 4, NULL);
        int32_t deadline = project_day(s, 2);
        bool pending = state && (strcmp(state, "open") == 0 || strcmp(state, "accepted") == 0);
        if (pending && deadline != DAY_NONE && deadline < today)
            q->out->rows[it->group].problems_open_overdue++;
        if (closed && created && atoi(closed) == q->year) {
            q->out->rows[it->group].problems_closed++;
            if (add_sample(q, it->group, SPEED_COUNT, 1, date_iso_seconds_between(created, closed) / 86400, e) != 0) {
                db_reset(s);
                return -1;
            }
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int read_targets(struct db *db, struct stats_query *q, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db, "SELECT unit_id, measure, count, amount FROM project_targets WHERE tenant_id = ?1 AND year = ?2",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, q->tenant);
    db_bind_int64(s, 2, q->year);
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        int64_t unit = db_column_int64(s, 0);
        const char *measure = db_column_text(s, 1, NULL);
        /* the total row is the scope's: the city's target (unit 0), or the scope unit's own */
        struct stats_row *rows[2] = {unit == q->scope ? &q->out->rows[q->n_groups] : NULL, NULL};
        if (unit != 0 && q->group == GROUP_UNIT)
            for (size_t g = 0; g < q->n_groups && !rows[1]; g++)
                if (q->groups[g].key == unit)
                    rows[1] = &q->out->rows[g];
        for (int i = 0; i < 2; i++) {
            if (!rows[i] || !measure)
                continue;
            if (strcmp(measure, "investment") == 0)
                rows[i]->investment_target = db_column_int64(s, 3);
            for (int k = 0; k < STEP_COUNT; k++)
                if (strcmp(measure, step_measures[k]) == 0) {
                    rows[i]->steps[k].target_count = db_column_int64(s, 2);
                    rows[i]->steps[k].target_amount = db_column_int64(s, 3);
                }
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int by_sample(const void *a, const void *b)
{
    const struct sample *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind - y->kind;
    if (x->this_year != y->this_year)
        return x->this_year - y->this_year;
    return x->days < y->days ? -1 : x->days > y->days;
}

/* Medians of each run of samples of one group, kind and year; the total row's over every group. */
static int medians(struct stats_query *q, struct error *e)
{
    size_t n = q->n_samples;
    if (n == 0) /* no dates measured: every median stays "none" (and qsort must not see a NULL array) */
        return 0;
    int64_t *days = arena_alloc(q->a, (n + 1) * sizeof(*days));
    if (!days)
        return store_no_memory(e);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) /* the total row: every sample in one group */
            for (size_t i = 0; i < n; i++)
                q->samples[i].group = q->n_groups;
        qsort(q->samples, n, sizeof(*q->samples), by_sample);
        for (size_t i = 0; i < n;) {
            size_t end = i;
            while (end < n && q->samples[end].group == q->samples[i].group &&
                   q->samples[end].kind == q->samples[i].kind && q->samples[end].this_year == q->samples[i].this_year)
                end++;
            for (size_t k = i; k < end; k++)
                days[k - i] = q->samples[k].days;
            int64_t m2;
            median_twice(days, end - i, &m2);
            struct stats_row *row = &q->out->rows[q->samples[i].group];
            const struct sample *s = &q->samples[i];
            if (s->kind == SPEED_COUNT) {
                row->problems_close_median2 = m2;
            } else if (s->this_year) {
                row->speed[s->kind].n = (int64_t)(end - i);
                row->speed[s->kind].median2 = m2;
            } else {
                row->speed[s->kind].last_n = (int64_t)(end - i);
                row->speed[s->kind].last_median2 = m2;
            }
            i = end;
        }
    }
    return 0;
}

static void add_total(struct project_stats *out, size_t n_groups)
{
    struct stats_row *total = &out->rows[n_groups];
    for (size_t g = 0; g < n_groups; g++) {
        const struct stats_row *r = &out->rows[g];
        total->projects += r->projects;
        for (int k = 0; k < STEP_COUNT; k++) {
            total->steps[k].count += r->steps[k].count;
            total->steps[k].amount += r->steps[k].amount;
        }
        for (int m = 0; m < 12; m++)
            total->month_amount[m] += r->month_amount[m];
        total->invested += r->invested;
        total->plan += r->plan;
        total->problems_closed += r->problems_closed;
        total->problems_open_overdue += r->problems_open_overdue;
    }
}

static int stats_tx(struct db *db, void *ctx, struct error *e)
{
    struct stats_query *q = ctx;
    struct project_stats *out = q->out;
    if (read_projects(db, q, e) != 0)
        return -1;
    out->n = q->n_groups + 1;
    out->rows = arena_calloc(q->a, out->n * sizeof(*out->rows));
    if (!out->rows)
        return store_no_memory(e);
    char key[24];
    for (size_t g = 0; g <= q->n_groups; g++) {
        struct stats_row *row = &out->rows[g];
        for (int k = 0; k < STEP_COUNT; k++)
            row->steps[k].target_count = row->steps[k].target_amount = -1;
        for (int k = 0; k < SPEED_COUNT; k++)
            row->speed[k].median2 = row->speed[k].last_median2 = -1;
        row->problems_close_median2 = -1;
        row->investment_target = -1;
        if (g == q->n_groups) {
            row->key = "";
            row->label = "合计";
            continue;
        }
        if (q->group == GROUP_INDUSTRY)
            snprintf(key, sizeof(key), "%c", q->groups[g].key ? (char)q->groups[g].key : '-');
        else
            snprintf(key, sizeof(key), "%lld", (long long)q->groups[g].key);
        row->key = arena_strndup(q->a, key, strlen(key));
        row->label = q->groups[g].label;
        if (!row->key)
            return store_no_memory(e);
    }
    if (count_steps(q, e) != 0 || read_money(db, q, e) != 0 || read_problems(db, q, e) != 0 ||
        read_targets(db, q, e) != 0)
        return -1;
    add_total(out, q->n_groups);
    return medians(q, e);
}

int store_project_stats(struct store *st, int64_t tenant, int64_t scope, int year, enum stats_group group,
                        struct arena *a, struct project_stats *out, struct error *e)
{
    *out = (struct project_stats){.year = year, .group = group};
    struct stats_query q = {.tenant = tenant, .scope = scope, .year = year, .group = group, .a = a, .out = out};
    return db_read(st->db, stats_tx, &q, e);
}
