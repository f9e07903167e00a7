/* The units endpoints: list with filters, sort and paging; read; create; partial update; delete. */
#include <string.h>

#include "base/json_escape.h"
#include "base/utf8.h"
#include "domain/division.h"
#include "http/export.h"
#include "http/handlers.h"
#include "http/input.h"
#include "base/banned.h"

#define PAGE_SIZE_MAX 1000
#define QUERY_TEXT_MAX 100

/* Writes a unit as JSON by hand: lists are the hottest path, and a DOM per row costs more than the query. */
static void write_string_field(struct strbuf *sb, const char *key, const char *value)
{
    strbuf_addstr(sb, key);
    if (value)
        json_escape(sb, value, strlen(value));
    else
        strbuf_add(sb, "null", 4);
}

static void write_int_field(struct strbuf *sb, const char *key, long long value)
{
    strbuf_addstr(sb, key);
    strbuf_add_int(sb, value);
}

/* Writes a unit as JSON by hand: lists are the hottest path, and a DOM per row costs more than the query. */
static void unit_write_json(struct strbuf *sb, const struct unit *u)
{
    write_int_field(sb, "{\"id\":", u->id);
    write_string_field(sb, ",\"code\":", u->code);
    write_string_field(sb, ",\"name\":", u->name);
    write_string_field(sb, ",\"kind\":", unit_kind_name(u->kind));
    if (u->parent_id)
        write_int_field(sb, ",\"parent_id\":", u->parent_id);
    else
        strbuf_addstr(sb, ",\"parent_id\":null");
    write_string_field(sb, ",\"division_code\":", u->division_code);
    write_int_field(sb, ",\"sort_order\":", u->sort_order);
    write_int_field(sb, ",\"child_count\":", u->child_count);
    write_string_field(sb, ",\"created_at\":", u->created_at);
    write_string_field(sb, ",\"updated_at\":", u->updated_at);
    strbuf_addch(sb, '}');
}

static int respond_unit(struct request *r, int status, const struct unit *u, struct error *e)
{
    struct strbuf sb = STRBUF_INIT;
    unit_write_json(&sb, u);
    int rc = respond_strbuf(r, status, &sb, e);
    strbuf_release(&sb);
    return rc;
}

static const char *const sort_names[UNIT_SORT_COUNT] = {"sort_order", "name", "code", "kind", "id", "created_at",
                                                        "updated_at"};

/*
 * The list's filter and sort, read by the list and the export alike: q holds kind, parent_id,
 * q and sort first, then what the caller reads itself (page and page_size, or format).
 */
static int read_unit_filter(const struct query_param *q, struct request *r, struct unit_filter *f, struct error *e)
{
    *f = (struct unit_filter){.page = 1, .page_size = 25, .scope = r->scope};
    if (q[0].value && unit_kind_parse(q[0].value, q[0].len, &f->kind) != 0)
        return error_set(e, ERR_BAD_QUERY, "kind", "单位类型应为 department、town、subdistrict、park 或 other",
                         "kind must be one of department, town, subdistrict, park, other");
    f->has_kind = q[0].value != NULL;
    if (q[1].value) {
        f->has_parent = true;
        if (strcmp(q[1].value, "root") != 0 && input_query_int(&q[1], 1, INT64_MAX, &f->parent_id, e) != 0)
            return error_set(e, ERR_BAD_QUERY, "parent_id", "parent_id 应为单位编号或 root",
                             "parent_id must be a unit id or root");
    }
    if (q[2].value) {
        size_t n = utf8_count(q[2].value, q[2].len);
        if (n == 0 || n > QUERY_TEXT_MAX)
            return error_set(e, ERR_BAD_QUERY, "q", "搜索文字应为 1 到 %d 个字", "q must be 1 to %d characters",
                             QUERY_TEXT_MAX);
        f->text = q[2].value;
    }
    if (q[3].value) {
        const char *s = q[3].value;
        f->descending = s[0] == '-';
        s += f->descending;
        int found = -1;
        for (int i = 0; i < UNIT_SORT_COUNT && found < 0; i++)
            if (strcmp(sort_names[i], s) == 0)
                found = i;
        if (found < 0)
            return error_set(e, ERR_BAD_QUERY, "sort", "排序字段应为 sort_order、name、code、kind、id、created_at 或 updated_at（降序加 -）",
                             "sort must be one of sort_order, name, code, kind, id, created_at, updated_at (prefix - for descending)");
        f->sort = (enum unit_sort)found;
    }
    return 0;
}

#define UNIT_FILTER_PARAMS {.name = "kind"}, {.name = "parent_id"}, {.name = "q"}, {.name = "sort"}

