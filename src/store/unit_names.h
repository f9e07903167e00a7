/*
 * The tenant's units by code and by name, for an import whose sheets name a unit either way (an
 * enterprise's park, a project's responsible unit and carrier). Private to src/store.
 */
#ifndef STORE_UNIT_NAMES_H
#define STORE_UNIT_NAMES_H

#include "base/strmap.h"
#include "store/store_internal.h"

struct unit_names {
    int64_t *ids;
    bool *shared_name; /* per unit: another unit has the same name */
    size_t n;
    struct strmap by_code, by_name;
};

/* Reads every unit of the tenant (codes and names in a); release with unit_names_release. */
int unit_names_load(struct db *db, int64_t tenant, struct arena *a, struct unit_names *u, struct error *e);
/*
 * The unit ref names: its code, else its name when no other unit has that name. False when none
 * does, with the reason (no such unit, or several of that name) in zh and en.
 */
bool unit_names_find(const struct unit_names *u, const char *ref, int64_t *id, char *zh, char *en, size_t size);
void unit_names_release(struct unit_names *u);

#endif
