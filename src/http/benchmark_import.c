/*
 * Benchmarking's values in and out as statistical yearbooks print them: the import template
 * (wide or long, benchmark_sheets.h) and the import, both on a worker. An import is all or
 * nothing: every bad cell is listed (the imports' error shape, with its sheet) and nothing is
 * written; ?dry_run=true checks without writing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_escape.h"
#include "http/benchmark_json.h"
#include "http/export.h"
#include "http/handlers.h"
#include "http/multipart.h"
#include "http/worker.h"
#include "io/benchmark_sheets.h"
#include "base/banned.h"

#define SOURCE_MAX 100

static int read_layout(const struct query_param *p, enum bm_layout *out, struct error *e)
{
    *out = BM_LAYOUT_WIDE;
    if (p->value && bm_layout_parse(p->value, out) != 0)
        return error_set(
            e, ERR_BAD_QUERY, "layout", "layout 应为 wide（城市为行、年份为列）或 long（每行一个城市年度）",
            "layout must be wide (cities as rows, years as columns) or long (a row per city-year)");
    return 0;
}

struct template_job {
    int64_t tenant, indicator_id;
    enum bm_layout layout;
    int from, to;
};

/* On a worker: the tenant's cities and indicators (one, or all), with the values they have in the years. */
static int template_report(struct store *st, const char *path, void *ctx, struct error *e)
{
    const struct template_job *j = ctx;
    struct arena a = ARENA_INIT;
    a.limit = (size_t)512 << 20;
    struct bm_indicator *indicators;
    struct bm_city *cities;
    struct bm_value *values = NULL;
    size_t n_indicators, n_cities, n_values = 0;
    bool more;
    int rc = store_bm_indicators_list(st, j->tenant, &a, &indicators, &n_indicators, e);
    if (rc == 0)
        rc = store_bm_cities_list(st, j->tenant, &a, &cities, &n_cities, e);
    if (rc == 0 && j->indicator_id) {
        size_t k = 0;
        while (k < n_indicators && indicators[k].id != j->indicator_id)
            k++;
        if (k == n_indicators)
            rc = error_set(e, ERR_NOT_FOUND, "indicator_id", "对标指标不存在", "no such benchmark indicator");
        else {
            indicators += k;
            n_indicators = 1;
        }
    }
    struct bm_values_filter f = {
        .indicator_id = j->indicator_id, .year_from = j->from, .year_to = j->to, .quarter = -1};
    if (rc == 0 && (size_t)(j->to - j->from + 1) * n_cities * n_indicators <= BM_TEMPLATE_CELLS_MAX)
        rc = store_bm_values_list(st, j->tenant, &f, 0, &a, &values, &n_values, &more, e);
    if (rc == 0) {
        struct bm_template t = {indicators, n_indicators, cities, n_cities, j->from, j->to, values, n_values};
        rc = bm_template_write(j->layout, &t, path, e);
    }
    arena_release(&a);
    return rc;
}

int handle_bm_values_template(struct request *r, struct error *e)
{
    struct query_param q[] = {
        {.name = "layout"}, {.name = "indicator_id"}, {.name = "from"}, {.name = "to"}, {.name = NULL}};
    struct template_job *j = arena_calloc(&r->arena, sizeof(*j));
    if (!j)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    j->tenant = r->tenant;
    j->to = bm_this_year() - 1;
    if (input_query(r, q, e) != 0 || read_layout(&q[0], &j->layout, e) != 0 ||
        (q[1].value && input_query_int(&q[1], 1, INT64_MAX, &j->indicator_id, e) != 0) ||
        (q[3].value && bm_query_year(&q[3], &j->to, e) != 0))
        return -1;
    j->from = j->to - 9;
    if (q[2].value && bm_query_year(&q[2], &j->from, e) != 0)
        return -1;
    if (j->from > j->to || j->from < BM_YEAR_MIN)
        return error_set(e, ERR_BAD_QUERY, "from", "from 应不晚于 to", "from must not be after to");
    return report_respond(r, template_report, j, "benchmark-template", "对标数据导入模板", e);
}

