/* Shared option parsing for the subcommands; see cli.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/banned.h"

static int parse_listen(const char *s, struct cli_options *o, struct error *e)
{
    const char *colon = strrchr(s, ':');
    const char *host = s, *host_end = colon;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':')
            colon = NULL;
        host = s + 1;
        host_end = close;
    }
    size_t host_len = colon && host_end ? (size_t)(host_end - host) : 0;
    const char *port = colon ? colon + 1 : "";
    long p = strlen(port) >= 1 && strlen(port) <= 5 && strspn(port, "0123456789") == strlen(port) ? atol(port) : 0;
    if (!colon || host_len == 0 || host_len >= sizeof(o->host_buf) || p < 1 || p > 65535)
        return error_set(e, ERR_INVALID_VALUE, "listen", "监听地址“%s”应为 地址:端口，例如 127.0.0.1:8080",
                         "listen address \"%s\" must be ADDRESS:PORT, e.g. 127.0.0.1:8080", s);
    memcpy(o->host_buf, host, host_len);
    o->host_buf[host_len] = '\0';
    snprintf(o->port_buf, sizeof(o->port_buf), "%ld", p);
    o->server.host = o->host_buf;
    o->server.port = o->port_buf;
    return 0;
}

static int parse_number(const char *name, const char *s, long long min, long long max, long long *out,
                        struct error *e)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < min || v > max)
        return error_set(e, ERR_INVALID_VALUE, name, "--%s 应为 %lld 到 %lld 之间的整数，而不是“%s”",
                         "--%s must be an integer from %lld to %lld, not \"%s\"", name, min, max, s);
    *out = v;
    return 0;
}

static int parse_bool(const char *name, const char *s, bool *out, struct error *e)
{
    if (strcmp(s, "on") == 0 || strcmp(s, "1") == 0 || strcmp(s, "true") == 0)
        *out = true;
    else if (strcmp(s, "off") == 0 || strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
        *out = false;
    else
        return error_set(e, ERR_INVALID_VALUE, name, "--%s 应为 on 或 off", "--%s must be on or off", name);
    return 0;
}

/* Applies one option's value, from a flag or from the environment. */
static int apply(const char *name, const char *value, struct cli_options *o, struct error *e)
{
    long long n = 0;
    if (strcmp(name, "db") == 0) {
        if (!*value)
            return error_set(e, ERR_INVALID_VALUE, "db", "--db 不能为空", "--db must not be empty");
        o->server.db = value;
    } else if (strcmp(name, "listen") == 0) {
        return parse_listen(value, o, e);
    } else if (strcmp(name, "threads") == 0) {
        if (parse_number(name, value, 1, 256, &n, e) != 0)
            return -1;
        o->server.threads = (int)n;
    } else if (strcmp(name, "max-body") == 0) {
        if (parse_number(name, value, 1024, (long long)1 << 30, &n, e) != 0)
            return -1;
        o->server.max_body = (size_t)n;
    } else if (strcmp(name, "max-upload") == 0) {
        if (parse_number(name, value, 1024, (long long)1 << 30, &n, e) != 0)
            return -1;
        o->server.max_upload = (size_t)n;
    } else if (strcmp(name, "unzip-total") == 0 || strcmp(name, "unzip-part") == 0) {
        if (parse_number(name, value, 65536, (long long)1 << 40, &n, e) != 0)
            return -1;
        *(name[6] == 't' ? &o->server.unzip.total_bytes : &o->server.unzip.entry_bytes) = (uint64_t)n;
    } else if (strcmp(name, "unzip-entries") == 0) {
        if (parse_number(name, value, 16, 1000000, &n, e) != 0)
            return -1;
        o->server.unzip.entries = (uint32_t)n;
    } else if (strcmp(name, "unzip-ratio") == 0) {
        if (parse_number(name, value, 10, 100000, &n, e) != 0)
            return -1;
        o->server.unzip.ratio = (uint32_t)n;
    } else if (strcmp(name, "sheet") == 0) {
        o->sheet = value;
    } else if (strcmp(name, "month") == 0) {
        o->month = value;
    } else if (strcmp(name, "scheme") == 0) {
        if (parse_number(name, value, 1, INT64_MAX, &n, e) != 0)
            return -1;
        o->scheme = (int64_t)n;
    } else if (strcmp(name, "tls-cert") == 0) {
        o->server.tls_cert = value;
    } else if (strcmp(name, "tls-key") == 0) {
        o->server.tls_key = value;
    } else if (strcmp(name, "name") == 0) {
        o->name = value;
    } else if (strcmp(name, "division-code") == 0) {
        o->division_code = value;
    } else if (strcmp(name, "tenant") == 0) {
        o->tenant = value;
    } else if (strcmp(name, "session-idle") == 0 || strcmp(name, "session-lifetime") == 0) {
        if (parse_number(name, value, 60, 31LL * 86400, &n, e) != 0)
            return -1;
        if (strcmp(name, "session-idle") == 0)
            o->server.session_idle = n;
        else
            o->server.session_lifetime = n;
    } else if (strcmp(name, "cookie-secure") == 0) {
        return parse_bool(name, value, &o->server.cookie_secure, e);
    } else if (strcmp(name, "username") == 0) {
        o->username = value;
    } else if (strcmp(name, "role") == 0) {
        o->role = value;
    } else if (strcmp(name, "unit") == 0) {
        o->unit = value;
    } else if (strcmp(name, "display-name") == 0) {
        o->display_name = value;
    } else if (strcmp(name, "format") == 0) {
        o->format = value;
    } else if (strcmp(name, "from") == 0) {
        o->from = value;
    } else if (strcmp(name, "to") == 0) {
        o->to = value;
    } else if (strcmp(name, "log-requests") == 0) {
        return parse_bool(name, value, &o->server.log_requests, e);
    }
    return 0;
}

