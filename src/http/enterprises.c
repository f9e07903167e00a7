/*
 * The enterprises endpoints: list with filters, sort and paging; read; create; partial update;
 * delete; export and the import template.
 */
#include <string.h>

#include "base/json_escape.h"
#include "base/utf8.h"
#include "domain/industry.h"
#include "http/export.h"
#include "http/handlers.h"
#include "http/input.h"
#include "base/banned.h"

#define PAGE_SIZE_MAX 1000
#define QUERY_TEXT_MAX 100

static void write_bool(struct strbuf *sb, const char *key, bool value)
{
    strbuf_addstr(sb, key);
    strbuf_addstr(sb, value ? "true" : "false");
}

static void write_id_or_null(struct strbuf *sb, const char *key, int64_t id)
{
    strbuf_addstr(sb, key);
    if (id)
        strbuf_add_int(sb, id);
    else
        strbuf_addstr(sb, "null");
}

/* Written by hand, as units are: a DOM per row costs more than the query. */
static void enterprise_write_json(struct strbuf *sb, const struct enterprise_view *v)
{
    const struct enterprise *x = &v->e;
    const struct industry *ind = x->industry_code ? industry_find(x->industry_code, strlen(x->industry_code)) : NULL;
    strbuf_addstr(sb, "{\"id\":");
    strbuf_add_int(sb, x->id);
    strbuf_addstr(sb, ",\"credit_code\":");
    json_escape_or_null(sb, x->credit_code);
    strbuf_addstr(sb, ",\"name\":");
    json_escape_or_null(sb, x->name);
    strbuf_addstr(sb, ",\"industry_code\":");
    json_escape_or_null(sb, x->industry_code);
    strbuf_addstr(sb, ",\"industry_name\":");
    json_escape_or_null(sb, ind ? ind->name : NULL);
    strbuf_addstr(sb, ",\"ownership\":");
    json_escape_or_null(sb, ownership_name(x->ownership));
    write_id_or_null(sb, ",\"park_id\":", x->park_id);
    strbuf_addstr(sb, ",\"park_name\":");
    json_escape_or_null(sb, v->park_name);
    write_bool(sb, ",\"above_size\":", x->above_size);
    write_bool(sb, ",\"leading_talent\":", x->leading_talent);
    write_bool(sb, ",\"high_tech\":", x->high_tech);
    strbuf_addstr(sb, ",\"project_count\":");
    strbuf_add_int(sb, v->project_count);
    strbuf_addstr(sb, ",\"created_at\":");
    json_escape_or_null(sb, x->created_at);
    strbuf_addstr(sb, ",\"updated_at\":");
    json_escape_or_null(sb, x->updated_at);
    strbuf_addch(sb, '}');
}

static int respond_enterprise(struct request *r, int status, const struct enterprise_view *v, struct error *e)
{
    struct strbuf sb = STRBUF_INIT;
    enterprise_write_json(&sb, v);
    int rc = respond_strbuf(r, status, &sb, e);
    strbuf_release(&sb);
    return rc;
}

static const char *const sort_names[ENTERPRISE_SORT_COUNT] = {"name", "credit_code", "id", "created_at",
                                                              "updated_at"};

static int read_sort(const struct query_param *p, struct enterprise_filter *f, struct error *e)
{
    const char *s = p->value;
    f->descending = s[0] == '-';
    s += f->descending;
    for (int i = 0; i < ENTERPRISE_SORT_COUNT; i++) {
        if (strcmp(sort_names[i], s) == 0) {
            f->sort = (enum enterprise_sort)i;
            return 0;
        }
    }
    return error_set(e, ERR_BAD_QUERY, "sort", "排序字段应为 name、credit_code、id、created_at 或 updated_at（降序加 -）",
                     "sort must be one of name, credit_code, id, created_at, updated_at (prefix - for descending)");
}

static int read_flag(const struct query_param *p, bool *given, bool *value, struct error *e)
{
    *given = p->value != NULL;
    return p->value ? input_query_bool(p, value, e) : 0;
}

/*
 * The list's filter and sort, read by the list and the export alike: q holds q, ownership,
 * industry, park_id, above_size, leading_talent, high_tech and sort first, then what the caller
 * reads itself (page and page_size, or format).
 */
