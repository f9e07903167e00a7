/* A year's targets for the speed report: per unit (0: the whole city) and measure. */
#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "store/store_internal.h"
#include "base/banned.h"

struct targets_ctx {
    int64_t tenant, scope;
    int year;
    struct arena *a;
    struct project_target *items; /* read */
    size_t count;
    const struct project_target *in; /* written: count of them */
    const struct actor *who;
};

static int read_targets(struct db *db, void *ctx, struct error *e)
{
    struct targets_ctx *c = ctx;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT t.unit_id, t.measure, t.count, t.amount FROM project_targets t"
                   " LEFT JOIN units u ON u.tenant_id = t.tenant_id AND u.id = t.unit_id"
                   " WHERE t.tenant_id = ?1 AND t.year = ?2 AND (CAST(?3 AS BIGINT) IS NULL OR"
                   " (u.path >= (SELECT s.path FROM units s WHERE s.tenant_id = ?1 AND s.id = ?3)"
                   " AND u.path < (SELECT s.path || '~' FROM units s WHERE s.tenant_id = ?1 AND s.id = ?3)))"
                   " ORDER BY t.unit_id, t.measure",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->year);
    if (c->scope)
        db_bind_int64(s, 3, c->scope);
    else
        db_bind_null(s, 3);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        if (c->count == cap) {
            cap = cap ? 2 * cap : 32;
            struct project_target *grown = arena_alloc(c->a, cap * sizeof(*grown));
            if (!grown) {
                db_reset(s);
                return store_no_memory(e);
            }
            if (c->count)
                memcpy(grown, c->items, c->count * sizeof(*grown));
            c->items = grown;
        }
        c->items[c->count++] = (struct project_target){db_column_int64(s, 0), store_text(s, 1, c->a),
                                                       db_column_int64(s, 2), db_column_int64(s, 3)};
        if (!c->items[c->count - 1].measure) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_targets_get(struct store *st, int64_t tenant, int64_t scope, int year, struct arena *a,
                      struct project_target **items, size_t *count, struct error *e)
{
    struct targets_ctx c = {.tenant = tenant, .scope = scope, .year = year, .a = a};
    if (db_read(st->db, read_targets, &c, e) != 0)
        return -1;
    *items = c.items;
    *count = c.count;
    return 0;
}

static int write_targets(struct db *db, void *ctx, struct error *e)
{
    struct targets_ctx *c = ctx;
    if (store_exec_ints(db, "DELETE FROM project_targets WHERE tenant_id = ?1 AND year = ?2", e, 2, c->tenant,
                        (int64_t)c->year) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    for (size_t i = 0; i < c->count; i++) {
        const struct project_target *t = &c->in[i];
        if (t->unit_id) {
            struct db_stmt *s = db_prepare(db, "SELECT 1 FROM units WHERE tenant_id = ?1 AND id = ?2", e);
            if (!s)
                goto fail;
            db_bind_int64(s, 1, c->tenant);
            db_bind_int64(s, 2, t->unit_id);
            int rc = db_step(s, e);
            db_reset(s);
            if (rc != 1) {
                if (rc == 0) { /* named as the request's other refusals of one target are */
                    error_set(e, ERR_INVALID_VALUE, NULL, "targets[%zu]：单位 %lld 不存在",
                              "targets[%zu]: unit %lld does not exist", i, (long long)t->unit_id);
                    snprintf(e->field, sizeof(e->field), "targets[%zu]", i);
                }
                goto fail;
            }
        }
        struct db_stmt *s =
            db_prepare(db,
                       "INSERT INTO project_targets (tenant_id, year, unit_id, measure, count, amount)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                       e);
        if (!s)
            goto fail;
        db_bind_int64(s, 1, c->tenant);
        db_bind_int64(s, 2, c->year);
        db_bind_int64(s, 3, t->unit_id);
        db_bind_text(s, 4, t->measure);
        db_bind_int64(s, 5, t->count);
        db_bind_int64(s, 6, t->amount);
        int rc = db_step(s, e);
        db_reset(s);
        if (rc < 0)
            goto fail;
    }
    changes_int(&ch, "year", true, 0, false, c->year);
    changes_int(&ch, "targets", true, 0, false, (int64_t)c->count);
    const char *changes = changes_finish(&ch);
    int rc = changes ? audit_append(db, c->tenant, c->who, "update", "project_settings", c->year, changes, e)
                     : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
fail:
    strbuf_release(&ch.sb);
    return -1;
}

int store_targets_set(struct store *st, int64_t tenant, int year, const struct project_target *items,
                      size_t count, const struct actor *who, struct error *e)
{
    struct targets_ctx c = {.tenant = tenant, .year = year, .in = items, .count = count, .who = who};
    return db_write_tenant(st->db, tenant, write_targets, &c, e);
}
