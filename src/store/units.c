/*
 * Units in the store: the list with its filters, sort and paging, and the writes, each in one
 * transaction that also keeps the parents' child_count and the per-tenant id sequence.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "store/store_internal.h"
#include "base/banned.h"

/* The parent's code rides along (by its primary key) so that an exported sheet names parents as an import does. */
#define UNIT_COLUMNS                                                                                             \
    "id, parent_id, code, name, kind, division_code, sort_order, iso(created_at), iso(updated_at), child_count, path, " \
    "(SELECT p.code FROM units p WHERE p.tenant_id = units.tenant_id AND p.id = units.parent_id) AS parent_code"
#define TOTAL_COLUMN 12 /* the total beside UNIT_COLUMNS in list_with_total */

/*
 * Data scope: a unit's subtree is the range of paths from its own path up to that path + '~'
 * (paths hold only digits and '/', which sort below '~'). ?7 is the scope unit's id.
 */
#define SCOPE_RANGE(path)                                                                                        \
    " AND " path " >= (SELECT s.path FROM units s WHERE s.tenant_id = ?1 AND s.id = ?7)"                          \
    " AND " path " < (SELECT s.path || '~' FROM units s WHERE s.tenant_id = ?1 AND s.id = ?7)"

/*
 * A small subtree is best read through the path index and sorted; a large one by walking the
 * sort order's index and keeping the rows in the subtree ("+path" keeps SQLite off the path
 * index), which stops after one page instead of sorting thousands of rows.
 */
#define SCOPE_WALK_AFTER 500

static const char sql_get[] = "SELECT " UNIT_COLUMNS " FROM units WHERE tenant_id = ?1 AND id = ?2";

static const char *copy_text(struct db_stmt *s, int col, struct arena *a)
{
    size_t len;
    const char *t = db_column_text(s, col, &len);
    return t ? arena_strndup(a, t, len) : NULL;
}

/* Reads the columns of UNIT_COLUMNS into u; -1 when out of memory. */
static int read_unit(struct db_stmt *s, struct arena *a, struct unit *u)
{
    u->id = db_column_int64(s, 0);
    u->parent_id = db_column_is_null(s, 1) ? 0 : db_column_int64(s, 1);
    u->code = copy_text(s, 2, a);
    u->name = copy_text(s, 3, a);
    size_t len;
    const char *kind = db_column_text(s, 4, &len);
    if (!kind || unit_kind_parse(kind, len, &u->kind) != 0)
        u->kind = UNIT_OTHER;
    u->division_code = copy_text(s, 5, a);
    u->sort_order = db_column_int64(s, 6);
    u->created_at = copy_text(s, 7, a);
    u->updated_at = copy_text(s, 8, a);
    u->child_count = db_column_int64(s, 9);
    u->path = copy_text(s, 10, a);
    u->parent_code = copy_text(s, 11, a);
    return u->code && u->name && u->created_at && u->updated_at && u->path ? 0 : -1;
}

/* ---- list ---- */

static const char *const sort_columns[UNIT_SORT_COUNT] = {"sort_order", "name", "code", "kind", "id",
                                                           "created_at", "updated_at"};

static int filter_combo(const struct unit_filter *f)
{
    return (f->has_kind ? 1 : 0) | (f->has_parent && f->parent_id != 0 ? 2 : 0) |
           (f->has_parent && f->parent_id == 0 ? 4 : 0) | (f->text ? 8 : 0) | (f->scope ? 16 : 0);
}

static void add_where_walk(struct strbuf *sql, int combo, bool walk)
{
    strbuf_addstr(sql, " WHERE tenant_id = ?1");
    if (combo & 1)
        strbuf_addstr(sql, " AND kind = ?2");
    if (combo & 2)
        strbuf_addstr(sql, " AND parent_id = ?3");
    if (combo & 4)
        strbuf_addstr(sql, " AND parent_id IS NULL");
    if (combo & 8)
        strbuf_addstr(sql, " AND (strpos(name, ?4) > 0 OR strpos(code, ?4) > 0)");
    if (combo & 16)
        strbuf_addstr(sql, walk ? SCOPE_RANGE("+path") : SCOPE_RANGE("path"));
}

static void add_where(struct strbuf *sql, int combo)
{
    add_where_walk(sql, combo, false);
}

