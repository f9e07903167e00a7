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
