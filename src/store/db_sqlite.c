/*
 * The SQLite backend of db.h. WAL with synchronous=FULL (an acknowledged commit survives a
 * power cut), foreign keys on, a busy timeout, and writers that BEGIN IMMEDIATE so that
 * SQLITE_BUSY never reaches a user. Statements are prepared once per connection and kept.
 */
#include "store/db_driver.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/strbuf.h"
#include "base/banned.h"

#define APPLICATION_ID 0x50414345 /* "PACE" */
#define BUSY_TIMEOUT_MS 5000
#define CACHE_SLOTS 512 /* a power of two, well above the number of distinct statements */

struct sqlite_stmt {
    struct db_stmt base;
    sqlite3_stmt *stmt;
    uint64_t hash;
    char *sql;
};

struct sqlite_db {
    struct db base;
    sqlite3 *conn;
    struct sqlite_stmt cache[CACHE_SLOTS];
};

static struct sqlite_db *lite(struct db *db)
{
    return (struct sqlite_db *)db;
}

static sqlite3_stmt *native(struct db_stmt *s)
{
    return ((struct sqlite_stmt *)s)->stmt;
}

static int fail(struct sqlite_db *d, struct error *e, const char *what)
{
    int code = sqlite3_errcode(d->conn) & 0xFF;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) /* still locked when the busy timeout ran out */
        return error_set(
            e, ERR_BUSY, NULL, "数据库正忙（另一项写入仍在进行，如大批量导入），请稍后重试",
            "the database is busy (another write, such as a large import, is still running): try again");
    log_error("sqlite: %s: %s", what, sqlite3_errmsg(d->conn));
    return error_set(e, ERR_INTERNAL, NULL, "数据库错误：%s", "database error: %s", what);
}

/* iso(timestamp): timestamps are stored as ISO 8601 text already. */
static void fn_iso(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sqlite3_result_value(ctx, argv[0]);
}

/* strpos(haystack, needle): PostgreSQL's name for instr(). */
static void fn_strpos(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *h = sqlite3_value_text(argv[0]), *n = sqlite3_value_text(argv[1]);
    if (!h || !n) {
        sqlite3_result_null(ctx);
        return;
    }
    const char *at = strstr((const char *)h, (const char *)n);
    if (!at) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    int chars = 1; /* 1-based position in characters */
    for (const unsigned char *p = h; p < (const unsigned char *)at; p++)
        chars += (*p & 0xC0) != 0x80;
    sqlite3_result_int(ctx, chars);
}

/*
 * Before SQLite's first use: no memory statistics, whose global mutex every allocation of every
 * connection would take (we never read them; ~5% of a large import's time).
 */
static void lite_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int lite_open(struct db **out, const char *path, bool create, struct error *e)
{
    static pthread_once_t configured = PTHREAD_ONCE_INIT;
    pthread_once(&configured, lite_configure);
    *out = NULL;
    struct sqlite_db *d = calloc(1, sizeof(*d));
    if (!d)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    d->base.driver = &db_sqlite_driver;
    snprintf(d->base.display, sizeof(d->base.display), "%s", path);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &d->conn, flags, NULL) != SQLITE_OK) {
        error_set(e, ERR_NOT_FOUND, "db",
                  "无法打开数据库 %s：%s（新建数据库请用 pacesetter migrate 或 demo）",
                  "cannot open database %s: %s (create one with pacesetter migrate or demo)", path,
                  d->conn ? sqlite3_errmsg(d->conn) : "out of memory");
        sqlite3_close(d->conn);
        free(d);
        return -1;
    }
    sqlite3_busy_timeout(d->conn, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(d->conn, 1);
    sqlite3_exec(d->conn, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", NULL, NULL, NULL);
    int det = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    sqlite3_create_function(d->conn, "iso", 1, det, NULL, fn_iso, NULL, NULL);
    sqlite3_create_function(d->conn, "strpos", 2, det, NULL, fn_strpos, NULL, NULL);
    *out = &d->base;
    return 0;
}

static void lite_close(struct db *db)
{
    struct sqlite_db *d = lite(db);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        sqlite3_finalize(d->cache[i].stmt);
        free(d->cache[i].sql);
    }
    /* The last connection to close checkpoints the WAL and removes it. */
    sqlite3_close(d->conn);
    free(d);
}