static void bind_filter(struct db_stmt *s, int64_t tenant, const struct unit_filter *f, int combo)
{
    db_bind_int64(s, 1, tenant);
    if (combo & 1)
        db_bind_text(s, 2, unit_kind_name(f->kind));
    if (combo & 2)
        db_bind_int64(s, 3, f->parent_id);
    if (combo & 8)
        db_bind_text(s, 4, f->text);
    if (combo & 16)
        db_bind_int64(s, 7, f->scope);
}

struct list_query {
    struct store *st;
    int64_t tenant;
    const struct unit_filter *f;
    struct arena *a;
    struct unit *items;
    size_t count;
    int64_t total;
};

/* Bumped after every unit write of this process: see COUNT_CACHE_TTL_US. */
static atomic_uint_fast64_t units_epoch;

static void units_changed(void)
{
    atomic_fetch_add(&units_epoch, 1);
}

static void list_stamp(struct store *st, uint64_t stamp[2], bool *exact)
{
    *exact = db_change_stamp(st->db, stamp) == 0;
    if (!*exact) {
        stamp[0] = atomic_load(&units_epoch);
        stamp[1] = 0;
    }
}

static bool count_matches(const struct count_entry *c, const uint64_t stamp[2], int64_t tenant,
                          const struct unit_filter *f, int combo)
{
    return c->used && c->stamp[0] == stamp[0] && c->stamp[1] == stamp[1] && c->tenant == tenant &&
           c->scope == f->scope && c->combo == combo && (!(combo & 1) || c->kind == f->kind) &&
           (!(combo & 2) || c->parent_id == f->parent_id) && (!(combo & 8) || strcmp(c->text, f->text) == 0) &&
           (c->exact || clock_micros() - c->fetched_us <= COUNT_CACHE_TTL_US);
}

static bool count_cacheable(struct store *st, const struct unit_filter *f)
{
    return !f->text || strlen(f->text) < sizeof(st->counts[0].text);
}

static bool count_recall(struct list_query *q, int combo, const uint64_t stamp[2])
{
    for (int i = 0; count_cacheable(q->st, q->f) && i < COUNT_CACHE_SIZE; i++) {
        if (count_matches(&q->st->counts[i], stamp, q->tenant, q->f, combo)) {
            q->total = q->st->counts[i].total;
            return true;
        }
    }
    return false;
}

static void count_remember(struct list_query *q, int combo, const uint64_t stamp[2], bool exact)
{
    struct store *st = q->st;
    const struct unit_filter *f = q->f;
    if (!count_cacheable(st, f))
        return;
    struct count_entry *c = &st->counts[st->next_count++ % COUNT_CACHE_SIZE];
    *c = (struct count_entry){.used = true, .exact = exact, .fetched_us = clock_micros(),
                              .stamp = {stamp[0], stamp[1]}, .tenant = q->tenant, .scope = f->scope,
                              .combo = combo, .kind = f->kind, .parent_id = f->parent_id, .total = q->total};
    if (f->text)
        snprintf(c->text, sizeof(c->text), "%s", f->text);
}

/* The total for a filter, from the cache when nothing changed since it was counted. */
static int count_units(struct list_query *q, int combo, struct error *e)
{
    uint64_t stamp[2];
    bool exact;
    list_stamp(q->st, stamp, &exact);
    if (count_recall(q, combo, stamp))
        return 0;
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql, "SELECT count(*) FROM units");
    add_where(&sql, combo);
    struct db_stmt *s = sql.failed ? NULL : db_prepare(q->st->db, sql.buf, e);
    strbuf_release(&sql);
    if (!s)
        return e->code ? -1 : store_no_memory(e);
    bind_filter(s, q->tenant, q->f, combo);
    int rc = db_step(s, e);
    q->total = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc != 1)
        return -1;
    count_remember(q, combo, stamp, exact);
    return 0;
}

