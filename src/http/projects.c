/*
 * The projects endpoints: the filtered list and its export, one project with its plans, create,
 * partial update, delete, and the import template.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/utf8.h"
#include "domain/industry.h"
#include "http/export.h"
#include "http/handlers.h"
#include "http/input.h"
#include "http/project_input.h"
#include "http/project_json.h"
#include "base/banned.h"

#define PAGE_SIZE_MAX 1000
#define QUERY_TEXT_MAX 100

static const char *const sort_names[PROJECT_SORT_COUNT] = {
    "id", "code", "name", "total_investment", "invested_total", "stage", "warning", "updated_at"};

enum {
    Q_TEXT,
    Q_UNIT,
    Q_CARRIER,
    Q_ENTERPRISE,
    Q_INDUSTRY,
    Q_CATEGORY,
    Q_SOURCE,
    Q_TAG,
    Q_POOL,
    Q_STAGE,
    Q_SIZE,
    Q_WARNING,
    Q_TALENT,
    Q_MIN,
    Q_MAX,
    Q_YEAR,
    Q_YEAR_FIELD,
    Q_SORT,
    Q_FILTER_COUNT
};
#define PROJECT_FILTER_PARAMS                                                                                \
    {.name = "q"}, {.name = "unit_id"}, {.name = "carrier_id"}, {.name = "enterprise_id"},                   \
        {.name = "industry"}, {.name = "category"}, {.name = "source"}, {.name = "tag"}, {.name = "pool"},   \
        {.name = "stage"}, {.name = "size_class"}, {.name = "warning"}, {.name = "talent_tier"},             \
        {.name = "min_investment"}, {.name = "max_investment"}, {.name = "year"}, {.name = "year_field"},    \
    {                                                                                                        \
        .name = "sort"                                                                                       \
    }

static int bad(struct error *e, const char *param, const char *zh, const char *en)
{
    return error_set_text(e, ERR_BAD_QUERY, param, zh, en);
}

/* The industry filter: a class, group or division code matches itself and what lies under it;
   a section letter itself and every division of the section (their codes are one contiguous range). */
static int read_industry(const struct query_param *q, struct arena *a, struct project_filter *f,
                         struct error *e)
{
    const struct industry *ind = industry_find(q->value, q->len);
    if (!ind)
        return bad(e, "industry", "行业代码不在 GB/T 4754-2017 中", "industry is not a GB/T 4754-2017 code");
    if (ind->level > 1) {
        f->industry_from = ind->code;
        char *to = arena_alloc(a, q->len + 2);
        if (!to)
            return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
        memcpy(to, ind->code, q->len);
        memcpy(to + q->len, "~", 2);
        f->industry_to = to;
        return 0;
    }
    f->industry_section = ind->code;
    size_t n;
    const struct industry *all = industry_all(&n);
    for (size_t i = 0; i < n; i++) {
        if (all[i].level != 2 || !all[i].parent || strcmp(all[i].parent, ind->code) != 0)
            continue;
        if (!f->industry_from)
            f->industry_from = all[i].code;
        f->industry_to = all[i].code;
    }
    size_t len = f->industry_to ? strlen(f->industry_to) : 0;
    char *to = len ? arena_alloc(a, len + 2) : NULL;
    if (!to)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    snprintf(to, len + 2, "%s~", f->industry_to);
    f->industry_to = to;
    return 0;
}

static int read_id_param(const struct query_param *q, int64_t *out, struct error *e)
{
    return input_query_int(q, 1, INT64_MAX, out, e);
}

#define PARSE_PARAM(i, parse, target, flag, zh, en)                                                          \
    do {                                                                                                     \
        if (q[i].value) {                                                                                    \
            if (parse(q[i].value, q[i].len, &(target)) != 0)                                                 \
                return bad(e, q[i].name, zh, en);                                                            \
            f->flag = true;                                                                                  \
        }                                                                                                    \
    } while (0)

