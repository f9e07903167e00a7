/*
 * Cities on the installation, for its administrators: the system administrators of the default
 * tenant (the province level) list the tenants and switch their session into one of them.
 */
#include <string.h>

#include "base/json_escape.h"
#include "base/secret.h"
#include "http/auth.h"
#include "http/handlers.h"
#include "http/input.h"
#include "base/banned.h"

#define INSTALLATION_TENANT 1

/* Only an administrator whose account belongs to the installation's own tenant manages cities. */
static int check_installation_admin(struct request *r, struct error *e)
{
    if (r->session->user.tenant_id != INSTALLATION_TENANT || r->by_token)
        return error_set(e, ERR_FORBIDDEN, NULL, "只有省级（安装级）管理员可以切换地区",
                         "only an installation-level administrator may switch cities");
    return 0;
}

static void tenant_write_json(struct strbuf *sb, const struct tenant *t, int64_t active)
{
    strbuf_addstr(sb, "{\"id\":");
    strbuf_add_int(sb, t->id);
    strbuf_addstr(sb, ",\"name\":");
    json_escape(sb, t->name, strlen(t->name));
    strbuf_addstr(sb, ",\"division_code\":");
    if (t->division_code)
        json_escape(sb, t->division_code, strlen(t->division_code));
    else
        strbuf_addstr(sb, "null");
    strbuf_addstr(sb, t->id == active ? ",\"active\":true}" : ",\"active\":false}");
}

int handle_tenants_list(struct request *r, struct error *e)
{
    struct tenant *items;
    size_t n;
    if (check_installation_admin(r, e) != 0 || store_tenants_list(r->store, &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        tenant_write_json(&sb, &items[i], r->tenant);
    }
    int rc = respond_list(r, &sb, (int64_t)n, 1, (int64_t)n, e);
    strbuf_release(&sb);
    return rc;
}

int handle_tenant_switch(struct request *r, struct error *e)
{
    json_t *body;
    if (check_installation_admin(r, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    static const char *const fields[] = {"tenant_id", NULL};
    int64_t id = 0;
    int rc = input_only_fields(body, fields, e);
    int got = rc == 0 ? input_integer(body, "tenant_id", false, NULL, &id, e) : -1;
    json_decref(body);
    if (got == 0)
        return error_set(e, ERR_MISSING_FIELD, "tenant_id", "缺少 tenant_id", "tenant_id is required");
    if (got < 0)
        return -1;
    struct tenant t;
    char token[SECRET_TOKEN_SIZE + 16], hash[SECRET_HEX_SIZE];
    if (store_tenant_get(r->store, id, &r->arena, &t, e) != 0) {
        e->field[0] = '\0';
        error_set(e, ERR_INVALID_VALUE, "tenant_id", "地区 %lld 不存在", "tenant %lld does not exist", (long long)id);
        return -1;
    }
    if (!auth_session_token(r->req, token, sizeof(token)))
        return error_set(e, ERR_UNAUTHENTICATED, NULL, "请先登录", "please log in");
    secret_sha256_hex(token, strlen(token), hash);
    if (store_session_set_tenant(r->store, hash, id, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    tenant_write_json(&sb, &t, id);
    rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}
