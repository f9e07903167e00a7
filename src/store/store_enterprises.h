/*
 * Enterprises in the store (included by store.h): the list with its filters, sort and paging,
 * the writes (each logged in the operation log), the bulk import matched by credit code, and
 * the export's walk. An enterprise's park is a unit of the same tenant.
 */
#ifndef STORE_STORE_ENTERPRISES_H
#define STORE_STORE_ENTERPRISES_H

#include "domain/enterprise.h"

enum enterprise_sort { ENTERPRISE_SORT_NAME, ENTERPRISE_SORT_CREDIT_CODE, ENTERPRISE_SORT_ID,
                       ENTERPRISE_SORT_CREATED_AT, ENTERPRISE_SORT_UPDATED_AT, ENTERPRISE_SORT_COUNT };

struct enterprise_filter {
    const char *text;     /* NULL or a substring of the name or the credit code */
    const char *industry; /* NULL or an industry code of the table: it and every code under it */
    bool has_ownership, has_park, has_above_size, has_leading_talent, has_high_tech;
    enum ownership ownership;
    int64_t park_id;
    bool above_size, leading_talent, high_tech;
    enum enterprise_sort sort;
    bool descending;
    int64_t page, page_size;
};

/* An enterprise as lists show it: with its park's code and name and the count of its projects. */
struct enterprise_view {
    struct enterprise e;
    const char *park_code, *park_name; /* NULL when it has no park */
    int64_t project_count;
};

/* Fields given to create or update; has_* says which were given. */
struct enterprise_input {
    bool has_credit_code, has_name, has_industry_code, has_ownership, has_park, has_above_size,
        has_leading_talent, has_high_tech;
    const char *credit_code, *name, *industry_code; /* industry_code NULL: none */
    enum ownership ownership;
    int64_t park_id; /* 0: none */
    bool above_size, leading_talent, high_tech;
};

int store_enterprises_list(struct store *st, int64_t tenant, const struct enterprise_filter *f, struct arena *a,
                           struct enterprise_view **items, size_t *count, int64_t *total, struct error *e);
/* As store_units_each. */
typedef int (*store_enterprise_fn)(void *ctx, const struct enterprise_view *v, struct error *e);
int store_enterprises_each(struct store *st, int64_t tenant, const struct enterprise_filter *f, int64_t limit,
                           store_enterprise_fn fn, void *ctx, struct error *e);
int store_enterprise_get(struct store *st, int64_t tenant, int64_t id, struct arena *a, struct enterprise_view *out,
                         struct error *e);
/* Creates from a complete input (credit code, name and ownership given). */
int store_enterprise_create(struct store *st, int64_t tenant, const struct enterprise_input *in,
                            const struct actor *who, struct arena *a, struct enterprise_view *out, struct error *e);
int store_enterprise_update(struct store *st, int64_t tenant, int64_t id, const struct enterprise_input *in,
                            const struct actor *who, struct arena *a, struct enterprise_view *out, struct error *e);
/* Refused (ERR_HAS_CHILDREN) while a project names the enterprise. */
int store_enterprise_delete(struct store *st, int64_t tenant, int64_t id, const struct actor *who, struct error *e);

struct enterprise_import {
    size_t n;
    const struct enterprise_input *in; /* per row: has_* for the columns the sheet has; the park below */
    const char *const *park;           /* per row, used when in[i].has_park: a unit's code or name, NULL for none */
    bool dry_run;
    enum import_action *actions;       /* out, per row (caller-allocated) */
    struct import_row_error *errors;   /* out, in the arena */
    size_t n_errors;
    int64_t created, updated, unchanged;
};

/*
 * Creates or updates each row's enterprise, matched by credit code; the park by a unit's code,
 * else by its name (a name that several units have is refused). All or nothing, as
 * store_units_import.
 */
int store_enterprises_import(struct store *st, int64_t tenant, struct enterprise_import *im, const struct actor *who,
                             struct arena *a, struct error *e);

#endif
