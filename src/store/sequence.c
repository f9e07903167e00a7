/* Per-tenant id sequences: ids are never reused, even after a delete, on either backend. */
#include "store/store_internal.h"
#include "base/banned.h"

int store_sequence_peek(struct db *db, int64_t tenant, const char *name, int64_t *next, struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT next_id FROM id_sequences WHERE tenant_id = ?1 AND name = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_text(s, 2, name);
    int rc = db_step(s, e);
    *next = rc == 1 ? db_column_int64(s, 0) : 1;
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_sequence_set(struct db *db, int64_t tenant, const char *name, int64_t next, struct error *e)
{
    struct db_stmt *b = db_prepare(db,
                                   "INSERT INTO id_sequences (tenant_id, name, next_id) VALUES (?1, ?2, ?3) "
                                   "ON CONFLICT (tenant_id, name) DO UPDATE SET next_id = excluded.next_id",
                                   e);
    if (!b)
        return -1;
    db_bind_int64(b, 1, tenant);
    db_bind_text(b, 2, name);
    db_bind_int64(b, 3, next);
    int rc = db_step(b, e);
    db_reset(b);
    return rc < 0 ? -1 : 0;
}

int store_next_id(struct db *db, int64_t tenant, const char *name, int64_t *id, struct error *e)
{
    if (store_sequence_peek(db, tenant, name, id, e) != 0)
        return -1;
    return store_sequence_set(db, tenant, name, *id + 1, e);
}
