/*
 * Units (单位): the city's departments, towns, subdistricts and parks, as a tree. The rules for
 * a unit's fields and for the tree (no unit may become its own ancestor) live here, free of
 * storage and HTTP, so they are cheap to test.
 */
#ifndef DOMAIN_UNIT_H
#define DOMAIN_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

enum unit_kind { UNIT_DEPARTMENT, UNIT_TOWN, UNIT_SUBDISTRICT, UNIT_PARK, UNIT_OTHER, UNIT_KIND_COUNT };

#define UNIT_CODE_MAX 32        /* ASCII characters */
#define UNIT_NAME_MAX 100       /* characters (code points) */
#define UNIT_SORT_ORDER_MAX 1000000
#define UNIT_TREE_DEPTH_MAX 32  /* levels; deeper trees are refused */

struct unit {
    int64_t id;
    int64_t parent_id; /* 0: top level */
    const char *parent_code; /* NULL: top level */
    const char *code;
    const char *name;
    enum unit_kind kind;
    const char *division_code; /* NULL: none */
    int64_t sort_order;
    int64_t child_count;
    const char *created_at, *updated_at;
    const char *path; /* "/1/5/9/": the ids from the root down to this unit */
};

/* "department", "town", …; returns -1 for an unknown name. */
int unit_kind_parse(const char *s, size_t len, enum unit_kind *out);
const char *unit_kind_name(enum unit_kind kind);
const char *unit_kind_label_zh(enum unit_kind kind);

int unit_check_code(const char *s, size_t len, struct error *e);
int unit_check_name(const char *s, size_t len, struct error *e);
int unit_check_sort_order(int64_t value, struct error *e);

/*
 * Checks that `parent_id` may become the parent of unit `unit_id` (0 for a new unit).
 * `ancestors` holds the proposed parent's id followed by its ancestors up to the root.
 */
int unit_tree_check_parent(int64_t unit_id, const int64_t *ancestors, size_t n_ancestors, struct error *e);

#endif
