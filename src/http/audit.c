/* The operation log and the login log: browse (the operation log with filters) and export as xlsx or CSV. */
#include <string.h>

#include "base/date.h"
#include "base/json_escape.h"
#include "http/export.h"
#include "http/handlers.h"
#include "http/input.h"
#include "base/banned.h"

static bool known_resource(const char *name)
{
    static const char *const resources[] = {
        "unit",          "user",           "token",            "enterprise",     "project",
        "progress",      "problem",        "warning_rules",    "project_settings", "appraisal_kind",
        "appraisal_scheme", "appraisal_data", "appraisal_appeal", "bm_indicator", "bm_city", "bm_values", "bm_goal",
        NULL};
    for (size_t i = 0; resources[i]; i++)
        if (strcmp(resources[i], name) == 0)
            return true;
    return false;
}

/* The list's filter, read by the list and the export alike: q holds user_id, resource, action, from and to
 * first. */
static int read_filter(const struct query_param *q, struct audit_filter *f, struct error *e)
{
    *f = (struct audit_filter){.page = 1, .page_size = 25};
    if (q[0].value && input_query_int(&q[0], 1, INT64_MAX, &f->user_id, e) != 0)
        return -1;
    if (q[1].value && !known_resource(q[1].value))
        return error_set(
            e, ERR_BAD_QUERY, "resource",
            "resource 应为 unit、user、token、enterprise、project、progress、problem、warning_rules、"
            "project_settings、appraisal_kind、appraisal_scheme、appraisal_data、appraisal_appeal、bm_indicator、"
            "bm_city、bm_values 或 bm_goal",
            "resource must be one of unit, user, token, enterprise, project, progress, problem, warning_rules, "
            "project_settings, appraisal_kind, appraisal_scheme, appraisal_data, appraisal_appeal, bm_indicator, "
            "bm_city, bm_values, bm_goal");
    f->resource = q[1].value;
    if (q[2].value && strcmp(q[2].value, "create") != 0 && strcmp(q[2].value, "update") != 0 &&
        strcmp(q[2].value, "delete") != 0)
        return error_set(e, ERR_BAD_QUERY, "action", "action 应为 create、update 或 delete",
                         "action must be create, update or delete");
    f->action = q[2].value;
    struct date d;
    for (int i = 3; i <= 4; i++)
        if (q[i].value && date_parse_iso(q[i].value, q[i].len, &d) != 0)
            return error_set(e, ERR_BAD_QUERY, q[i].name, "日期格式应为 YYYY-MM-DD", "dates are YYYY-MM-DD");
    f->from = q[3].value;
    f->to = q[4].value;
    return 0;
}

#define AUDIT_FILTER_PARAMS                                                                                  \
    {.name = "user_id"}, {.name = "resource"}, {.name = "action"}, {.name = "from"},                         \
    {                                                                                                        \
        .name = "to"                                                                                         \
    }

static void text_field(struct strbuf *sb, const char *key, const char *v)
{
    strbuf_addstr(sb, key);
    json_escape(sb, v ? v : "", v ? strlen(v) : 0);
}

int handle_audit_list(struct request *r, struct error *e)
{
    struct query_param q[] = {AUDIT_FILTER_PARAMS, {.name = "page"}, {.name = "page_size"}, {.name = NULL}};
    struct audit_filter f;
    struct audit_entry *items;
    size_t n;
    int64_t total;
    if (input_query(r, q, e) != 0 || read_filter(q, &f, e) != 0 ||
        (q[5].value && input_query_int(&q[5], 1, 1000000, &f.page, e) != 0) ||
        (q[6].value && input_query_int(&q[6], 1, 1000, &f.page_size, e) != 0) ||
        store_audit_list(r->store, r->tenant, &f, &r->arena, &items, &n, &total, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const struct audit_entry *a = &items[i];
        strbuf_addstr(&sb, i ? ",{\"id\":" : "{\"id\":");
        strbuf_add_int(&sb, a->id);
        text_field(&sb, ",\"at\":", a->at);
        strbuf_addstr(&sb, ",\"user_id\":");
        if (a->user_id)
            strbuf_add_int(&sb, a->user_id);
        else
            strbuf_addstr(&sb, "null");
        text_field(&sb, ",\"username\":", a->username);
        text_field(&sb, ",\"address\":", a->address);
        text_field(&sb, ",\"action\":", a->action);
        text_field(&sb, ",\"resource\":", a->resource);
        strbuf_addstr(&sb, ",\"resource_id\":");
        strbuf_add_int(&sb, a->resource_id);
        strbuf_addstr(&sb, ",\"changes\":");
        strbuf_addstr(&sb, a->changes); /* written by the store as a JSON object */
        text_field(&sb, ",\"prev_hash\":", a->prev_hash);
        text_field(&sb, ",\"hash\":", a->hash);
        strbuf_addch(&sb, '}');
    }
    int rc = respond_list(r, &sb, total, f.page, f.page_size, e);
    strbuf_release(&sb);
    return rc;
}

int handle_audit_export(struct request *r, struct error *e)
{
    struct query_param q[] = {AUDIT_FILTER_PARAMS, {.name = "format"}, {.name = NULL}};
    struct export_query x = {.resource = EXPORT_AUDIT};
    enum table_format format;
    if (input_query(r, q, e) != 0 || read_filter(q, &x.audit, e) != 0 ||
        export_read_format(&q[5], &format, e) != 0)
        return -1;
    return export_respond(r, &x, format, e);
}

int handle_login_log(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "page"}, {.name = "page_size"}, {.name = NULL}};
    int64_t page = 1, page_size = 25;
    if (input_query(r, q, e) != 0 || (q[0].value && input_query_int(&q[0], 1, 1000000, &page, e) != 0) ||
        (q[1].value && input_query_int(&q[1], 1, 1000, &page_size, e) != 0))
        return -1;
    struct login_entry *items;
    size_t n;
    int64_t total;
    if (store_login_log_list(r->store, r->tenant, page, page_size, &r->arena, &items, &n, &total, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        strbuf_addstr(&sb, i ? ",{\"id\":" : "{\"id\":");
        strbuf_add_int(&sb, items[i].id);
        text_field(&sb, ",\"at\":", items[i].at);
        text_field(&sb, ",\"username\":", items[i].username);
        text_field(&sb, ",\"address\":", items[i].address);
        strbuf_addstr(&sb, items[i].success ? ",\"success\":true" : ",\"success\":false");
        text_field(&sb, ",\"reason\":", items[i].reason);
        strbuf_addch(&sb, '}');
    }
    int rc = respond_list(r, &sb, total, page, page_size, e);
    strbuf_release(&sb);
    return rc;
}

/* The login log has no filter: the export takes only the format (page and page_size are refused). */
int handle_login_log_export(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "format"}, {.name = NULL}};
    struct export_query x = {.resource = EXPORT_LOGIN_LOG};
    enum table_format format;
    if (input_query(r, q, e) != 0 || export_read_format(&q[0], &format, e) != 0)
        return -1;
    return export_respond(r, &x, format, e);
}
