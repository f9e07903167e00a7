/*
 * Logging in and out, the caller's own account (me, password) and API tokens. Login is slow on
 * purpose (argon2id) and throttled: five failures for a name or an address within 15 minutes
 * lock further attempts for a delay that doubles with every new failure.
 */
#include <string.h>

#include "base/date.h"
#include "base/json_escape.h"
#include "base/secret.h"
#include "domain/account.h"
#include "http/auth.h"
#include "http/handlers.h"
#include "http/input.h"
#include "http/password_work.h"
#include "http/worker.h"
#include "base/banned.h"

#define THROTTLE_WINDOW 900 /* seconds */
#define THROTTLE_AFTER 5    /* failures */
#define THROTTLE_FIRST 30   /* seconds, doubled for each further failure */
#define THROTTLE_MAX 900

static void set_cookie(struct request *r, const char *token, long long max_age)
{
    char cookie[256];
    int n = snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s", AUTH_COOKIE,
                     token, max_age, server_settings.cookie_secure ? "; Secure" : "");
    h2o_iovec_t v = h2o_strdup(&r->req->pool, cookie, (size_t)n);
    h2o_add_header(&r->req->pool, &r->req->res.headers, H2O_TOKEN_SET_COOKIE, NULL, v.base, v.len);
}

/* Creates a session for u and sets its cookie; fills csrf. */
static int start_session(struct request *r, const struct user *u, char csrf[SECRET_TOKEN_SIZE], struct error *e)
{
    char token[SECRET_TOKEN_SIZE], hash[SECRET_HEX_SIZE], expires[32];
    secret_token("", token);
    secret_token("", csrf);
    secret_sha256_hex(token, strlen(token), hash);
    date_iso_from_now(server_settings.session_lifetime, expires, sizeof(expires));
    if (store_session_create(r->store, u, hash, csrf, expires, e) != 0)
        return -1;
    set_cookie(r, token, server_settings.session_lifetime);
    return 0;
}


static int respond_me(struct request *r, int status, const struct user *u, const char *csrf, struct error *e)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"user\":");
    user_write_json(&sb, u);
    strbuf_addstr(&sb, ",\"csrf_token\":");
    if (csrf)
        json_escape(&sb, csrf, strlen(csrf));
    else
        strbuf_addstr(&sb, "null");
    strbuf_addstr(&sb, ",\"permissions\":[");
    int n = 0;
    for (int a = ACTION_UNITS_READ; a < ACTION_COUNT; a++)
        if (role_may(u->role, (enum action)a))
            strbuf_addf(&sb, "%s\"%s\"", n++ ? "," : "", action_name((enum action)a));
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, status, &sb, e);
    strbuf_release(&sb);
    return rc;
}

/* Seconds the caller must still wait, or 0. Throttled attempts count as failures too. */
static long long throttle_wait(struct request *r, const char *username, struct error *e)
{
    char since[32], now[32], latest[32];
    date_iso_from_now(-THROTTLE_WINDOW, since, sizeof(since));
    date_now_iso(now, sizeof(now));
    int64_t by_name = 0, by_address = 0;
    if (store_login_failures(r->store, username, r->address, since, &by_name, &by_address, latest, e) != 0)
        return -1;
    int64_t failures = by_name > by_address ? by_name : by_address;
    if (failures < THROTTLE_AFTER)
        return 0;
    long long delay = THROTTLE_FIRST;
    for (int64_t i = THROTTLE_AFTER; i < failures && delay < THROTTLE_MAX; i++)
        delay *= 2;
    if (delay > THROTTLE_MAX)
        delay = THROTTLE_MAX;
    long long left = delay - date_iso_seconds_between(latest, now);
    return left > 0 ? left : 0;
}

static int login_failed(struct request *r, const char *username, const char *reason, struct error *e)
{
    struct error ignored;
    store_login_record(r->store, username, r->address, false, reason, &ignored);
    return error_set(e, ERR_BAD_CREDENTIALS, NULL, "用户名或密码错误", "wrong user name or password");
}

struct login_work {
    struct password_work work; /* verify runs even for an unknown user, so both take as long */
    struct user user;
    const char *name;
    bool found;
};

