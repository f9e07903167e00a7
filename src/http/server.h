/*
 * The HTTP server: one h2o event loop per thread, all accepting on one listening socket, each
 * with its own store connection. Handlers run on the loop; they must never wait on anything
 * slow but the database. server_run returns after SIGINT or SIGTERM, once in-flight responses
 * are sent and the database is closed (checkpointing its write-ahead log).
 */
#ifndef HTTP_SERVER_H
#define HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "io/sheet.h"

struct server_config {
    const char *db;
    const char *host; /* numeric address, e.g. "127.0.0.1" or "::1" */
    const char *port;
    int threads;
    size_t max_body;  /* bytes */
    size_t max_upload; /* bytes of a spreadsheet uploaded to an import */
    const char *tls_cert, *tls_key; /* both set: HTTPS with HTTP/2 */
    bool log_requests;
    long long session_idle, session_lifetime; /* seconds */
    bool cookie_secure;                       /* Secure cookies (always with TLS) */
    struct read_limits unzip;                 /* what an uploaded spreadsheet may unpack to */
};

int server_run(const struct server_config *cfg, struct error *e);

#endif
