/* pacesetter serve: serve an existing database. */
#include <stdio.h>

#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
    "usage: pacesetter serve [--db TARGET] [--listen ADDR:PORT] [--threads N] [--max-body BYTES]\n"
    "                       [--max-upload BYTES]\n"
    "                        [--tls-cert FILE --tls-key FILE] [--log-requests on|off]\n"
    "\n"
    "Serves an existing Pacesetter database: the API under /api/v1 and the web UI.\n"
    "提供已有 Pacesetter 数据库的接口（/api/v1）和网页界面。\n"
    "\n"
    "  --db TARGET          SQLite file, or PostgreSQL: postgresql://user@host/dbname or any libpq\n"
    "                       connection string (the PG* variables fill what it omits)\n"
    "                       (env PACESETTER_DB; default pacesetter.db)\n"

    "  --listen ADDR:PORT   address to listen on (env PACESETTER_LISTEN; default 127.0.0.1:8080)\n"
    "  --threads N          event-loop threads (env PACESETTER_THREADS; default: the number of cores)\n"
    "  --max-body BYTES     largest request body accepted (env PACESETTER_MAX_BODY; default 1048576)\n"
    "  --max-upload BYTES   largest upload: a spreadsheet to an import, a progress photo (env\n"
    "                       PACESETTER_MAX_UPLOAD; default 33554432; a photo is 10 MiB at most anyway)\n"
    "  --unzip-total BYTES  an uploaded .xlsx may unpack to at most this much in all (env\n"
    "                       PACESETTER_UNZIP_TOTAL; default 536870912), counted while reading\n"
    "  --unzip-part BYTES   and each part of it to this much (PACESETTER_UNZIP_PART; 268435456)\n"
    "  --unzip-entries N    at most N files in the archive (PACESETTER_UNZIP_ENTRIES; 10000)\n"
    "  --unzip-ratio N      a part over 1 MiB compressed more than N to 1 is refused as a zip bomb\n"
    "                       (PACESETTER_UNZIP_RATIO; 200)\n"
    "  --tls-cert, --tls-key  serve HTTPS and HTTP/2 with this certificate chain and key (PEM)\n"
    "  --log-requests on|off  one JSON line per request on stderr (env PACESETTER_LOG_REQUESTS; default on)\n"
    "  --session-idle SECONDS   a session ends after this long unused (env PACESETTER_SESSION_IDLE; default 1800)\n"
    "  --session-lifetime SECONDS  and this long after login at most (env PACESETTER_SESSION_LIFETIME; default 43200)\n"
    "  --cookie-secure on|off  mark the session cookie Secure, for TLS at a proxy (env PACESETTER_COOKIE_SECURE;\n"
    "                       default off; always on with --tls-cert)\n"
    "\n"
    "Every request acts within the tenant (city) of the logged-in user's account.\n"
    "\n"
    "Refuses to start when the address is in use, or the database is missing, is not a Pacesetter\n"
    "database, or has another schema version than this binary (run pacesetter migrate).\n"
    "SIGINT or SIGTERM stops it after in-flight requests finish.\n";

int cmd_serve(int argc, char **argv)
{
    struct cli_options o;
    int started = cli_start(argc, argv, "db listen threads max-body max-upload unzip-total unzip-part unzip-entries unzip-ratio tls-cert tls-key log-requests session-idle session-lifetime cookie-secure", usage, &o);
    if (started >= 0)
        return started;
    struct error e;
    error_clear(&e);
    if (server_run(&o.server, &e) != 0)
        return cli_fail(&e);
    return 0;
}