struct import_work {
    int64_t tenant, indicator_id;
    enum bm_layout layout;
    bool dry_run;
    const char *source;
    struct actor actor;
    char address[64];
    char *upload;
    size_t len;
    struct arena arena;
    struct bm_import result;
    size_t written;
    int rc;
    struct error error;
};

/* A store refusal naming "values[i]…" put back on the cell the value was read from. */
static void refused_at(struct import_work *w)
{
    size_t i;
    if (sscanf(w->error.field, "values[%zu]", &i) != 1 || i >= w->result.n_values)
        return;
    const struct bm_import_origin *o = &w->result.origins[i];
    struct bm_import_error *x = arena_calloc(&w->arena, sizeof(*x));
    if (!x)
        return;
    *x = (struct bm_import_error){.sheet = o->sheet, .field = "value"};
    x->cell.row = o->row;
    memcpy(x->cell.column, o->column, sizeof(x->cell.column));
    x->cell.header = "";
    x->cell.reason_zh = arena_strndup(&w->arena, w->error.message_zh, strlen(w->error.message_zh));
    x->cell.reason_en = arena_strndup(&w->arena, w->error.message_en, strlen(w->error.message_en));
    if (!x->cell.reason_zh || !x->cell.reason_en)
        return;
    w->result.errors = x;
    w->result.n_errors = w->result.errors_total = 1;
    error_set(&w->error, ERR_INVALID_ROWS, NULL, "表格中有 1 处错误，未导入任何数据",
              "the file has 1 bad cell; nothing was imported");
}

/* On a worker. */
static void run_import(struct store *st, void *arg)
{
    struct import_work *w = arg;
    error_clear(&w->error);
    w->arena.limit = (size_t)512 << 20;
    struct bm_import_ref ref = {.indicator_id = w->indicator_id, .source = w->source};
    struct bm_indicator *indicators;
    struct bm_city *cities;
    w->rc = store_bm_indicators_list(st, w->tenant, &w->arena, &indicators, &ref.n_indicators, &w->error);
    if (w->rc == 0)
        w->rc = store_bm_cities_list(st, w->tenant, &w->arena, &cities, &ref.n_cities, &w->error);
    if (w->rc != 0)
        return;
    ref.indicators = indicators;
    ref.cities = cities;
    w->rc = bm_import_read(w->upload, w->len, w->layout, &ref, &server_settings.unzip, &w->arena, &w->result,
                           &w->error);
    if (w->rc == 0 && w->result.n_values == 0)
        w->rc = error_set(&w->error, ERR_INVALID_ROWS, NULL, "表格中没有可导入的数值",
                          "the file holds no values to import");
    if (w->rc == 0 && !w->dry_run) {
        w->rc = store_bm_values_put(st, w->tenant, &w->actor, w->result.values, w->result.n_values, "import",
                                    &w->written, &w->error);
        if (w->rc != 0 && w->error.code != ERR_BUSY && w->error.code != ERR_INTERNAL)
            refused_at(w);
    }
}

static void end_import(struct import_work *w)
{
    arena_release(&w->arena);
    free(w->upload);
    w->upload = NULL;
}

static void drop_import(void *arg)
{
    end_import(arg);
}