/* The list's filter and sort, read by the list and the export alike (q holds PROJECT_FILTER_PARAMS first). */
static int read_project_filter(const struct query_param *q, struct request *r, struct project_filter *f,
                               struct error *e)
{
    *f = (struct project_filter){.page = 1,
                                 .page_size = 25,
                                 .scope = r->scope,
                                 .scope_enterprise = r->scope_enterprise,
                                 .min_investment = -1,
                                 .max_investment = -1};
    if (q[Q_TEXT].value) {
        size_t n = utf8_count(q[Q_TEXT].value, q[Q_TEXT].len);
        if (n == 0 || n > QUERY_TEXT_MAX)
            return error_set(e, ERR_BAD_QUERY, "q", "搜索文字应为 1 到 %d 个字",
                             "q must be 1 to %d characters", QUERY_TEXT_MAX);
        f->text = q[Q_TEXT].value;
    }
    if ((q[Q_UNIT].value && read_id_param(&q[Q_UNIT], &f->unit_id, e) != 0) ||
        (q[Q_CARRIER].value && read_id_param(&q[Q_CARRIER], &f->carrier_id, e) != 0) ||
        (q[Q_ENTERPRISE].value && read_id_param(&q[Q_ENTERPRISE], &f->enterprise_id, e) != 0) ||
        (q[Q_INDUSTRY].value && read_industry(&q[Q_INDUSTRY], &r->arena, f, e) != 0))
        return -1;
    if (q[Q_TAG].value) {
        if (project_check_tag(q[Q_TAG].value, q[Q_TAG].len, e) != 0)
            return bad(e, "tag", e->message_zh, e->message_en);
        f->tag = q[Q_TAG].value;
    }
    PARSE_PARAM(Q_CATEGORY, category_parse, f->category, has_category,
                "category 应为 industry、infrastructure、social、tech_talent 或 other",
                "category must be one of industry, infrastructure, social, tech_talent, other");
    PARSE_PARAM(Q_SOURCE, source_parse, f->source, has_source, "source 应为 domestic、foreign 或 hmt",
                "source must be one of domestic, foreign, hmt");
    PARSE_PARAM(Q_POOL, pool_parse, f->pool, has_pool,
                "pool 应为 reserve、preliminary、construction、completed 或 production",
                "pool must be one of reserve, preliminary, construction, completed, production");
    PARSE_PARAM(Q_WARNING, warning_level_parse, f->warning, has_warning, "warning 应为 green、yellow 或 red",
                "warning must be one of green, yellow, red");
    PARSE_PARAM(Q_TALENT, talent_tier_parse, f->talent_tier, has_talent_tier,
                "talent_tier 应为 none、national、provincial 或 municipal",
                "talent_tier must be one of none, national, provincial, municipal");
    if (q[Q_STAGE].value) {
        enum milestone m;
        f->has_stage = true;
        if (strcmp(q[Q_STAGE].value, "none") == 0)
            f->stage = -1;
        else if (milestone_parse(q[Q_STAGE].value, q[Q_STAGE].len, &m) == 0)
            f->stage = (int)m;
        else
            return bad(e, "stage",
                       "stage "
                       "应为节点名称（negotiating、signed、registered、started、completed、production、full_"
                       "capacity）或 none",
                       "stage must be a milestone (negotiating, signed, registered, started, completed, "
                       "production, full_capacity) or none");
    }
    int64_t v;
    if (q[Q_SIZE].value) {
        if (input_query_int(&q[Q_SIZE], 0, SIZE_THRESHOLDS_MAX, &v, e) != 0)
            return -1;
        f->has_size_class = true;
        f->size_class = (int)v;
    }
    if ((q[Q_MIN].value && input_query_int(&q[Q_MIN], 0, PROJECT_AMOUNT_MAX, &f->min_investment, e) != 0) ||
        (q[Q_MAX].value && input_query_int(&q[Q_MAX], 0, PROJECT_AMOUNT_MAX, &f->max_investment, e) != 0))
        return -1;
    if (!q[Q_YEAR].value != !q[Q_YEAR_FIELD].value)
        return bad(e, q[Q_YEAR].value ? "year_field" : "year", "year 与 year_field 须同时给出",
                   "year and year_field go together");
    if (q[Q_YEAR].value) {
        enum milestone m;
        if (input_query_int(&q[Q_YEAR], PROJECT_YEAR_MIN, 2100, &v, e) != 0)
            return -1;
        if (milestone_parse(q[Q_YEAR_FIELD].value, q[Q_YEAR_FIELD].len, &m) != 0)
            return bad(e, "year_field", "year_field 应为节点名称（如 signed、started）",
                       "year_field must be a milestone name (such as signed, started)");
        f->year = (int)v;
        f->year_step = m;
    }
    if (q[Q_SORT].value) {
        const char *s = q[Q_SORT].value;
        f->descending = s[0] == '-';
        s += f->descending;
        int found = -1;
        for (int i = 0; i < PROJECT_SORT_COUNT && found < 0; i++)
            if (strcmp(sort_names[i], s) == 0)
                found = i;
        if (found < 0)
            return bad(e, "sort",
                       "排序字段应为 id、code、name、total_investment、invested_total、stage、warning 或 "
                       "updated_at（降序加 -）",
                       "sort must be one of id, code, name, total_investment, invested_total, stage, "
                       "warning, updated_at (prefix - for descending)");
        f->sort = (enum project_sort)found;
    }
    return 0;
}