/* Back on the loop, once argon2id has answered. */
static int finish_login(struct request *r, void *arg, struct error *e)
{
    struct login_work *w = arg;
    if (!w->found)
        return login_failed(r, w->name, "unknown_user", e);
    if (!w->work.verified)
        return login_failed(r, w->name, "bad_password", e);
    if (w->user.disabled)
        return login_failed(r, w->name, "disabled", e);
    char csrf[SECRET_TOKEN_SIZE];
    if (start_session(r, &w->user, csrf, e) != 0)
        return -1;
    struct error ignored;
    store_login_record(r->store, w->name, r->address, true, "ok", &ignored);
    return respond_me(r, 200, &w->user, csrf, e);
}

int handle_login(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    static const char *const fields[] = {"username", "password", NULL};
    const char *username = NULL, *password = NULL;
    size_t ulen = 0, plen = 0;
    int rc = input_only_fields(body, fields, e);
    int got_u = rc == 0 ? input_string(body, "username", false, &username, &ulen, e) : -1;
    int got_p = got_u >= 0 ? input_string(body, "password", false, &password, &plen, e) : -1;
    if (got_u == 0 || got_p == 0)
        rc = error_set(e, ERR_MISSING_FIELD, got_u == 0 ? "username" : "password", "请输入用户名和密码",
                       "user name and password are required");
    else if (got_u < 0 || got_p < 0)
        rc = -1;
    else if (ulen > 256 || plen > 4096)
        rc = error_set(e, ERR_TOO_LONG, ulen > 256 ? "username" : "password", "输入过长", "too long");
    if (rc != 0) {
        json_decref(body);
        return -1;
    }
    char name[257];
    memcpy(name, username, ulen);
    name[ulen] = '\0';

    long long wait = throttle_wait(r, name, e);
    if (wait != 0) {
        json_decref(body);
        if (wait < 0)
            return -1;
        struct error ignored;
        store_login_record(r->store, name, r->address, false, "throttled", &ignored);
        char retry[24];
        int n = snprintf(retry, sizeof(retry), "%lld", wait);
        respond_header(r, H2O_TOKEN_RETRY_AFTER, h2o_strdup(&r->req->pool, retry, (size_t)n).base, (size_t)n);
        return error_set(e, ERR_TOO_MANY_ATTEMPTS, NULL, "登录失败次数过多，请 %lld 秒后再试",
                         "too many failed logins: try again in %lld seconds", wait);
    }

    struct login_work *w = arena_calloc(&r->arena, sizeof(*w));
    struct error lookup;
    bool found = w && store_user_by_name(r->store, name, &r->arena, &w->user, &lookup) == 0;
    if (w && !found && lookup.code != ERR_NOT_FOUND) {
        json_decref(body);
        *e = lookup;
        return -1;
    }
    if (!w || !(w->name = arena_strndup(&r->arena, name, ulen)) ||
        !(w->work.verify_password = arena_strndup(&r->arena, password, plen))) {
        json_decref(body);
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    }
    json_decref(body);
    w->found = found;
    w->work.verify_hash = found ? w->user.password_hash : NULL;
    w->work.verify_len = plen;
    return request_defer(r, password_work_run, finish_login, w, e);
}

int handle_logout(struct request *r, struct error *e)
{
    char token[SECRET_TOKEN_SIZE + 16], hash[SECRET_HEX_SIZE];
    if (!r->by_token && auth_session_token(r->req, token, sizeof(token))) {
        secret_sha256_hex(token, strlen(token), hash);
        if (store_session_delete(r->store, hash, e) != 0)
            return -1;
    }
    set_cookie(r, "", 0);
    respond_empty(r, 204);
    return 0;
}

int handle_me(struct request *r, struct error *e)
{
    return respond_me(r, 200, &r->session->user, r->session->csrf_token, e);
}

struct password_change {
    struct password_work work;
    struct user user;
};

