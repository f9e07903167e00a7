/*
 * The store: the one interface to the database. Callers never see SQL or which backend runs
 * it (an SQLite file, or PostgreSQL for a target such as postgresql://user@host/db); a
 * `struct store` is one connection, used by one thread at a time (the server opens one per
 * event-loop thread). Every write runs in one transaction: it is all done or not at all.
 * Every operation acts within one tenant. Results are copied into the caller's arena.
 */
#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"
#include "domain/permission.h"
#include "domain/unit.h"

struct store;

enum store_open_mode {
    STORE_OPEN_SERVE,  /* must exist, be a Pacesetter database, at this binary's schema version */
    STORE_OPEN_CREATE, /* created if missing; the caller then migrates */
};

int store_open(struct store **out, const char *db, enum store_open_mode mode, struct error *e);
/* Closes the connection; the last one to close checkpoints the write-ahead log. */
void store_close(struct store *st);

int store_schema_version_latest(void);
/* Applies every migration above the database's version, each in its own transaction. */
int store_migrate(struct store *st, int *from, int *to, struct error *e);
/* Drops everything and migrates afresh: for `demo`, which recreates its database. */
int store_recreate(struct store *st, struct error *e);
/* The database's name for messages, without any password. Borrowed. */
const char *store_display_name(const struct store *st);
/* A bulk load in one transaction (see db_batch_begin): end with commit false after a failure. */
int store_batch_begin(struct store *st, struct error *e);
int store_batch_end(struct store *st, bool commit, struct error *e);
/*
 * An answer kept for key while the database is unchanged (answers.c): 1 and the bytes (borrowed,
 * valid until the next store call) and the number kept with them; 0 when there is none, and then
 * stamp is what to keep a new one under (taken before the answer is made, so that a change made
 * meanwhile leaves it stale, never wrong); -1 where nothing is kept (PostgreSQL, a key too long).
 */
int store_answer_find(struct store *st, const char *key, uint64_t stamp[2], const char **bytes, size_t *len,
                      int64_t *n);
/* Keeps a copy of the answer (nothing when it is over 256 KiB or memory is short). */
void store_answer_keep(struct store *st, const char *key, const uint64_t stamp[2], const char *bytes, size_t len,
                       int64_t n);
/* One snapshot for a whole reading request where that is cheap (see db_snapshot_begin). */
void store_snapshot_begin(struct store *st);
void store_snapshot_end(struct store *st);

enum unit_sort { UNIT_SORT_SORT_ORDER, UNIT_SORT_NAME, UNIT_SORT_CODE, UNIT_SORT_KIND, UNIT_SORT_ID,
                 UNIT_SORT_CREATED_AT, UNIT_SORT_UPDATED_AT, UNIT_SORT_COUNT };

/* Who is writing, for the operation log: a user (id > 0), or the command line (id 0). */
struct actor {
    int64_t user_id;
    const char *username;
    const char *address;
};

struct unit_filter {
    bool has_kind;
    enum unit_kind kind;
    bool has_parent;
    int64_t parent_id; /* 0: top-level units */
    const char *text;  /* NULL or a substring of the name or code */
    int64_t scope;     /* 0, or the unit whose subtree alone is visible (data scope) */
    enum unit_sort sort;
    bool descending;
    int64_t page, page_size;
};

/* Fields given to create or update; has_* says which were given. */
struct unit_input {
    bool has_code, has_name, has_kind, has_parent, has_division_code, has_sort_order;
    const char *code, *name, *division_code; /* division_code NULL: none */
    enum unit_kind kind;
    int64_t parent_id; /* 0: top level */
    int64_t sort_order;
};

/* A tenant (地区): one city or county on an installation. */
struct tenant {
    int64_t id;
    const char *name;
    const char *division_code; /* NULL for the default tenant of a single-city install */
    const char *created_at;
};

/* Adds a tenant; its division code must be unique on the installation. Fills out. */
int store_tenant_add(struct store *st, const char *name, const char *division_code, struct arena *a,
                     struct tenant *out, struct error *e);
/* Every tenant, by id (an installation-level list: the one read that spans tenants). */
int store_tenants_list(struct store *st, struct arena *a, struct tenant **items, size_t *count, struct error *e);
int store_tenant_get(struct store *st, int64_t id, struct arena *a, struct tenant *out, struct error *e);

/* What `copy` moved and verified, table by table. */
#define STORE_COPY_TABLES_MAX 48
struct store_copy_report {
    size_t n_tables;
    struct {
        const char *table;
        int64_t rows;
        uint64_t checksum; /* over every row in key order, the same on both backends */
    } tables[STORE_COPY_TABLES_MAX];
};

/*
 * Copies every row of every table from `from` to `to` (both at this binary's schema version;
 * `to` holding nothing but what migrate made), preserving ids, in one transaction on `to`;
 * then reads `to` back and checks each table's row count and checksum against `from`.
 */
int store_copy(struct store *from, struct store *to, struct store_copy_report *report, struct error *e);
/* Row count and checksum of each table, as store_copy computes them. */
int store_checksums(struct store *st, struct store_copy_report *report, struct error *e);