static bool accepts(const char *accepted, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = accepted; (p = strstr(p, name)) != NULL; p += n)
        if ((p == accepted || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

int cli_parse(int argc, char **argv, const char *accepted, struct cli_options *o)
{
    struct error e;
    error_clear(&e);
    memset(o, 0, sizeof(*o));
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->server.db = "pacesetter.db";
    o->server.threads = cores > 0 && cores <= 256 ? (int)cores : 1;
    o->server.max_body = (size_t)1 << 20;
    o->server.max_upload = (size_t)32 << 20;
    o->server.unzip = read_limits_default;
    o->server.log_requests = true;
    o->server.session_idle = 1800;
    o->server.session_lifetime = 43200;
    parse_listen("127.0.0.1:8080", o, &e);

    static const char *const env_names[][2] = {
        {"db", "PACESETTER_DB"},           {"listen", "PACESETTER_LISTEN"},     {"threads", "PACESETTER_THREADS"},
        {"max-body", "PACESETTER_MAX_BODY"}, {"max-upload", "PACESETTER_MAX_UPLOAD"},
        {"unzip-total", "PACESETTER_UNZIP_TOTAL"}, {"unzip-part", "PACESETTER_UNZIP_PART"},
        {"unzip-entries", "PACESETTER_UNZIP_ENTRIES"}, {"unzip-ratio", "PACESETTER_UNZIP_RATIO"}, {"tls-cert", "PACESETTER_TLS_CERT"}, {"tls-key", "PACESETTER_TLS_KEY"},
        {"log-requests", "PACESETTER_LOG_REQUESTS"}, {"tenant", "PACESETTER_TENANT"},
        {"session-idle", "PACESETTER_SESSION_IDLE"}, {"session-lifetime", "PACESETTER_SESSION_LIFETIME"},
        {"cookie-secure", "PACESETTER_COOKIE_SECURE"},
    };
    for (size_t i = 0; i < sizeof(env_names) / sizeof(env_names[0]); i++) {
        const char *v = getenv(env_names[i][1]);
        if (v && accepts(accepted, env_names[i][0]) && apply(env_names[i][0], v, o, &e) != 0) {
            fprintf(stderr, "pacesetter: %s=%s:\n", env_names[i][1], v);
            return cli_fail(&e);
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            o->help = true;
            continue;
        }
        if (strcmp(arg, "--no-serve") == 0 && accepts(accepted, "no-serve")) {
            o->no_serve = true;
            continue;
        }
        if (strcmp(arg, "--dry-run") == 0 && accepts(accepted, "dry-run")) {
            o->dry_run = true;
            continue;
        }
        char name[32];
        const char *value = NULL;
        const char *eq = strchr(arg, '=');
        size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
        if (strncmp(arg, "--", 2) != 0 || name_len - 2 >= sizeof(name)) {
            error_set(&e, ERR_INVALID_VALUE, NULL, "不认识的参数“%s”（--help 查看用法）", "unknown argument \"%s\" (see --help)",
                      arg);
            return cli_fail(&e);
        }
        memcpy(name, arg + 2, name_len - 2);
        name[name_len - 2] = '\0';
        if (!accepts(accepted, name) || strcmp(name, "no-serve") == 0 || strcmp(name, "dry-run") == 0) {
            error_set(&e, ERR_INVALID_VALUE, NULL, "不认识的选项“--%s”（--help 查看用法）", "unknown option \"--%s\" (see --help)",
                      name);
            return cli_fail(&e);
        }
        value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!value) {
            error_set(&e, ERR_MISSING_FIELD, name, "选项 --%s 缺少取值", "option --%s needs a value", name);
            return cli_fail(&e);
        }
        if (apply(name, value, o, &e) != 0)
            return cli_fail(&e);
    }
    if ((o->server.tls_cert == NULL) != (o->server.tls_key == NULL)) {
        error_set(&e, ERR_MISSING_FIELD, "tls", "--tls-cert 和 --tls-key 须同时给出", "--tls-cert and --tls-key go together");
        return cli_fail(&e);
    }
    return 0;
}

int cli_resolve_tenant(struct cli_options *o, struct error *e)
{
    o->tenant_id = 1;
    if (!o->tenant || strcmp(o->tenant, "default") == 0)
        return 0;
    struct store *st;
    if (store_open(&st, o->server.db, STORE_OPEN_SERVE, e) != 0)
        return -1;
    struct arena a = ARENA_INIT;
    struct tenant *items;
    size_t n;
    int rc = store_tenants_list(st, &a, &items, &n, e);
    o->tenant_id = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (items[i].division_code && strcmp(items[i].division_code, o->tenant) == 0)
            o->tenant_id = items[i].id;
    arena_release(&a);
    store_close(st);
    if (rc == 0 && o->tenant_id == 0)
        rc = error_set(e, ERR_NOT_FOUND, "tenant", "没有行政区划代码为 %s 的地区（pacesetter tenant list 查看）",
                       "no tenant has division code %s (see pacesetter tenant list)", o->tenant);
    return rc;
}

int cli_start(int argc, char **argv, const char *accepted, const char *usage, struct cli_options *o)
{
    if (cli_parse(argc, argv, accepted, o) != 0)
        return 2;
    if (o->help) {
        fputs(usage, stdout);
        return 0;
    }
    return -1;
}

int cli_fail(const struct error *e)
{
    fprintf(stderr, "pacesetter: %s\npacesetter: %s\n", e->message_zh, e->message_en);
    return 1;
}

int cli_open_migrated(const char *db, struct store **out, struct error *e)
{
    int from, to;
    if (store_open(out, db, STORE_OPEN_CREATE, e) != 0)
        return -1;
    if (store_migrate(*out, &from, &to, e) != 0) {
        store_close(*out);
        *out = NULL;
        return -1;
    }
    const char *name = store_display_name(*out);
    if (from == to)
        fprintf(stderr, "pacesetter: %s is at schema version %d (up to date)\n", name, to);
    else
        fprintf(stderr, "pacesetter: migrated %s from schema version %d to %d\n", name, from, to);
    return 0;
}