static struct db_stmt *lite_prepare(struct db *db, const char *sql, struct error *e)
{
    struct sqlite_db *d = lite(db);
    uint64_t h = db_sql_hash(sql);
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        struct sqlite_stmt *slot = &d->cache[(h + i) & (CACHE_SLOTS - 1)];
        if (slot->stmt && slot->hash == h && strcmp(slot->sql, sql) == 0)
            return &slot->base;
        if (!slot->stmt) {
            slot->sql = strdup(sql);
            if (!slot->sql) {
                error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
                return NULL;
            }
            if (sqlite3_prepare_v3(d->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &slot->stmt, NULL) !=
                SQLITE_OK) {
                free(slot->sql);
                slot->sql = NULL;
                slot->stmt = NULL;
                fail(d, e, "prepare");
                return NULL;
            }
            slot->hash = h;
            slot->base.db = db;
            return &slot->base;
        }
    }
    error_set(e, ERR_INTERNAL, NULL, "语句缓存已满", "the statement cache is full");
    return NULL;
}

static void lite_bind_int64(struct db_stmt *s, int index, int64_t value)
{
    sqlite3_bind_int64(native(s), index, value);
}

static void lite_bind_text(struct db_stmt *s, int index, const char *value)
{
    sqlite3_bind_text(native(s), index, value, -1, SQLITE_TRANSIENT);
}

static void lite_bind_null(struct db_stmt *s, int index)
{
    sqlite3_bind_null(native(s), index);
}

static void lite_bind_blob(struct db_stmt *s, int index, const void *data, size_t len)
{
    sqlite3_bind_blob64(native(s), index, len ? data : "", len, SQLITE_TRANSIENT);
}

static int lite_step(struct db_stmt *s, struct error *e)
{
    int rc = sqlite3_step(native(s));
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return fail(lite(s->db), e, "step");
}

static bool lite_column_is_null(struct db_stmt *s, int col)
{
    return sqlite3_column_type(native(s), col) == SQLITE_NULL;
}

static int64_t lite_column_int64(struct db_stmt *s, int col)
{
    return sqlite3_column_int64(native(s), col);
}

static const char *lite_column_text(struct db_stmt *s, int col, size_t *len)
{
    const char *t = (const char *)sqlite3_column_text(native(s), col);
    if (len)
        *len = t ? (size_t)sqlite3_column_bytes(native(s), col) : 0;
    return t;
}

static const void *lite_column_blob(struct db_stmt *s, int col, size_t *len)
{
    const void *b = sqlite3_column_blob(native(s), col);
    *len = (size_t)sqlite3_column_bytes(native(s), col);
    return b || sqlite3_column_type(native(s), col) != SQLITE_NULL ? (b ? b : "") : NULL;
}

static void lite_reset(struct db_stmt *s)
{
    sqlite3_reset(native(s));
    sqlite3_clear_bindings(native(s));
}

