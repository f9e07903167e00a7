/*
 * The PostgreSQL backend of db.h, on libpq. One connection per store (per server thread);
 * statements prepared once per connection; writes in SERIALIZABLE transactions, which db.c
 * retries when PostgreSQL reports a conflict (40001, 40P01, or 23505 raised by a concurrent
 * insert); reads in REPEATABLE READ so that a page and its total share one snapshot. Session
 * time zone UTC: timestamptz values go in and come out as ISO 8601 UTC.
 */
#include "store/db_driver.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/strbuf.h"
#include "base/banned.h"

#define CACHE_SLOTS 512
#define PARAMS_MAX 2000      /* an import's batch of 100 rows binds 1,200 */
#define TEXT_OID 25          /* pg_type.oid of text */
#define TIMESTAMPTZ_OID 1184 /* pg_type.oid of timestamptz */

struct pg_stmt {
    struct db_stmt base;
    uint64_t hash;
    char *sql;
    char name[16];
    bool prepared;
    int n_params;
    char **values; /* n_params of them, made when prepared */
    PGresult *result;
    int row, rows;
    char (*time_text)[24]; /* timestamptz columns, as YYYY-MM-DDTHH:MM:SSZ, one per column (malloc'd) */
    int time_columns;      /* how many time_text holds: grown to the widest result seen */
    unsigned char *blob;   /* the last bytea column read, unescaped (PQfreemem) */
};

struct pg_db {
    struct db base;
    PGconn *conn;
    bool conflicted;
    struct pg_stmt cache[CACHE_SLOTS];
};

static struct pg_db *pg(struct db *db)
{
    return (struct pg_db *)db;
}

static struct pg_stmt *stmt(struct db_stmt *s)
{
    return (struct pg_stmt *)s;
}

static bool is_conflict(const char *sqlstate)
{
    return sqlstate && (strcmp(sqlstate, "40001") == 0 || strcmp(sqlstate, "40P01") == 0 ||
                        strcmp(sqlstate, "23505") == 0);
}

/* Records the failure of res (may be NULL) and fills e. */
static int fail(struct pg_db *d, PGresult *res, struct error *e, const char *what)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    d->conflicted = is_conflict(state);
    if (!d->conflicted)
        log_error("postgres: %s: %s", what, res ? PQresultErrorMessage(res) : PQerrorMessage(d->conn));
    return error_set(e, ERR_INTERNAL, NULL, "数据库错误：%s", "database error: %s", what);
}

static void forget_statements(struct pg_db *d)
{
    for (int i = 0; i < CACHE_SLOTS; i++)
        d->cache[i].prepared = false;
}

static void display_name(struct pg_db *d, const char *target)
{
    char *err = NULL;
    PQconninfoOption *opts = PQconninfoParse(target, &err);
    const char *user = "", *host = "", *port = "", *dbname = "";
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (!o->val)
            continue;
        if (strcmp(o->keyword, "user") == 0)
            user = o->val;
        else if (strcmp(o->keyword, "host") == 0)
            host = o->val;
        else if (strcmp(o->keyword, "port") == 0)
            port = o->val;
        else if (strcmp(o->keyword, "dbname") == 0)
            dbname = o->val;
    }
    if (host[0] == '/')
        snprintf(d->base.display, sizeof(d->base.display), "postgresql://%s%s/%s?host=%s%s%s", user,
                 *user ? "@" : "", dbname, host, *port ? "&port=" : "", port);
    else
        snprintf(d->base.display, sizeof(d->base.display), "postgresql://%s%s%s%s%s/%s", user,
                 *user ? "@" : "", host, *port ? ":" : "", port, dbname);
    PQconninfoFree(opts);
    PQfreemem(err);
}