int handle_projects_list(struct request *r, struct error *e)
{
    struct query_param q[] = {PROJECT_FILTER_PARAMS, {.name = "page"}, {.name = "page_size"}, {.name = NULL}};
    struct project_filter f;
    if (input_query(r, q, e) != 0 || read_project_filter(q, r, &f, e) != 0)
        return -1;
    if (q[Q_FILTER_COUNT].value && input_query_int(&q[Q_FILTER_COUNT], 1, 1000000, &f.page, e) != 0)
        return -1;
    if (q[Q_FILTER_COUNT + 1].value &&
        input_query_int(&q[Q_FILTER_COUNT + 1], 1, PAGE_SIZE_MAX, &f.page_size, e) != 0)
        return -1;
    /*
     * A page is kept, per connection, while the database is unchanged (SQLite): making one is a
     * millisecond of SQL and JSON, which held the list near 2,000 requests a second. The day is in
     * the key because each row shows this year's plan and investment.
     */
    char key[640], day[11];
    date_format_iso(date_from_days((int32_t)date_today()), day);
    uint64_t stamp[2];
    const char *kept;
    size_t kept_len;
    int64_t total;
    struct strbuf sb = STRBUF_INIT;
    int found = -1;
    if (project_filter_key(r->tenant, &f, true, key, sizeof(key) - sizeof(day) - 1)) {
        size_t used = strlen(key);
        snprintf(key + used, sizeof(key) - used, "|%s", day);
        found = store_answer_find(r->store, key, stamp, &kept, &kept_len, &total);
    }
    if (found == 1) {
        strbuf_add(&sb, kept, kept_len);
    } else {
        struct project *items;
        size_t count;
        struct size_classes sizes;
        if (store_size_classes_get(r->store, r->tenant, &sizes, e) != 0 ||
            store_projects_list(r->store, r->tenant, &f, &r->arena, &items, &count, &total, e) != 0)
            return -1;
        strbuf_reserve(&sb, 64 + count * 1400);
        for (size_t i = 0; i < count; i++) {
            if (i)
                strbuf_addch(&sb, ',');
            project_write_json(&sb, &items[i], &sizes, NULL, 0);
        }
        if (found == 0 && !sb.failed)
            store_answer_keep(r->store, key, stamp, sb.buf, sb.len, total);
    }
    int rc = respond_list(r, &sb, total, f.page, f.page_size, e);
    strbuf_release(&sb);
    return rc;
}

int handle_projects_export(struct request *r, struct error *e)
{
    struct query_param q[] = {PROJECT_FILTER_PARAMS, {.name = "format"}, {.name = NULL}};
    struct export_query x = {.resource = EXPORT_PROJECTS};
    enum table_format format;
    if (input_query(r, q, e) != 0 || read_project_filter(q, r, &x.projects, e) != 0 ||
        export_read_format(&q[Q_FILTER_COUNT], &format, e) != 0)
        return -1;
    return export_respond(r, &x, format, e);
}

int handle_projects_import_template(struct request *r, struct error *e)
{
    return template_respond(r, &columns_projects, e);
}

static int path_id(struct request *r, int64_t *id, struct error *e)
{
    if (input_id(r->params[0], id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "项目不存在", "no such project");
    return 0;
}

/* The project with its plans, as GET, POST and PATCH answer it. */
static int respond_project(struct request *r, int status, const struct project *p, struct error *e)
{
    struct plan_change *plans;
    size_t n_plans;
    struct size_classes sizes;
    if (store_size_classes_get(r->store, r->tenant, &sizes, e) != 0 ||
        store_project_plans(r->store, r->tenant, p->id, &r->arena, &plans, &n_plans, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    project_write_json(&sb, p, &sizes, plans, n_plans);
    int rc = respond_strbuf(r, status, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_project_get(struct request *r, struct error *e)
{
    int64_t id;
    struct project p;
    if (path_id(r, &id, e) != 0 ||
        store_project_get(r->store, r->tenant, r->scope, r->scope_enterprise, id, &r->arena, &p, e) != 0)
        return -1;
    return respond_project(r, 200, &p, e);
}

int handle_projects_create(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    struct project_input in;
    struct project p;
    int rc = project_input_read(body, true, &r->arena, &in, e);
    if (rc == 0)
        rc = store_project_create(r->store, r->tenant, &in, &r->actor, &r->arena, &p, e);
    json_decref(body);
    if (rc != 0)
        return -1;
    char location[64];
    int n = snprintf(location, sizeof(location), "/api/v1/projects/%lld", (long long)p.id);
    respond_header(r, H2O_TOKEN_LOCATION, h2o_strdup(&r->req->pool, location, (size_t)n).base, (size_t)n);
    return respond_project(r, 201, &p, e);
}

int handle_project_update(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    if (path_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    struct project_input in;
    struct project p;
    int rc = project_input_read(body, false, &r->arena, &in, e);
    if (rc == 0)
        rc = store_project_update(r->store, r->tenant, id, &in, &r->actor, &r->arena, &p, e);
    json_decref(body);
    if (rc != 0)
        return -1;
    return respond_project(r, 200, &p, e);
}

int handle_project_delete(struct request *r, struct error *e)
{
    int64_t id;
    if (path_id(r, &id, e) != 0 || store_project_delete(r->store, r->tenant, id, &r->actor, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}
