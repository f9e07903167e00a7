/*
 * Authentication and authorisation, in one place for every endpoint: who is calling (a session
 * cookie or an API token), whether their role may take the route's action, their tenant and
 * data scope, CSRF and Origin checks for writes, and the security headers of every response.
 */
#include "http/auth.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "base/date.h"
#include "base/secret.h"
#include "base/banned.h"

#define TOUCH_AFTER_SECONDS 60 /* a session's last_seen_at is written at most once a minute */

struct server_settings server_settings = {.session_idle = 1800, .session_lifetime = 43200}; /* serve sets them all */

void auth_security_headers(h2o_req_t *req)
{
    static const struct {
        const char *name, *value;
    } headers[] = {
        {"content-security-policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                                    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
        {"x-content-type-options", "nosniff"},
        {"referrer-policy", "same-origin"},
        {"x-frame-options", "DENY"},
    };
    for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
        h2o_set_header_by_str(&req->pool, &req->res.headers, headers[i].name, strlen(headers[i].name), 0,
                              headers[i].value, strlen(headers[i].value), 1);
}

void auth_peer_address(h2o_req_t *req, char *out, size_t size)
{
    struct sockaddr_storage ss;
    socklen_t len = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
    snprintf(out, size, "unknown");
    if (len == 0)
        return;
    if (ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, out, (socklen_t)size);
    else if (ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, out, (socklen_t)size);
}

/* The value of cookie `name` in any Cookie header, copied into out; false if absent. */
static bool find_cookie(h2o_req_t *req, const char *name, char *out, size_t size)
{
    size_t name_len = strlen(name);
    for (ssize_t i = -1; (i = h2o_find_header(&req->headers, H2O_TOKEN_COOKIE, i)) >= 0;) {
        h2o_iovec_t v = req->headers.entries[i].value;
        size_t p = 0;
        while (p < v.len) {
            while (p < v.len && (v.base[p] == ' ' || v.base[p] == ';'))
                p++;
            size_t end = p;
            while (end < v.len && v.base[end] != ';')
                end++;
            if (end - p > name_len && v.base[p + name_len] == '=' && memcmp(v.base + p, name, name_len) == 0) {
                size_t n = end - p - name_len - 1;
                if (n >= size)
                    return false;
                memcpy(out, v.base + p + name_len + 1, n);
                out[n] = '\0';
                return true;
            }
            p = end;
        }
    }
    return false;
}

static bool find_bearer(h2o_req_t *req, char *out, size_t size)
{
    ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_AUTHORIZATION, -1);
    if (i < 0)
        return false;
    h2o_iovec_t v = req->headers.entries[i].value;
    if (v.len <= 7 || !h2o_lcstris(v.base, 7, H2O_STRLIT("bearer ")) || v.len - 7 >= size)
        return false;
    memcpy(out, v.base + 7, v.len - 7);
    out[v.len - 7] = '\0';
    return true;
}

bool auth_session_token(h2o_req_t *req, char *out, size_t size)
{
    return find_cookie(req, AUTH_COOKIE, out, size);
}

static bool is_write(h2o_req_t *req)
{
    return !h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET")) &&
           !h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD")) &&
           !h2o_memis(req->method.base, req->method.len, H2O_STRLIT("OPTIONS"));
}

/* A write whose Origin names another site is refused (a browser always sends Origin on writes). */
static int check_origin(h2o_req_t *req, struct error *e)
{
    ssize_t o = h2o_find_header_by_str(&req->headers, H2O_STRLIT("origin"), -1);
    if (o < 0)
        return 0;
    h2o_iovec_t origin = req->headers.entries[o].value, host = req->authority;
    /* our own scheme: https when we serve TLS, or when a TLS proxy is in front (--cookie-secure on) */
    const char *prefix = server_settings.cookie_secure ? "https://" : "http://";
    size_t p = strlen(prefix);
    if (origin.len == p + host.len && memcmp(origin.base, prefix, p) == 0 &&
        h2o_lcstris(origin.base + p, host.len, host.base, host.len))
        return 0;
    return error_set(e, ERR_BAD_ORIGIN, NULL, "拒绝来自其他网站的请求", "requests from another site are refused");
}

static int unauthenticated(struct error *e)
{
    return error_set(e, ERR_UNAUTHENTICATED, NULL, "请先登录", "please log in");
}

int auth_check(struct request *r, enum action action, struct error *e)
{
    h2o_req_t *req = r->req;
    bool write = is_write(req);
    /* the address goes into the logs of writes and logins only: reads skip the system call */
    if (write)
        auth_peer_address(req, r->address, sizeof(r->address));
    r->actor = (struct actor){0, NULL, r->address};
    if (write && check_origin(req, e) != 0)
        return -1;

    char token[SECRET_TOKEN_SIZE + 16], hash[SECRET_HEX_SIZE];
    struct session *s = NULL;
    bool bearer = find_bearer(req, token, sizeof(token));
    if (bearer || find_cookie(req, AUTH_COOKIE, token, sizeof(token))) {
        secret_sha256_hex(token, strlen(token), hash);
        s = arena_calloc(&r->arena, sizeof(*s));
        struct error lookup;
        int rc = !s ? -1
                 : bearer ? store_token_session(r->store, hash, &r->arena, s, &lookup)
                          : store_session_get(r->store, hash, server_settings.session_idle, &r->arena, s, &lookup);
        if (rc != 0) {
            if (s && lookup.code == ERR_INTERNAL)
                return error_set(e, ERR_INTERNAL, NULL, "%s", "%s", "session lookup failed");
            s = NULL;
        }
    }
    if (!s)
        return action == ACTION_NONE ? 0 : unauthenticated(e);
    r->session = s;
    r->by_token = bearer;
    r->tenant = s->tenant_id;
    r->actor = (struct actor){s->user.id, s->user.username, r->address};
    r->scope = role_is_scoped(s->user.role) ? s->user.unit_id : 0;
    /* an enterprise account sees its enterprise's projects; one not linked to an enterprise sees none */
    r->scope_enterprise =
        role_is_enterprise_scoped(s->user.role) ? (s->user.enterprise_id ? s->user.enterprise_id : -1) : 0;
    if (!role_may(s->user.role, action))
        return error_set(e, ERR_FORBIDDEN, NULL, "您的角色（%s）无权进行此操作", "your role (%s) may not do this",
                         role_name(s->user.role));
    /* a cookie rides along with any request from any site: writes must also prove they come from our page */
    if (!bearer && write) {
        ssize_t h = h2o_find_header_by_str(&req->headers, H2O_STRLIT(AUTH_CSRF_HEADER), -1);
        char sent[128] = "";
        if (h >= 0 && req->headers.entries[h].value.len < sizeof(sent))
            memcpy(sent, req->headers.entries[h].value.base, req->headers.entries[h].value.len);
        if (!secret_equal(sent, s->csrf_token))
            return error_set(e, ERR_CSRF, NULL, "缺少或错误的 CSRF 令牌（X-CSRF-Token）",
                             "missing or wrong CSRF token (X-CSRF-Token)");
    }
    if (!bearer) {
        char now[32];
        date_now_iso(now, sizeof(now));
        struct error ignored;
        if (date_iso_seconds_between(s->last_seen_at, now) > TOUCH_AFTER_SECONDS)
            store_session_touch(r->store, hash, &ignored);
    }
    return 0;
}