static int pg_open(struct db **out, const char *target, bool create, struct error *e)
{
    *out = NULL;
    struct pg_db *d = calloc(1, sizeof(*d));
    if (!d)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    d->base.driver = &db_postgres_driver;
    display_name(d, target);
    d->conn = PQconnectdb(target);
    if (!d->conn || PQstatus(d->conn) != CONNECTION_OK) {
        const char *why = d->conn ? PQerrorMessage(d->conn) : "out of memory";
        char msg[256];
        snprintf(msg, sizeof(msg), "%s", why);
        msg[strcspn(msg, "\n")] = '\0';
        error_set(e, ERR_NOT_FOUND, "db", "无法连接 PostgreSQL 数据库 %s：%s",
                  "cannot connect to PostgreSQL database %s: %s", d->base.display, msg);
        PQfinish(d->conn);
        free(d);
        return -1;
    }
    /* Generic plans: every statement is prepared once and run many times with new values. */
    PGresult *res =
        PQexec(d->conn, "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'; "
                        "SET client_min_messages = warning; SET plan_cache_mode = force_generic_plan");
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok) {
        error_set(e, ERR_INTERNAL, "db", "无法设置数据库会话：%s", "cannot set up the database session: %s",
                  PQerrorMessage(d->conn));
        PQfinish(d->conn);
        free(d);
        return -1;
    }
    for (int i = 0; i < CACHE_SLOTS; i++) {
        d->cache[i].base.db = &d->base;
        snprintf(d->cache[i].name, sizeof(d->cache[i].name), "ps%d", i);
    }
    *out = &d->base;
    return 0;
}

static void clear_values(struct pg_stmt *s)
{
    for (int i = 0; s->values && i < s->n_params; i++) {
        free(s->values[i]);
        s->values[i] = NULL;
    }
}

static void pg_close(struct db *db)
{
    struct pg_db *d = pg(db);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        PQclear(d->cache[i].result);
        clear_values(&d->cache[i]);
        free(d->cache[i].values);
        free(d->cache[i].sql);
        free(d->cache[i].time_text);
    }
    PQfinish(d->conn);
    free(d);
}

/* ?N → $N outside string literals; counts the highest N and marks the numbers used. */
static char *translate(const char *sql, int *n_params, bool *used)
{
    struct strbuf sb = STRBUF_INIT;
    bool quoted = false;
    *n_params = 0;
    for (const char *p = sql; *p; p++) {
        if (*p == '\'')
            quoted = !quoted;
        if (!quoted && *p == '?' && p[1] >= '0' && p[1] <= '9') {
            int n = 0;
            while (p[1] >= '0' && p[1] <= '9')
                n = n * 10 + (*++p - '0');
            strbuf_addf(&sb, "$%d", n);
            if (n > *n_params)
                *n_params = n;
            if (n <= PARAMS_MAX)
                used[n] = true;
        } else {
            strbuf_addch(&sb, *p);
        }
    }
    if (sb.failed) {
        strbuf_release(&sb);
        return NULL;
    }
    return sb.buf ? sb.buf : strdup("");
}

static bool reconnected(struct pg_db *d, struct pg_stmt *p, bool was_idle, const PGresult *failed);

