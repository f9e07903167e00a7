/*
 * The endpoints of benchmarking's views: the query read and checked on the loop, the work done
 * on a worker with its own store connection (worker.h), answered as JSON or, with format=xlsx,
 * as the table's spreadsheet.
 */
#include <stdio.h>
#include <string.h>

#include "http/benchmark_json.h"
#include "http/benchmark_views.h"
#include "http/export.h"
#include "http/handlers.h"
#include "http/worker.h"
#include "base/banned.h"

#define CITIES_MAX 5000
#define INDICATORS_MAX 60 /* a radar's table: a column each, within the table writer's 64 */
#define SERIES_YEARS_MAX 60
#define CAGR_YEARS_DEFAULT 5
#define CAGR_YEARS_MAX 20
#define HORIZON_DEFAULT 50
#define HORIZON_MAX 100

struct view_job {
    struct bm_view_query q;
    int64_t tenant;
    struct arena arena;
    struct strbuf sb;
    struct error error;
};

/* The view's parameters, by name; every view takes format and quarter. */
enum {
    P_INDICATOR,
    P_INDICATORS,
    P_YEAR,
    P_QUARTER,
    P_CITIES,
    P_PEERS,
    P_YEARS,
    P_FROM,
    P_TO,
    P_BY,
    P_HORIZON,
    P_FORMAT,
    P_COUNT
};
static const char *const param_names[P_COUNT] = {"indicator_id", "indicators", "year",    "quarter",
                                                 "cities",       "peers",      "years",   "from",
                                                 "to",           "by",         "horizon", "format"};

static int missing(const char *name, struct error *e)
{
    return error_set(e, ERR_BAD_QUERY, name, "缺少参数 %s", "missing parameter %s", name);
}

static int read_query(struct request *r, enum bm_view view, struct bm_view_query *q, bool *xlsx,
                      struct error *e)
{
    /* which parameters each view takes */
    static const unsigned takes[] = {
        [BM_VIEW_COMPARE] = 1u << P_INDICATOR | 1u << P_YEAR | 1u << P_CITIES | 1u << P_YEARS,
        [BM_VIEW_SERIES] = 1u << P_INDICATOR | 1u << P_CITIES | 1u << P_FROM | 1u << P_TO,
        [BM_VIEW_RADAR] = 1u << P_INDICATORS | 1u << P_YEAR | 1u << P_CITIES,
        [BM_VIEW_PROJECTION] =
            1u << P_INDICATOR | 1u << P_YEAR | 1u << P_PEERS | 1u << P_YEARS | 1u << P_BY | 1u << P_HORIZON,
    };
    struct query_param p[P_COUNT + 1] = {{0}};
    size_t k = 0;
    long at[P_COUNT];
    for (int i = 0; i < P_COUNT; i++) {
        at[i] = -1;
        if ((takes[view] | 1u << P_QUARTER | 1u << P_FORMAT) & 1u << i) {
            at[i] = (long)k;
            p[k++].name = param_names[i];
        }
    }
    if (input_query(r, p, e) != 0)
        return -1;
#define GIVEN(i) (at[i] >= 0 && p[at[i]].value)
#define PARAM(i) (&p[at[i]])
    *q = (struct bm_view_query){.view = view, .cagr_years = CAGR_YEARS_DEFAULT, .horizon = HORIZON_DEFAULT};
    int64_t v;
    enum table_format format = TABLE_XLSX;
    *xlsx = false;
    if (GIVEN(P_FORMAT)) {
        if (strcmp(PARAM(P_FORMAT)->value, "json") != 0 &&
            (table_format_parse(PARAM(P_FORMAT)->value, &format) != 0 || format != TABLE_XLSX))
            return error_set(e, ERR_BAD_QUERY, "format", "format 应为 json 或 xlsx",
                             "format must be json or xlsx");
        *xlsx = strcmp(PARAM(P_FORMAT)->value, "xlsx") == 0;
    }
    if (GIVEN(P_QUARTER)) {
        if (input_query_int(PARAM(P_QUARTER), 0, 4, &v, e) != 0)
            return -1;
        q->quarter = (int)v;
    }
    if (at[P_INDICATOR] >= 0) {
        if (!GIVEN(P_INDICATOR))
            return missing("indicator_id", e);
        if (!(q->indicator_ids = arena_alloc(&r->arena, sizeof(int64_t))) ||
            input_query_int(PARAM(P_INDICATOR), 1, INT64_MAX, &q->indicator_ids[0], e) != 0)
            return q->indicator_ids ? -1 : error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
        q->n_indicators = 1;
    }
    if (GIVEN(P_INDICATORS) && bm_query_ids(PARAM(P_INDICATORS), INDICATORS_MAX, &r->arena, &q->indicator_ids,
                                            &q->n_indicators, e) != 0)
        return -1;
    if (at[P_YEAR] >= 0) {
        if (!GIVEN(P_YEAR))
            return missing("year", e);
        if (bm_query_year(PARAM(P_YEAR), &q->year, e) != 0)
            return -1;
    }
    int cities = at[P_CITIES] >= 0 ? P_CITIES : P_PEERS;
    if (GIVEN(cities) &&
        bm_query_ids(PARAM(cities), CITIES_MAX, &r->arena, &q->city_ids, &q->n_cities, e) != 0)
        return -1;
    if (GIVEN(P_YEARS)) {
        if (input_query_int(PARAM(P_YEARS), 1, CAGR_YEARS_MAX, &v, e) != 0)
            return -1;
        q->cagr_years = (int)v;
    }
    if (view == BM_VIEW_SERIES) {
        q->to = bm_this_year() - 1;
        if (GIVEN(P_TO) && bm_query_year(PARAM(P_TO), &q->to, e) != 0)
            return -1;
        q->from = q->to - 9;
        if (GIVEN(P_FROM) && bm_query_year(PARAM(P_FROM), &q->from, e) != 0)
            return -1;
        if (q->from > q->to || q->to - q->from >= SERIES_YEARS_MAX || q->from <= BM_YEAR_MIN)
            return error_set(e, ERR_BAD_QUERY, "from", "from 应不晚于 to，且至多 %d 年",
                             "from must not be after to, %d years at most", SERIES_YEARS_MAX);
    }
    if (GIVEN(P_BY)) {
        if (bm_query_year(PARAM(P_BY), &q->by, e) != 0)
            return -1;
        if (q->by <= q->year)
            return error_set(e, ERR_BAD_QUERY, "by", "by 应晚于 year", "by must be after year");
    }
    if (GIVEN(P_HORIZON)) {
        if (input_query_int(PARAM(P_HORIZON), 1, HORIZON_MAX, &v, e) != 0)
            return -1;
        q->horizon = (int)v;
    }
    if (at[P_YEARS] >= 0 && q->year - q->cagr_years < BM_YEAR_MIN)
        return error_set(e, ERR_BAD_QUERY, "years", "year − years 应不早于 %d",
                         "year − years must not be before %d", BM_YEAR_MIN);
#undef GIVEN
#undef PARAM
    return 0;
}

