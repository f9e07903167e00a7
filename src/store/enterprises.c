/*
 * Enterprises in the store: the list, single reads and writes, each write in one transaction
 * with its operation-log record. The list's filters are one fixed statement per sort order,
 * each filter a predicate that a neutral value ('' or -1) switches off, so that the statement
 * cache holds ten texts, not one per combination of filters.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domain/industry.h"
#include "store/enterprises_internal.h"
#include "base/banned.h"

/* The park's code and name and the count of projects ride along, by primary key (named, so that ORDER BY name
 * is the enterprise's). */
#define ENTERPRISE_COLUMNS                                                                                   \
    "id, credit_code, name, industry_code, ownership, park_id, above_size, leading_talent, high_tech, "      \
    "iso(created_at), iso(updated_at), "                                                                     \
    "(SELECT u.code FROM units u WHERE u.tenant_id = enterprises.tenant_id AND u.id = enterprises.park_id) " \
    "AS park_code, "                                                                                         \
    "(SELECT u.name FROM units u WHERE u.tenant_id = enterprises.tenant_id AND u.id = enterprises.park_id) " \
    "AS park_name, "                                                                                         \
    "(SELECT count(*) FROM projects p WHERE p.tenant_id = enterprises.tenant_id AND p.enterprise_id = "      \
    "enterprises.id) "                                                                                       \
    "AS project_count"

/* ?1 tenant, ?2 text, ?3 ownership, ?4–?6 industry (code, range from, range to), ?7 park, ?8–?10 flags. */
#define FILTER_FROM                                                                                          \
    " FROM enterprises WHERE tenant_id = ?1"                                                                 \
    " AND (?2 = '' OR strpos(name, ?2) > 0 OR strpos(credit_code, ?2) > 0)"                                  \
    " AND (?3 = '' OR ownership = ?3)"                                                                       \
    " AND (?4 = '' OR industry_code = ?4 OR (industry_code >= ?5 AND industry_code < ?6))"                   \
    " AND (?7 = 0 OR park_id = ?7)"                                                                          \
    " AND (?8 < 0 OR above_size = ?8) AND (?9 < 0 OR leading_talent = ?9) AND (?10 < 0 OR high_tech = ?10)"
#define FILTER_PARAMS 10

static const char *const sort_columns[ENTERPRISE_SORT_COUNT] = {"name", "credit_code", "id", "created_at",
                                                                "updated_at"};

const char *enterprise_copy_text(struct db_stmt *s, int col, struct arena *a)
{
    size_t len;
    const char *t = db_column_text(s, col, &len);
    return t ? arena_strndup(a, t, len) : NULL;
}

/* Reads the columns of ENTERPRISE_COLUMNS into v; -1 when out of memory. */
static int read_enterprise(struct db_stmt *s, struct arena *a, struct enterprise_view *v)
{
    struct enterprise *e = &v->e;
    e->id = db_column_int64(s, 0);
    e->credit_code = enterprise_copy_text(s, 1, a);
    e->name = enterprise_copy_text(s, 2, a);
    e->industry_code = enterprise_copy_text(s, 3, a);
    size_t len;
    const char *ownership = db_column_text(s, 4, &len);
    if (!ownership || ownership_parse(ownership, len, &e->ownership) != 0)
        e->ownership = OWNERSHIP_DOMESTIC;
    e->park_id = db_column_is_null(s, 5) ? 0 : db_column_int64(s, 5);
    e->above_size = db_column_int64(s, 6) != 0;
    e->leading_talent = db_column_int64(s, 7) != 0;
    e->high_tech = db_column_int64(s, 8) != 0;
    e->created_at = enterprise_copy_text(s, 9, a);
    e->updated_at = enterprise_copy_text(s, 10, a);
    v->park_code = enterprise_copy_text(s, 11, a);
    v->park_name = enterprise_copy_text(s, 12, a);
    v->project_count = db_column_int64(s, 13);
    return e->credit_code && e->name && e->created_at && e->updated_at ? 0 : -1;
}

/* ---- list ---- */

/* The codes an industry filter matches: the code itself, and those in [from, to). */
struct industry_range {
    const char *code;
    char from[8], to[8];
};

/*
 * A division, group or class holds the codes that start with it; a section (a letter) holds its
 * divisions, which are consecutive two-digit codes, and everything under them.
 */