static struct db_stmt *pg_prepare(struct db *db, const char *sql, struct error *e)
{
    struct pg_db *d = pg(db);
    uint64_t h = db_sql_hash(sql);
    struct pg_stmt *slot = NULL;
    for (size_t i = 0; i < CACHE_SLOTS && !slot; i++) {
        struct pg_stmt *s = &d->cache[(h + i) & (CACHE_SLOTS - 1)];
        if (!s->sql || (s->hash == h && strcmp(s->sql, sql) == 0))
            slot = s;
    }
    if (!slot) {
        error_set(e, ERR_INTERNAL, NULL, "语句缓存已满", "the statement cache is full");
        return NULL;
    }
    if (!slot->sql && !(slot->sql = strdup(sql))) {
        error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
        return NULL;
    }
    slot->hash = h;
    if (!slot->prepared) {
        bool *used = calloc(PARAMS_MAX + 1, sizeof(*used));
        char *text = used ? translate(sql, &slot->n_params, used) : NULL;
        Oid *types =
            text && slot->n_params <= PARAMS_MAX ? calloc((size_t)slot->n_params + 1, sizeof(*types)) : NULL;
        /* made once per slot: prepared again after a reconnect (the same text), the values bound
           for the statement being retried must stay */
        if (types && !slot->values)
            slot->values = calloc((size_t)slot->n_params + 1, sizeof(*slot->values));
        if (!types || !slot->values) {
            free(text);
            free(used);
            free(types);
            slot->n_params = 0;
            error_set(e, ERR_INTERNAL, NULL, "语句参数过多", "too many statement parameters");
            return NULL;
        }
        /* A filter's SQL may skip some numbers: PostgreSQL needs a type for those, text will do. */
        for (int i = 1; i <= slot->n_params; i++)
            types[i - 1] = used[i] ? 0 : TEXT_OID;
        free(used);
        bool was_idle = PQtransactionStatus(d->conn) == PQTRANS_IDLE;
        PGresult *res = PQprepare(d->conn, slot->name, text, slot->n_params, types);
        if (PQresultStatus(res) != PGRES_COMMAND_OK && reconnected(d, NULL, was_idle, res)) {
            PQclear(res);
            res = PQprepare(d->conn, slot->name, text, slot->n_params, types);
        }
        free(text);
        free(types);
        bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok) {
            fail(d, res, e, "prepare");
            PQclear(res);
            return NULL;
        }
        PQclear(res);
        slot->prepared = true;
    }
    return &slot->base;
}

static void set_value(struct db_stmt *s, int index, char *value)
{
    struct pg_stmt *p = stmt(s);
    if (index < 1 || index > p->n_params) {
        free(value);
        return;
    }
    free(p->values[index - 1]);
    p->values[index - 1] = value;
}

static void pg_bind_int64(struct db_stmt *s, int index, int64_t value)
{
    char buf[24];
    snprintf(buf, sizeof(buf), "%lld", (long long)value);
    set_value(s, index, strdup(buf));
}

static void pg_bind_text(struct db_stmt *s, int index, const char *value)
{
    set_value(s, index, strdup(value));
}

static void pg_bind_null(struct db_stmt *s, int index)
{
    set_value(s, index, NULL);
}

/* Bytes go as bytea's hex text form, \x0123…, as parameters are sent as text. */
static void pg_bind_blob(struct db_stmt *s, int index, const void *data, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    char *text = malloc(2 * len + 3);
    if (text) {
        const unsigned char *b = data;
        text[0] = '\\';
        text[1] = 'x';
        for (size_t i = 0; i < len; i++) {
            text[2 + 2 * i] = hex[b[i] >> 4];
            text[3 + 2 * i] = hex[b[i] & 15];
        }
        text[2 + 2 * len] = '\0';
    }
    set_value(s, index, text);
}

/*
 * The server restarted or the network dropped: reconnect and prepare the statement again. Only
 * outside a transaction, where nothing else of the caller's work is lost.
 */
static bool reconnected(struct pg_db *d, struct pg_stmt *p, bool was_idle, const PGresult *failed)
{
    /* lost: libpq says so, or the server's last words were "shutting down" (57P) or a connection error (08)
     */
    const char *state = PQresultErrorField(failed, PG_DIAG_SQLSTATE);
    bool lost = PQstatus(d->conn) != CONNECTION_OK ||
                (state && (strncmp(state, "57P", 3) == 0 || strncmp(state, "08", 2) == 0));
    if (!was_idle || !lost)
        return false;
    PQreset(d->conn);
    forget_statements(d);
    if (PQstatus(d->conn) != CONNECTION_OK)
        return false;
    PQclear(PQexec(d->conn,
                   "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'; SET client_min_messages = warning; "
                   "SET plan_cache_mode = force_generic_plan"));
    struct error ignored;
    log_info("postgres: reconnected to %s", d->base.display);
    return !p || pg_prepare(&d->base, p->sql, &ignored) != NULL;
}

