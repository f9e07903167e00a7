/*
 * The SQLite backend of store.h. WAL with synchronous=FULL (an acknowledged commit survives a
 * power cut), foreign keys on, a busy timeout, and writers that BEGIN IMMEDIATE so SQLITE_BUSY
 * never reaches a user. Statements are prepared once per connection and kept.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/embedded.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "base/banned.h"

#define APPLICATION_ID 0x50414345 /* "PACE" */
#define BUSY_TIMEOUT_MS 5000

extern const struct embedded_file migration_files[];
extern const size_t migration_files_count;

#define UNIT_COLUMNS "id, parent_id, code, name, kind, division_code, sort_order, created_at, updated_at, child_count"

enum stmt_id { ST_BEGIN_READ, ST_END_READ, ST_GET, ST_ADJUST_CHILDREN, ST_ANCESTORS, ST_CODE_TAKEN, ST_NEXT_ID, ST_BUMP_ID, ST_INSERT, ST_UPDATE, ST_DELETE,
               ST_COUNT };

static const char *const fixed_sql[ST_COUNT] = {
    [ST_BEGIN_READ] = "BEGIN",
    [ST_END_READ] = "COMMIT",
    [ST_GET] = "SELECT " UNIT_COLUMNS " FROM units WHERE tenant_id = ?1 AND id = ?2",
    [ST_ADJUST_CHILDREN] = "UPDATE units SET child_count = child_count + ?3 WHERE tenant_id = ?1 AND id = ?2",
    [ST_ANCESTORS] = "WITH RECURSIVE up(id, parent_id, depth) AS ("
                     " SELECT id, parent_id, 0 FROM units WHERE tenant_id = ?1 AND id = ?2"
                     " UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up"
                     " ON u.tenant_id = ?1 AND u.id = up.parent_id WHERE up.depth < 64)"
                     " SELECT id FROM up ORDER BY depth",
    [ST_CODE_TAKEN] = "SELECT id FROM units WHERE tenant_id = ?1 AND code = ?2 AND id <> ?3",
    [ST_NEXT_ID] = "SELECT next_id FROM id_sequences WHERE tenant_id = ?1 AND name = ?2",
    [ST_BUMP_ID] = "INSERT INTO id_sequences (tenant_id, name, next_id) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT (tenant_id, name) DO UPDATE SET next_id = excluded.next_id",
    [ST_INSERT] = "INSERT INTO units (tenant_id, id, parent_id, code, name, kind, division_code, sort_order, "
                  "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    [ST_UPDATE] = "UPDATE units SET parent_id = ?3, code = ?4, name = ?5, kind = ?6, division_code = ?7, "
                  "sort_order = ?8, updated_at = ?9 WHERE tenant_id = ?1 AND id = ?2",
    [ST_DELETE] = "DELETE FROM units WHERE tenant_id = ?1 AND id = ?2",
};

/* List queries are built from fixed fragments: a cache slot per filter combination and sort. */
#define FILTER_COMBOS 16 /* kind, parent, top-level, text */
#define LIST_SLOTS (FILTER_COMBOS * UNIT_SORT_COUNT * 2)

/*
 * Totals of recent list filters, valid while the database's data version is unchanged (any
 * commit, by this connection or another, changes it): counting a filter's matches costs more
 * than reading a page of them.
 */
#define COUNT_CACHE_SIZE 32

struct count_entry {
    bool used;
    unsigned version;
    int combo;
    enum unit_kind kind;
    int64_t parent_id;
    char text[404];
    int64_t total;
};

struct store {
    sqlite3 *db;
    sqlite3_stmt *fixed[ST_COUNT];
    sqlite3_stmt *list[LIST_SLOTS];
    sqlite3_stmt *count[FILTER_COMBOS];
    struct count_entry counts[COUNT_CACHE_SIZE];
    unsigned next_count;
};

static int db_error(struct store *st, struct error *e, const char *what)
{
    log_error("sqlite: %s: %s", what, sqlite3_errmsg(st->db));
    return error_set(e, ERR_INTERNAL, NULL, "数据库错误：%s", "database error: %s", what);
}

