/*
 * Monthly progress: a project's reports, filing or correcting one month's, the month's screen,
 * who has not reported, and the month's sheet to fill in Excel (its import is import_endpoint.c's).
 */
#include <string.h>

#include "base/date.h"
#include "base/json_escape.h"
#include "http/export.h"
#include "http/handlers.h"
#include "http/input.h"
#include "http/project_json.h"
#include "io/progress_sheet.h"
#include "base/banned.h"

static int project_id(struct request *r, int64_t *id, struct error *e)
{
    if (input_id(r->params[0], id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "项目不存在", "no such project");
    return 0;
}

int handle_project_reports(struct request *r, struct error *e)
{
    int64_t id;
    struct project p;
    struct progress_report *items;
    size_t count;
    if (project_id(r, &id, e) != 0 ||
        store_project_get(r->store, r->tenant, r->scope, r->scope_enterprise, id, &r->arena, &p, e) != 0 ||
        store_reports_list(r->store, r->tenant, id, &r->arena, &items, &count, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < count; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        report_write_json(&sb, &items[i]);
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

static const char *const report_fields[] = {"amount", "progress", NULL};

int handle_project_report_put(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    if (project_id(r, &id, e) != 0)
        return -1;
    char month[8];
    h2o_iovec_t m = r->params[1];
    if (m.len != 7 || (memcpy(month, m.base, 7), month[7] = '\0', month_parse(month, 7) < 0))
        return error_set(e, ERR_INVALID_VALUE, "month", "月份应为 YYYY-MM 格式", "the month must be YYYY-MM");
    if (input_json_object(r, &body, e) != 0)
        return -1;
    int64_t amount = 0;
    const char *progress = "";
    size_t len = 0;
    int got_amount = 0, rc = input_only_fields(body, report_fields, e);
    if (rc == 0 && (got_amount = input_integer(body, "amount", false, NULL, &amount, e)) < 0)
        rc = -1;
    if (rc == 0 && got_amount == 0)
        rc = error_set(e, ERR_MISSING_FIELD, "amount", "缺少必填字段“amount”（本月完成投资，分）",
                       "missing required field \"amount\" (investment completed in the month, fen)");
    if (rc == 0 && project_check_amount(amount, "amount", e) != 0)
        rc = -1;
    if (rc == 0 && input_string(body, "progress", false, &progress, &len, e) < 0)
        rc = -1;
    if (rc == 0 && project_check_text(progress, len, "progress", e) != 0)
        rc = -1;
    struct progress_report report;
    struct project p;
    if (rc == 0)
        rc = store_report_put(r->store, r->tenant, r->scope, id, month, amount, progress, &r->actor,
                              &r->arena, &report, &p, e);
    json_decref(body);
    if (rc != 0)
        return -1;
    struct size_classes sizes;
    if (store_size_classes_get(r->store, r->tenant, &sizes, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"report\":");
    report_write_json(&sb, &report);
    strbuf_addstr(&sb, ",\"project\":");
    project_write_json(&sb, &p, &sizes, NULL, 0);
    strbuf_addch(&sb, '}');
    rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_progress_month(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "month"}, {.name = "unit_id"}, {.name = NULL}};
    char month[8];
    int64_t unit_id = 0;
    if (input_query(r, q, e) != 0 || input_query_month(&q[0], month, e) != 0 ||
        (q[1].value && input_query_int(&q[1], 1, INT64_MAX, &unit_id, e) != 0))
        return -1;
    struct progress_row *rows;
    size_t count;
    struct size_classes sizes;
    if (store_size_classes_get(r->store, r->tenant, &sizes, e) != 0 ||
        store_progress_month(r->store, r->tenant, r->scope, unit_id, month, &r->arena, &rows, &count, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_reserve(&sb, 64 + count * 1600);
    strbuf_addf(&sb, "{\"month\":\"%s\",\"items\":[", month);
    for (size_t i = 0; i < count; i++) {
        strbuf_addstr(&sb, i ? ",{\"project\":" : "{\"project\":");
        project_write_json(&sb, &rows[i].project, &sizes, NULL, 0);
        strbuf_addstr(&sb, ",\"report\":");
        if (rows[i].has_report)
            report_write_json(&sb, &rows[i].report);
        else
            strbuf_addstr(&sb, "null");
        strbuf_addch(&sb, '}');
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_progress_missing(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "month"}, {.name = NULL}};
    char month[8];
    if (input_query(r, q, e) != 0 || input_query_month(&q[0], month, e) != 0)
        return -1;
    struct missing_project *items;
    size_t count;
    if (store_progress_missing(r->store, r->tenant, r->scope, month, &r->arena, &items, &count, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "{\"month\":\"%s\",\"total\":%zu,\"items\":[", month, count);
    /* rows come by unit: one group per run of the same unit */
    for (size_t i = 0; i < count;) {
        size_t end = i;
        while (end < count && items[end].unit_id == items[i].unit_id)
            end++;
        strbuf_addf(&sb, "%s{\"unit_id\":%lld,\"unit_name\":", i ? "," : "", (long long)items[i].unit_id);
        json_escape(&sb, items[i].unit_name, strlen(items[i].unit_name));
        strbuf_addf(&sb, ",\"missing\":%zu,\"projects\":[", end - i);
        for (size_t k = i; k < end; k++) {
            strbuf_addf(&sb, "%s{\"id\":%lld,\"code\":", k > i ? "," : "", (long long)items[k].id);
            json_escape(&sb, items[k].code, strlen(items[k].code));
            strbuf_addstr(&sb, ",\"name\":");
            json_escape(&sb, items[k].name, strlen(items[k].name));
            strbuf_addch(&sb, '}');
        }
        strbuf_addstr(&sb, "]}");
        i = end;
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

struct template_request {
    int64_t tenant, scope;
    char month[8];
};

static int write_template(struct store *st, const char *path, void *ctx, struct error *e)
{
    const struct template_request *t = ctx;
    return progress_template_write(st, t->tenant, t->scope, t->month, path, e);
}

int handle_progress_import_template(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "month"}, {.name = NULL}};
    struct template_request *t = arena_calloc(&r->arena, sizeof(*t));
    char *ascii = arena_alloc(&r->arena, 64), *zh = arena_alloc(&r->arena, 96);
    if (!t || !ascii || !zh)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    if (input_query(r, q, e) != 0 || input_query_month(&q[0], t->month, e) != 0)
        return -1;
    if (month_parse(t->month, 7) > month_of_day((int32_t)date_today()))
        return error_set(e, ERR_BAD_QUERY, "month", "%s 尚未到来，不能填报", "%s is in the future: nothing can be reported",
                         t->month);
    t->tenant = r->tenant;
    t->scope = r->scope;
    snprintf(ascii, 64, "progress-import-template-%s", t->month);
    snprintf(zh, 96, "月度进度导入模板（%s）", t->month);
    return report_respond(r, write_template, t, ascii, zh, e);
}
