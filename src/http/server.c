/*
 * Server threads, the listening socket, TLS, signals and the per-request dispatch. Every
 * request goes through dispatch(): it builds the request context, finds the route, calls the
 * handler, answers errors in the one error shape and writes the request log line.
 */
#include "http/server.h"

#include <errno.h>
#include <h2o.h>
#include <h2o/http2.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/date.h"
#include "base/log.h"
#include "base/secret.h"
#include "http/auth.h"
#include "http/handlers.h"
#include "http/library_errors.h"
#include "http/router.h"
#include "http/daily.h"
#include "http/worker.h"
#include "base/banned.h"

#define SHUTDOWN_GRACE_MS 1000
#define WORK_THREADS 2
#define URI_MAX 8192             /* bytes of path and query */
#define HEADERS_MAX 16384        /* bytes of all header names and values */
#define REQUEST_TIMEOUT_MS 10000 /* to receive a whole HTTP/1 request; HTTP/2 idle connections alike */
#define LOOP_TICK_MS 100

struct worker {
    h2o_context_t ctx; /* first, so a request's conn->ctx leads back to its worker */
    h2o_accept_ctx_t accept_ctx;
    struct worker_inbox *inbox;
    h2o_socket_t *listener;
    struct store *store;
    int listen_fd;
    pthread_t thread;
};

static atomic_bool stopping;
static h2o_globalconf_t globalconf;

static enum lang request_lang(h2o_req_t *req)
{
    ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_ACCEPT_LANGUAGE, -1);
    if (i < 0)
        return LANG_ZH;
    h2o_iovec_t v = req->headers.entries[i].value;
    return v.len >= 2 && (v.base[0] | 0x20) == 'e' && (v.base[1] | 0x20) == 'n' ? LANG_EN : LANG_ZH;
}

static bool is_api_path(const char *path, size_t len)
{
    return (len >= 5 && memcmp(path, "/api/", 5) == 0) || (len == 4 && memcmp(path, "/api", 4) == 0) ||
           (len == 8 && memcmp(path, "/healthz", 8) == 0);
}

/* Sets Allow to the methods that the path answers, for a 405. */
static void add_allow_header(struct request *r, const char *path, size_t path_len)
{
    char allow[64] = "";
    size_t used = 0;
    for (size_t i = 0; i < router_routes_count; i++) {
        h2o_iovec_t params[ROUTE_PARAMS_MAX];
        size_t n;
        bool known;
        const char *m = router_routes[i].method;
        if (router_match(m, strlen(m), path, path_len, params, &n, &known) == &router_routes[i]) {
            int w = snprintf(allow + used, sizeof(allow) - used, "%s%s", used ? ", " : "", m);
            if (w > 0 && (size_t)w < sizeof(allow) - used)
                used += (size_t)w;
        }
    }
    respond_header(r, H2O_TOKEN_ALLOW, h2o_strdup(&r->req->pool, allow, used).base, used);
}

/* Refuses requests with an over-long URI or too many header bytes, before any routing. */
static size_t max_body, max_upload;

static bool ends_with(h2o_iovec_t path, const char *suffix)
{
    size_t n = strlen(suffix);
    return path.len > n && memcmp(path.base + path.len - n, suffix, n) == 0;
}

/*
 * An upload: POST …/import takes a spreadsheet, POST …/photos a photo, POST …/evidence an appraisal's
 * evidence file; every other request at most max_body.
 */
static bool is_upload(const h2o_req_t *req)
{
    return h2o_memis(req->method.base, req->method.len, H2O_STRLIT("POST")) &&
           (ends_with(req->path_normalized, "/import") || ends_with(req->path_normalized, "/photos") ||
            ends_with(req->path_normalized, "/evidence"));
}

static int check_limits(h2o_req_t *req, struct error *e)
{
    size_t limit = is_upload(req) ? max_upload : max_body;
    if (req->entity.base && req->entity.len > limit)
        return error_set(e, ERR_TOO_LARGE, NULL, "请求体超过 %zu 字节", "the request body exceeds %zu bytes", limit);
    if (req->path.len > URI_MAX)
        return error_set(e, ERR_URI_TOO_LONG, NULL, "请求地址超过 %d 字节", "the request URI is longer than %d bytes",
                         URI_MAX);
    size_t total = 0;
    for (size_t i = 0; i < req->headers.size; i++)
        total += req->headers.entries[i].name->len + req->headers.entries[i].value.len;
    if (total > HEADERS_MAX)
        return error_set(e, ERR_HEADERS_TOO_LARGE, NULL, "请求头超过 %d 字节", "the request headers exceed %d bytes",
                         HEADERS_MAX);
    return 0;
}

