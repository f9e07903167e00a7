/* A user's saved list filters (常用筛选), by resource (included by store.h). */
#ifndef STORE_STORE_SAVED_FILTERS_H
#define STORE_STORE_SAVED_FILTERS_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"

struct store;

struct saved_filter {
    int64_t id;
    const char *resource, *name, *query, *created_at;
};

int store_saved_filters_list(struct store *st, int64_t tenant, int64_t user_id, const char *resource,
                             struct arena *a, struct saved_filter **items, size_t *count, struct error *e);
/* A second filter of the same name for the same resource is refused (ERR_DUPLICATE). */
int store_saved_filter_add(struct store *st, int64_t tenant, int64_t user_id, const char *resource,
                           const char *name, const char *query, struct arena *a, struct saved_filter *out,
                           struct error *e);
/* Only the user's own; another's reads as not found. */
int store_saved_filter_delete(struct store *st, int64_t tenant, int64_t user_id, int64_t id, struct error *e);

#endif
