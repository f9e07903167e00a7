/* The tenant's units by code and by name; see unit_names.h. */
#include "store/unit_names.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/banned.h"

int unit_names_load(struct db *db, int64_t tenant, struct arena *a, struct unit_names *u, struct error *e)
{
    *u = (struct unit_names){0};
    struct db_stmt *s = db_prepare(db, "SELECT count(*) FROM units WHERE tenant_id = ?1", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    int rc = db_step(s, e);
    size_t n = rc == 1 ? (size_t)db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc != 1)
        return -1;
    u->ids = malloc((n ? n : 1) * sizeof(*u->ids));
    u->shared_name = calloc(n ? n : 1, sizeof(*u->shared_name));
    if (!u->ids || !u->shared_name || strmap_init(&u->by_code, n) != 0 || strmap_init(&u->by_name, n) != 0)
        return store_no_memory(e);
    if (!(s = db_prepare(db, "SELECT id, code, name FROM units WHERE tenant_id = ?1 ORDER BY id", e)))
        return -1;
    db_bind_int64(s, 1, tenant);
    while (u->n < n && (rc = db_step(s, e)) == 1) {
        const char *code = store_text(s, 1, a), *name = store_text(s, 2, a);
        if (!code || !name) {
            rc = store_no_memory(e);
            break;
        }
        size_t first;
        u->ids[u->n] = db_column_int64(s, 0);
        strmap_add(&u->by_code, code, u->n, &first);
        if (!strmap_add(&u->by_name, name, u->n, &first))
            u->shared_name[first] = true;
        u->n++;
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

bool unit_names_find(const struct unit_names *u, const char *ref, int64_t *id, char *zh, char *en, size_t size)
{
    size_t at;
    if (strmap_get(&u->by_code, ref, &at) || (strmap_get(&u->by_name, ref, &at) && !u->shared_name[at])) {
        *id = u->ids[at];
        return true;
    }
    if (strmap_get(&u->by_name, ref, &at)) {
        snprintf(zh, size, "有多个单位名为“%s”：请填写单位编码", ref);
        snprintf(en, size, "several units are named \"%s\": give the unit's code", ref);
    } else {
        snprintf(zh, size, "没有编码或名称为“%s”的单位", ref);
        snprintf(en, size, "there is no unit with the code or name \"%s\"", ref);
    }
    return false;
}

void unit_names_release(struct unit_names *u)
{
    strmap_release(&u->by_code);
    strmap_release(&u->by_name);
    free(u->ids);
    free(u->shared_name);
    *u = (struct unit_names){0};
}
