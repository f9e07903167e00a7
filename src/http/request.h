/*
 * The per-request context handed to every handler: the h2o request, this thread's store
 * connection, an arena freed when the handler returns, the caller's tenant and language, and
 * the path parameters the router matched.
 */
#ifndef HTTP_REQUEST_H
#define HTTP_REQUEST_H

#include <h2o.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "io/sheet.h"
#include "store/store.h"

enum lang { LANG_ZH, LANG_EN };

#define ROUTE_PARAMS_MAX 4

struct request {
    h2o_req_t *req;
    struct store *store;
    struct arena arena;
    struct session *session; /* NULL: not logged in */
    bool by_token;           /* authenticated by an API token, not a cookie */
    struct actor actor;      /* who is writing, for the operation log */
    char address[64];        /* the client's IP address (filled for writes, which are logged) */
    int64_t scope;           /* 0, or the unit whose subtree alone the caller may see */
    int64_t scope_enterprise; /* 0, or the enterprise whose projects alone the caller may see (-1: none) */
    int64_t tenant;
    enum lang lang;
    size_t n_params;
    h2o_iovec_t params[ROUTE_PARAMS_MAX];
    const char *query; /* after '?', or NULL */
    size_t query_len;
    int status;        /* set by the respond_* functions, for the request log */
    size_t bytes;
    int64_t started;   /* clock_micros() when the request arrived */
    struct worker_inbox *inbox; /* where deferred work on this request comes back */
};

/* Settings of the running server that handlers need (sessions, cookies). */
struct server_settings {
    long long session_idle, session_lifetime; /* seconds */
    bool cookie_secure;
    struct read_limits unzip; /* for imports */
};
extern struct server_settings server_settings;

/*
 * A handler answers the request with one of respond_*() and returns 0; -1 means it filled e
 * instead; HANDLER_PENDING (worker.h) means it handed the request to the worker pool.
 */
typedef int (*handler_fn)(struct request *r, struct error *e);

/* Responses. The body is copied into the request's pool; `json` is not consumed. */
void respond_json(struct request *r, int status, json_t *json);
void respond_bytes(struct request *r, int status, const char *content_type, const char *body, size_t len);
/* Sends a JSON body built in sb (copied); fails with e when sb overflowed. */
int respond_strbuf(struct request *r, int status, const struct strbuf *sb, struct error *e);
void respond_empty(struct request *r, int status);
void respond_error(struct request *r, const struct error *e);
int error_http_status(enum error_code code);
void respond_header(struct request *r, const h2o_token_t *token, const char *value, size_t len);

#endif