static int read_filter(const struct query_param *q, struct enterprise_filter *f, struct error *e)
{
    *f = (struct enterprise_filter){.page = 1, .page_size = 25};
    if (q[0].value) {
        size_t n = utf8_count(q[0].value, q[0].len);
        if (n == 0 || n > QUERY_TEXT_MAX)
            return error_set(e, ERR_BAD_QUERY, "q", "搜索文字应为 1 到 %d 个字", "q must be 1 to %d characters",
                             QUERY_TEXT_MAX);
        f->text = q[0].value;
    }
    if ((f->has_ownership = q[1].value != NULL) && ownership_parse(q[1].value, q[1].len, &f->ownership) != 0)
        return error_set(e, ERR_BAD_QUERY, "ownership", "ownership 应为 domestic、foreign 或 hmt",
                         "ownership must be domestic, foreign or hmt");
    if (q[2].value && !industry_find(q[2].value, q[2].len))
        return error_set(e, ERR_BAD_QUERY, "industry", "industry 应为国民经济行业分类（GB/T 4754-2017）中的代码",
                         "industry must be a code of GB/T 4754-2017");
    f->industry = q[2].value;
    if ((f->has_park = q[3].value != NULL) && input_query_int(&q[3], 1, INT64_MAX, &f->park_id, e) != 0)
        return -1;
    if (read_flag(&q[4], &f->has_above_size, &f->above_size, e) != 0 ||
        read_flag(&q[5], &f->has_leading_talent, &f->leading_talent, e) != 0 ||
        read_flag(&q[6], &f->has_high_tech, &f->high_tech, e) != 0)
        return -1;
    return q[7].value ? read_sort(&q[7], f, e) : 0;
}

#define FILTER_PARAMS                                                                                            \
    {.name = "q"}, {.name = "ownership"}, {.name = "industry"}, {.name = "park_id"}, {.name = "above_size"},     \
        {.name = "leading_talent"}, {.name = "high_tech"}, {.name = "sort"}
#define N_FILTER_PARAMS 8