/* Reads one page; with_total puts the filter's total beside each row (one statement, one snapshot). */
static int read_page(struct db *db, struct list_query *q, int combo, bool walk, bool with_total, struct error *e)
{
    const struct unit_filter *f = q->f;
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql, "SELECT " UNIT_COLUMNS);
    if (with_total) {
        strbuf_addstr(&sql, ", (SELECT count(*) FROM units");
        add_where(&sql, combo);
        strbuf_addch(&sql, ')');
    }
    strbuf_addstr(&sql, " FROM units");
    add_where_walk(&sql, combo, walk);
    const char *dir = f->descending ? " DESC" : "";
    strbuf_addf(&sql, " ORDER BY %s%s, id%s LIMIT ?5 OFFSET ?6", sort_columns[f->sort], dir, dir);
    struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
    strbuf_release(&sql);
    if (!s)
        return e->code ? -1 : store_no_memory(e);
    bind_filter(s, q->tenant, f, combo);
    db_bind_int64(s, 5, f->page_size);
    db_bind_int64(s, 6, (f->page - 1) * f->page_size);
    q->count = 0;
    q->items = arena_alloc(q->a, (size_t)f->page_size * sizeof(*q->items));
    int rc = q->items ? 1 : store_no_memory(e);
    while (rc == 1 && (rc = db_step(s, e)) == 1 && q->count < (size_t)f->page_size) {
        if (with_total)
            q->total = db_column_int64(s, TOTAL_COLUMN);
        if (read_unit(s, q->a, &q->items[q->count++]) != 0)
            rc = store_no_memory(e);
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* SQLite, in one read transaction: the total first (usually cached; it tells how large a scope is). */
static int list_units(struct db *db, void *ctx, struct error *e)
{
    struct list_query *q = ctx;
    int combo = filter_combo(q->f);
    if (count_units(q, combo, e) != 0)
        return -1;
    return read_page(db, q, combo, (combo & 16) && q->total > SCOPE_WALK_AFTER, false, e);
}

/*
 * PostgreSQL: without a transaction's round trips. A remembered total lets the page be read
 * alone; otherwise one statement returns the page with the total beside each row.
 */
static int list_with_total(struct list_query *q, struct error *e)
{
    int combo = filter_combo(q->f);
    uint64_t stamp[2];
    bool exact;
    list_stamp(q->st, stamp, &exact);
    if (count_recall(q, combo, stamp))
        return read_page(q->st->db, q, combo, false, false, e);
    q->total = -1;
    if (read_page(q->st->db, q, combo, false, true, e) != 0)
        return -1;
    /* a page past the end has no row to carry the total */
    if (q->total < 0)
        return count_units(q, combo, e);
    count_remember(q, combo, stamp, exact);
    return 0;
}

int store_units_list(struct store *st, int64_t tenant, const struct unit_filter *f, struct arena *a,
                     struct unit **items, size_t *count, int64_t *total, struct error *e)
{
    struct list_query q = {.st = st, .tenant = tenant, .f = f, .a = a};
    uint64_t stamp[2];
    int rc = db_change_stamp(st->db, stamp) == 0 ? db_read(st->db, list_units, &q, e) : list_with_total(&q, e);
    if (rc != 0)
        return -1;
    *items = q.items;
    *count = q.count;
    *total = q.total;
    return 0;
}

/* ---- export: every matching unit, one at a time ---- */

struct each_query {
    int64_t tenant, limit;
    const struct unit_filter *f;
    store_unit_fn fn;
    void *ctx;
};

static int each_unit(struct db *db, void *ctx, struct error *e)
{
    struct each_query *q = ctx;
    int combo = filter_combo(q->f);
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql, "SELECT count(*) FROM units");
    add_where(&sql, combo);
    struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
    strbuf_release(&sql);
    if (!s)
        return e->code ? -1 : store_no_memory(e);
    bind_filter(s, q->tenant, q->f, combo);
    int rc = db_step(s, e);
    int64_t total = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc != 1)
        return -1;
    if (total > q->limit)
        return store_too_many(total, q->limit, e);

    const char *dir = q->f->descending ? " DESC" : "";
    strbuf_addstr(&sql, "SELECT " UNIT_COLUMNS " FROM units");
    add_where(&sql, combo);
    strbuf_addf(&sql, " ORDER BY %s%s, id%s LIMIT ?5 OFFSET ?6", sort_columns[q->f->sort], dir, dir);
    s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
    strbuf_release(&sql);
    if (!s)
        return e->code ? -1 : store_no_memory(e);
    int64_t batch = store_each_batch(db), offset = 0, got;
    struct arena a = ARENA_INIT;
    do {
        bind_filter(s, q->tenant, q->f, combo);
        db_bind_int64(s, 5, batch);
        db_bind_int64(s, 6, offset);
        got = 0;
        while ((rc = db_step(s, e)) == 1) {
            struct unit u;
            got++;
            rc = read_unit(s, &a, &u) != 0 ? store_no_memory(e) : q->fn(q->ctx, &u, e);
            arena_release(&a);
            if (rc != 0)
                break;
        }
        db_reset(s);
        offset += got;
    } while (rc == 0 && got == batch);
    return rc < 0 ? -1 : rc;
}