int handle_units_list(struct request *r, struct error *e)
{
    struct query_param q[] = {UNIT_FILTER_PARAMS, {.name = "page"}, {.name = "page_size"}, {.name = NULL}};
    struct unit_filter f;
    if (input_query(r, q, e) != 0 || read_unit_filter(q, r, &f, e) != 0)
        return -1;
    if (q[4].value && input_query_int(&q[4], 1, 1000000, &f.page, e) != 0)
        return -1;
    if (q[5].value && input_query_int(&q[5], 1, PAGE_SIZE_MAX, &f.page_size, e) != 0)
        return -1;

    struct unit *items;
    size_t count;
    int64_t total;
    if (store_units_list(r->store, r->tenant, &f, &r->arena, &items, &count, &total, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_reserve(&sb, 64 + count * 320);
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < count; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        unit_write_json(&sb, &items[i]);
    }
    strbuf_addf(&sb, "],\"total\":%lld,\"page\":%lld,\"page_size\":%lld}", (long long)total, (long long)f.page,
                (long long)f.page_size);
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_units_export(struct request *r, struct error *e)
{
    struct query_param q[] = {UNIT_FILTER_PARAMS, {.name = "format"}, {.name = NULL}};
    struct export_query x = {.resource = EXPORT_UNITS};
    enum table_format format;
    if (input_query(r, q, e) != 0 || read_unit_filter(q, r, &x.units, e) != 0 ||
        export_read_format(&q[4], &format, e) != 0)
        return -1;
    return export_respond(r, &x, format, e);
}

int handle_units_import_template(struct request *r, struct error *e)
{
    return template_respond(r, &columns_units, e);
}

static int path_id(struct request *r, int64_t *id, struct error *e)
{
    if (input_id(r->params[0], id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "单位不存在", "no such unit");
    return 0;
}

int handle_unit_get(struct request *r, struct error *e)
{
    int64_t id;
    struct unit u;
    if (path_id(r, &id, e) != 0 || store_unit_get(r->store, r->tenant, r->scope, id, &r->arena, &u, e) != 0)
        return -1;
    return respond_unit(r, 200, &u, e);
}

static const char *const writable[] = {"code", "name", "kind", "parent_id", "division_code", "sort_order", NULL};

/* Reads and checks every field given; on create, code, name and kind are required. */
static int read_unit_input(json_t *obj, bool create, struct unit_input *in, struct error *e)
{
    if (input_only_fields(obj, writable, e) != 0)
        return -1;
    size_t len;
    const char *kind = NULL;
    int got;
    if ((got = input_string(obj, "code", false, &in->code, &len, e)) < 0)
        return -1;
    if ((in->has_code = got) && unit_check_code(in->code, len, e) != 0)
        return -1;
    if ((got = input_string(obj, "name", false, &in->name, &len, e)) < 0)
        return -1;
    if ((in->has_name = got) && unit_check_name(in->name, len, e) != 0)
        return -1;
    if ((got = input_string(obj, "kind", false, &kind, &len, e)) < 0)
        return -1;
    if ((in->has_kind = got) && unit_kind_parse(kind, len, &in->kind) != 0)
        return error_set(e, ERR_INVALID_VALUE, "kind", "单位类型应为 department（部门）、town（镇）、subdistrict（街道）、park（园区）或 other（其他）",
                         "kind must be one of department, town, subdistrict, park, other");
    bool is_null = false;
    if ((got = input_integer(obj, "parent_id", true, &is_null, &in->parent_id, e)) < 0)
        return -1;
    if ((in->has_parent = got) && !is_null && in->parent_id <= 0)
        return error_set(e, ERR_INVALID_VALUE, "parent_id", "上级单位编号应为正整数", "parent_id must be a positive id");
    if ((got = input_string(obj, "division_code", true, &in->division_code, &len, e)) < 0)
        return -1;
    if ((in->has_division_code = got) && in->division_code && division_check(in->division_code, len, e) != 0)
        return -1;
    if ((got = input_integer(obj, "sort_order", false, NULL, &in->sort_order, e)) < 0)
        return -1;
    if ((in->has_sort_order = got) && unit_check_sort_order(in->sort_order, e) != 0)
        return -1;
    if (create) {
        const char *missing = !in->has_code ? "code" : !in->has_name ? "name" : !in->has_kind ? "kind" : NULL;
        if (missing)
            return error_set(e, ERR_MISSING_FIELD, missing, "缺少必填字段“%s”", "missing required field \"%s\"", missing);
    }
    return 0;
}

int handle_units_create(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    struct unit_input in = {0};
    struct unit u;
    int rc = read_unit_input(body, true, &in, e);
    if (rc == 0)
        rc = store_unit_create(r->store, r->tenant, &in, &r->actor, &r->arena, &u, e);
    json_decref(body);
    if (rc != 0)
        return -1;
    char location[64];
    int n = snprintf(location, sizeof(location), "/api/v1/units/%lld", (long long)u.id);
    respond_header(r, H2O_TOKEN_LOCATION, h2o_strdup(&r->req->pool, location, (size_t)n).base, (size_t)n);
    return respond_unit(r, 201, &u, e);
}

int handle_unit_update(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    if (path_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    struct unit_input in = {0};
    struct unit u;
    int rc = read_unit_input(body, false, &in, e);
    if (rc == 0)
        rc = store_unit_update(r->store, r->tenant, id, &in, &r->actor, &r->arena, &u, e);
    json_decref(body);
    if (rc != 0)
        return -1;
    return respond_unit(r, 200, &u, e);
}

int handle_unit_delete(struct request *r, struct error *e)
{
    int64_t id;
    if (path_id(r, &id, e) != 0 || store_unit_delete(r->store, r->tenant, id, &r->actor, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}