static void industry_range(const char *code, struct industry_range *r)
{
    r->code = code ? code : "";
    r->from[0] = r->to[0] = '\0';
    if (!code)
        return;
    const struct industry *section = industry_find(code, strlen(code));
    if (section && section->level == 1) {
        size_t n;
        const struct industry *all = industry_all(&n);
        for (size_t i = 0; i < n; i++) {
            if (all[i].level != 2 || !all[i].parent || strcmp(all[i].parent, code) != 0)
                continue;
            if (!r->from[0] || strcmp(all[i].code, r->from) < 0)
                snprintf(r->from, sizeof(r->from), "%s", all[i].code);
            if (strcmp(all[i].code, r->to) >= 0)
                snprintf(r->to, sizeof(r->to), "%s~", all[i].code);
        }
        return;
    }
    snprintf(r->from, sizeof(r->from), "%s", code);
    snprintf(r->to, sizeof(r->to), "%s~", code);
}

static void bind_flag(struct db_stmt *s, int index, bool given, bool value)
{
    db_bind_int64(s, index, given ? value : -1);
}

static void bind_filter(struct db_stmt *s, int64_t tenant, const struct enterprise_filter *f)
{
    struct industry_range r;
    industry_range(f->industry, &r);
    db_bind_int64(s, 1, tenant);
    db_bind_text(s, 2, f->text ? f->text : "");
    db_bind_text(s, 3, f->has_ownership ? ownership_name(f->ownership) : "");
    db_bind_text(s, 4, r.code);
    db_bind_text(s, 5, r.from);
    db_bind_text(s, 6, r.to);
    db_bind_int64(s, 7, f->has_park ? f->park_id : 0);
    bind_flag(s, 8, f->has_above_size, f->above_size);
    bind_flag(s, 9, f->has_leading_talent, f->leading_talent);
    bind_flag(s, 10, f->has_high_tech, f->high_tech);
}

static void order_by(const struct enterprise_filter *f, char *out, size_t size)
{
    const char *dir = f->descending ? " DESC" : "";
    snprintf(out, size, " ORDER BY %s%s, id%s", sort_columns[f->sort], dir, dir);
}

struct list_query {
    int64_t tenant;
    const struct enterprise_filter *f;
    struct arena *a;
    struct enterprise_view *items;
    size_t count;
    int64_t total;
};

static int count_enterprises(struct db *db, struct list_query *q, struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT count(*)" FILTER_FROM, e);
    if (!s)
        return -1;
    bind_filter(s, q->tenant, q->f);
    int rc = db_step(s, e);
    q->total = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    return rc == 1 ? 0 : -1;
}

