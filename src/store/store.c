/*
 * Opening a store (either backend), schema versions and migrations. A migration is one .sql
 * file per version, embedded at build time; lines "--- sqlite", "--- postgres" and "--- both"
 * mark the parts that only one backend runs, so both dialects stay side by side.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "base/strbuf.h"
#include "store/store_internal.h"
#include "base/banned.h"

extern const struct embedded_file migration_files[];
extern const size_t migration_files_count;

int64_t store_each_batch(struct db *db)
{
    uint64_t stamp[2];
    /* SQLite steps through a result row by row; libpq holds a whole result in memory */
    return db_change_stamp(db, stamp) == 0 ? INT64_MAX : STORE_EACH_BATCH;
}

int store_too_many(int64_t count, int64_t limit, struct error *e)
{
    return error_set(e, ERR_TOO_LARGE, NULL, "共 %lld 行，超过导出上限 %lld 行：请缩小筛选范围",
                     "%lld rows exceed the export limit of %lld rows: narrow the filter", (long long)count,
                     (long long)limit);
}

static struct db_stmt *walk_statement(struct db *db, const char *head, const char *from, const char *tail,
                                      struct error *e)
{
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql, head);
    strbuf_addstr(&sql, from);
    strbuf_addstr(&sql, tail);
    struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
    strbuf_release(&sql);
    if (!s && !e->code)
        store_no_memory(e);
    return s;
}

int store_walk(struct db *db, const struct store_walk *w, struct error *e)
{
    struct db_stmt *s = walk_statement(db, "SELECT count(*)", w->from, "", e);
    if (!s)
        return -1;
    w->bind(s, w->ctx);
    int rc = db_step(s, e);
    int64_t total = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc != 1)
        return -1;
    if (total > w->limit)
        return store_too_many(total, w->limit, e);
    char tail[256];
    snprintf(tail, sizeof(tail), "%s LIMIT ?%d OFFSET ?%d", w->order, w->page, w->page + 1);
    struct strbuf head = STRBUF_INIT;
    strbuf_addstr(&head, "SELECT ");
    strbuf_addstr(&head, w->columns);
    s = head.failed ? NULL : walk_statement(db, head.buf, w->from, tail, e);
    strbuf_release(&head);
    if (!s)
        return e->code ? -1 : store_no_memory(e);
    int64_t batch = store_each_batch(db), offset = 0, got;
    struct arena a = ARENA_INIT;
    do {
        w->bind(s, w->ctx);
        db_bind_int64(s, w->page, batch);
        db_bind_int64(s, w->page + 1, offset);
        got = 0;
        while ((rc = db_step(s, e)) == 1) {
            got++;
            rc = w->row(s, &a, w->ctx, e);
            arena_release(&a);
            if (rc != 0)
                break;
        }
        db_reset(s);
        offset += got;
    } while (rc == 0 && got == batch);
    return rc < 0 ? -1 : rc;
}

int store_no_memory(struct error *e)
{
    return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
}

int store_batch_begin(struct store *st, struct error *e)
{
    return db_batch_begin(st->db, e);
}

int store_batch_end(struct store *st, bool commit, struct error *e)
{
    return db_batch_end(st->db, commit, e);
}

int store_blob(struct db_stmt *s, int col, struct arena *a, const void **data, int64_t *size)
{
    size_t len;
    const void *bytes = db_column_blob(s, col, &len);
    void *copy = arena_alloc(a, len ? len : 1);
    if (!copy)
        return -1;
    if (bytes && len)
        memcpy(copy, bytes, len);
    *data = copy;
    *size = (int64_t)len;
    return 0;
}

const char *store_text(struct db_stmt *s, int col, struct arena *a)
{
    size_t len;
    const char *t = db_column_text(s, col, &len);
    return t ? arena_strndup(a, t, len) : NULL;
}

int store_exec_ints(struct db *db, const char *sql, struct error *e, int n, ...)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    va_list ap;
    va_start(ap, n);
    for (int i = 1; i <= n; i++)
        db_bind_int64(s, i, va_arg(ap, int64_t));
    va_end(ap);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_schema_version_latest(void)
{
    int latest = 0;
    for (size_t i = 0; i < migration_files_count; i++)
        if (atoi(migration_files[i].path + 1) > latest)
            latest = atoi(migration_files[i].path + 1);
    return latest;
}