int store_units_list(struct store *st, int64_t tenant, const struct unit_filter *f, struct arena *a,
                     struct unit **items, size_t *count, int64_t *total, struct error *e);

/*
 * Exports read every matching row, one at a time, in one consistent snapshot, without holding
 * them all in memory (on PostgreSQL, in batches of STORE_EACH_BATCH rows). fn gets each row,
 * valid only during the call; a non-zero return stops the walk and is returned (e filled by fn).
 * More than `limit` matching rows fail with ERR_TOO_LARGE before fn is called. The filter's
 * page and page_size are ignored; its sort and data scope apply as in the list.
 */
#define STORE_EACH_BATCH 10000
typedef int (*store_unit_fn)(void *ctx, const struct unit *u, struct error *e);
int store_units_each(struct store *st, int64_t tenant, const struct unit_filter *f, int64_t limit, store_unit_fn fn,
                     void *ctx, struct error *e);
/* scope: 0, or the unit whose subtree alone is visible; a unit outside it is not found. */
int store_unit_get(struct store *st, int64_t tenant, int64_t scope, int64_t id, struct arena *a, struct unit *out,
                   struct error *e);
/* Creates from a complete input (code, name and kind given); checks the tree and uniqueness. */
int store_unit_create(struct store *st, int64_t tenant, const struct unit_input *in, const struct actor *who,
                      struct arena *a, struct unit *out, struct error *e);
int store_unit_update(struct store *st, int64_t tenant, int64_t id, const struct unit_input *in,
                      const struct actor *who, struct arena *a, struct unit *out, struct error *e);
int store_unit_delete(struct store *st, int64_t tenant, int64_t id, const struct actor *who, struct error *e);

/* ---- imports: many rows in one transaction, all or nothing ---- */

enum import_action { IMPORT_CREATE, IMPORT_UPDATE, IMPORT_UNCHANGED };

/* A row the store refused, by its index in the import and the field at fault. */
struct import_row_error {
    size_t index;
    const char *field;
    const char *zh, *en;
};

struct unit_import {
    size_t n;
    const struct unit_input *in; /* per row: has_* for the fields the sheet gives; parent below */
    const char *const *parent_code; /* per row, used when in[i].has_parent: NULL for top level */
    bool dry_run;                /* check and report, then write nothing */
    enum import_action *actions; /* out, per row (caller-allocated) */
    struct import_row_error *errors; /* out, in the arena */
    size_t n_errors;
    int64_t created, updated, unchanged;
};

/*
 * Creates or updates each row's unit, matched by code; parents by code, among the tenant's
 * units and the rows (which may come in any order). With any row refused, nothing is written
 * and it fails with ERR_INVALID_ROWS, every refused row in im->errors.
 */
int store_units_import(struct store *st, int64_t tenant, struct unit_import *im, const struct actor *who,
                       struct arena *a, struct error *e);

struct user_import {
    size_t n;
    const struct user_input *in;  /* per row: has_* for the fields given; password_hash for a new user */
    const char *const *unit_code; /* per row, used when in[i].has_unit: NULL for none */
    bool dry_run;
    enum import_action *actions;  /* out, per row (caller-allocated) */
    struct import_row_error *errors; /* out, in the arena */
    size_t n_errors;
    int64_t created, updated, unchanged;
};

/*
 * Creates or updates each row's account, matched by user name (names are unique on the whole
 * installation: a name used in another city is refused); units by code within the tenant. A
 * new account needs a password hash; an existing account's password is never changed here.
 * All or nothing, as store_units_import.
 */
int store_users_import(struct store *st, int64_t tenant, struct user_import *im, const struct actor *who,
                       struct arena *a, struct error *e);

#include "store/store_enterprises.h"

/* ---- accounts (installation-wide user names; each user belongs to one tenant) ---- */

struct user {
    int64_t id, tenant_id, unit_id; /* unit_id 0: none */
    int64_t enterprise_id;          /* an enterprise account's enterprise, 0: none */
    const char *username, *display_name;
    enum role role;
    bool disabled;
    const char *created_at, *updated_at, *last_login_at; /* last_login_at may be NULL */
    const char *password_hash; /* only from store_user_by_name, for login */
};

struct user_input {
    bool has_username, has_display_name, has_role, has_unit, has_disabled, has_enterprise;
    const char *username, *display_name;
    enum role role;
    int64_t unit_id;
    int64_t enterprise_id; /* 0: none; only for an enterprise account */
    bool disabled;
    const char *password_hash; /* create only */
};

struct user_filter {
    const char *text;
    bool has_role, has_unit, has_disabled;
    enum role role;
    int64_t unit_id;
    bool disabled;
    int64_t page, page_size;
};

int store_user_create(struct store *st, int64_t tenant, const struct user_input *in, const struct actor *who,
                      struct arena *a, struct user *out, struct error *e);
int store_user_update(struct store *st, int64_t tenant, int64_t id, const struct user_input *in,
                      const struct actor *who, struct arena *a, struct user *out, struct error *e);