static int dispatch(h2o_handler_t *self, h2o_req_t *req)
{
    struct worker *w = (struct worker *)req->conn->ctx;
    int64_t start = clock_micros();
    struct request r = {.req = req, .store = w->store, .arena = ARENA_INIT, .tenant = 1, .lang = request_lang(req),
                        .started = start, .inbox = w->inbox};
    struct error e;
    error_clear(&e);

    const char *path = req->path.base;
    size_t path_len = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
    if (req->query_at != SIZE_MAX) {
        r.query = req->path.base + req->query_at + 1;
        r.query_len = req->path.len - req->query_at - 1;
    }
    bool path_known;
    const struct route *rt =
        router_match(req->method.base, req->method.len, path, path_len, r.params, &r.n_params, &path_known);
    auth_security_headers(req);
    if (check_limits(req, &e) != 0) {
        respond_error(&r, &e);
    } else if (rt) {
        bool reading = h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET"));
        if (reading)
            store_snapshot_begin(r.store);
        int rc = auth_check(&r, rt->action, &e) != 0 ? -1 : rt->handler(&r, &e);
        if (reading)
            store_snapshot_end(r.store);
        if (rc == HANDLER_PENDING)
            return 0; /* the worker pool answers, and finishes the request */
        if (rc != 0)
            respond_error(&r, &e);
    } else if (path_known) {
        add_allow_header(&r, path, path_len);
        error_set(&e, ERR_METHOD_NOT_ALLOWED, NULL, "不支持此请求方法", "method not allowed");
        respond_error(&r, &e);
    } else if (!is_api_path(path, path_len) &&
               (h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET")) ||
                h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD")))) {
        if (handle_static(&r, &e) != 0)
            respond_error(&r, &e);
    } else {
        error_set(&e, ERR_NOT_FOUND, NULL, "没有这个接口", "no such endpoint");
        respond_error(&r, &e);
    }
    request_finish(&r);
    return 0;
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
    if (err)
        return;
    struct worker *w = listener->data;
    h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
    if (sock)
        h2o_accept(&w->accept_ctx, sock);
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    h2o_context_init(&w->ctx, h2o_evloop_create(), &globalconf);
    w->accept_ctx.ctx = &w->ctx;
    w->accept_ctx.hosts = globalconf.hosts;
    w->listener = h2o_evloop_socket_create(w->ctx.loop, w->listen_fd, H2O_SOCKET_FLAG_DONT_READ);
    w->listener->data = w;
    h2o_socket_read_start(w->listener, on_accept);
    w->inbox = worker_inbox_create(w->ctx.loop);

    while (!atomic_load(&stopping))
        h2o_evloop_run(w->ctx.loop, LOOP_TICK_MS);

    /* Stop accepting; let responses already being written finish. */
    h2o_socket_read_stop(w->listener);
    h2o_socket_close(w->listener);
    int64_t until = clock_micros() + SHUTDOWN_GRACE_MS * 1000;
    while (clock_micros() < until && w->ctx.http1._conns.next != &w->ctx.http1._conns)
        h2o_evloop_run(w->ctx.loop, 10);
    worker_inbox_destroy(w->inbox);
    return NULL;
}

static int open_listener(const struct server_config *cfg, struct error *e)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE};
    struct addrinfo *ai = NULL;
    int rc = getaddrinfo(cfg->host, cfg->port, &hints, &ai);
    if (rc != 0)
        return error_set(e, ERR_INVALID_VALUE, "listen", "监听地址 %s:%s 无效：%s", "invalid listen address %s:%s: %s",
                         cfg->host, cfg->port, gai_strerror(rc));
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        freeaddrinfo(ai);
        if (err == EADDRINUSE)
            return error_set(e, ERR_INVALID_VALUE, "listen", "端口 %s:%s 已被占用", "address %s:%s is already in use",
                             cfg->host, cfg->port);
        return error_set(e, ERR_INVALID_VALUE, "listen", "无法监听 %s:%s：%s", "cannot listen on %s:%s: %s", cfg->host,
                         cfg->port, strerror(err));
    }
    freeaddrinfo(ai);
    return fd;
}

static SSL_CTX *tls_context(const struct server_config *cfg, struct error *e)
{
    SSL_CTX *ssl = SSL_CTX_new(TLS_server_method());
    if (ssl && SSL_CTX_set_min_proto_version(ssl, TLS1_2_VERSION) == 1 &&
        SSL_CTX_use_certificate_chain_file(ssl, cfg->tls_cert) == 1 &&
        SSL_CTX_use_PrivateKey_file(ssl, cfg->tls_key, SSL_FILETYPE_PEM) == 1 && SSL_CTX_check_private_key(ssl) == 1) {
        h2o_ssl_register_alpn_protocols(ssl, h2o_http2_alpn_protocols);
        return ssl;
    }
    char why[256];
    ERR_error_string_n(ERR_get_error(), why, sizeof(why));
    SSL_CTX_free(ssl);
    error_set(e, ERR_INVALID_VALUE, "tls", "无法加载证书 %s 或私钥 %s：%s", "cannot load certificate %s or key %s: %s",
              cfg->tls_cert, cfg->tls_key, why);
    return NULL;
}