/* On a worker. */
static void view_work(struct store *st, void *arg)
{
    struct view_job *j = arg;
    error_clear(&j->error);
    j->arena.limit = (size_t)256 << 20; /* a radar of every indicator over thousands of cities */
    if (bm_view_run(st, j->tenant, &j->q, &j->arena, &j->sb, NULL, &j->error) == 0 && j->sb.failed)
        error_set(&j->error, ERR_INTERNAL, NULL, "内存不足", "out of memory");
}

static void view_drop(void *arg)
{
    struct view_job *j = arg;
    strbuf_release(&j->sb);
    arena_release(&j->arena);
}

/* Back on the loop. */
static int view_done(struct request *r, void *arg, struct error *e)
{
    struct view_job *j = arg;
    int rc = j->error.code == ERR_NONE ? respond_strbuf(r, 200, &j->sb, e) : (*e = j->error, -1);
    view_drop(j);
    return rc;
}

/* The table's spreadsheet, on a worker (report_respond). */
static int view_report(struct store *st, const char *path, void *ctx, struct error *e)
{
    struct view_job *j = ctx;
    struct arena a = ARENA_INIT;
    a.limit = (size_t)256 << 20;
    struct bm_table t;
    int rc = bm_view_run(st, j->tenant, &j->q, &a, NULL, &t, e);
    if (rc == 0)
        rc = bm_table_sheet_write(&t, path, e);
    arena_release(&a);
    return rc;
}

static int view_respond(struct request *r, enum bm_view view, const char *ascii_name, const char *name_zh,
                        struct error *e)
{
    struct view_job *j = arena_calloc(&r->arena, sizeof(*j));
    if (!j)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    bool xlsx;
    if (read_query(r, view, &j->q, &xlsx, e) != 0)
        return -1;
    j->tenant = r->tenant;
    j->sb = (struct strbuf)STRBUF_INIT;
    if (xlsx)
        return report_respond(r, view_report, j, ascii_name, name_zh, e);
    return request_defer_dropping(r, view_work, view_done, view_drop, j, e);
}

int handle_bm_compare(struct request *r, struct error *e)
{
    return view_respond(r, BM_VIEW_COMPARE, "benchmark-compare", "对标对比", e);
}

int handle_bm_series(struct request *r, struct error *e)
{
    return view_respond(r, BM_VIEW_SERIES, "benchmark-series", "对标趋势", e);
}

int handle_bm_radar(struct request *r, struct error *e)
{
    return view_respond(r, BM_VIEW_RADAR, "benchmark-radar", "对标雷达", e);
}

int handle_bm_projection(struct request *r, struct error *e)
{
    return view_respond(r, BM_VIEW_PROJECTION, "benchmark-projection", "对标赶超测算", e);
}
