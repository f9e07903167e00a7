/* What the enterprise files of the store share (enterprises.c, enterprises_import.c). Private to src/store. */
#ifndef STORE_ENTERPRISES_INTERNAL_H
#define STORE_ENTERPRISES_INTERNAL_H

#include "store/store_internal.h"

/* Every field of a row, bound by enterprise_bind_fields_at: ?1 to ?11 after `at` (?11 is now). */
#define ENTERPRISE_PARAMS 11
#define ENTERPRISE_INSERT                                                                                        \
    "INSERT INTO enterprises (tenant_id, id, credit_code, name, industry_code, ownership, park_id, above_size, "  \
    "leading_talent, high_tech, created_at, updated_at) VALUES "
#define ENTERPRISE_VALUES "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11"
#define ENTERPRISE_UPDATE                                                                                        \
    "UPDATE enterprises SET credit_code = ?3, name = ?4, industry_code = ?5, ownership = ?6, park_id = ?7, "      \
    "above_size = ?8, leading_talent = ?9, high_tech = ?10, updated_at = ?11 WHERE tenant_id = ?1 AND id = ?2"

void enterprise_bind_fields_at(struct db_stmt *s, int at, int64_t tenant, int64_t id, const struct enterprise_input *v,
                               const char *now);
/* Runs sql (ENTERPRISE_INSERT or ENTERPRISE_UPDATE) for one enterprise, now as its time stamp. */
int enterprise_write_fields(struct db *db, const char *sql, int64_t tenant, int64_t id,
                            const struct enterprise_input *v, struct error *e);
/* The operation log's view of a write: before NULL for a create, after NULL for a delete. */
const char *enterprise_changes(const struct enterprise_input *before, const struct enterprise_input *after,
                               struct changes *c);
/* A text column copied into the arena; NULL for NULL. */
const char *enterprise_copy_text(struct db_stmt *s, int col, struct arena *a);

#endif
