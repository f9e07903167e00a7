/* The users endpoints (administrators only): list, read, create, change, reset a password. */
#include <string.h>

#include "base/json_escape.h"
#include "domain/account.h"
#include "http/export.h"
#include "http/handlers.h"
#include "http/input.h"
#include "http/password_work.h"
#include "http/worker.h"
#include "base/banned.h"

static void string_field(struct strbuf *sb, const char *key, const char *v)
{
    strbuf_addstr(sb, key);
    if (v)
        json_escape(sb, v, strlen(v));
    else
        strbuf_addstr(sb, "null");
}

void user_write_json(struct strbuf *sb, const struct user *u)
{
    strbuf_addstr(sb, "{\"id\":");
    strbuf_add_int(sb, u->id);
    string_field(sb, ",\"username\":", u->username);
    string_field(sb, ",\"display_name\":", u->display_name);
    string_field(sb, ",\"role\":", role_name(u->role));
    strbuf_addstr(sb, ",\"unit_id\":");
    if (u->unit_id)
        strbuf_add_int(sb, u->unit_id);
    else
        strbuf_addstr(sb, "null");
    strbuf_addstr(sb, ",\"enterprise_id\":");
    if (u->enterprise_id)
        strbuf_add_int(sb, u->enterprise_id);
    else
        strbuf_addstr(sb, "null");
    strbuf_addstr(sb, ",\"tenant_id\":");
    strbuf_add_int(sb, u->tenant_id);
    strbuf_addstr(sb, u->disabled ? ",\"disabled\":true" : ",\"disabled\":false");
    string_field(sb, ",\"created_at\":", u->created_at);
    string_field(sb, ",\"updated_at\":", u->updated_at);
    string_field(sb, ",\"last_login_at\":", u->last_login_at);
    strbuf_addch(sb, '}');
}

int respond_list(struct request *r, struct strbuf *items, int64_t total, int64_t page, int64_t page_size,
                 struct error *e)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_reserve(&sb, items->len + 64);
    strbuf_addstr(&sb, "{\"items\":[");
    if (items->buf)
        strbuf_add(&sb, items->buf, items->len);
    strbuf_addf(&sb, "],\"total\":%lld,\"page\":%lld,\"page_size\":%lld}", (long long)total, (long long)page,
                (long long)page_size);
    int rc = items->failed ? error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory") : respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

static int respond_user(struct request *r, int status, const struct user *u, struct error *e)
{
    struct strbuf sb = STRBUF_INIT;
    user_write_json(&sb, u);
    int rc = respond_strbuf(r, status, &sb, e);
    strbuf_release(&sb);
    return rc;
}

/* The list's filter, read by the list and the export alike: q holds q, role, unit_id and disabled first. */
static int read_user_filter(const struct query_param *q, struct user_filter *f, struct error *e)
{
    *f = (struct user_filter){.page = 1, .page_size = 25};
    if (q[0].value) {
        if (q[0].len == 0 || q[0].len > 400)
            return error_set(e, ERR_BAD_QUERY, "q", "搜索文字过长或为空", "q is empty or too long");
        f->text = q[0].value;
    }
    if (q[1].value && role_parse(q[1].value, q[1].len, &f->role) != 0)
        return error_set(e, ERR_BAD_QUERY, "role", "角色不存在", "no such role");
    f->has_role = q[1].value != NULL;
    if (q[2].value && input_query_int(&q[2], 1, INT64_MAX, &f->unit_id, e) != 0)
        return -1;
    f->has_unit = q[2].value != NULL;
    if (q[3].value) {
        if (strcmp(q[3].value, "true") != 0 && strcmp(q[3].value, "false") != 0)
            return error_set(e, ERR_BAD_QUERY, "disabled", "disabled 应为 true 或 false", "disabled must be true or false");
        f->has_disabled = true;
        f->disabled = strcmp(q[3].value, "true") == 0;
    }
    return 0;
}

#define USER_FILTER_PARAMS {.name = "q"}, {.name = "role"}, {.name = "unit_id"}, {.name = "disabled"}