int store_units_each(struct store *st, int64_t tenant, const struct unit_filter *f, int64_t limit, store_unit_fn fn,
                     void *ctx, struct error *e)
{
    struct each_query q = {.tenant = tenant, .limit = limit, .f = f, .fn = fn, .ctx = ctx};
    return db_read(st->db, each_unit, &q, e);
}

/* ---- single units and writes ---- */

static int get_unit(struct db *db, int64_t tenant, int64_t id, struct arena *a, struct unit *out, struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql_get, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    int rc = db_step(s, e);
    if (rc == 1 && read_unit(s, a, out) != 0)
        rc = store_no_memory(e);
    else if (rc == 0)
        rc = error_set(e, ERR_NOT_FOUND, NULL, "单位 %lld 不存在", "unit %lld does not exist", (long long)id);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_unit_get(struct store *st, int64_t tenant, int64_t scope, int64_t id, struct arena *a, struct unit *out,
                   struct error *e)
{
    if (get_unit(st->db, tenant, id, a, out, e) != 0)
        return -1;
    if (scope && scope != id) {
        struct unit root;
        /* outside the caller's scope reads exactly like a unit that does not exist */
        if (get_unit(st->db, tenant, scope, a, &root, e) != 0 ||
            strncmp(out->path, root.path, strlen(root.path)) != 0)
            return error_set(e, ERR_NOT_FOUND, NULL, "单位 %lld 不存在", "unit %lld does not exist", (long long)id);
    }
    return 0;
}

/* Runs a statement that returns no rows with parameters ?1 = tenant, ?2 = id and, if n == 3, ?3 = value. */
static int run_update(struct db *db, const char *sql, int n, int64_t tenant, int64_t id, int64_t value,
                      struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    if (n == 3)
        db_bind_int64(s, 3, value);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* Checks the proposed parent exists and that the move makes no cycle; gives the unit's new path. */
static int check_parent(struct db *db, int64_t tenant, int64_t unit_id, int64_t parent_id, struct arena *a,
                        const char **parent_path, struct error *e)
{
    *parent_path = "/";
    if (parent_id == 0)
        return 0;
    struct db_stmt *s =
        db_prepare(db,
                   "WITH RECURSIVE up(id, parent_id, depth) AS ("
                   " SELECT id, parent_id, 0 FROM units WHERE tenant_id = ?1 AND id = ?2"
                   " UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up"
                   " ON u.tenant_id = ?1 AND u.id = up.parent_id WHERE up.depth < 64)"
                   " SELECT id FROM up ORDER BY depth",
                   e);
    if (!s)
        return -1;
    int64_t ancestors[UNIT_TREE_DEPTH_MAX + 2];
    size_t n = 0;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, parent_id);
    int rc;
    while ((rc = db_step(s, e)) == 1 && n < sizeof(ancestors) / sizeof(ancestors[0]))
        ancestors[n++] = db_column_int64(s, 0);
    db_reset(s);
    if (rc < 0)
        return -1;
    if (n == 0)
        return error_set(e, ERR_INVALID_VALUE, "parent_id", "上级单位 %lld 不存在", "parent unit %lld does not exist",
                         (long long)parent_id);
    if (unit_tree_check_parent(unit_id, ancestors, n, e) != 0)
        return -1;
    struct unit parent;
    if (get_unit(db, tenant, parent_id, a, &parent, e) != 0)
        return -1;
    *parent_path = parent.path;
    return 0;
}

static char *child_path(struct arena *a, const char *parent_path, int64_t id)
{
    char tail[32];
    int n = snprintf(tail, sizeof(tail), "%lld/", (long long)id);
    size_t len = strlen(parent_path);
    char *p = arena_alloc(a, len + (size_t)n + 1);
    if (p) {
        memcpy(p, parent_path, len);
        memcpy(p + len, tail, (size_t)n + 1);
    }
    return p;
}

/* The operation log's view of a unit's fields, old (NULL for a create) to new (NULL for a delete). */
static const char *unit_changes(const struct unit_input *before, const struct unit_input *after, struct changes *c)
{
    static const struct unit_input none;
    const struct unit_input *b = before ? before : &none, *n = after ? after : &none;
    changes_text(c, "code", b->code, n->code);
    changes_text(c, "name", b->name, n->name);
    changes_text(c, "kind", before ? unit_kind_name(b->kind) : NULL, after ? unit_kind_name(n->kind) : NULL);
    changes_int(c, "parent_id", !before || !b->parent_id, b->parent_id, !after || !n->parent_id, n->parent_id);
    changes_text(c, "division_code", b->division_code, n->division_code);
    changes_int(c, "sort_order", !before, b->sort_order, !after, n->sort_order);
    return changes_finish(c);
}

static struct unit_input unit_as_input(const struct unit *u)
{
    return (struct unit_input){.code = u->code, .name = u->name, .kind = u->kind, .parent_id = u->parent_id,
                               .division_code = u->division_code, .sort_order = u->sort_order};
}

static int check_code_free(struct db *db, int64_t tenant, int64_t unit_id, const char *code, struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT id FROM units WHERE tenant_id = ?1 AND code = ?2 AND id <> ?3", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_text(s, 2, code);
    db_bind_int64(s, 3, unit_id);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc == 1)
        return error_set(e, ERR_DUPLICATE, "code", "单位编码 %s 已被使用", "unit code %s is already used", code);
    return rc;
}

