/*
 * Units in the store: the list with its filters, sort and paging, and the writes, each in one
 * transaction that also keeps the parents' child_count and the per-tenant id sequence.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "base/strmap.h"
#include "store/store_internal.h"
#include "base/banned.h"

/* The parent's code rides along (by its primary key) so that an exported sheet names parents as an import
 * does. */
#define UNIT_COLUMNS                                                                                         \
    "id, parent_id, code, name, kind, division_code, sort_order, iso(created_at), iso(updated_at), "         \
    "child_count, path, "                                                                                    \
    "(SELECT p.code FROM units p WHERE p.tenant_id = units.tenant_id AND p.id = units.parent_id) AS "        \
    "parent_code"
#define TOTAL_COLUMN 12 /* the total beside UNIT_COLUMNS in list_with_total */

/*
 * Data scope: a unit's subtree is the range of paths from its own path up to that path + '~'
 * (paths hold only digits and '/', which sort below '~'). ?7 is the scope unit's id.
 */
#define SCOPE_RANGE(path)                                                                                    \
    " AND " path " >= (SELECT s.path FROM units s WHERE s.tenant_id = ?1 AND s.id = ?7)"                     \
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

static const char *const sort_columns[UNIT_SORT_COUNT] = {"sort_order", "name",       "code",      "kind",
                                                          "id",         "created_at", "updated_at"};

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
           (!(combo & 2) || c->parent_id == f->parent_id) &&
           (!(combo & 8) || strcmp(c->text, f->text) == 0) &&
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
    *c = (struct count_entry){.used = true,
                              .exact = exact,
                              .fetched_us = clock_micros(),
                              .stamp = {stamp[0], stamp[1]},
                              .tenant = q->tenant,
                              .scope = f->scope,
                              .combo = combo,
                              .kind = f->kind,
                              .parent_id = f->parent_id,
                              .total = q->total};
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
static int read_page(struct db *db, struct list_query *q, int combo, bool walk, bool with_total,
                     struct error *e)
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
    int rc =
        db_change_stamp(st->db, stamp) == 0 ? db_read(st->db, list_units, &q, e) : list_with_total(&q, e);
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

static void each_unit_bind(struct db_stmt *s, void *ctx)
{
    struct each_query *q = ctx;
    bind_filter(s, q->tenant, q->f, filter_combo(q->f));
}

static int each_unit_row(struct db_stmt *s, struct arena *a, void *ctx, struct error *e)
{
    struct each_query *q = ctx;
    struct unit u;
    return read_unit(s, a, &u) != 0 ? store_no_memory(e) : q->fn(q->ctx, &u, e);
}

static int each_unit(struct db *db, void *ctx, struct error *e)
{
    struct each_query *q = ctx;
    struct strbuf from = STRBUF_INIT;
    strbuf_addstr(&from, " FROM units");
    add_where(&from, filter_combo(q->f));
    const char *dir = q->f->descending ? " DESC" : "";
    char order[96];
    snprintf(order, sizeof(order), " ORDER BY %s%s, id%s", sort_columns[q->f->sort], dir, dir);
    struct store_walk w = {.columns = UNIT_COLUMNS,
                           .from = from.buf,
                           .order = order,
                           .page = 5,
                           .limit = q->limit,
                           .bind = each_unit_bind,
                           .row = each_unit_row,
                           .ctx = q};
    int rc = from.failed ? store_no_memory(e) : store_walk(db, &w, e);
    strbuf_release(&from);
    return rc;
}

int store_units_each(struct store *st, int64_t tenant, const struct unit_filter *f, int64_t limit,
                     store_unit_fn fn, void *ctx, struct error *e)
{
    struct each_query q = {.tenant = tenant, .limit = limit, .f = f, .fn = fn, .ctx = ctx};
    return db_read(st->db, each_unit, &q, e);
}

/* ---- single units and writes ---- */

static int get_unit(struct db *db, int64_t tenant, int64_t id, struct arena *a, struct unit *out,
                    struct error *e)
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

