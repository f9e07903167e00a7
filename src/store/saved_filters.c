/* Saved list filters; see store_saved_filters.h. */
#include <string.h>

#include "base/date.h"
#include "store/store_internal.h"
#include "base/banned.h"

struct filters_ctx {
    int64_t tenant, user_id, id;
    const char *resource, *name, *query;
    struct arena *a;
    struct saved_filter *items, *out;
    size_t count;
};

static int read_filter(struct db_stmt *s, struct arena *a, struct saved_filter *f)
{
    *f = (struct saved_filter){db_column_int64(s, 0), store_text(s, 1, a), store_text(s, 2, a),
                               store_text(s, 3, a), store_text(s, 4, a)};
    return f->resource && f->name && f->query && f->created_at ? 0 : -1;
}

static int list_filters(struct db *db, void *ctx, struct error *e)
{
    struct filters_ctx *c = ctx;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT id, resource, name, query, iso(created_at) FROM saved_filters"
                   " WHERE tenant_id = ?1 AND user_id = ?2 AND (CAST(?3 AS TEXT) IS NULL OR resource = ?3)"
                   " ORDER BY resource, name",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->user_id);
    db_bind_text(s, 3, c->resource);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        if (c->count == cap) {
            cap = cap ? 2 * cap : 16;
            struct saved_filter *grown = arena_alloc(c->a, cap * sizeof(*grown));
            if (!grown) {
                db_reset(s);
                return store_no_memory(e);
            }
            if (c->count)
                memcpy(grown, c->items, c->count * sizeof(*grown));
            c->items = grown;
        }
        if (read_filter(s, c->a, &c->items[c->count++]) != 0) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_saved_filters_list(struct store *st, int64_t tenant, int64_t user_id, const char *resource,
                             struct arena *a, struct saved_filter **items, size_t *count, struct error *e)
{
    struct filters_ctx c = {.tenant = tenant, .user_id = user_id, .resource = resource, .a = a};
    if (db_read(st->db, list_filters, &c, e) != 0)
        return -1;
    *items = c.items;
    *count = c.count;
    return 0;
}

static int add_filter(struct db *db, void *ctx, struct error *e)
{
    struct filters_ctx *c = ctx;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT 1 FROM saved_filters WHERE tenant_id = ?1 AND user_id = ?2 AND resource = ?3"
                   " AND name = ?4",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->user_id);
    db_bind_text(s, 3, c->resource);
    db_bind_text(s, 4, c->name);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc != 0)
        return rc < 0 ? -1
                      : error_set(e, ERR_DUPLICATE, "name", "已有同名的常用筛选",
                                  "a saved filter of that name exists");
    char now[32];
    date_now_iso(now, sizeof(now));
    if (store_next_id(db, c->tenant, "saved_filters", &c->id, e) != 0)
        return -1;
    s = db_prepare(db,
                   "INSERT INTO saved_filters (tenant_id, id, user_id, resource, name, query, created_at)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_int64(s, 3, c->user_id);
    db_bind_text(s, 4, c->resource);
    db_bind_text(s, 5, c->name);
    db_bind_text(s, 6, c->query);
    db_bind_text(s, 7, now);
    rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    *c->out = (struct saved_filter){c->id, arena_strndup(c->a, c->resource, strlen(c->resource)),
                                    arena_strndup(c->a, c->name, strlen(c->name)),
                                    arena_strndup(c->a, c->query, strlen(c->query)),
                                    arena_strndup(c->a, now, strlen(now))};
    return c->out->resource && c->out->name && c->out->query && c->out->created_at ? 0 : store_no_memory(e);
}

int store_saved_filter_add(struct store *st, int64_t tenant, int64_t user_id, const char *resource,
                           const char *name, const char *query, struct arena *a, struct saved_filter *out,
                           struct error *e)
{
    struct filters_ctx c = {.tenant = tenant,
                            .user_id = user_id,
                            .resource = resource,
                            .name = name,
                            .query = query,
                            .a = a,
                            .out = out};
    return db_write_tenant(st->db, tenant, add_filter, &c, e);
}

static int delete_filter(struct db *db, void *ctx, struct error *e)
{
    struct filters_ctx *c = ctx;
    struct db_stmt *s =
        db_prepare(db,
                   "DELETE FROM saved_filters WHERE tenant_id = ?1 AND id = ?2 AND user_id = ?3"
                   " RETURNING id",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_int64(s, 3, c->user_id);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc == 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "常用筛选不存在", "no such saved filter");
    return rc < 0 ? -1 : 0;
}

int store_saved_filter_delete(struct store *st, int64_t tenant, int64_t user_id, int64_t id, struct error *e)
{
    struct filters_ctx c = {.tenant = tenant, .user_id = user_id, .id = id};
    return db_write_tenant(st->db, tenant, delete_filter, &c, e);
}
