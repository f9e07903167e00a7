/* Tenants: the cities and counties of an installation. */
#include <string.h>

#include "base/date.h"
#include "domain/division.h"
#include "store/store_internal.h"
#include "base/banned.h"

#define TENANTS_MAX 100000


static int read_tenant(struct db_stmt *s, struct arena *a, struct tenant *t)
{
    size_t len;
    const char *v;
    t->id = db_column_int64(s, 0);
    v = db_column_text(s, 1, &len);
    t->name = v ? arena_strndup(a, v, len) : NULL;
    v = db_column_text(s, 2, &len);
    t->division_code = v ? arena_strndup(a, v, len) : NULL;
    v = db_column_text(s, 3, &len);
    t->created_at = v ? arena_strndup(a, v, len) : NULL;
    return t->name && t->created_at && (t->division_code || db_column_is_null(s, 2)) ? 0 : -1;
}

struct tenant_query {
    int64_t id;
    const char *name, *division_code;
    struct arena *a;
    struct tenant *one;
    struct tenant *items;
    size_t count;
};

static int get_tenant(struct db *db, struct tenant_query *q, struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT id, name, division_code, iso(created_at) FROM tenants WHERE id = ?1", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, q->id);
    int rc = db_step(s, e);
    if (rc == 1 && read_tenant(s, q->a, q->one) != 0)
        rc = store_no_memory(e);
    else if (rc == 0)
        rc = error_set(e, ERR_NOT_FOUND, "tenant", "地区 %lld 不存在", "tenant %lld does not exist", (long long)q->id);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int add_tenant(struct db *db, void *ctx, struct error *e)
{
    struct tenant_query *q = ctx;
    struct db_stmt *s = db_prepare(db, "SELECT id FROM tenants WHERE division_code = ?1", e);
    if (!s)
        return -1;
    db_bind_text(s, 1, q->division_code);
    int rc = db_step(s, e);
    int64_t existing = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc < 0)
        return -1;
    if (rc == 1)
        return error_set(e, ERR_DUPLICATE, "division_code", "行政区划代码 %s 已属于地区 %lld",
                         "division code %s already belongs to tenant %lld", q->division_code, (long long)existing);
    s = db_prepare(db, "SELECT coalesce(max(id), 0) + 1 FROM tenants", e);
    if (!s)
        return -1;
    rc = db_step(s, e);
    q->id = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc != 1)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    s = db_prepare(db, "INSERT INTO tenants (id, name, division_code, created_at) VALUES (?1, ?2, ?3, ?4)", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, q->id);
    db_bind_text(s, 2, q->name);
    db_bind_text(s, 3, q->division_code);
    db_bind_text(s, 4, now);
    rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || store_appraisal_kinds_seed(db, q->id, e) != 0 || store_bm_indicators_seed(db, q->id, e) != 0)
        return -1;
    return get_tenant(db, q, e);
}

int store_tenant_add(struct store *st, const char *name, const char *division_code, struct arena *a,
                     struct tenant *out, struct error *e)
{
    size_t name_len = strlen(name);
    if (division_check(division_code, strlen(division_code), e) != 0 || unit_check_name(name, name_len, e) != 0) {
        if (strcmp(e->field, "name") == 0)
            error_set(e, e->code, "name", "地区名称须为 1 到 %d 个字，不含控制字符",
                      "a tenant name is 1 to %d characters without control characters", UNIT_NAME_MAX);
        return -1;
    }
    struct tenant_query q = {.name = name, .division_code = division_code, .a = a, .one = out};
    return db_write(st->db, add_tenant, &q, e);
}

static int list_tenants(struct db *db, void *ctx, struct error *e)
{
    struct tenant_query *q = ctx;
    struct db_stmt *s = db_prepare(db, "SELECT id, name, division_code, iso(created_at) FROM tenants ORDER BY id", e);
    if (!s)
        return -1;
    size_t cap = 16;
    q->count = 0;
    q->items = arena_alloc(q->a, cap * sizeof(*q->items));
    int rc = q->items ? 1 : store_no_memory(e);
    while (rc == 1 && (rc = db_step(s, e)) == 1) {
        if (q->count == cap) {
            struct tenant *grown = cap < TENANTS_MAX ? arena_alloc(q->a, 2 * cap * sizeof(*grown)) : NULL;
            if (!grown) {
                rc = store_no_memory(e);
                break;
            }
            memcpy(grown, q->items, cap * sizeof(*grown));
            q->items = grown;
            cap *= 2;
        }
        if (read_tenant(s, q->a, &q->items[q->count++]) != 0)
            rc = store_no_memory(e);
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_tenants_list(struct store *st, struct arena *a, struct tenant **items, size_t *count, struct error *e)
{
    struct tenant_query q = {.a = a};
    if (db_read(st->db, list_tenants, &q, e) != 0)
        return -1;
    *items = q.items;
    *count = q.count;
    return 0;
}

int store_tenant_get(struct store *st, int64_t id, struct arena *a, struct tenant *out, struct error *e)
{
    struct tenant_query q = {.id = id, .a = a, .one = out};
    return get_tenant(st->db, &q, e);
}