static void error_json(struct strbuf *sb, const struct import_work *w, enum lang lang)
{
    const struct error *e = &w->error;
    const char *message = lang == LANG_EN ? e->message_en : e->message_zh;
    strbuf_addf(sb, "{\"error\":{\"code\":\"%s\",\"message\":", error_code_name(e->code));
    json_escape(sb, message, strlen(message));
    strbuf_addstr(sb, ",\"message_zh\":");
    json_escape(sb, e->message_zh, strlen(e->message_zh));
    strbuf_addstr(sb, ",\"message_en\":");
    json_escape(sb, e->message_en, strlen(e->message_en));
    strbuf_addf(sb, ",\"cells_total\":%zu,\"cells\":[", w->result.errors_total);
    for (size_t i = 0; i < w->result.n_errors; i++) {
        const struct bm_import_error *x = &w->result.errors[i];
        strbuf_addstr(sb, i ? ",{\"sheet\":" : "{\"sheet\":");
        bm_json_text(sb, x->sheet);
        strbuf_addstr(sb, ",\"field\":");
        bm_json_text(sb, x->field);
        strbuf_addf(sb, ",\"row\":%u,\"column\":", x->cell.row);
        bm_json_text(sb, x->cell.column);
        strbuf_addstr(sb, ",\"header\":");
        bm_json_text(sb, x->cell.header);
        strbuf_addstr(sb, ",\"value\":");
        if (x->cell.value)
            bm_json_text(sb, x->cell.value);
        else
            strbuf_addstr(sb, "null");
        strbuf_addstr(sb, ",\"reason_zh\":");
        bm_json_text(sb, x->cell.reason_zh);
        strbuf_addstr(sb, ",\"reason_en\":");
        bm_json_text(sb, x->cell.reason_en);
        strbuf_addch(sb, '}');
    }
    strbuf_addstr(sb, "]}}");
}

/* Back on the loop. */
static int answer_import(struct request *r, void *arg, struct error *e)
{
    struct import_work *w = arg;
    struct strbuf sb = STRBUF_INIT;
    int rc, status = 200;
    if (w->rc != 0 && w->error.code != ERR_INVALID_ROWS) {
        *e = w->error;
        end_import(w);
        return -1;
    }
    if (w->rc != 0) {
        error_json(&sb, w, r->lang);
        status = error_http_status(ERR_INVALID_ROWS);
    } else {
        strbuf_addf(&sb, "{\"dry_run\":%s,\"rows\":%zu,\"written\":%zu,\"sheets\":%zu,\"skipped\":%zu}",
                    w->dry_run ? "true" : "false", w->result.n_values, w->written, w->result.n_sheets,
                    w->result.n_skipped);
    }
    rc = bm_respond(r, status, &sb, e);
    end_import(w);
    return rc;
}

int handle_bm_values_import(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "layout"},
                              {.name = "dry_run"},
                              {.name = "indicator_id"},
                              {.name = "source"},
                              {.name = NULL}};
    struct import_work *w = arena_calloc(&r->arena, sizeof(*w));
    if (!w)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    if (input_query(r, q, e) != 0 || read_layout(&q[0], &w->layout, e) != 0 ||
        (q[1].value && input_query_bool(&q[1], &w->dry_run, e) != 0) ||
        (q[2].value && input_query_int(&q[2], 1, INT64_MAX, &w->indicator_id, e) != 0))
        return -1;
    if (q[3].value && (q[3].len > SOURCE_MAX || strpbrk(q[3].value, "\r\n\t")))
        return error_set(e, ERR_BAD_QUERY, "source", "来源至多 %d 字节，不含控制字符",
                         "source is at most %d bytes without control characters", SOURCE_MAX);
    struct upload up;
    if (multipart_upload(r, &up, e) != 0)
        return -1;
    w->tenant = r->tenant;
    w->source = q[3].value;
    w->actor = r->actor;
    snprintf(w->address, sizeof(w->address), "%s", r->address);
    w->actor.address = w->address;
    w->arena = (struct arena)ARENA_INIT;
    if (!(w->upload = malloc(up.len ? up.len : 1)))
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足，无法接收文件", "out of memory for the upload");
    memcpy(w->upload, up.data, up.len);
    w->len = up.len;
    int rc = request_defer_dropping(r, run_import, answer_import, drop_import, w, e);
    if (rc < 0)
        free(w->upload);
    return rc;
}