static int list_enterprises(struct db *db, void *ctx, struct error *e)
{
    struct list_query *q = ctx;
    if (count_enterprises(db, q, e) != 0)
        return -1;
    char order[96], sql[sizeof("SELECT " ENTERPRISE_COLUMNS FILTER_FROM) + 160];
    order_by(q->f, order, sizeof(order));
    snprintf(sql, sizeof(sql), "SELECT " ENTERPRISE_COLUMNS FILTER_FROM "%s LIMIT ?11 OFFSET ?12", order);
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    bind_filter(s, q->tenant, q->f);
    db_bind_int64(s, FILTER_PARAMS + 1, q->f->page_size);
    db_bind_int64(s, FILTER_PARAMS + 2, (q->f->page - 1) * q->f->page_size);
    q->count = 0;
    q->items = arena_alloc(q->a, (size_t)q->f->page_size * sizeof(*q->items));
    int rc = q->items ? 1 : store_no_memory(e);
    while (rc == 1 && (rc = db_step(s, e)) == 1 && q->count < (size_t)q->f->page_size) {
        if (read_enterprise(s, q->a, &q->items[q->count++]) != 0)
            rc = store_no_memory(e);
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_enterprises_list(struct store *st, int64_t tenant, const struct enterprise_filter *f,
                           struct arena *a, struct enterprise_view **items, size_t *count, int64_t *total,
                           struct error *e)
{
    struct list_query q = {.tenant = tenant, .f = f, .a = a};
    if (db_read(st->db, list_enterprises, &q, e) != 0)
        return -1;
    *items = q.items;
    *count = q.count;
    *total = q.total;
    return 0;
}

/* ---- export: every matching enterprise, one at a time ---- */

struct each_query {
    int64_t tenant, limit;
    const struct enterprise_filter *f;
    store_enterprise_fn fn;
    void *ctx;
};

static void each_bind(struct db_stmt *s, void *ctx)
{
    struct each_query *q = ctx;
    bind_filter(s, q->tenant, q->f);
}

static int each_row(struct db_stmt *s, struct arena *a, void *ctx, struct error *e)
{
    struct each_query *q = ctx;
    struct enterprise_view v;
    return read_enterprise(s, a, &v) != 0 ? store_no_memory(e) : q->fn(q->ctx, &v, e);
}

static int each_enterprise(struct db *db, void *ctx, struct error *e)
{
    struct each_query *q = ctx;
    char order[96];
    order_by(q->f, order, sizeof(order));
    struct store_walk w = {.columns = ENTERPRISE_COLUMNS,
                           .from = FILTER_FROM,
                           .order = order,
                           .page = FILTER_PARAMS + 1,
                           .limit = q->limit,
                           .bind = each_bind,
                           .row = each_row,
                           .ctx = q};
    return store_walk(db, &w, e);
}

int store_enterprises_each(struct store *st, int64_t tenant, const struct enterprise_filter *f, int64_t limit,
                           store_enterprise_fn fn, void *ctx, struct error *e)
{
    struct each_query q = {.tenant = tenant, .limit = limit, .f = f, .fn = fn, .ctx = ctx};
    return db_read(st->db, each_enterprise, &q, e);
}

/* ---- single enterprises and writes ---- */

static int get_enterprise(struct db *db, int64_t tenant, int64_t id, struct arena *a,
                          struct enterprise_view *out, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db, "SELECT " ENTERPRISE_COLUMNS " FROM enterprises WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    int rc = db_step(s, e);
    if (rc == 1 && read_enterprise(s, a, out) != 0)
        rc = store_no_memory(e);
    else if (rc == 0)
        rc = error_set(e, ERR_NOT_FOUND, NULL, "企业 %lld 不存在", "enterprise %lld does not exist",
                       (long long)id);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_enterprise_get(struct store *st, int64_t tenant, int64_t id, struct arena *a,
                         struct enterprise_view *out, struct error *e)
{
    return get_enterprise(st->db, tenant, id, a, out, e);
}

const char *enterprise_changes(const struct enterprise_input *before, const struct enterprise_input *after,
                               struct changes *c)
{
    static const struct enterprise_input none;
    const struct enterprise_input *b = before ? before : &none, *n = after ? after : &none;
    changes_text(c, "credit_code", b->credit_code, n->credit_code);
    changes_text(c, "name", b->name, n->name);
    changes_text(c, "industry_code", b->industry_code, n->industry_code);
    changes_text(c, "ownership", before ? ownership_name(b->ownership) : NULL,
                 after ? ownership_name(n->ownership) : NULL);
    changes_int(c, "park_id", !before || !b->park_id, b->park_id, !after || !n->park_id, n->park_id);
    changes_bool(c, "above_size", before, b->above_size, after, n->above_size);
    changes_bool(c, "leading_talent", before, b->leading_talent, after, n->leading_talent);
    changes_bool(c, "high_tech", before, b->high_tech, after, n->high_tech);
    return changes_finish(c);
}

static struct enterprise_input view_as_input(const struct enterprise_view *v)
{
    const struct enterprise *e = &v->e;
    return (struct enterprise_input){.credit_code = e->credit_code,
                                     .name = e->name,
                                     .industry_code = e->industry_code,
                                     .ownership = e->ownership,
                                     .park_id = e->park_id,
                                     .above_size = e->above_size,
                                     .leading_talent = e->leading_talent,
                                     .high_tech = e->high_tech};
}

/* Steps once through a statement of ?1 = tenant, ?2 = id (and ?3 = text): 1 when it gave a row, 0 when not.
 */
static int step_once(struct db *db, const char *sql, int64_t tenant, int64_t id, const char *text,
                     struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    if (text)
        db_bind_text(s, 3, text);
    int rc = db_step(s, e);
    db_reset(s);
    return rc;
}

static int check_credit_code_free(struct db *db, int64_t tenant, int64_t id, const char *code,
                                  struct error *e)
{
    int rc =
        step_once(db, "SELECT id FROM enterprises WHERE tenant_id = ?1 AND id <> ?2 AND credit_code = ?3",
                  tenant, id, code, e);
    if (rc == 1)
        return error_set(e, ERR_DUPLICATE, "credit_code", "统一社会信用代码 %s 已被另一家企业使用",
                         "credit code %s is already another enterprise's", code);
    return rc;
}

static int check_park(struct db *db, int64_t tenant, int64_t park_id, struct error *e)
{
    if (park_id == 0)
        return 0;
    int rc = step_once(db, "SELECT id FROM units WHERE tenant_id = ?1 AND id = ?2", tenant, park_id, NULL, e);
    if (rc == 0)
        return error_set(e, ERR_INVALID_VALUE, "park_id", "所在园区（单位 %lld）不存在",
                         "the park (unit %lld) does not exist", (long long)park_id);
    return rc < 0 ? -1 : 0;
}

void enterprise_bind_fields_at(struct db_stmt *s, int at, int64_t tenant, int64_t id,
                               const struct enterprise_input *v, const char *now)
{
    db_bind_int64(s, at + 1, tenant);
    db_bind_int64(s, at + 2, id);
    db_bind_text(s, at + 3, v->credit_code);
    db_bind_text(s, at + 4, v->name);
    db_bind_text(s, at + 5, v->industry_code);
    db_bind_text(s, at + 6, ownership_name(v->ownership));
    if (v->park_id)
        db_bind_int64(s, at + 7, v->park_id);
    else
        db_bind_null(s, at + 7);
    db_bind_int64(s, at + 8, v->above_size);
    db_bind_int64(s, at + 9, v->leading_talent);
    db_bind_int64(s, at + 10, v->high_tech);
    db_bind_text(s, at + 11, now);
}

int enterprise_write_fields(struct db *db, const char *sql, int64_t tenant, int64_t id,
                            const struct enterprise_input *v, struct error *e)
{
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    enterprise_bind_fields_at(s, 0, tenant, id, v, now);
    int rc = db_step(s, e);
    db_reset(s);
    /* an update may rename an appraisal subject */
    return rc < 0 || (strncmp(sql, "UPDATE", 6) == 0 && store_appraisal_names_changed(db, tenant, e) != 0) ? -1 : 0;
}

struct enterprise_write {
    int64_t tenant, id;
    const struct enterprise_input *in;
    const struct actor *who;
    struct arena *a;
    struct enterprise_view *out;
};

static int create_enterprise(struct db *db, void *ctx, struct error *e)
{
    struct enterprise_write *w = ctx;
    struct changes c = {STRBUF_INIT, 0};
    int rc = -1;
    if (check_credit_code_free(db, w->tenant, 0, w->in->credit_code, e) != 0 ||
        check_park(db, w->tenant, w->in->park_id, e) != 0 ||
        store_next_id(db, w->tenant, "enterprises", &w->id, e) != 0 ||
        enterprise_write_fields(db, ENTERPRISE_INSERT "(" ENTERPRISE_VALUES ")", w->tenant, w->id, w->in,
                                e) != 0 ||
        audit_append(db, w->tenant, w->who, "create", "enterprise", w->id,
                     enterprise_changes(NULL, w->in, &c), e) != 0)
        goto out;
    rc = get_enterprise(db, w->tenant, w->id, w->a, w->out, e);
out:
    strbuf_release(&c.sb);
    return rc;
}

int store_enterprise_create(struct store *st, int64_t tenant, const struct enterprise_input *in,
                            const struct actor *who, struct arena *a, struct enterprise_view *out,
                            struct error *e)
{
    struct enterprise_write w = {.tenant = tenant, .in = in, .who = who, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, create_enterprise, &w, e);
}

static int update_enterprise(struct db *db, void *ctx, struct error *e)
{
    struct enterprise_write *w = ctx;
    const struct enterprise_input *in = w->in;
    struct enterprise_view old;
    if (get_enterprise(db, w->tenant, w->id, w->a, &old, e) != 0)
        return -1;
    struct enterprise_input before = view_as_input(&old), merged = before;
    if (in->has_credit_code)
        merged.credit_code = in->credit_code;
    if (in->has_name)
        merged.name = in->name;
    if (in->has_industry_code)
        merged.industry_code = in->industry_code;
    if (in->has_ownership)
        merged.ownership = in->ownership;
    if (in->has_park)
        merged.park_id = in->park_id;
    if (in->has_above_size)
        merged.above_size = in->above_size;
    if (in->has_leading_talent)
        merged.leading_talent = in->leading_talent;
    if (in->has_high_tech)
        merged.high_tech = in->high_tech;
    if ((in->has_credit_code && check_credit_code_free(db, w->tenant, w->id, merged.credit_code, e) != 0) ||
        (in->has_park && check_park(db, w->tenant, merged.park_id, e) != 0))
        return -1;
    struct changes c = {STRBUF_INIT, 0};
    const char *changes = enterprise_changes(&before, &merged, &c);
    int rc = -1;
    if (!changes) {
        store_no_memory(e);
        goto out;
    }
    /* an update that changes nothing leaves updated_at and the operation log as they are */
    if (strcmp(changes, "{}") != 0 &&
        (enterprise_write_fields(db, ENTERPRISE_UPDATE, w->tenant, w->id, &merged, e) != 0 ||
         audit_append(db, w->tenant, w->who, "update", "enterprise", w->id, changes, e) != 0))
        goto out;
    rc = get_enterprise(db, w->tenant, w->id, w->a, w->out, e);
out:
    strbuf_release(&c.sb);
    return rc;
}

int store_enterprise_update(struct store *st, int64_t tenant, int64_t id, const struct enterprise_input *in,
                            const struct actor *who, struct arena *a, struct enterprise_view *out,
                            struct error *e)
{
    struct enterprise_write w = {.tenant = tenant, .id = id, .in = in, .who = who, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, update_enterprise, &w, e);
}

static int delete_enterprise(struct db *db, void *ctx, struct error *e)
{
    struct enterprise_write *w = ctx;
    struct enterprise_view old;
    if (get_enterprise(db, w->tenant, w->id, w->a, &old, e) != 0)
        return -1;
    if (old.project_count > 0)
        return error_set(e, ERR_HAS_CHILDREN, NULL, "企业“%s”还有 %lld 个项目，不能删除",
                         "enterprise \"%s\" still has %lld projects and cannot be deleted", old.e.name,
                         (long long)old.project_count);
    int subject = step_once(db, "SELECT 1 FROM appraisal_subjects WHERE tenant_id = ?1 AND enterprise_id = ?2",
                            w->tenant, w->id, NULL, e);
    if (subject != 0)
        return subject < 0 ? -1
                           : error_set(e, ERR_HAS_CHILDREN, NULL, "企业“%s”是考核方案的考核对象，不能删除",
                                       "enterprise \"%s\" is a subject of an appraisal scheme and cannot be deleted",
                                       old.e.name);
    int accounts = step_once(db, "SELECT 1 FROM users WHERE tenant_id = ?1 AND enterprise_id = ?2", w->tenant,
                             w->id, NULL, e);
    if (accounts != 0)
        return accounts < 0
                   ? -1
                   : error_set(
                         e, ERR_HAS_CHILDREN, NULL, "企业“%s”还有关联的企业用户账号，不能删除",
                         "enterprise \"%s\" still has enterprise accounts linked to it and cannot be deleted",
                         old.e.name);
    struct enterprise_input before = view_as_input(&old);
    struct changes c = {STRBUF_INIT, 0};
    int rc = step_once(db, "DELETE FROM enterprises WHERE tenant_id = ?1 AND id = ?2", w->tenant, w->id, NULL,
                       e) < 0 ||
                     audit_append(db, w->tenant, w->who, "delete", "enterprise", w->id,
                                  enterprise_changes(&before, NULL, &c), e) != 0
                 ? -1
                 : 0;
    strbuf_release(&c.sb);
    return rc;
}

int store_enterprise_delete(struct store *st, int64_t tenant, int64_t id, const struct actor *who,
                            struct error *e)
{
    struct arena a = ARENA_INIT;
    struct enterprise_write w = {.tenant = tenant, .id = id, .who = who, .a = &a};
    int rc = db_write_tenant(st->db, tenant, delete_enterprise, &w, e);
    arena_release(&a);
    return rc;
}
