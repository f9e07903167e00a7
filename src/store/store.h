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
/* Removes every row of one tenant's data (for `demo`, which recreates its city). */
int store_wipe(struct store *st, int64_t tenant, struct error *e);
/* The database's name for messages, without any password. Borrowed. */
const char *store_display_name(const struct store *st);
/* "sqlite" or "postgresql". */
const char *store_backend_name(const struct store *st);

enum unit_sort { UNIT_SORT_SORT_ORDER, UNIT_SORT_NAME, UNIT_SORT_CODE, UNIT_SORT_KIND, UNIT_SORT_ID,
                 UNIT_SORT_CREATED_AT, UNIT_SORT_UPDATED_AT, UNIT_SORT_COUNT };

struct unit_filter {
    bool has_kind;
    enum unit_kind kind;
    bool has_parent;
    int64_t parent_id; /* 0: top-level units */
    const char *text;  /* NULL or a substring of the name or code */
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
#define STORE_COPY_TABLES_MAX 16
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
int store_unit_get(struct store *st, int64_t tenant, int64_t id, struct arena *a, struct unit *out, struct error *e);
/* Creates from a complete input (code, name and kind given); checks the tree and uniqueness. */
int store_unit_create(struct store *st, int64_t tenant, const struct unit_input *in, struct arena *a,
                      struct unit *out, struct error *e);
int store_unit_update(struct store *st, int64_t tenant, int64_t id, const struct unit_input *in, struct arena *a,
                      struct unit *out, struct error *e);
int store_unit_delete(struct store *st, int64_t tenant, int64_t id, struct error *e);

#endif