static int pg_step(struct db_stmt *s, struct error *e)
{
    struct pg_stmt *p = stmt(s);
    struct pg_db *d = pg(s->db);
    if (!p->result) {
        bool was_idle = PQtransactionStatus(d->conn) == PQTRANS_IDLE;
        p->result =
            PQexecPrepared(d->conn, p->name, p->n_params, (const char *const *)p->values, NULL, NULL, 0);
        if (PQresultStatus(p->result) == PGRES_FATAL_ERROR && reconnected(d, p, was_idle, p->result)) {
            PQclear(p->result);
            p->result =
                PQexecPrepared(d->conn, p->name, p->n_params, (const char *const *)p->values, NULL, NULL, 0);
        }
        ExecStatusType st = PQresultStatus(p->result);
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
            fail(d, p->result, e, "query");
            PQclear(p->result);
            p->result = NULL;
            return -1;
        }
        p->row = -1;
        p->rows = st == PGRES_TUPLES_OK ? PQntuples(p->result) : 0;
    }
    return ++p->row < p->rows ? 1 : 0;
}

static bool pg_column_is_null(struct db_stmt *s, int col)
{
    return PQgetisnull(stmt(s)->result, stmt(s)->row, col);
}

static int64_t pg_column_int64(struct db_stmt *s, int col)
{
    return strtoll(PQgetvalue(stmt(s)->result, stmt(s)->row, col), NULL, 10);
}

/*
 * timestamptz arrives as "2026-11-25 13:05:11+00" (session time zone UTC, possibly with a
 * fraction): rewritten to SQLite's stored form "2026-11-25T13:05:11Z", whole seconds. This is
 * cheaper in C than to_char() in every row of every query.
 */
static const char *iso_time(struct pg_stmt *p, int col, const char *v, size_t *len)
{
    if (strlen(v) < 19)
        return v;
    if (col >= p->time_columns) { /* a project row has its times at columns 45 and 46 */
        int n = PQnfields(p->result);
        char(*grown)[24] = n > col ? realloc(p->time_text, (size_t)n * sizeof(*grown)) : NULL;
        if (!grown)
            return v;
        p->time_text = grown;
        p->time_columns = n;
    }
    char *t = p->time_text[col];
    memcpy(t, v, 19);
    t[10] = 'T';
    t[19] = 'Z';
    t[20] = '\0';
    if (len)
        *len = 20;
    return t;
}

static const char *pg_column_text(struct db_stmt *s, int col, size_t *len)
{
    struct pg_stmt *p = stmt(s);
    if (PQgetisnull(p->result, p->row, col)) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = (size_t)PQgetlength(p->result, p->row, col);
    const char *v = PQgetvalue(p->result, p->row, col);
    return PQftype(p->result, col) == TIMESTAMPTZ_OID ? iso_time(p, col, v, len) : v;
}

static void forget_blob(struct pg_stmt *p)
{
    if (p->blob)
        PQfreemem(p->blob);
    p->blob = NULL;
}

static const void *pg_column_blob(struct db_stmt *s, int col, size_t *len)
{
    struct pg_stmt *p = stmt(s);
    *len = 0;
    forget_blob(p);
    if (PQgetisnull(p->result, p->row, col))
        return NULL;
    p->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(p->result, p->row, col), len);
    return p->blob;
}

static void pg_reset(struct db_stmt *s)
{
    struct pg_stmt *p = stmt(s);
    forget_blob(p);
    PQclear(p->result);
    p->result = NULL;
    clear_values(p);
}

static int pg_exec(struct db *db, const char *sql, struct error *e)
{
    struct pg_db *d = pg(db);
    PGresult *res = PQexec(d->conn, sql);
    ExecStatusType st = PQresultStatus(res);
    /* the details (SQL, names) go to the log only: fail() wrote them there */
    int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : fail(d, res, e, "exec");
    PQclear(res);
    return rc;
}

static int pg_begin(struct db *db, bool write, struct error *e)
{
    struct pg_db *d = pg(db);
    d->conflicted = false;
    const char *sql =
        write ? "BEGIN ISOLATION LEVEL SERIALIZABLE" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    PGresult *res = PQexec(d->conn, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && reconnected(d, NULL, true, res)) {
        PQclear(res);
        res = PQexec(d->conn, sql);
    }
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : fail(d, res, e, "begin");
    PQclear(res);
    return rc;
}