int server_run(const struct server_config *cfg, struct error *e)
{
    int result = -1, listen_fd = -1, started = 0;
    SSL_CTX *ssl = NULL;
    struct worker *workers = calloc((size_t)cfg->threads, sizeof(*workers));
    if (!workers)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");

    /* Block the stop signals in every thread; this one waits for them below. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);
    log_set_requests(cfg->log_requests);
    json_object_seed(0);
    if (secret_init() != 0)
        return error_set(e, ERR_INTERNAL, NULL, "无法初始化加密库", "cannot initialise libsodium");

    for (int i = 0; i < cfg->threads; i++)
        if (store_open(&workers[i].store, cfg->db, STORE_OPEN_SERVE, e) != 0)
            goto out;
    /* two workers: argon2id takes 64 MiB per hash, so this also bounds that memory */
    if (worker_pool_start(WORK_THREADS, cfg->db, e) != 0 || daily_start(cfg->db, e) != 0)
        goto out;
    if (cfg->tls_cert && !(ssl = tls_context(cfg, e)))
        goto out;
    if ((listen_fd = open_listener(cfg, e)) < 0)
        goto out;

    h2o_config_init(&globalconf);
    /*
     * h2o cuts a connection whose body passes its own limit, and a client still sending then
     * loses the 413 to the reset. Up to twice our limit (plus 64 KiB) the body is read whole
     * and refused in check_limits, on a connection that stays usable.
     */
    max_body = cfg->max_body;
    max_upload = cfg->max_upload ? cfg->max_upload : cfg->max_body;
    server_settings.session_idle = cfg->session_idle;
    server_settings.session_lifetime = cfg->session_lifetime;
    server_settings.cookie_secure = cfg->cookie_secure || cfg->tls_cert != NULL;
    server_settings.unzip = cfg->unzip;
    globalconf.max_request_entity_size = (max_upload > max_body * 2 ? max_upload : max_body * 2) + 65536;
    globalconf.http1.req_timeout = REQUEST_TIMEOUT_MS;
    globalconf.http2.idle_timeout = REQUEST_TIMEOUT_MS;
    globalconf.server_name = h2o_iovec_init(H2O_STRLIT("pacesetter"));
    h2o_hostconf_t *host = h2o_config_register_host(&globalconf, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    h2o_pathconf_t *pathconf = h2o_config_register_path(host, "/", 0);
    h2o_create_handler(pathconf, sizeof(h2o_handler_t))->on_req = dispatch;
    library_errors_register(pathconf);
    library_errors_register(&host->fallback_path);

    atomic_store(&stopping, false);
    for (int i = 0; i < cfg->threads; i++) {
        workers[i].accept_ctx.ssl_ctx = ssl;
        workers[i].listen_fd = dup(listen_fd);
        if (workers[i].listen_fd < 0 || pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0) {
            error_set(e, ERR_INTERNAL, NULL, "无法启动服务线程", "cannot start a server thread");
            atomic_store(&stopping, true);
            goto join;
        }
        started++;
    }
    fprintf(stderr, "pacesetter: listening on %s://%s%s%s:%s\n", ssl ? "https" : "http",
            strchr(cfg->host, ':') ? "[" : "", cfg->host, strchr(cfg->host, ':') ? "]" : "", cfg->port);
    log_info("listening on %s://%s%s%s:%s with %d threads, database %s", ssl ? "https" : "http",
             strchr(cfg->host, ':') ? "[" : "", cfg->host, strchr(cfg->host, ':') ? "]" : "", cfg->port, cfg->threads,
             cfg->db);

    int sig = 0;
    sigwait(&stop_signals, &sig);
    log_info("received %s, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
    atomic_store(&stopping, true);
    /* work in progress finishes and is answered by the loops during their grace period */
    worker_pool_stop();
    daily_stop();
    result = 0;
join:
    for (int i = 0; i < started; i++)
        pthread_join(workers[i].thread, NULL);
out:
    for (int i = 0; i < cfg->threads; i++)
        store_close(workers[i].store);
    if (listen_fd >= 0)
        close(listen_fd);
    worker_pool_stop();
    daily_stop();
    SSL_CTX_free(ssl);
    free(workers);
    if (result == 0)
        log_info("stopped");
    return result;
}