/* Adds delta to the parent's child_count (nothing for a top-level unit). */
static int adjust_children(struct db *db, int64_t tenant, int64_t parent_id, int delta, struct error *e)
{
    if (parent_id == 0)
        return 0;
    return run_update(db, "UPDATE units SET child_count = child_count + ?3 WHERE tenant_id = ?1 AND id = ?2", 3,
                      tenant, parent_id, delta, e);
}

static void bind_fields(struct db_stmt *s, int64_t tenant, int64_t id, const struct unit_input *u, const char *now,
                        const char *path)
{
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    if (u->parent_id)
        db_bind_int64(s, 3, u->parent_id);
    else
        db_bind_null(s, 3);
    db_bind_text(s, 4, u->code);
    db_bind_text(s, 5, u->name);
    db_bind_text(s, 6, unit_kind_name(u->kind));
    db_bind_text(s, 7, u->division_code);
    db_bind_int64(s, 8, u->sort_order);
    db_bind_text(s, 9, now);
    db_bind_text(s, 10, path);
}

struct unit_write {
    int64_t tenant, id;
    const struct unit_input *in;
    const struct actor *who;
    struct arena *a;
    struct unit *out;
};

static int exec_fields(struct db *db, const char *sql, struct unit_write *w, const struct unit_input *fields,
                       const char *path, struct error *e)
{
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    bind_fields(s, w->tenant, w->id, fields, now, path);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int create_unit(struct db *db, void *ctx, struct error *e)
{
    struct unit_write *w = ctx;
    const char *parent_path, *path;
    struct changes c = {STRBUF_INIT, 0};
    int rc = -1;
    if (check_parent(db, w->tenant, 0, w->in->parent_id, w->a, &parent_path, e) != 0 ||
        check_code_free(db, w->tenant, 0, w->in->code, e) != 0 ||
        store_next_id(db, w->tenant, "units", &w->id, e) != 0)
        goto out;
    if (!(path = child_path(w->a, parent_path, w->id))) {
        store_no_memory(e);
        goto out;
    }
    if (exec_fields(db,
                    "INSERT INTO units (tenant_id, id, parent_id, code, name, kind, division_code, sort_order, "
                    "created_at, updated_at, path) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
                    w, w->in, path, e) != 0 ||
        adjust_children(db, w->tenant, w->in->parent_id, +1, e) != 0 ||
        audit_append(db, w->tenant, w->who, "create", "unit", w->id, unit_changes(NULL, w->in, &c), e) != 0)
        goto out;
    rc = get_unit(db, w->tenant, w->id, w->a, w->out, e);
out:
    strbuf_release(&c.sb);
    return rc;
}

int store_unit_create(struct store *st, int64_t tenant, const struct unit_input *in, const struct actor *who,
                      struct arena *a, struct unit *out, struct error *e)
{
    struct unit_write w = {.tenant = tenant, .in = in, .who = who, .a = a, .out = out};
    int rc = db_write_tenant(st->db, tenant, create_unit, &w, e);
    units_changed();
    return rc;
}

/* Moves a unit's subtree: every path under the old one now starts with the new one. */
static int move_subtree(struct db *db, int64_t tenant, const char *old_path, const char *new_path, struct error *e)
{
    struct db_stmt *s = db_prepare(db,
                                   "UPDATE units SET path = ?3 || substr(path, ?4) WHERE tenant_id = ?1 "
                                   "AND path >= ?2 AND path < ?2 || '~'",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_text(s, 2, old_path);
    db_bind_text(s, 3, new_path);
    db_bind_int64(s, 4, (int64_t)strlen(old_path) + 1);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int update_unit(struct db *db, void *ctx, struct error *e)
{
    struct unit_write *w = ctx;
    const struct unit_input *in = w->in;
    struct unit old;
    if (get_unit(db, w->tenant, w->id, w->a, &old, e) != 0)
        return -1;
    struct unit_input before = unit_as_input(&old);
    struct unit_input merged = {
        .code = in->has_code ? in->code : old.code,
        .name = in->has_name ? in->name : old.name,
        .kind = in->has_kind ? in->kind : old.kind,
        .parent_id = in->has_parent ? in->parent_id : old.parent_id,
        .division_code = in->has_division_code ? in->division_code : old.division_code,
        .sort_order = in->has_sort_order ? in->sort_order : old.sort_order,
    };
    const char *parent_path = NULL, *path = old.path;
    bool moved = merged.parent_id != old.parent_id;
    if (moved && (check_parent(db, w->tenant, w->id, merged.parent_id, w->a, &parent_path, e) != 0 ||
                  !(path = child_path(w->a, parent_path, w->id))))
        return e->code ? -1 : store_no_memory(e);
    if (in->has_code && check_code_free(db, w->tenant, w->id, merged.code, e) != 0)
        return -1;
    struct changes c = {STRBUF_INIT, 0};
    int rc = -1;
    if (exec_fields(db,
                    "UPDATE units SET parent_id = ?3, code = ?4, name = ?5, kind = ?6, division_code = ?7, "
                    "sort_order = ?8, updated_at = ?9, path = ?10 WHERE tenant_id = ?1 AND id = ?2",
                    w, &merged, path, e) != 0)
        goto out;
    if (moved && (move_subtree(db, w->tenant, old.path, path, e) != 0 ||
                  adjust_children(db, w->tenant, old.parent_id, -1, e) != 0 ||
                  adjust_children(db, w->tenant, merged.parent_id, +1, e) != 0))
        goto out;
    const char *changes = unit_changes(&before, &merged, &c);
    if (changes && strcmp(changes, "{}") != 0 &&
        audit_append(db, w->tenant, w->who, "update", "unit", w->id, changes, e) != 0)
        goto out;
    rc = get_unit(db, w->tenant, w->id, w->a, w->out, e);
out:
    strbuf_release(&c.sb);
    return rc;
}

int store_unit_update(struct store *st, int64_t tenant, int64_t id, const struct unit_input *in,
                      const struct actor *who, struct arena *a, struct unit *out, struct error *e)
{
    struct unit_write w = {.tenant = tenant, .id = id, .in = in, .who = who, .a = a, .out = out};
    int rc = db_write_tenant(st->db, tenant, update_unit, &w, e);
    units_changed();
    return rc;
}

static int delete_unit(struct db *db, void *ctx, struct error *e)
{
    struct unit_write *w = ctx;
    struct unit old;
    if (get_unit(db, w->tenant, w->id, w->a, &old, e) != 0)
        return -1;
    if (old.child_count > 0)
        return error_set(e, ERR_HAS_CHILDREN, NULL, "单位“%s”还有 %lld 个下级单位，不能删除",
                         "unit \"%s\" still has %lld child units and cannot be deleted", old.name,
                         (long long)old.child_count);
    struct unit_input before = unit_as_input(&old);
    struct changes c = {STRBUF_INIT, 0};
    int rc = run_update(db, "DELETE FROM units WHERE tenant_id = ?1 AND id = ?2", 2, w->tenant, w->id, 0, e) != 0 ||
                     adjust_children(db, w->tenant, old.parent_id, -1, e) != 0 ||
                     audit_append(db, w->tenant, w->who, "delete", "unit", w->id, unit_changes(&before, NULL, &c), e) != 0
                 ? -1
                 : 0;
    strbuf_release(&c.sb);
    return rc;
}

int store_unit_delete(struct store *st, int64_t tenant, int64_t id, const struct actor *who, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct unit_write w = {.tenant = tenant, .id = id, .who = who, .a = &a};
    int rc = db_write_tenant(st->db, tenant, delete_unit, &w, e);
    units_changed();
    arena_release(&a);
    return rc;
}