static sqlite3_stmt *prepare(struct store *st, sqlite3_stmt **slot, const char *sql, struct error *e)
{
    if (!*slot) {
        if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK) {
            db_error(st, e, "prepare");
            return NULL;
        }
    }
    return *slot;
}

static sqlite3_stmt *fixed(struct store *st, enum stmt_id id, struct error *e)
{
    return prepare(st, &st->fixed[id], fixed_sql[id], e);
}

static void done(sqlite3_stmt *s)
{
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

static int exec(struct store *st, const char *sql, struct error *e)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        log_error("sqlite: %s: %s", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return error_set(e, ERR_INTERNAL, NULL, "数据库错误", "database error");
    }
    return 0;
}

static int begin_write(struct store *st, struct error *e)
{
    return exec(st, "BEGIN IMMEDIATE", e);
}

static int commit(struct store *st, struct error *e)
{
    return exec(st, "COMMIT", e);
}

static void rollback(struct store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- opening, versions and migrations ---- */

int store_schema_version_latest(void)
{
    int latest = 0;
    for (size_t i = 0; i < migration_files_count; i++)
        latest = atoi(migration_files[i].path + 1) > latest ? atoi(migration_files[i].path + 1) : latest;
    return latest;
}

static int query_int(struct store *st, const char *sql, int *out)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Version 0: an empty database. -1: something that is not a Pacesetter database. */
static int schema_version(struct store *st, int *version)
{
    int app = 0, tables = 0;
    if (query_int(st, "PRAGMA application_id", &app) != 0)
        return -1;
    if (query_int(st, "SELECT count(*) FROM sqlite_schema", &tables) != 0)
        return -1;
    if (app == 0 && tables == 0) {
        *version = 0;
        return 0;
    }
    if (app != APPLICATION_ID)
        return -1;
    *version = 0;
    return query_int(st, "PRAGMA user_version", version);
}

int store_open(struct store **out, const char *path, enum store_open_mode mode, struct error *e)
{
    *out = NULL;
    struct store *st = calloc(1, sizeof(*st));
    if (!st)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == STORE_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
        error_set(e, ERR_NOT_FOUND, "db", "无法打开数据库 %s：%s（新建数据库请用 pacesetter migrate 或 demo）",
                  "cannot open database %s: %s (create one with pacesetter migrate or demo)", path,
                  st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(st->db, 1);
    int version = 0;
    if (schema_version(st, &version) != 0) {
        error_set(e, ERR_INVALID_VALUE, "db", "%s 不是 Pacesetter 数据库", "%s is not a Pacesetter database", path);
        goto fail;
    }
    int latest = store_schema_version_latest();
    if (version > latest) {
        error_set(e, ERR_INVALID_VALUE, "db", "数据库 %s 的版本（%d）比本程序（%d）新：请升级 pacesetter",
                  "database %s has schema version %d, newer than this binary's %d: upgrade pacesetter", path, version,
                  latest);
        goto fail;
    }
    if (mode == STORE_OPEN_SERVE && version < latest) {
        error_set(e, ERR_INVALID_VALUE, "db", "数据库 %s 的版本（%d）低于本程序（%d）：请先运行 pacesetter migrate",
                  "database %s has schema version %d, older than this binary's %d: run pacesetter migrate first", path,
                  version, latest);
        goto fail;
    }
    if (exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", e) != 0)
        goto fail;
    *out = st;
    return 0;
fail:
    sqlite3_close(st->db);
    free(st);
    return -1;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(st->fixed[i]);
    for (int i = 0; i < LIST_SLOTS; i++)
        sqlite3_finalize(st->list[i]);
    for (int i = 0; i < FILTER_COMBOS; i++)
        sqlite3_finalize(st->count[i]);
    /* The last connection to close checkpoints the WAL and removes it. */
    sqlite3_close(st->db);
    free(st);
}

int store_migrate(struct store *st, int *from, int *to, struct error *e)
{
    int version = 0;
    if (schema_version(st, &version) != 0)
        return error_set(e, ERR_INVALID_VALUE, "db", "不是 Pacesetter 数据库", "not a Pacesetter database");
    *from = *to = version;
    for (size_t i = 0; i < migration_files_count; i++) {
        const struct embedded_file *m = &migration_files[i];
        int number = atoi(m->path + 1);
        if (number <= version)
            continue;
        if (begin_write(st, e) != 0)
            return -1;
        char pragmas[96];
        snprintf(pragmas, sizeof(pragmas), "PRAGMA application_id = %d; PRAGMA user_version = %d;", APPLICATION_ID,
                 number);
        char *msg = NULL;
        if (sqlite3_exec(st->db, (const char *)m->data, NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(st->db, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
            rollback(st);
            error_set(e, ERR_INTERNAL, NULL, "迁移 %s 失败：%s", "migration %s failed: %s", m->path + 1,
                      msg ? msg : sqlite3_errmsg(st->db));
            sqlite3_free(msg);
            return -1;
        }
        if (commit(st, e) != 0) {
            rollback(st);
            return -1;
        }
        *to = number;
    }
    return 0;
}

int store_wipe(struct store *st, struct error *e)
{
    if (begin_write(st, e) != 0)
        return -1;
    if (exec(st, "DELETE FROM units; DELETE FROM id_sequences;", e) != 0 || commit(st, e) != 0) {
        rollback(st);
        return -1;
    }
    return 0;
}

/* ---- units ---- */

static const char *col_text(sqlite3_stmt *s, int col, struct arena *a)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL)
        return NULL;
    const unsigned char *t = sqlite3_column_text(s, col);
    return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(s, col));
}

/* Reads the columns of ST_GET's shape into u; returns -1 when out of memory. */
static int read_unit(sqlite3_stmt *s, struct arena *a, struct unit *u)
{
    u->id = sqlite3_column_int64(s, 0);
    u->parent_id = sqlite3_column_int64(s, 1);
    u->code = col_text(s, 2, a);
    u->name = col_text(s, 3, a);
    const unsigned char *kind = sqlite3_column_text(s, 4);
    if (!kind || unit_kind_parse((const char *)kind, (size_t)sqlite3_column_bytes(s, 4), &u->kind) != 0)
        u->kind = UNIT_OTHER;
    u->division_code = col_text(s, 5, a);
    u->sort_order = sqlite3_column_int64(s, 6);
    u->created_at = col_text(s, 7, a);
    u->updated_at = col_text(s, 8, a);
    u->child_count = sqlite3_column_int64(s, 9);
    return u->code && u->name && u->created_at && u->updated_at ? 0 : -1;
}

static const char *const sort_columns[UNIT_SORT_COUNT] = {"sort_order", "name", "code", "kind", "id",
                                                           "created_at", "updated_at"};

static int filter_combo(const struct unit_filter *f)
{
    return (f->has_kind ? 1 : 0) | (f->has_parent && f->parent_id != 0 ? 2 : 0) |
           (f->has_parent && f->parent_id == 0 ? 4 : 0) | (f->text ? 8 : 0);
}

static void add_where(struct strbuf *sql, int combo)
{
    strbuf_addstr(sql, " WHERE tenant_id = ?1");
    if (combo & 1)
        strbuf_addstr(sql, " AND kind = ?2");
    if (combo & 2)
        strbuf_addstr(sql, " AND parent_id = ?3");
    if (combo & 4)
        strbuf_addstr(sql, " AND parent_id IS NULL");
    if (combo & 8)
        strbuf_addstr(sql, " AND (instr(name, ?4) > 0 OR instr(code, ?4) > 0)");
}

static void bind_filter(sqlite3_stmt *s, int64_t tenant, const struct unit_filter *f, int combo)
{
    sqlite3_bind_int64(s, 1, tenant);
    if (combo & 1)
        sqlite3_bind_text(s, 2, unit_kind_name(f->kind), -1, SQLITE_STATIC);
    if (combo & 2)
        sqlite3_bind_int64(s, 3, f->parent_id);
    if (combo & 8)
        sqlite3_bind_text(s, 4, f->text, -1, SQLITE_STATIC);
}

static bool count_matches(const struct count_entry *c, unsigned version, const struct unit_filter *f, int combo)
{
    return c->used && c->version == version && c->combo == combo && (!(combo & 1) || c->kind == f->kind) &&
           (!(combo & 2) || c->parent_id == f->parent_id) && (!(combo & 8) || strcmp(c->text, f->text) == 0);
}

/* The total for a filter, from the cache when nothing changed since it was counted. */
static int count_units(struct store *st, int64_t tenant, const struct unit_filter *f, int combo, sqlite3_stmt *cs,
                       int64_t *total, struct error *e)
{
    unsigned version = 0;
    bool versioned = sqlite3_file_control(st->db, "main", SQLITE_FCNTL_DATA_VERSION, &version) == SQLITE_OK &&
                     (!f->text || strlen(f->text) < sizeof(st->counts[0].text));
    for (int i = 0; versioned && i < COUNT_CACHE_SIZE; i++) {
        if (count_matches(&st->counts[i], version, f, combo)) {
            *total = st->counts[i].total;
            return 0;
        }
    }
    bind_filter(cs, tenant, f, combo);
    int rc = sqlite3_step(cs);
    *total = rc == SQLITE_ROW ? sqlite3_column_int64(cs, 0) : 0;
    done(cs);
    if (rc != SQLITE_ROW)
        return db_error(st, e, "count units");
    if (versioned) {
        struct count_entry *c = &st->counts[st->next_count++ % COUNT_CACHE_SIZE];
        *c = (struct count_entry){.used = true, .version = version, .combo = combo, .kind = f->kind,
                                  .parent_id = f->parent_id, .total = *total};
        if (f->text)
            snprintf(c->text, sizeof(c->text), "%s", f->text);
    }
    return 0;
}

int store_units_list(struct store *st, int64_t tenant, const struct unit_filter *f, struct arena *a,
                     struct unit **items, size_t *count, int64_t *total, struct error *e)
{
    int combo = filter_combo(f);
    sqlite3_stmt *cs = st->count[combo], *ls = st->list[(combo * UNIT_SORT_COUNT + f->sort) * 2 + f->descending];
    if (!cs || !ls) {
        struct strbuf sql = STRBUF_INIT;
        strbuf_addstr(&sql, "SELECT count(*) FROM units");
        add_where(&sql, combo);
        cs = sql.failed ? NULL : prepare(st, &st->count[combo], sql.buf, e);
        strbuf_reset(&sql);
        strbuf_addstr(&sql, "SELECT " UNIT_COLUMNS " FROM units");
        add_where(&sql, combo);
        const char *dir = f->descending ? " DESC" : "";
        strbuf_addf(&sql, " ORDER BY %s%s, id%s LIMIT ?5 OFFSET ?6", sort_columns[f->sort], dir, dir);
        ls = sql.failed || !cs ? NULL : prepare(st, &st->list[(combo * UNIT_SORT_COUNT + f->sort) * 2 + f->descending],
                                                 sql.buf, e);
        strbuf_release(&sql);
        if (!cs || !ls)
            return e->code ? -1 : error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    }
    /* One read transaction: the page and its total come from the same snapshot. */
    sqlite3_stmt *begin = fixed(st, ST_BEGIN_READ, e), *end = begin ? fixed(st, ST_END_READ, e) : NULL;
    if (!end)
        return -1;
    int rc = sqlite3_step(begin);
    done(begin);
    if (rc != SQLITE_DONE)
        return db_error(st, e, "begin read");

    bind_filter(ls, tenant, f, combo);
    sqlite3_bind_int64(ls, 5, f->page_size);
    sqlite3_bind_int64(ls, 6, (f->page - 1) * f->page_size);
    size_t cap = (size_t)f->page_size, n = 0;
    struct unit *out = arena_alloc(a, cap * sizeof(*out));
    int result = 0;
    if (!out) {
        result = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
        goto out;
    }
    while ((rc = sqlite3_step(ls)) == SQLITE_ROW && n < cap) {
        if (read_unit(ls, a, &out[n++]) != 0) {
            result = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
            goto out;
        }
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        result = db_error(st, e, "list units");
        goto out;
    }
    done(ls);
    *items = out;
    *count = n;
    result = count_units(st, tenant, f, combo, cs, total, e);
out:
    done(ls);
    sqlite3_step(end);
    done(end);
    return result;
}

static int get_unit(struct store *st, int64_t tenant, int64_t id, struct arena *a, struct unit *out, struct error *e)
{
    sqlite3_stmt *s = fixed(st, ST_GET, e);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, tenant);
    sqlite3_bind_int64(s, 2, id);
    int rc = sqlite3_step(s);
    int result = 0;
    if (rc == SQLITE_ROW) {
        if (read_unit(s, a, out) != 0)
            result = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    } else if (rc == SQLITE_DONE) {
        result = error_set(e, ERR_NOT_FOUND, NULL, "单位 %lld 不存在", "unit %lld does not exist", (long long)id);
    } else {
        result = db_error(st, e, "get unit");
    }
    done(s);
    return result;
}

int store_unit_get(struct store *st, int64_t tenant, int64_t id, struct arena *a, struct unit *out, struct error *e)
{
    return get_unit(st, tenant, id, a, out, e);
}

/* Checks the proposed parent exists and that the move makes no cycle (inside the write transaction). */
static int check_parent(struct store *st, int64_t tenant, int64_t unit_id, int64_t parent_id, struct error *e)
{
    if (parent_id == 0)
        return 0;
    sqlite3_stmt *s = fixed(st, ST_ANCESTORS, e);
    if (!s)
        return -1;
    int64_t ancestors[UNIT_TREE_DEPTH_MAX + 2];
    size_t n = 0;
    sqlite3_bind_int64(s, 1, tenant);
    sqlite3_bind_int64(s, 2, parent_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < sizeof(ancestors) / sizeof(ancestors[0]))
        ancestors[n++] = sqlite3_column_int64(s, 0);
    done(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_error(st, e, "unit ancestors");
    if (n == 0)
        return error_set(e, ERR_INVALID_VALUE, "parent_id", "上级单位 %lld 不存在", "parent unit %lld does not exist",
                         (long long)parent_id);
    return unit_tree_check_parent(unit_id, ancestors, n, e);
}

static int check_code_free(struct store *st, int64_t tenant, int64_t unit_id, const char *code, struct error *e)
{
    sqlite3_stmt *s = fixed(st, ST_CODE_TAKEN, e);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, tenant);
    sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, unit_id);
    int rc = sqlite3_step(s);
    done(s);
    if (rc == SQLITE_ROW)
        return error_set(e, ERR_DUPLICATE, "code", "单位编码 %s 已被使用", "unit code %s is already used", code);
    return rc == SQLITE_DONE ? 0 : db_error(st, e, "unit code");
}