int store_user_get(struct store *st, int64_t tenant, int64_t id, struct arena *a, struct user *out, struct error *e);
/* Any tenant's user, with the password hash: for login and the command line. */
int store_user_by_name(struct store *st, const char *username, struct arena *a, struct user *out, struct error *e);
int store_users_list(struct store *st, int64_t tenant, const struct user_filter *f, struct arena *a,
                     struct user **items, size_t *count, int64_t *total, struct error *e);
/* As store_units_each; unit_code is the code of the user's unit (NULL: none); no password hash. */
typedef int (*store_user_fn)(void *ctx, const struct user *u, const char *unit_code, struct error *e);
int store_users_each(struct store *st, int64_t tenant, const struct user_filter *f, int64_t limit, store_user_fn fn,
                     void *ctx, struct error *e);
/* Sets the hash and ends every session of the user. */
int store_user_set_password(struct store *st, int64_t tenant, int64_t id, const char *hash, const struct actor *who,
                            struct error *e);

struct session {
    int64_t tenant_id;
    const char *csrf_token;
    const char *last_seen_at;
    struct user user;
};

int store_session_create(struct store *st, const struct user *u, const char *token_hash, const char *csrf,
                         const char *expires_at, struct error *e);
/* The live session of a token hash: not expired, not idle longer than idle_seconds, user enabled. */
int store_session_get(struct store *st, const char *token_hash, long long idle_seconds, struct arena *a,
                      struct session *out, struct error *e);
int store_session_touch(struct store *st, const char *token_hash, struct error *e);
/* Moves a session into another tenant (a province administrator switching cities). */
int store_session_set_tenant(struct store *st, const char *token_hash, int64_t tenant, struct error *e);
int store_session_delete(struct store *st, const char *token_hash, struct error *e);

struct api_token {
    int64_t id;
    const char *name, *created_at, *last_used_at;
};

int store_token_create(struct store *st, const struct user *u, const char *name, const char *token_hash,
                       const struct actor *who, struct arena *a, struct api_token *out, struct error *e);
int store_tokens_list(struct store *st, int64_t user_id, struct arena *a, struct api_token **items, size_t *count,
                      struct error *e);
int store_token_revoke(struct store *st, const struct user *u, int64_t id, const struct actor *who, struct error *e);
/* The user of a live (not revoked) API token, as a session without CSRF; marks it used. */
int store_token_session(struct store *st, const char *token_hash, struct arena *a, struct session *out,
                        struct error *e);

struct login_entry {
    int64_t id;
    const char *at, *username, *address, *reason;
    bool success;
};

int store_login_record(struct store *st, const char *username, const char *address, bool success,
                       const char *reason, struct error *e);
/* Failures since `since` for the name and for the address, and the time of the latest. */
int store_login_failures(struct store *st, const char *username, const char *address, const char *since,
                         int64_t *by_name, int64_t *by_address, char latest[32], struct error *e);
/*
 * The login log as tenant sees it: the installation's own tenant (1) every entry; any other city
 * only the entries of names that are its users' (a name nobody has stays with the installation).
 */
int store_login_log_list(struct store *st, int64_t tenant, int64_t page, int64_t page_size, struct arena *a,
                         struct login_entry **items, size_t *count, int64_t *total, struct error *e);
/* As store_units_each (installation-wide, no filter), newest first like the list. */
typedef int (*store_login_fn)(void *ctx, const struct login_entry *l, struct error *e);
int store_login_log_each(struct store *st, int64_t tenant, int64_t limit, store_login_fn fn, void *ctx,
                         struct error *e);

/* ---- the operation log ---- */

struct audit_entry {
    int64_t id, user_id, resource_id;
    const char *at, *username, *address, *action, *resource, *changes, *prev_hash, *hash;
};

struct audit_filter {
    int64_t user_id;        /* 0: any */
    const char *resource;   /* NULL: any */
    const char *action;     /* NULL: any */
    const char *from, *to;  /* NULL or YYYY-MM-DD, inclusive */
    int64_t page, page_size;
};

int store_audit_list(struct store *st, int64_t tenant, const struct audit_filter *f, struct arena *a,
                     struct audit_entry **items, size_t *count, int64_t *total, struct error *e);
/* As store_units_each, newest first like the list. */
typedef int (*store_audit_fn)(void *ctx, const struct audit_entry *a, struct error *e);
int store_audit_each(struct store *st, int64_t tenant, const struct audit_filter *f, int64_t limit, store_audit_fn fn,
                     void *ctx, struct error *e);
/*
 * Recomputes every tenant's hash chain. Fills checked; when a link is broken returns 0 with
 * *broken_tenant and *broken_id set to the first bad record (both 0 when the chain is whole).
 */
int store_audit_verify(struct store *st, int64_t *checked, int64_t *broken_tenant, int64_t *broken_id,
                       struct error *e);

#include "store/store_projects.h"
#include "store/store_problems.h"
#include "store/store_stats.h"
#include "store/store_saved_filters.h"
#include "store/store_photos.h"
#include "store/store_appraisal.h"
#include "store/store_awards.h"
#include "store/store_appraisal_sheets.h"
#include "store/store_benchmark.h"

#endif
