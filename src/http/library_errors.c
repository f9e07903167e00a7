/*
 * Errors that h2o itself answers before a request reaches the router (a body over the size
 * limit, a malformed request): an output filter rewrites their plain-text body into the one
 * JSON error shape and logs the request, so every failure looks the same to a client.
 */
#include "http/library_errors.h"

#include <string.h>

#include "base/log.h"
#include "http/auth.h"
#include "base/banned.h"

struct rewrite {
    h2o_ostream_t super;
    h2o_iovec_t body;
};

static void send_rewritten(h2o_ostream_t *self, h2o_req_t *req, h2o_iovec_t *bufs, size_t bufcnt,
                           h2o_send_state_t state)
{
    struct rewrite *rw = (struct rewrite *)self;
    if (rw->body.base && bufcnt > 0) {
        h2o_iovec_t body = rw->body;
        rw->body = h2o_iovec_init(NULL, 0);
        h2o_ostream_send_next(self, req, &body, 1, state);
    } else {
        h2o_ostream_send_next(self, req, NULL, 0, state);
    }
}

static bool is_plain_text(h2o_req_t *req)
{
    ssize_t i = h2o_find_header(&req->res.headers, H2O_TOKEN_CONTENT_TYPE, -1);
    return i >= 0 && req->res.headers.entries[i].value.len >= 10 &&
           memcmp(req->res.headers.entries[i].value.base, "text/plain", 10) == 0;
}

static void on_setup_ostream(h2o_filter_t *self, h2o_req_t *req, h2o_ostream_t **slot)
{
    if (req->res.status >= 400 && is_plain_text(req)) {
        ssize_t al = h2o_find_header(&req->headers, H2O_TOKEN_ACCEPT_LANGUAGE, -1);
        bool en = al >= 0 && req->headers.entries[al].value.len >= 2 &&
                  h2o_lcstris(req->headers.entries[al].value.base, 2, H2O_STRLIT("en"));
#define LIBRARY_ERROR(code, zh, en_text, message)                                                                    \
    "{\"error\":{\"code\":\"" code "\",\"message\":\"" message "\",\"message_zh\":\"" zh "\",\"message_en\":\"" en_text "\"}}"
        static const char large_zh[] = LIBRARY_ERROR("too_large", "请求体太大", "the request body is too large", "请求体太大");
        static const char large_en[] = LIBRARY_ERROR("too_large", "请求体太大", "the request body is too large",
                                                     "the request body is too large");
        static const char bad_zh[] = LIBRARY_ERROR("bad_request", "请求格式错误", "the request is malformed", "请求格式错误");
        static const char bad_en[] = LIBRARY_ERROR("bad_request", "请求格式错误", "the request is malformed",
                                                   "the request is malformed");
#undef LIBRARY_ERROR
        h2o_iovec_t body = req->res.status == 413 ? (en ? h2o_iovec_init(large_en, sizeof(large_en) - 1)
                                                        : h2o_iovec_init(large_zh, sizeof(large_zh) - 1))
                                                  : (en ? h2o_iovec_init(bad_en, sizeof(bad_en) - 1)
                                                        : h2o_iovec_init(bad_zh, sizeof(bad_zh) - 1));
        struct rewrite *rw = (struct rewrite *)h2o_add_ostream(req, sizeof(*rw), slot);
        rw->super.do_send = send_rewritten;
        rw->body = body;
        memset(&req->res.headers, 0, sizeof(req->res.headers));
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
                       H2O_STRLIT("application/json; charset=utf-8"));
        req->res.content_length = rw->body.len;
        auth_security_headers(req);
        size_t path_len = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
        log_request(req->method.base, req->method.len, req->path.base, path_len, req->res.status, rw->body.len, 0);
        slot = &rw->super.next;
    }
    h2o_setup_next_ostream(req, slot);
}

void library_errors_register(h2o_pathconf_t *pathconf)
{
    h2o_create_filter(pathconf, sizeof(h2o_filter_t))->on_setup_ostream = on_setup_ostream;
}
