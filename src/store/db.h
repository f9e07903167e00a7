/*
 * The store's driver interface: one small API over SQLite and libpq, so that the store's
 * queries and transactions are written once. Private to src/store.
 *
 * SQL is written once with numbered placeholders (?1, ?2, …: SQLite's own form, rewritten to
 * $1, $2, … for PostgreSQL), in the subset both dialects share; the two helper functions
 * iso(timestamp) → 'YYYY-MM-DDTHH:MM:SSZ' and strpos(text, text) exist on both backends.
 * Statements are prepared once per connection and looked up by their text.
 */
#ifndef STORE_DB_H
#define STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

enum db_backend { DB_SQLITE, DB_POSTGRES };

struct db;
struct db_stmt;

/* A target starting with postgresql:// or postgres://, or holding '=' (a libpq keyword string), is PostgreSQL. */
bool db_target_is_postgres(const char *target);
/* create: for SQLite, make the file if missing (PostgreSQL databases are made by their admin). */
int db_open(struct db **out, const char *target, bool create, struct error *e);
void db_close(struct db *db);
enum db_backend db_backend(const struct db *db);
/* The target with any password removed, for messages. Borrowed. */
const char *db_display_name(const struct db *db);

/* Prepared (or found in the connection's cache); NULL with e filled on failure. */
struct db_stmt *db_prepare(struct db *db, const char *sql, struct error *e);
void db_bind_int64(struct db_stmt *s, int index, int64_t value);
void db_bind_text(struct db_stmt *s, int index, const char *value); /* NULL binds NULL; copied */
void db_bind_null(struct db_stmt *s, int index);
/* 1: a row is ready; 0: done; -1: error (e filled). */
int db_step(struct db_stmt *s, struct error *e);
bool db_column_is_null(struct db_stmt *s, int col);
int64_t db_column_int64(struct db_stmt *s, int col);
/* Valid until the next step or reset; NULL for SQL NULL. */
const char *db_column_text(struct db_stmt *s, int col, size_t *len);
/* Ends the statement's use: clears its result and bindings. Always call it after stepping. */
void db_reset(struct db_stmt *s);

/* Runs statements without parameters (may be several, separated by ';'). */
int db_exec(struct db *db, const char *sql, struct error *e);

/*
 * Runs fn inside a write transaction (SQLite BEGIN IMMEDIATE; PostgreSQL SERIALIZABLE) and
 * commits; when fn or the commit fails because of a concurrent transaction, rolls back and runs
 * it again, a bounded number of times. fn returns 0, or -1 with e filled (then nothing is written).
 */
typedef int (*db_tx_fn)(struct db *db, void *ctx, struct error *e);
int db_write(struct db *db, db_tx_fn fn, void *ctx, struct error *e);
/*
 * The same, for a write within one tenant: writers of one tenant take turns (on PostgreSQL, a
 * transaction-scoped advisory lock on the tenant; SQLite has one writer at a time anyway), so a
 * burst of writes to one city queues instead of failing on conflicts; other tenants go on.
 */
int db_write_tenant(struct db *db, int64_t tenant, db_tx_fn fn, void *ctx, struct error *e);
/*
 * Where read transactions are cheap (SQLite), a request that only reads runs in one from start
 * to end: its session check and its queries share a snapshot, and db_read inside it adds none.
 * Elsewhere these do nothing. db_snapshot_end before any write of the request.
 */
void db_snapshot_begin(struct db *db);
void db_snapshot_end(struct db *db);
/* A read-only transaction: every query in fn sees one snapshot. */
int db_read(struct db *db, db_tx_fn fn, void *ctx, struct error *e);
/*
 * A bulk load (the demo's data) in one write transaction: between begin and end every db_write
 * and db_read runs inside it instead of in one of its own. A failed write leaves the batch half
 * done: end it with commit false, which rolls all of it back.
 */
int db_batch_begin(struct db *db, struct error *e);
int db_batch_end(struct db *db, bool commit, struct error *e);

/*
 * SQLite only: a stamp that differs whenever anything was committed since the last call, by any
 * connection, this one included, read outside a transaction; -1 where not available.
 */
int db_change_stamp(struct db *db, uint64_t stamp[2]);

/* Schema version bookkeeping (see migrate.c): -1 and e filled for a database that is not ours. */
int db_schema_version(struct db *db, int *version, struct error *e);
int db_set_schema_version(struct db *db, int version, struct error *e);
/* Drops every table, index, trigger and function: the database is as new (version 0). */
int db_drop_all(struct db *db, struct error *e);

#endif