/* Adds delta to the parent's child_count (nothing for a top-level unit). */
static int adjust_children(struct store *st, int64_t tenant, int64_t parent_id, int delta, struct error *e)
{
    if (parent_id == 0)
        return 0;
    sqlite3_stmt *s = fixed(st, ST_ADJUST_CHILDREN, e);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, tenant);
    sqlite3_bind_int64(s, 2, parent_id);
    sqlite3_bind_int(s, 3, delta);
    int rc = sqlite3_step(s);
    done(s);
    return rc == SQLITE_DONE ? 0 : db_error(st, e, "child count");
}

static int next_id(struct store *st, int64_t tenant, const char *name, int64_t *id, struct error *e)
{
    sqlite3_stmt *s = fixed(st, ST_NEXT_ID, e), *b = s ? fixed(st, ST_BUMP_ID, e) : NULL;
    if (!b)
        return -1;
    sqlite3_bind_int64(s, 1, tenant);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 1;
    done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(st, e, "next id");
    sqlite3_bind_int64(b, 1, tenant);
    sqlite3_bind_text(b, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(b, 3, *id + 1);
    rc = sqlite3_step(b);
    done(b);
    return rc == SQLITE_DONE ? 0 : db_error(st, e, "bump id");
}

static void bind_fields(sqlite3_stmt *s, int64_t tenant, int64_t id, const struct unit_input *u, const char *now)
{
    sqlite3_bind_int64(s, 1, tenant);
    sqlite3_bind_int64(s, 2, id);
    if (u->parent_id)
        sqlite3_bind_int64(s, 3, u->parent_id);
    else
        sqlite3_bind_null(s, 3);
    sqlite3_bind_text(s, 4, u->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, u->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, unit_kind_name(u->kind), -1, SQLITE_STATIC);
    if (u->division_code)
        sqlite3_bind_text(s, 7, u->division_code, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 7);
    sqlite3_bind_int64(s, 8, u->sort_order);
    sqlite3_bind_text(s, 9, now, -1, SQLITE_TRANSIENT);
}

int store_unit_create(struct store *st, int64_t tenant, const struct unit_input *in, struct arena *a,
                      struct unit *out, struct error *e)
{
    if (begin_write(st, e) != 0)
        return -1;
    int64_t id = 0;
    if (check_parent(st, tenant, 0, in->parent_id, e) != 0 || check_code_free(st, tenant, 0, in->code, e) != 0 ||
        next_id(st, tenant, "units", &id, e) != 0)
        goto fail;
    char now[32];
    date_now_iso(now, sizeof(now));
    sqlite3_stmt *s = fixed(st, ST_INSERT, e);
    if (!s)
        goto fail;
    bind_fields(s, tenant, id, in, now);
    int rc = sqlite3_step(s);
    done(s);
    if (rc != SQLITE_DONE) {
        db_error(st, e, "insert unit");
        goto fail;
    }
    if (adjust_children(st, tenant, in->parent_id, +1, e) != 0)
        goto fail;
    if (get_unit(st, tenant, id, a, out, e) != 0 || commit(st, e) != 0)
        goto fail;
    return 0;
fail:
    rollback(st);
    return -1;
}

int store_unit_update(struct store *st, int64_t tenant, int64_t id, const struct unit_input *in, struct arena *a,
                      struct unit *out, struct error *e)
{
    if (begin_write(st, e) != 0)
        return -1;
    struct unit old;
    if (get_unit(st, tenant, id, a, &old, e) != 0)
        goto fail;
    struct unit_input merged = {
        .code = in->has_code ? in->code : old.code,
        .name = in->has_name ? in->name : old.name,
        .kind = in->has_kind ? in->kind : old.kind,
        .parent_id = in->has_parent ? in->parent_id : old.parent_id,
        .division_code = in->has_division_code ? in->division_code : old.division_code,
        .sort_order = in->has_sort_order ? in->sort_order : old.sort_order,
    };
    if ((in->has_parent && check_parent(st, tenant, id, merged.parent_id, e) != 0) ||
        (in->has_code && check_code_free(st, tenant, id, merged.code, e) != 0))
        goto fail;
    char now[32];
    date_now_iso(now, sizeof(now));
    sqlite3_stmt *s = fixed(st, ST_UPDATE, e);
    if (!s)
        goto fail;
    bind_fields(s, tenant, id, &merged, now);
    int rc = sqlite3_step(s);
    done(s);
    if (rc != SQLITE_DONE) {
        db_error(st, e, "update unit");
        goto fail;
    }
    if (merged.parent_id != old.parent_id && (adjust_children(st, tenant, old.parent_id, -1, e) != 0 ||
                                              adjust_children(st, tenant, merged.parent_id, +1, e) != 0))
        goto fail;
    if (get_unit(st, tenant, id, a, out, e) != 0 || commit(st, e) != 0)
        goto fail;
    return 0;
fail:
    rollback(st);
    return -1;
}

int store_unit_delete(struct store *st, int64_t tenant, int64_t id, struct error *e)
{
    if (begin_write(st, e) != 0)
        return -1;
    struct arena a = ARENA_INIT;
    struct unit old;
    int rc;
    if (get_unit(st, tenant, id, &a, &old, e) != 0)
        goto fail;
    if (old.child_count > 0) {
        error_set(e, ERR_HAS_CHILDREN, NULL, "单位“%s”还有 %lld 个下级单位，不能删除",
                  "unit \"%s\" still has %lld child units and cannot be deleted", old.name, (long long)old.child_count);
        goto fail;
    }
    sqlite3_stmt *s = fixed(st, ST_DELETE, e);
    if (!s)
        goto fail;
    sqlite3_bind_int64(s, 1, tenant);
    sqlite3_bind_int64(s, 2, id);
    rc = sqlite3_step(s);
    done(s);
    if (rc != SQLITE_DONE) {
        db_error(st, e, "delete unit");
        goto fail;
    }
    if (adjust_children(st, tenant, old.parent_id, -1, e) != 0 || commit(st, e) != 0)
        goto fail;
    arena_release(&a);
    return 0;
fail:
    arena_release(&a);
    rollback(st);
    return -1;
}