int handle_enterprises_list(struct request *r, struct error *e)
{
    struct query_param q[] = {FILTER_PARAMS, {.name = "page"}, {.name = "page_size"}, {.name = NULL}};
    struct enterprise_filter f;
    if (input_query(r, q, e) != 0 || read_filter(q, &f, e) != 0)
        return -1;
    if (q[N_FILTER_PARAMS].value && input_query_int(&q[N_FILTER_PARAMS], 1, 1000000, &f.page, e) != 0)
        return -1;
    if (q[N_FILTER_PARAMS + 1].value &&
        input_query_int(&q[N_FILTER_PARAMS + 1], 1, PAGE_SIZE_MAX, &f.page_size, e) != 0)
        return -1;
    struct enterprise_view *items;
    size_t count;
    int64_t total;
    if (store_enterprises_list(r->store, r->tenant, &f, &r->arena, &items, &count, &total, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_reserve(&sb, count * 400);
    for (size_t i = 0; i < count; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        enterprise_write_json(&sb, &items[i]);
    }
    int rc = respond_list(r, &sb, total, f.page, f.page_size, e);
    strbuf_release(&sb);
    return rc;
}

int handle_enterprises_export(struct request *r, struct error *e)
{
    struct query_param q[] = {FILTER_PARAMS, {.name = "format"}, {.name = NULL}};
    struct export_query x = {.resource = EXPORT_ENTERPRISES};
    enum table_format format;
    if (input_query(r, q, e) != 0 || read_filter(q, &x.enterprises, e) != 0 ||
        export_read_format(&q[N_FILTER_PARAMS], &format, e) != 0)
        return -1;
    return export_respond(r, &x, format, e);
}

int handle_enterprises_import_template(struct request *r, struct error *e)
{
    return template_respond(r, &columns_enterprises, e);
}

static int path_id(struct request *r, int64_t *id, struct error *e)
{
    if (input_id(r->params[0], id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "企业不存在", "no such enterprise");
    return 0;
}

int handle_enterprise_get(struct request *r, struct error *e)
{
    int64_t id;
    struct enterprise_view v;
    if (path_id(r, &id, e) != 0 || store_enterprise_get(r->store, r->tenant, id, &r->arena, &v, e) != 0)
        return -1;
    return respond_enterprise(r, 200, &v, e);
}

static const char *const writable[] = {"credit_code", "name", "industry_code", "ownership", "park_id",
                                       "above_size", "leading_talent", "high_tech", NULL};

/* Reads and checks every field given; on create, credit_code, name and ownership are required. */
static int read_input(json_t *obj, bool create, struct enterprise_input *in, struct error *e)
{
    if (input_only_fields(obj, writable, e) != 0)
        return -1;
    size_t len;
    const char *ownership = NULL;
    int got;
    if ((got = input_string(obj, "credit_code", false, &in->credit_code, &len, e)) < 0 ||
        ((in->has_credit_code = got) && credit_code_check(in->credit_code, len, e) != 0))
        return -1;
    if ((got = input_string(obj, "name", false, &in->name, &len, e)) < 0 ||
        ((in->has_name = got) && enterprise_check_name(in->name, len, e) != 0))
        return -1;
    if ((got = input_string(obj, "industry_code", true, &in->industry_code, &len, e)) < 0 ||
        ((in->has_industry_code = got) && in->industry_code &&
         industry_check(in->industry_code, len, "industry_code", e) != 0))
        return -1;
    if ((got = input_string(obj, "ownership", false, &ownership, &len, e)) < 0)
        return -1;
    if ((in->has_ownership = got) && ownership_parse(ownership, len, &in->ownership) != 0)
        return error_set(e, ERR_INVALID_VALUE, "ownership", "企业性质应为 domestic（内资）、foreign（外资）或 hmt（港澳台）",
                         "ownership must be one of domestic, foreign, hmt");
    bool is_null = false;
    if ((got = input_integer(obj, "park_id", true, &is_null, &in->park_id, e)) < 0)
        return -1;
    if ((in->has_park = got) && !is_null && in->park_id <= 0)
        return error_set(e, ERR_INVALID_VALUE, "park_id", "所在园区应为单位编号", "park_id must be a unit id");
    if ((got = input_boolean(obj, "above_size", &in->above_size, e)) < 0)
        return -1;
    in->has_above_size = got;
    if ((got = input_boolean(obj, "leading_talent", &in->leading_talent, e)) < 0)
        return -1;
    in->has_leading_talent = got;
    if ((got = input_boolean(obj, "high_tech", &in->high_tech, e)) < 0)
        return -1;
    in->has_high_tech = got;
    if (create) {
        const char *missing = !in->has_credit_code ? "credit_code" : !in->has_name ? "name"
                              : !in->has_ownership ? "ownership" : NULL;
        if (missing)
            return error_set(e, ERR_MISSING_FIELD, missing, "缺少必填字段“%s”", "missing required field \"%s\"", missing);
    }
    return 0;
}

int handle_enterprises_create(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    struct enterprise_input in = {0};
    struct enterprise_view v;
    int rc = read_input(body, true, &in, e);
    if (rc == 0)
        rc = store_enterprise_create(r->store, r->tenant, &in, &r->actor, &r->arena, &v, e);
    json_decref(body);
    if (rc != 0)
        return -1;
    char location[64];
    int n = snprintf(location, sizeof(location), "/api/v1/enterprises/%lld", (long long)v.e.id);
    respond_header(r, H2O_TOKEN_LOCATION, h2o_strdup(&r->req->pool, location, (size_t)n).base, (size_t)n);
    return respond_enterprise(r, 201, &v, e);
}

int handle_enterprise_update(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    if (path_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    struct enterprise_input in = {0};
    struct enterprise_view v;
    int rc = read_input(body, false, &in, e);
    if (rc == 0)
        rc = store_enterprise_update(r->store, r->tenant, id, &in, &r->actor, &r->arena, &v, e);
    json_decref(body);
    return rc != 0 ? -1 : respond_enterprise(r, 200, &v, e);
}

int handle_enterprise_delete(struct request *r, struct error *e)
{
    int64_t id;
    if (path_id(r, &id, e) != 0 || store_enterprise_delete(r->store, r->tenant, id, &r->actor, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}