static int finish_password_change(struct request *r, void *arg, struct error *e)
{
    struct password_change *w = arg;
    if (!w->work.verified)
        return error_set(e, ERR_INVALID_VALUE, "current_password", "当前密码不正确", "the current password is wrong");
    if (w->work.hash_rc != 0)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    char csrf[SECRET_TOKEN_SIZE];
    if (store_user_set_password(r->store, w->user.tenant_id, w->user.id, w->work.new_hash, &r->actor, e) != 0 ||
        start_session(r, &w->user, csrf, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}

int handle_password_change(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    static const char *const fields[] = {"current_password", "new_password", NULL};
    const char *current = NULL, *next = NULL;
    size_t clen = 0, nlen = 0;
    const struct user *u = &r->session->user;
    int rc = input_only_fields(body, fields, e);
    int got_c = rc == 0 ? input_string(body, "current_password", false, &current, &clen, e) : -1;
    int got_n = got_c >= 0 ? input_string(body, "new_password", false, &next, &nlen, e) : -1;
    if (got_c == 0 || got_n == 0)
        rc = error_set(e, ERR_MISSING_FIELD, got_c == 0 ? "current_password" : "new_password", "缺少必填字段",
                       "a required field is missing");
    else if (got_c < 0 || got_n < 0)
        rc = -1;
    else if (account_check_password(u->username, next, nlen, "new_password", e) != 0)
        rc = -1;
    struct password_change *w = rc == 0 ? arena_calloc(&r->arena, sizeof(*w)) : NULL;
    if (rc == 0 && !w)
        rc = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    if (rc == 0 && store_user_by_name(r->store, u->username, &r->arena, &w->user, e) != 0)
        rc = -1;
    if (rc == 0) {
        w->work.verify_hash = w->user.password_hash;
        w->work.verify_password = arena_strndup(&r->arena, current, clen);
        w->work.verify_len = clen;
        w->work.new_password = arena_strndup(&r->arena, next, nlen);
        w->work.new_len = nlen;
        if (!w->work.verify_password || !w->work.new_password)
            rc = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    }
    json_decref(body);
    return rc == 0 ? request_defer(r, password_work_run, finish_password_change, w, e) : -1;
}

static void token_write_json(struct strbuf *sb, const struct api_token *t, const char *secret)
{
    strbuf_addstr(sb, "{\"id\":");
    strbuf_add_int(sb, t->id);
    strbuf_addstr(sb, ",\"name\":");
    json_escape(sb, t->name, strlen(t->name));
    if (secret) {
        strbuf_addstr(sb, ",\"token\":");
        json_escape(sb, secret, strlen(secret));
    }
    strbuf_addstr(sb, ",\"created_at\":");
    json_escape(sb, t->created_at, strlen(t->created_at));
    if (!secret) { /* a new token has not been used yet */
        strbuf_addstr(sb, ",\"last_used_at\":");
        if (t->last_used_at)
            json_escape(sb, t->last_used_at, strlen(t->last_used_at));
        else
            strbuf_addstr(sb, "null");
    }
    strbuf_addch(sb, '}');
}

int handle_tokens_list(struct request *r, struct error *e)
{
    struct api_token *items;
    size_t n;
    if (store_tokens_list(r->store, r->session->user.id, &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        token_write_json(&sb, &items[i], NULL);
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_token_create(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    static const char *const fields[] = {"name", NULL};
    const char *name = NULL;
    size_t len = 0;
    int rc = input_only_fields(body, fields, e);
    int got = rc == 0 ? input_string(body, "name", false, &name, &len, e) : -1;
    if (got == 0)
        rc = error_set(e, ERR_MISSING_FIELD, "name", "请填写令牌名称", "name is required");
    else if (got < 0)
        rc = -1;
    else if (unit_check_name(name, len, e) != 0)
        rc = error_set(e, e->code, "name", "令牌名称应为 1 到 100 个字，不含控制字符",
                       "a token name is 1 to 100 characters without control characters");
    char secret[SECRET_TOKEN_SIZE], hash[SECRET_HEX_SIZE];
    struct api_token t;
    if (rc == 0) {
        secret_token("pst_", secret);
        secret_sha256_hex(secret, strlen(secret), hash);
        rc = store_token_create(r->store, &r->session->user, name, hash, &r->actor, &r->arena, &t, e);
    }
    json_decref(body);
    if (rc != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    token_write_json(&sb, &t, secret);
    rc = respond_strbuf(r, 201, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_token_revoke(struct request *r, struct error *e)
{
    int64_t id;
    if (input_id(r->params[0], &id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "令牌不存在", "no such token");
    if (store_token_revoke(r->store, &r->session->user, id, &r->actor, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}