static int lite_exec(struct db *db, const char *sql, struct error *e)
{
    char *msg = NULL;
    if (sqlite3_exec(lite(db)->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int code = sqlite3_errcode(lite(db)->conn) & 0xFF;
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
            sqlite3_free(msg);
            return fail(lite(db), e, "exec");
        }
        log_error("sqlite: %.200s: %s", sql, msg ? msg : "?");
        /* the details (SQL, names) go to the log only */
        error_set(e, ERR_INTERNAL, NULL, "数据库错误", "database error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int lite_begin(struct db *db, bool write, struct error *e)
{
    struct db_stmt *s = lite_prepare(db, write ? "BEGIN IMMEDIATE" : "BEGIN", e);
    if (!s)
        return -1;
    int rc = lite_step(s, e);
    lite_reset(s);
    return rc < 0 ? -1 : 0;
}

/* One writer at a time already (BEGIN IMMEDIATE). */
static int lite_lock_tenant(struct db *db, int64_t tenant, struct error *e)
{
    return 0;
}

static int lite_commit(struct db *db, struct error *e)
{
    struct db_stmt *s = lite_prepare(db, "COMMIT", e);
    if (!s)
        return -1;
    int rc = lite_step(s, e);
    lite_reset(s);
    return rc < 0 ? -1 : 0;
}

static void lite_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(lite(db)->conn))
        sqlite3_exec(lite(db)->conn, "ROLLBACK", NULL, NULL, NULL);
}

/* Writers are serialised by BEGIN IMMEDIATE and the busy timeout: nothing to retry. */
static bool lite_conflicted(struct db *db)
{
    return false;
}

/*
 * PRAGMA data_version changes when another connection commits (it opens a read transaction to
 * look); sqlite3_total_changes counts this connection's own changed rows. Together: any change.
 */
static int lite_change_stamp(struct db *db, uint64_t stamp[2])
{
    struct error e;
    struct db_stmt *s = lite_prepare(db, "PRAGMA data_version", &e);
    if (!s)
        return -1;
    int rc = lite_step(s, &e);
    uint64_t version = rc == 1 ? (uint64_t)sqlite3_column_int64(native(s), 0) : 0;
    lite_reset(s);
    if (rc != 1)
        return -1;
    stamp[0] = version;
    stamp[1] = (uint64_t)sqlite3_total_changes64(lite(db)->conn);
    return 0;
}

static int query_int(struct sqlite_db *d, const char *sql, int *out)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(d->conn, sql, -1, &s, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Ours: application_id "PACE" and the version in user_version. Empty: version 0. */
static int lite_schema_version(struct db *db, int *version, struct error *e)
{
    struct sqlite_db *d = lite(db);
    int app = 0, tables = 0;
    *version = 0;
    if (query_int(d, "PRAGMA application_id", &app) != 0 ||
        query_int(d, "SELECT count(*) FROM sqlite_schema", &tables) != 0 ||
        (tables > 0 && app != APPLICATION_ID) || query_int(d, "PRAGMA user_version", version) != 0)
        return error_set(e, ERR_INVALID_VALUE, "db", "%s 不是 Pacesetter 数据库",
                         "%s is not a Pacesetter database", db->display);
    /* Ours or empty: write-ahead logging (persistent; it cannot be switched inside a transaction). */
    return lite_exec(db, "PRAGMA journal_mode = WAL", e);
}

static int lite_set_schema_version(struct db *db, int version, struct error *e)
{
    char sql[96];
    snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = %d;", APPLICATION_ID,
             version);
    return lite_exec(db, sql, e);
}

static int lite_drop_all(struct db *db, struct error *e)
{
    struct sqlite_db *d = lite(db);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        sqlite3_finalize(d->cache[i].stmt);
        free(d->cache[i].sql);
        d->cache[i].stmt = NULL;
        d->cache[i].sql = NULL;
    }
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql, "PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE;");
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(d->conn,
                           "SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'trigger', 'view') "
                           "AND name NOT LIKE 'sqlite_%'",
                           -1, &s, NULL) != SQLITE_OK)
        return fail(d, e, "list tables");
    while (sqlite3_step(s) == SQLITE_ROW)
        strbuf_addf(&sql, "DROP %s IF EXISTS \"%s\";", (const char *)sqlite3_column_text(s, 0),
                    (const char *)sqlite3_column_text(s, 1));
    sqlite3_finalize(s);
    strbuf_addstr(&sql,
                  "PRAGMA user_version = 0; PRAGMA application_id = 0; COMMIT; PRAGMA foreign_keys = ON;");
    int rc = sql.failed ? error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory")
                        : lite_exec(db, sql.buf, e);
    strbuf_release(&sql);
    if (rc != 0)
        lite_rollback(db);
    return rc;
}

static int lite_refresh_statistics(struct db *db, const char *table, struct error *e)
{
    (void)db, (void)table, (void)e;
    return 0;
}

const struct db_driver db_sqlite_driver = {
    .backend = DB_SQLITE,
    .open = lite_open,
    .close = lite_close,
    .prepare = lite_prepare,
    .bind_int64 = lite_bind_int64,
    .refresh_statistics = lite_refresh_statistics,
    .bind_text = lite_bind_text,
    .bind_blob = lite_bind_blob,
    .column_blob = lite_column_blob,
    .bind_null = lite_bind_null,
    .step = lite_step,
    .column_is_null = lite_column_is_null,
    .column_int64 = lite_column_int64,
    .column_text = lite_column_text,
    .reset = lite_reset,
    .exec = lite_exec,
    .begin = lite_begin,
    .lock_tenant = lite_lock_tenant,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .conflicted = lite_conflicted,
    .change_stamp = lite_change_stamp,
    .schema_version = lite_schema_version,
    .set_schema_version = lite_set_schema_version,
    .drop_all = lite_drop_all,
};
