/* db.h's dispatch to the backend, the transaction runner with its bounded retry, and helpers. */
#include "store/db_driver.h"

#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/log.h"
#include "base/banned.h"

#define WRITE_ATTEMPTS 10

bool db_target_is_postgres(const char *target)
{
    return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0 ||
           strchr(target, '=') != NULL;
}

int db_open(struct db **out, const char *target, bool create, struct error *e)
{
    const struct db_driver *d = db_target_is_postgres(target) ? &db_postgres_driver : &db_sqlite_driver;
    return d->open(out, target, create, e);
}

void db_close(struct db *db)
{
    if (db)
        db->driver->close(db);
}

enum db_backend db_backend(const struct db *db)
{
    return db->driver->backend;
}

const char *db_display_name(const struct db *db)
{
    return db->display;
}

uint64_t db_sql_hash(const char *sql)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

struct db_stmt *db_prepare(struct db *db, const char *sql, struct error *e)
{
    return db->driver->prepare(db, sql, e);
}

void db_bind_int64(struct db_stmt *s, int index, int64_t value)
{
    s->db->driver->bind_int64(s, index, value);
}

void db_bind_text(struct db_stmt *s, int index, const char *value)
{
    if (value)
        s->db->driver->bind_text(s, index, value);
    else
        s->db->driver->bind_null(s, index);
}

void db_bind_null(struct db_stmt *s, int index)
{
    s->db->driver->bind_null(s, index);
}

int db_step(struct db_stmt *s, struct error *e)
{
    return s->db->driver->step(s, e);
}

bool db_column_is_null(struct db_stmt *s, int col)
{
    return s->db->driver->column_is_null(s, col);
}

int64_t db_column_int64(struct db_stmt *s, int col)
{
    return s->db->driver->column_int64(s, col);
}

const char *db_column_text(struct db_stmt *s, int col, size_t *len)
{
    return s->db->driver->column_text(s, col, len);
}

void db_reset(struct db_stmt *s)
{
    s->db->driver->reset(s);
}

int db_exec(struct db *db, const char *sql, struct error *e)
{
    return db->driver->exec(db, sql, e);
}

/* Sleeps a random 1..(2^attempt) ms, so that transactions that collided do not collide again. */
static void back_off(int attempt)
{
    unsigned ceiling_ms = 1u << (attempt < 7 ? attempt : 7);
    unsigned ms = 1 + (unsigned)(clock_micros() % ceiling_ms);
    struct timespec ts = {0, (long)ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* tenant < 0: no tenant lock */
static int run(struct db *db, bool write, int64_t tenant, db_tx_fn fn, void *ctx, struct error *e)
{
    if (db->in_batch) {
        error_clear(e);
        return fn(db, ctx, e);
    }
    for (int attempt = 1;; attempt++) {
        error_clear(e);
        if (db->driver->begin(db, write, e) == 0 &&
            (tenant < 0 || db->driver->lock_tenant(db, tenant, e) == 0) && fn(db, ctx, e) == 0 &&
            db->driver->commit(db, e) == 0)
            return 0;
        bool again = db->driver->conflicted(db);
        db->driver->rollback(db);
        if (!again)
            return -1;
        if (attempt == WRITE_ATTEMPTS) {
            log_error("transaction still conflicting after %d attempts", attempt);
            return error_set(e, ERR_INTERNAL, NULL, "数据库繁忙，请稍后重试",
                             "the database is busy: try again");
        }
        back_off(attempt);
    }
}

int db_write(struct db *db, db_tx_fn fn, void *ctx, struct error *e)
{
    db_snapshot_end(db);
    return run(db, true, -1, fn, ctx, e);
}

int db_write_tenant(struct db *db, int64_t tenant, db_tx_fn fn, void *ctx, struct error *e)
{
    db_snapshot_end(db);
    return run(db, true, tenant, fn, ctx, e);
}

int db_read(struct db *db, db_tx_fn fn, void *ctx, struct error *e)
{
    if (db->in_snapshot) {
        error_clear(e);
        return fn(db, ctx, e);
    }
    return run(db, false, -1, fn, ctx, e);
}

int db_batch_begin(struct db *db, struct error *e)
{
    db_snapshot_end(db);
    if (db->driver->begin(db, true, e) != 0)
        return -1;
    db->in_batch = true;
    return 0;
}

int db_batch_end(struct db *db, bool commit, struct error *e)
{
    db->in_batch = false;
    if (commit && db->driver->commit(db, e) == 0)
        return 0;
    db->driver->rollback(db);
    return commit ? -1 : 0;
}

void db_snapshot_begin(struct db *db)
{
    uint64_t stamp[2];
    struct error e;
    /* only where the change stamp exists, that is where transactions cost no round trip */
    if (db->in_snapshot || db->driver->change_stamp(db, stamp) != 0)
        return;
    db->in_snapshot = db->driver->begin(db, false, &e) == 0;
}

void db_snapshot_end(struct db *db)
{
    struct error e;
    if (!db->in_snapshot)
        return;
    db->in_snapshot = false;
    if (db->driver->commit(db, &e) != 0)
        db->driver->rollback(db);
}

int db_change_stamp(struct db *db, uint64_t stamp[2])
{
    return db->driver->change_stamp(db, stamp);
}

int db_schema_version(struct db *db, int *version, struct error *e)
{
    return db->driver->schema_version(db, version, e);
}

int db_set_schema_version(struct db *db, int version, struct error *e)
{
    return db->driver->set_schema_version(db, version, e);
}

int db_drop_all(struct db *db, struct error *e)
{
    return db->driver->drop_all(db, e);
}