int store_open(struct store **out, const char *target, enum store_open_mode mode, struct error *e)
{
    *out = NULL;
    struct store *st = calloc(1, sizeof(*st));
    if (!st)
        return store_no_memory(e);
    int version = 0, latest = store_schema_version_latest();
    if (db_open(&st->db, target, mode == STORE_OPEN_CREATE, e) != 0 ||
        db_schema_version(st->db, &version, e) != 0)
        goto fail;
    const char *name = db_display_name(st->db);
    if (version > latest) {
        error_set(e, ERR_INVALID_VALUE, "db", "数据库 %s 的版本（%d）比本程序（%d）新：请升级 pacesetter",
                  "database %s has schema version %d, newer than this binary's %d: upgrade pacesetter", name,
                  version, latest);
        goto fail;
    }
    if (mode == STORE_OPEN_SERVE && version < latest) {
        error_set(
            e, ERR_INVALID_VALUE, "db", "数据库 %s 的版本（%d）低于本程序（%d）：请先运行 pacesetter migrate",
            "database %s has schema version %d, older than this binary's %d: run pacesetter migrate first",
            name, version, latest);
        goto fail;
    }
    *out = st;
    return 0;
fail:
    db_close(st->db);
    free(st);
    return -1;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    store_answers_release(st);
    store_appr_cache_release(st);
    db_close(st->db);
    free(st);
}

const char *store_display_name(const struct store *st)
{
    return db_display_name(st->db);
}

void store_snapshot_begin(struct store *st)
{
    db_snapshot_begin(st->db);
}

void store_snapshot_end(struct store *st)
{
    db_snapshot_end(st->db);
}

/* The statements of a migration file that this backend runs. */
static int migration_sql(const struct embedded_file *m, enum db_backend backend, struct strbuf *sql)
{
    const char *p = (const char *)m->data, *end = p + m->len;
    bool on = true;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
        if (len >= 4 && memcmp(p, "--- ", 4) == 0) {
            if (len == 10 && memcmp(p + 4, "sqlite", 6) == 0)
                on = backend == DB_SQLITE;
            else if (len == 12 && memcmp(p + 4, "postgres", 8) == 0)
                on = backend == DB_POSTGRES;
            else if (len == 8 && memcmp(p + 4, "both", 4) == 0)
                on = true;
        } else if (on) {
            strbuf_add(sql, p, len);
            strbuf_addch(sql, '\n');
        }
        p += len + 1;
    }
    return sql->failed ? -1 : 0;
}

struct migration {
    const char *sql;
    int number;
};

static int apply_migration(struct db *db, void *ctx, struct error *e)
{
    struct migration *m = ctx;
    return db_exec(db, m->sql, e) == 0 ? db_set_schema_version(db, m->number, e) : -1;
}

int store_migrate(struct store *st, int *from, int *to, struct error *e)
{
    int version = 0;
    if (db_schema_version(st->db, &version, e) != 0)
        return -1;
    *from = *to = version;
    for (size_t i = 0; i < migration_files_count; i++) {
        const struct embedded_file *file = &migration_files[i];
        int number = atoi(file->path + 1);
        if (number <= version)
            continue;
        struct strbuf sql = STRBUF_INIT;
        if (migration_sql(file, db_backend(st->db), &sql) != 0) {
            strbuf_release(&sql);
            return store_no_memory(e);
        }
        struct migration m = {sql.buf ? sql.buf : "", number};
        int rc = db_write(st->db, apply_migration, &m, e);
        strbuf_release(&sql);
        if (rc != 0) {
            char why[sizeof(e->message_en)];
            memcpy(why, e->message_en, sizeof(why));
            return error_set(e, ERR_INTERNAL, NULL, "迁移 %s 失败：%s", "migration %s failed: %s",
                             file->path + 1, why);
        }
        *to = number;
    }
    return 0;
}

int store_recreate(struct store *st, struct error *e)
{
    int from, to;
    return db_drop_all(st->db, e) == 0 ? store_migrate(st, &from, &to, e) : -1;
}