int store_unit_get(struct store *st, int64_t tenant, int64_t scope, int64_t id, struct arena *a,
                   struct unit *out, struct error *e)
{
    if (get_unit(st->db, tenant, id, a, out, e) != 0)
        return -1;
    if (scope && scope != id) {
        struct unit root;
        /* outside the caller's scope reads exactly like a unit that does not exist */
        if (get_unit(st->db, tenant, scope, a, &root, e) != 0 ||
            strncmp(out->path, root.path, strlen(root.path)) != 0)
            return error_set(e, ERR_NOT_FOUND, NULL, "单位 %lld 不存在", "unit %lld does not exist",
                             (long long)id);
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
    struct db_stmt *s = db_prepare(db,
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
        return error_set(e, ERR_INVALID_VALUE, "parent_id", "上级单位 %lld 不存在",
                         "parent unit %lld does not exist", (long long)parent_id);
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
static const char *unit_changes(const struct unit_input *before, const struct unit_input *after,
                                struct changes *c)
{
    static const struct unit_input none;
    const struct unit_input *b = before ? before : &none, *n = after ? after : &none;
    changes_text(c, "code", b->code, n->code);
    changes_text(c, "name", b->name, n->name);
    changes_text(c, "kind", before ? unit_kind_name(b->kind) : NULL, after ? unit_kind_name(n->kind) : NULL);
    changes_int(c, "parent_id", !before || !b->parent_id, b->parent_id, !after || !n->parent_id,
                n->parent_id);
    changes_text(c, "division_code", b->division_code, n->division_code);
    changes_int(c, "sort_order", !before, b->sort_order, !after, n->sort_order);
    return changes_finish(c);
}

static struct unit_input unit_as_input(const struct unit *u)
{
    return (struct unit_input){.code = u->code,
                               .name = u->name,
                               .kind = u->kind,
                               .parent_id = u->parent_id,
                               .division_code = u->division_code,
                               .sort_order = u->sort_order};
}

static int check_code_free(struct db *db, int64_t tenant, int64_t unit_id, const char *code, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db, "SELECT id FROM units WHERE tenant_id = ?1 AND code = ?2 AND id <> ?3", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_text(s, 2, code);
    db_bind_int64(s, 3, unit_id);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc == 1)
        return error_set(e, ERR_DUPLICATE, "code", "单位编码 %s 已被使用", "unit code %s is already used",
                         code);
    return rc;
}

/* Adds delta to the parent's child_count (nothing for a top-level unit). */
static int adjust_children(struct db *db, int64_t tenant, int64_t parent_id, int delta, struct error *e)
{
    if (parent_id == 0)
        return 0;
    return run_update(db, "UPDATE units SET child_count = child_count + ?3 WHERE tenant_id = ?1 AND id = ?2",
                      3, tenant, parent_id, delta, e);
}

#define UNIT_PARAMS 10 /* bound by bind_fields_at: ?1 to ?10 after `at` */

static void bind_fields_at(struct db_stmt *s, int at, int64_t tenant, int64_t id, const struct unit_input *u,
                           const char *now, const char *path)
{
    db_bind_int64(s, at + 1, tenant);
    db_bind_int64(s, at + 2, id);
    if (u->parent_id)
        db_bind_int64(s, at + 3, u->parent_id);
    else
        db_bind_null(s, at + 3);
    db_bind_text(s, at + 4, u->code);
    db_bind_text(s, at + 5, u->name);
    db_bind_text(s, at + 6, unit_kind_name(u->kind));
    db_bind_text(s, at + 7, u->division_code);
    db_bind_int64(s, at + 8, u->sort_order);
    db_bind_text(s, at + 9, now);
    db_bind_text(s, at + 10, path);
}

static void bind_fields(struct db_stmt *s, int64_t tenant, int64_t id, const struct unit_input *u,
                        const char *now, const char *path)
{
    bind_fields_at(s, 0, tenant, id, u, now, path);
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
    if (exec_fields(
            db,
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
static int move_subtree(struct db *db, int64_t tenant, const char *old_path, const char *new_path,
                        struct error *e)
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
                    w, &merged, path, e) != 0 ||
        (strcmp(merged.name, old.name) != 0 && store_appraisal_names_changed(db, w->tenant, e) != 0))
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

/* How many rows of another table name the unit (sql counts them by ?1 tenant, ?2 unit). */
static int count_naming(struct db *db, const char *sql, int64_t tenant, int64_t unit_id, int64_t *count,
                        struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, unit_id);
    int rc = db_step(s, e);
    *count = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    return rc == 1 ? 0 : -1;
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
    /* what names the unit keeps it: its enterprises, its projects, the problems assigned to it, its goals' shares */
    static const struct {
        const char *sql, *zh, *en;
    } naming[] = {
        {"SELECT count(*) FROM enterprises WHERE tenant_id = ?1 AND park_id = ?2",
         "单位“%s”是 %lld 家企业的所在园区，不能删除",
         "unit \"%s\" is the park of %lld enterprises and cannot be deleted"},
        {"SELECT count(*) FROM projects WHERE tenant_id = ?1 AND (unit_id = ?2 OR carrier_id = ?2)",
         "单位“%s”是 %lld 个项目的责任单位或载体，不能删除",
         "unit \"%s\" is the responsible or carrier unit of %lld projects and cannot be deleted"},
        {"SELECT count(*) FROM problems WHERE tenant_id = ?1 AND unit_id = ?2",
         "单位“%s”承办着 %lld 个问题，不能删除",
         "unit \"%s\" is assigned %lld problems and cannot be deleted"},
        {"SELECT count(*) FROM appraisal_subjects WHERE tenant_id = ?1 AND unit_id = ?2",
         "单位“%s”是 %lld 个考核方案的考核对象，不能删除",
         "unit \"%s\" is a subject of %lld appraisal schemes and cannot be deleted"},
        {"SELECT count(*) FROM bm_goal_units WHERE tenant_id = ?1 AND unit_id = ?2",
         "单位“%s”分担着 %lld 个对标目标，不能删除",
         "unit \"%s\" shares %lld benchmark goals and cannot be deleted"},
    };
    for (size_t i = 0; i < sizeof(naming) / sizeof(naming[0]); i++) {
        int64_t n;
        if (count_naming(db, naming[i].sql, w->tenant, w->id, &n, e) != 0)
            return -1;
        if (n > 0) {
            char zh[256], en[256];
            snprintf(zh, sizeof(zh), naming[i].zh, old.name, (long long)n);
            snprintf(en, sizeof(en), naming[i].en, old.name, (long long)n);
            return error_set_text(e, ERR_HAS_CHILDREN, NULL, zh, en);
        }
    }
    struct unit_input before = unit_as_input(&old);
    struct changes c = {STRBUF_INIT, 0};
    /* months its projects once reported, moved away since: nothing but zeros is left of them */
    int rc =
        run_update(db, "DELETE FROM unit_month_totals WHERE tenant_id = ?1 AND unit_id = ?2 AND amount = 0",
                   2, w->tenant, w->id, 0, e) != 0 ||
                run_update(db, "DELETE FROM units WHERE tenant_id = ?1 AND id = ?2", 2, w->tenant, w->id, 0,
                           e) != 0 ||
                adjust_children(db, w->tenant, old.parent_id, -1, e) != 0 ||
                audit_append(db, w->tenant, w->who, "delete", "unit", w->id, unit_changes(&before, NULL, &c),
                             e) != 0
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

/* ---- import ---- */

/*
 * An import loads the tenant's units once, decides every row in memory (parents by code, the
 * tree rules, what changed), and then writes with one statement per created or changed unit,
 * one per parent whose child count moved, and one operation-log insert per change: a 100,000-row
 * sheet is one transaction of a few hundred thousand statements, not millions.
 */
#define UNITS_BATCH_ROWS 100 /* created units per insert statement: one round trip each on PostgreSQL */

struct known {
    int64_t id;
    size_t parent; /* index in known[], or NONE */
    const char *code, *name, *division_code, *path;
    enum unit_kind kind;
    int64_t sort_order, child_delta;
};

#define NONE ((size_t)-1)

struct import_ctx {
    int64_t tenant;
    struct unit_import *im;
    const struct actor *who;
    struct arena *a;
    size_t *order, n_order; /* rows, parents before children */
    bool *refused;          /* rows refused before the transaction (duplicates, cycles) */
    struct import_refusals refusals;
    size_t errors_before;
    bool dry_run_done;
    /* per attempt */
    struct known *units; /* by id, ascending: loaded ones, then created ones */
    size_t n_units, units_cap;
    struct strmap by_code;
    int64_t next_id;
    char now[32];
    size_t pending[UNITS_BATCH_ROWS]; /* created units not inserted yet (indices in units) */
    size_t n_pending;
};

static void refuse_row(struct import_ctx *c, size_t index, const char *field, const char *zh, const char *en)
{
    import_refuse(&c->refusals, index, field, zh, en);
}

enum visit_state { UNVISITED, ACTIVE, DONE };

/* Puts row i after its parent row (if the parent is in the sheet); refuses cycles. */
static bool order_row(struct import_ctx *c, const struct strmap *codes, enum visit_state *state, size_t i,
                      int depth)
{
    if (state[i] == DONE)
        return !c->refused[i];
    if (state[i] == ACTIVE || depth > UNIT_TREE_DEPTH_MAX + 1)
        return false;
    state[i] = ACTIVE;
    const struct unit_input *in = &c->im->in[i];
    const char *parent = in->has_parent ? c->im->parent_code[i] : NULL;
    size_t j;
    if (parent && strmap_get(codes, parent, &j) && !order_row(c, codes, state, j, depth + 1) &&
        !c->refused[i]) {
        c->refused[i] = true;
        refuse_row(c, i, "parent_code", "上级单位形成循环、层级过深或本身有误",
                   "the parent makes a cycle, is too deep, or is refused itself");
    }
    state[i] = DONE;
    c->order[c->n_order++] = i;
    return !c->refused[i];
}

static int import_order(struct import_ctx *c, struct error *e)
{
    size_t n = c->im->n;
    struct strmap codes;
    enum visit_state *state = calloc(n ? n : 1, sizeof(*state));
    c->order = arena_alloc(c->a, (n ? n : 1) * sizeof(*c->order));
    c->refused = arena_calloc(c->a, (n ? n : 1) * sizeof(*c->refused));
    if (!state || !c->order || !c->refused || strmap_init(&codes, n) != 0) {
        free(state);
        return store_no_memory(e);
    }
    for (size_t i = 0; i < n; i++) {
        size_t first;
        if (!strmap_add(&codes, c->im->in[i].code, i, &first)) {
            c->refused[i] = true;
            char zh[96], en[96];
            snprintf(zh, sizeof(zh), "单位编码与本表第 %zu 条重复", first + 1);
            snprintf(en, sizeof(en), "the same unit code as entry %zu of this sheet", first + 1);
            refuse_row(c, i, "code", zh, en);
        }
    }
    for (size_t i = 0; i < n; i++)
        order_row(c, &codes, state, i, 0);
    strmap_release(&codes);
    free(state);
    return 0;
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static struct known *known_add(struct import_ctx *c, struct error *e)
{
    if (c->n_units == c->units_cap) {
        size_t next = c->units_cap ? c->units_cap * 2 : 256;
        struct known *p = realloc(c->units, next * sizeof(*p));
        if (!p)
            return store_no_memory(e), NULL;
        c->units = p;
        c->units_cap = next;
    }
    return &c->units[c->n_units++];
}

static size_t known_by_id(const struct import_ctx *c, int64_t id)
{
    size_t lo = 0, hi = c->n_units;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->units[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n_units && c->units[lo].id == id ? lo : NONE;
}

/* Every unit of the tenant, by id, with a map from code to index. */
static int load_known(struct db *db, struct import_ctx *c, struct error *e)
{
    c->n_units = 0;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT id, parent_id, code, name, kind, division_code, sort_order, path FROM units "
                   "WHERE tenant_id = ?1 ORDER BY id",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    int rc;
    int64_t *parent_ids = NULL;
    size_t parent_cap = 0;
    while ((rc = db_step(s, e)) == 1) {
        struct known *k = known_add(c, e);
        if (k && c->n_units > parent_cap) {
            int64_t *bigger = realloc(parent_ids, c->units_cap * sizeof(*parent_ids));
            if (bigger)
                parent_ids = bigger, parent_cap = c->units_cap;
        }
        if (!k || c->n_units > parent_cap) {
            rc = store_no_memory(e);
            break;
        }
        *k = (struct known){.id = db_column_int64(s, 0),
                            .code = copy_text(s, 2, c->a),
                            .name = copy_text(s, 3, c->a),
                            .division_code = copy_text(s, 5, c->a),
                            .sort_order = db_column_int64(s, 6),
                            .path = copy_text(s, 7, c->a)};
        parent_ids[c->n_units - 1] = db_column_int64(s, 1);
        const char *kind = db_column_text(s, 4, NULL);
        unit_kind_parse(kind ? kind : "", kind ? strlen(kind) : 0, &k->kind);
        if (!k->code || !k->name || !k->path) {
            rc = store_no_memory(e);
            break;
        }
    }
    db_reset(s);
    if (rc == 0 && strmap_init(&c->by_code, c->n_units + c->im->n) != 0)
        rc = store_no_memory(e);
    for (size_t i = 0; rc == 0 && i < c->n_units; i++) {
        size_t unused;
        c->units[i].parent = parent_ids[i] ? known_by_id(c, parent_ids[i]) : NONE;
        strmap_add(&c->by_code, c->units[i].code, i, &unused);
    }
    free(parent_ids);
    return rc < 0 ? -1 : 0;
}

/* Checks that parent (an index, or NONE) may hold unit `self` (an index, or NONE for a new unit). */
static int check_place(const struct import_ctx *c, size_t self, size_t parent, struct error *e)
{
    int64_t ancestors[UNIT_TREE_DEPTH_MAX + 2];
    size_t n = 0;
    for (size_t p = parent; p != NONE && n < sizeof(ancestors) / sizeof(ancestors[0]); p = c->units[p].parent)
        ancestors[n++] = c->units[p].id;
    return unit_tree_check_parent(self == NONE ? 0 : c->units[self].id, ancestors, n, e);
}

static const char *path_under(struct import_ctx *c, size_t parent, int64_t id)
{
    return child_path(c->a, parent == NONE ? "/" : c->units[parent].path, id);
}

static struct unit_input known_as_input(const struct import_ctx *c, const struct known *k)
{
    return (struct unit_input){.code = k->code,
                               .name = k->name,
                               .kind = k->kind,
                               .parent_id = k->parent == NONE ? 0 : c->units[k->parent].id,
                               .division_code = k->division_code,
                               .sort_order = k->sort_order};
}

static int write_unit(struct db *db, struct import_ctx *c, const char *sql, const struct known *k,
                      struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    struct unit_input in = known_as_input(c, k);
    bind_fields(s, c->tenant, k->id, &in, c->now, k->path);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* The insert of n units: one statement text per n, so only 1 and UNITS_BATCH_ROWS are used. */
static struct db_stmt *insert_units(struct db *db, size_t n, struct error *e)
{
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql,
                  "INSERT INTO units (tenant_id, id, parent_id, code, name, kind, division_code, sort_order, "
                  "created_at, updated_at, path) VALUES ");
    static const int params[] = {1, 2, 3, 4, 5, 6,
                                 7, 8, 9, 9, 10}; /* created_at and updated_at are both now */
    for (size_t r = 0; r < n; r++) {
        strbuf_addstr(&sql, r ? ",(" : "(");
        for (size_t p = 0; p < sizeof(params) / sizeof(params[0]); p++) {
            strbuf_addstr(&sql, p ? ", ?" : "?");
            strbuf_add_int(&sql, (long long)(r * UNIT_PARAMS) + params[p]);
        }
        strbuf_addch(&sql, ')');
    }
    struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
    strbuf_release(&sql);
    if (!s && !e->code)
        store_no_memory(e);
    return s;
}

/* Inserts the created units waiting: a full batch in one statement, fewer one by one. */
static int insert_pending(struct db *db, struct import_ctx *c, struct error *e)
{
    size_t n = c->n_pending, per = n == UNITS_BATCH_ROWS ? n : 1;
    c->n_pending = 0;
    for (size_t from = 0; from < n; from += per) {
        struct db_stmt *s = insert_units(db, per, e);
        if (!s)
            return -1;
        for (size_t r = 0; r < per; r++) {
            const struct known *k = &c->units[c->pending[from + r]];
            struct unit_input in = known_as_input(c, k);
            bind_fields_at(s, (int)(r * UNIT_PARAMS), c->tenant, k->id, &in, c->now, k->path);
        }
        int rc = db_step(s, e);
        db_reset(s);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int log_change(struct db *db, struct import_ctx *c, struct audit_batch *log, const char *action,
                      const struct unit_input *before, const struct known *k, struct error *e)
{
    struct changes ch = {STRBUF_INIT, 0};
    struct unit_input after = known_as_input(c, k);
    int rc = audit_batch_append(db, log, action, "unit", k->id, unit_changes(before, &after, &ch), e);
    strbuf_release(&ch.sb);
    return rc;
}

/* Moves k (already re-parented in memory) and its subtree to the path under its new parent. */
static int move_known(struct db *db, struct import_ctx *c, struct known *k, struct error *e)
{
    const char *old_path = k->path, *new_path = path_under(c, k->parent, k->id);
    if (!new_path)
        return store_no_memory(e);
    size_t old_len = strlen(old_path), new_len = strlen(new_path);
    for (size_t i = 0; i < c->n_units; i++) {
        const char *p = c->units[i].path;
        if (strncmp(p, old_path, old_len) != 0)
            continue;
        size_t tail = strlen(p) - old_len;
        char *moved = arena_alloc(c->a, new_len + tail + 1);
        if (!moved)
            return store_no_memory(e);
        memcpy(moved, new_path, new_len);
        memcpy(moved + new_len, p + old_len, tail + 1);
        c->units[i].path = moved;
    }
    return move_subtree(db, c->tenant, old_path, new_path, e);
}

/* Decides and writes one row; a refusal is recorded, not returned. */
static int import_row(struct db *db, struct import_ctx *c, struct audit_batch *log, size_t i, struct error *e)
{
    struct unit_import *im = c->im;
    const struct unit_input *in = &im->in[i];
    size_t parent = NONE, self = NONE;
    if (in->has_parent && im->parent_code[i] && !strmap_get(&c->by_code, im->parent_code[i], &parent)) {
        char zh[160], en[160];
        snprintf(zh, sizeof(zh), "上级单位编码“%s”不存在", im->parent_code[i]);
        snprintf(en, sizeof(en), "there is no unit with the parent code \"%s\"", im->parent_code[i]);
        refuse_row(c, i, "parent_code", zh, en);
        return 0;
    }
    struct error refusal;
    if (!strmap_get(&c->by_code, in->code, &self)) {
        if (check_place(c, NONE, parent, &refusal) != 0) {
            refuse_row(c, i, "parent_code", refusal.message_zh, refusal.message_en);
            return 0;
        }
        struct known *k = known_add(c, e);
        if (!k)
            return -1;
        *k = (struct known){.id = c->next_id++,
                            .parent = parent,
                            .code = in->code,
                            .name = in->name,
                            .kind = in->kind,
                            .division_code = in->has_division_code ? in->division_code : NULL,
                            .sort_order = in->has_sort_order ? in->sort_order : 0};
        size_t unused;
        if (!(k->path = path_under(c, parent, k->id)) ||
            !strmap_add(&c->by_code, k->code, c->n_units - 1, &unused))
            return store_no_memory(e);
        if (parent != NONE)
            c->units[parent].child_delta++;
        im->actions[i] = IMPORT_CREATE;
        im->created++;
        c->pending[c->n_pending++] = c->n_units - 1;
        if (c->n_pending == UNITS_BATCH_ROWS && insert_pending(db, c, e) != 0)
            return -1;
        return log_change(db, c, log, "create", NULL, k, e);
    }
    struct known *k = &c->units[self];
    struct unit_input before = known_as_input(c, k);
    struct known next = *k;
    if (in->has_name)
        next.name = in->name;
    if (in->has_kind)
        next.kind = in->kind;
    if (in->has_division_code)
        next.division_code = in->division_code;
    if (in->has_sort_order)
        next.sort_order = in->sort_order;
    if (in->has_parent)
        next.parent = parent;
    bool moved = next.parent != k->parent;
    if (strcmp(next.name, k->name) == 0 && next.kind == k->kind && !moved &&
        same_text(next.division_code, k->division_code) && next.sort_order == k->sort_order) {
        im->actions[i] = IMPORT_UNCHANGED;
        im->unchanged++;
        return 0;
    }
    if (moved && check_place(c, self, next.parent, &refusal) != 0) {
        refuse_row(c, i, "parent_code", refusal.message_zh, refusal.message_en);
        return 0;
    }
    if (moved) {
        if (k->parent != NONE)
            c->units[k->parent].child_delta--;
        if (next.parent != NONE)
            c->units[next.parent].child_delta++;
    }
    *k = next;
    /* the units created so far are in the table before one is changed (it may move under one) */
    if (insert_pending(db, c, e) != 0 || (moved && move_known(db, c, k, e) != 0))
        return -1;
    im->actions[i] = IMPORT_UPDATE;
    im->updated++;
    return write_unit(db, c,
                      "UPDATE units SET parent_id = ?3, code = ?4, name = ?5, kind = ?6, division_code = ?7, "
                      "sort_order = ?8, updated_at = ?9, path = ?10 WHERE tenant_id = ?1 AND id = ?2",
                      k, e) != 0 ||
                   store_appraisal_names_changed(db, c->tenant, e) != 0 ||
                   log_change(db, c, log, "update", &before, k, e) != 0
               ? -1
               : 0;
}

static int import_units(struct db *db, void *ctx, struct error *e)
{
    struct import_ctx *c = ctx;
    struct unit_import *im = c->im;
    im->n_errors = c->errors_before; /* a retried transaction starts again */
    c->refusals.failed = false;
    im->created = im->updated = im->unchanged = 0;
    c->n_pending = 0;
    strmap_release(&c->by_code);
    date_now_iso(c->now, sizeof(c->now));
    struct audit_batch log;
    log.texts = (struct strbuf)STRBUF_INIT; /* so that release is safe before begin */
    if (load_known(db, c, e) != 0 || store_sequence_peek(db, c->tenant, "units", &c->next_id, e) != 0 ||
        audit_batch_begin(db, c->tenant, c->who, &log, e) != 0) {
        audit_batch_release(&log);
        return -1;
    }
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < c->n_order; k++) {
        size_t i = c->order[k];
        if (!c->refused[i])
            rc = import_row(db, c, &log, i, e);
    }
    if (rc == 0 && c->refusals.failed)
        rc = store_no_memory(e);
    if (rc == 0 && im->n_errors)
        rc = error_set(e, ERR_INVALID_ROWS, NULL, "有 %zu 行有误，未导入任何数据",
                       "%zu rows are wrong: nothing was imported", im->n_errors);
    if (rc == 0)
        rc = insert_pending(db, c, e);
    for (size_t i = 0; rc == 0 && i < c->n_units; i++)
        if (c->units[i].child_delta)
            rc = adjust_children(db, c->tenant, c->units[i].id, (int)c->units[i].child_delta, e);
    if (rc == 0 &&
        (store_sequence_set(db, c->tenant, "units", c->next_id, e) != 0 || audit_batch_end(db, &log, e) != 0))
        rc = -1;
    audit_batch_release(&log);
    if (rc == 0 && im->dry_run) {
        c->dry_run_done = true;
        return -1; /* rolls back what the preview wrote */
    }
    return rc;
}

int store_units_import(struct store *st, int64_t tenant, struct unit_import *im, const struct actor *who,
                       struct arena *a, struct error *e)
{
    struct import_ctx c = {.tenant = tenant,
                           .im = im,
                           .who = who,
                           .a = a,
                           .refusals = {.errors = &im->errors, .n = &im->n_errors, .a = a}};
    im->n_errors = 0;
    if (import_order(&c, e) != 0 || (c.refusals.failed && store_no_memory(e)))
        return -1;
    c.errors_before = im->n_errors;
    int rc = db_write_tenant(st->db, tenant, import_units, &c, e);
    if (rc != 0 && c.dry_run_done) {
        error_clear(e);
        rc = 0;
    }
    if (rc == 0 && !im->dry_run)
        units_changed();
    strmap_release(&c.by_code);
    free(c.units);
    return rc;
}
