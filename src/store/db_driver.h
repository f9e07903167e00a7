/* What each backend of db.h provides (db_sqlite.c, db_postgres.c); db.c dispatches to it. */
#ifndef STORE_DB_DRIVER_H
#define STORE_DB_DRIVER_H

#include "store/db.h"

struct db_driver {
    enum db_backend backend;
    int (*open)(struct db **out, const char *target, bool create, struct error *e);
    void (*close)(struct db *db);
    struct db_stmt *(*prepare)(struct db *db, const char *sql, struct error *e);
    void (*bind_int64)(struct db_stmt *s, int index, int64_t value);
    void (*bind_text)(struct db_stmt *s, int index, const char *value);
    void (*bind_null)(struct db_stmt *s, int index);
    int (*step)(struct db_stmt *s, struct error *e);
    bool (*column_is_null)(struct db_stmt *s, int col);
    int64_t (*column_int64)(struct db_stmt *s, int col);
    const char *(*column_text)(struct db_stmt *s, int col, size_t *len);
    void (*reset)(struct db_stmt *s);
    int (*exec)(struct db *db, const char *sql, struct error *e);
    int (*begin)(struct db *db, bool write, struct error *e);
    int (*lock_tenant)(struct db *db, int64_t tenant, struct error *e);
    int (*commit)(struct db *db, struct error *e);
    void (*rollback)(struct db *db);
    /* true when the last failure was a conflict with a concurrent transaction */
    bool (*conflicted)(struct db *db);
    int (*change_stamp)(struct db *db, uint64_t stamp[2]);
    int (*schema_version)(struct db *db, int *version, struct error *e);
    int (*set_schema_version)(struct db *db, int version, struct error *e);
    int (*drop_all)(struct db *db, struct error *e);
};

struct db {
    const struct db_driver *driver;
    char display[256];
    bool in_snapshot; /* inside db_snapshot_begin: db_read runs in it */
    bool in_batch;    /* inside db_batch_begin: every db_read and db_write runs in its one transaction */
};

struct db_stmt {
    struct db *db;
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_postgres_driver;

/* FNV-1a of a statement's text: the key of each backend's statement cache. */
uint64_t db_sql_hash(const char *sql);

#endif
