/* A user's saved list filters: their own, by resource; the query is the list's own query string. */
#include <stdio.h>
#include <string.h>

#include "base/json_escape.h"
#include "base/utf8.h"
#include "http/handlers.h"
#include "http/input.h"
#include "base/banned.h"

#define FILTER_NAME_MAX 50  /* characters */
#define FILTER_QUERY_MAX 2000 /* bytes */

static const char *const resources[] = {"projects", "enterprises", "problems", NULL};

static const char *known_resource(const char *s)
{
    for (size_t i = 0; resources[i]; i++)
        if (strcmp(resources[i], s) == 0)
            return resources[i];
    return NULL;
}

static void filter_json(struct strbuf *sb, const struct saved_filter *f)
{
    strbuf_addf(sb, "{\"id\":%lld,\"resource\":\"%s\",\"name\":", (long long)f->id, f->resource);
    json_escape(sb, f->name, strlen(f->name));
    strbuf_addstr(sb, ",\"query\":");
    json_escape(sb, f->query, strlen(f->query));
    strbuf_addf(sb, ",\"created_at\":\"%s\"}", f->created_at);
}

int handle_saved_filters_list(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "resource"}, {.name = NULL}};
    if (input_query(r, q, e) != 0)
        return -1;
    if (q[0].value && !known_resource(q[0].value))
        return error_set(e, ERR_BAD_QUERY, "resource", "resource 应为 projects、enterprises 或 problems",
                         "resource must be one of projects, enterprises, problems");
    struct saved_filter *items;
    size_t n;
    if (store_saved_filters_list(r->store, r->tenant, r->session->user.id, q[0].value, &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        filter_json(&sb, &items[i]);
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_saved_filter_create(struct request *r, struct error *e)
{
    static const char *const fields[] = {"resource", "name", "query", NULL};
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    const char *resource = NULL, *name = NULL, *query = NULL;
    size_t len[3] = {0};
    int got[3] = {0};
    int rc = input_only_fields(body, fields, e);
    for (int i = 0; rc == 0 && i < 3; i++) {
        const char **out[] = {&resource, &name, &query};
        if ((got[i] = input_string(body, fields[i], false, out[i], &len[i], e)) < 0)
            rc = -1;
        else if (!got[i])
            rc = error_set(e, ERR_MISSING_FIELD, fields[i], "缺少必填字段“%s”", "missing required field \"%s\"",
                           fields[i]);
    }
    if (rc == 0 && !(resource = known_resource(resource)))
        rc = error_set(e, ERR_INVALID_VALUE, "resource", "resource 应为 projects、enterprises 或 problems",
                       "resource must be one of projects, enterprises, problems");
    if (rc == 0 && (utf8_is_blank(name, len[1]) || utf8_count(name, len[1]) > FILTER_NAME_MAX ||
                    utf8_has_control(name, len[1])))
        rc = error_set(e, ERR_INVALID_VALUE, "name", "名称应为 1 到 %d 个字，不含控制字符",
                       "the name must be 1 to %d characters without control characters", FILTER_NAME_MAX);
    if (rc == 0 && (len[2] > FILTER_QUERY_MAX || utf8_has_control(query, len[2]) || strchr(query, '#')))
        rc = error_set(e, ERR_INVALID_VALUE, "query", "筛选条件应为列表地址中的查询串（至多 %d 字节）",
                       "the query must be the list's query string (at most %d bytes)", FILTER_QUERY_MAX);
    struct saved_filter f;
    if (rc == 0)
        rc = store_saved_filter_add(r->store, r->tenant, r->session->user.id, resource, name, query, &r->arena, &f, e);
    json_decref(body);
    if (rc != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    filter_json(&sb, &f);
    rc = respond_strbuf(r, 201, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_saved_filter_delete(struct request *r, struct error *e)
{
    int64_t id;
    if (input_id(r->params[0], &id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "常用筛选不存在", "no such saved filter");
    if (store_saved_filter_delete(r->store, r->tenant, r->session->user.id, id, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}