int handle_users_list(struct request *r, struct error *e)
{
    struct query_param q[] = {USER_FILTER_PARAMS, {.name = "page"}, {.name = "page_size"}, {.name = NULL}};
    struct user_filter f;
    if (input_query(r, q, e) != 0 || read_user_filter(q, &f, e) != 0)
        return -1;
    if ((q[4].value && input_query_int(&q[4], 1, 1000000, &f.page, e) != 0) ||
        (q[5].value && input_query_int(&q[5], 1, 1000, &f.page_size, e) != 0))
        return -1;
    struct user *items;
    size_t n;
    int64_t total;
    if (store_users_list(r->store, r->tenant, &f, &r->arena, &items, &n, &total, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        user_write_json(&sb, &items[i]);
    }
    int rc = respond_list(r, &sb, total, f.page, f.page_size, e);
    strbuf_release(&sb);
    return rc;
}

int handle_users_export(struct request *r, struct error *e)
{
    struct query_param q[] = {USER_FILTER_PARAMS, {.name = "format"}, {.name = NULL}};
    struct export_query x = {.resource = EXPORT_USERS};
    enum table_format format;
    if (input_query(r, q, e) != 0 || read_user_filter(q, &x.users, e) != 0 ||
        export_read_format(&q[4], &format, e) != 0)
        return -1;
    return export_respond(r, &x, format, e);
}

int handle_users_import_template(struct request *r, struct error *e)
{
    return template_respond(r, &columns_users, e);
}

static int user_id(struct request *r, int64_t *id, struct error *e)
{
    if (input_id(r->params[0], id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "用户不存在", "no such user");
    return 0;
}

int handle_user_get(struct request *r, struct error *e)
{
    int64_t id;
    struct user u;
    if (user_id(r, &id, e) != 0 || store_user_get(r->store, r->tenant, id, &r->arena, &u, e) != 0)
        return -1;
    return respond_user(r, 200, &u, e);
}

/* Reads the writable fields; on create, username, role and password are required. */
static int read_user_input(json_t *body, bool create, struct user_input *in, const char **password, size_t *plen,
                           struct error *e)
{
    static const char *const create_fields[] = {"username", "display_name", "role", "unit_id", "enterprise_id",
                                                "password", NULL};
    static const char *const update_fields[] = {"display_name", "role", "unit_id", "enterprise_id", "disabled", NULL};
    if (input_only_fields(body, create ? create_fields : update_fields, e) != 0)
        return -1;
    size_t len;
    int got;
    if (create) {
        if ((got = input_string(body, "username", false, &in->username, &len, e)) < 0)
            return -1;
        if ((in->has_username = got) && account_check_username(in->username, len, e) != 0)
            return -1;
        if ((got = input_string(body, "password", false, password, plen, e)) < 0)
            return -1;
    }
    if ((got = input_string(body, "display_name", false, &in->display_name, &len, e)) < 0)
        return -1;
    if ((in->has_display_name = got) && unit_check_name(in->display_name, len, e) != 0)
        return error_set(e, e->code, "display_name", "姓名应为 1 到 100 个字，不含控制字符",
                         "a display name is 1 to 100 characters without control characters");
    const char *role;
    if ((got = input_string(body, "role", false, &role, &len, e)) < 0)
        return -1;
    if ((in->has_role = got) && role_parse(role, len, &in->role) != 0)
        return error_set(e, ERR_INVALID_VALUE, "role", "角色应为 system_admin、project_office、appraisal_office、unit_reporter、leader 或 enterprise",
                         "role must be one of system_admin, project_office, appraisal_office, unit_reporter, leader, enterprise");
    bool is_null = false;
    if ((got = input_integer(body, "unit_id", true, &is_null, &in->unit_id, e)) < 0)
        return -1;
    if ((in->has_unit = got) && !is_null && in->unit_id <= 0)
        return error_set(e, ERR_INVALID_VALUE, "unit_id", "单位编号应为正整数", "unit_id must be a positive id");
    if ((got = input_integer(body, "enterprise_id", true, &is_null, &in->enterprise_id, e)) < 0)
        return -1;
    if ((in->has_enterprise = got) && !is_null && in->enterprise_id <= 0)
        return error_set(e, ERR_INVALID_VALUE, "enterprise_id", "企业编号应为正整数", "enterprise_id must be a positive id");
    if (!create) {
        json_t *d = json_object_get(body, "disabled");
        if (d && !json_is_boolean(d))
            return error_set(e, ERR_WRONG_TYPE, "disabled", "disabled 应为 true 或 false", "disabled must be a boolean");
        in->has_disabled = d != NULL;
        in->disabled = d && json_is_true(d);
    }
    if (create) {
        const char *missing = !in->has_username ? "username" : !in->has_role ? "role" : !*password ? "password" : NULL;
        if (missing)
            return error_set(e, ERR_MISSING_FIELD, missing, "缺少必填字段“%s”", "missing required field \"%s\"", missing);
        if (!in->has_display_name) {
            in->display_name = in->username;
            in->has_display_name = true;
        }
        if (account_check_password(in->username, *password, *plen, "password", e) != 0)
            return -1;
    }
    if (create && role_needs_unit(in->role) && !in->unit_id)
        return error_set(e, ERR_MISSING_FIELD, "unit_id", "填报员必须属于一个单位", "a unit reporter needs a unit_id");
    return 0;
}

struct user_create {
    struct password_work work;
    struct user_input in;
};

static int finish_user_create(struct request *r, void *arg, struct error *e)
{
    struct user_create *w = arg;
    struct user u;
    if (w->work.hash_rc != 0)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    w->in.password_hash = w->work.new_hash;
    if (store_user_create(r->store, r->tenant, &w->in, &r->actor, &r->arena, &u, e) != 0)
        return -1;
    char location[64];
    int n = snprintf(location, sizeof(location), "/api/v1/users/%lld", (long long)u.id);
    respond_header(r, H2O_TOKEN_LOCATION, h2o_strdup(&r->req->pool, location, (size_t)n).base, (size_t)n);
    return respond_user(r, 201, &u, e);
}

int handle_user_create(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    struct user_create *w = arena_calloc(&r->arena, sizeof(*w));
    const char *password = NULL;
    size_t plen = 0;
    int rc = w ? read_user_input(body, true, &w->in, &password, &plen, e)
               : error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    if (rc == 0) {
        /* the body's strings go with it: keep copies for the work's return */
        w->in.username = arena_strndup(&r->arena, w->in.username, strlen(w->in.username));
        w->in.display_name = arena_strndup(&r->arena, w->in.display_name, strlen(w->in.display_name));
        w->work.new_password = arena_strndup(&r->arena, password, plen);
        w->work.new_len = plen;
        if (!w->in.username || !w->in.display_name || !w->work.new_password)
            rc = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    }
    json_decref(body);
    return rc == 0 ? request_defer(r, password_work_run, finish_user_create, w, e) : -1;
}

int handle_user_update(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    if (user_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    struct user_input in = {0};
    struct user u;
    int rc = read_user_input(body, false, &in, NULL, NULL, e);
    if (rc == 0 && id == r->session->user.id && ((in.has_disabled && in.disabled) ||
                                                 (in.has_role && in.role != ROLE_SYSTEM_ADMIN)))
        rc = error_set(e, ERR_INVALID_VALUE, in.has_disabled && in.disabled ? "disabled" : "role",
                       "不能停用自己或取消自己的管理员角色", "you cannot disable yourself or drop your own admin role");
    if (rc == 0)
        rc = store_user_update(r->store, r->tenant, id, &in, &r->actor, &r->arena, &u, e);
    json_decref(body);
    return rc == 0 ? respond_user(r, 200, &u, e) : -1;
}

struct password_reset {
    struct password_work work;
    int64_t id;
};

static int finish_password_reset(struct request *r, void *arg, struct error *e)
{
    struct password_reset *w = arg;
    if (w->work.hash_rc != 0)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    if (store_user_set_password(r->store, r->tenant, w->id, w->work.new_hash, &r->actor, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}

int handle_user_password_reset(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    struct user u;
    if (user_id(r, &id, e) != 0 || store_user_get(r->store, r->tenant, id, &r->arena, &u, e) != 0 ||
        input_json_object(r, &body, e) != 0)
        return -1;
    static const char *const fields[] = {"new_password", NULL};
    const char *password = NULL;
    size_t plen = 0;
    int rc = input_only_fields(body, fields, e);
    int got = rc == 0 ? input_string(body, "new_password", false, &password, &plen, e) : -1;
    if (got == 0)
        rc = error_set(e, ERR_MISSING_FIELD, "new_password", "缺少新密码", "new_password is required");
    else if (got < 0 || account_check_password(u.username, password, plen, "new_password", e) != 0)
        rc = -1;
    struct password_reset *w = rc == 0 ? arena_calloc(&r->arena, sizeof(*w)) : NULL;
    if (w) {
        w->id = id;
        w->work.new_password = arena_strndup(&r->arena, password, plen);
        w->work.new_len = plen;
    }
    if (rc == 0 && (!w || !w->work.new_password))
        rc = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    json_decref(body);
    return rc == 0 ? request_defer(r, password_work_run, finish_password_reset, w, e) : -1;
}