static int pg_lock_tenant(struct db *db, int64_t tenant, struct error *e)
{
    struct db_stmt *s = pg_prepare(db, "SELECT pg_advisory_xact_lock(?1)", e);
    if (!s)
        return -1;
    pg_bind_int64(s, 1, tenant);
    int rc = pg_step(s, e);
    pg_reset(s);
    return rc < 0 ? -1 : 0;
}

static int pg_commit(struct db *db, struct error *e)
{
    return pg_exec(db, "COMMIT", e);
}

static void pg_rollback(struct db *db)
{
    struct pg_db *d = pg(db);
    if (PQtransactionStatus(d->conn) != PQTRANS_IDLE)
        PQclear(PQexec(d->conn, "ROLLBACK"));
}

static bool pg_conflicted(struct db *db)
{
    return pg(db)->conflicted;
}

static int pg_change_stamp(struct db *db, uint64_t stamp[2])
{
    return -1;
}

/* Returns the single value of a one-row query, or NULL; caller PQclear()s *res. */
static const char *query_value(struct pg_db *d, const char *sql, PGresult **res)
{
    *res = PQexec(d->conn, sql);
    if (PQresultStatus(*res) != PGRES_TUPLES_OK || PQntuples(*res) != 1)
        return NULL;
    return PQgetvalue(*res, 0, 0);
}

/* Ours: a pacesetter_meta table naming us; empty: no tables in the current schema. */
static int pg_schema_version(struct db *db, int *version, struct error *e)
{
    struct pg_db *d = pg(db);
    PGresult *res;
    const char *tables =
        query_value(d, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()", &res);
    bool empty = tables && strcmp(tables, "0") == 0;
    PQclear(res);
    if (empty) {
        *version = 0;
        return 0;
    }
    const char *v =
        query_value(d,
                    "SELECT (SELECT value FROM pacesetter_meta WHERE key = 'application') || ' ' || "
                    "(SELECT value FROM pacesetter_meta WHERE key = 'schema_version')",
                    &res);
    int rc = v && strncmp(v, "pacesetter ", 11) == 0 ? 0 : -1;
    if (rc == 0)
        *version = atoi(v + 11);
    PQclear(res);
    if (rc != 0)
        return error_set(e, ERR_INVALID_VALUE, "db", "%s 不是 Pacesetter 数据库",
                         "%s is not a Pacesetter database", db->display);
    return 0;
}

static int pg_set_schema_version(struct db *db, int version, struct error *e)
{
    char sql[200];
    snprintf(sql, sizeof(sql),
             "INSERT INTO pacesetter_meta (key, value) VALUES ('schema_version', '%d') "
             "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
             version);
    return pg_exec(db, sql, e);
}

static int pg_drop_all(struct db *db, struct error *e)
{
    struct pg_db *d = pg(db);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (d->cache[i].prepared) {
            char sql[32];
            snprintf(sql, sizeof(sql), "DEALLOCATE %s", d->cache[i].name);
            PQclear(PQexec(d->conn, sql));
        }
    }
    forget_statements(d);
    return pg_exec(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public", e);
}

static int pg_refresh_statistics(struct db *db, const char *table, struct error *e)
{
    char sql[96];
    snprintf(sql, sizeof(sql), "ANALYZE %s", table);
    return pg_exec(db, sql, e);
}

const struct db_driver db_postgres_driver = {
    .backend = DB_POSTGRES,
    .open = pg_open,
    .close = pg_close,
    .prepare = pg_prepare,
    .bind_int64 = pg_bind_int64,
    .refresh_statistics = pg_refresh_statistics,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .column_blob = pg_column_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .column_is_null = pg_column_is_null,
    .column_int64 = pg_column_int64,
    .column_text = pg_column_text,
    .reset = pg_reset,
    .exec = pg_exec,
    .begin = pg_begin,
    .lock_tenant = pg_lock_tenant,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .conflicted = pg_conflicted,
    .change_stamp = pg_change_stamp,
    .schema_version = pg_schema_version,
    .set_schema_version = pg_set_schema_version,
    .drop_all = pg_drop_all,
};
