/*
 * Accounts in the store: users (names unique on the installation, each in one tenant), their
 * sessions and API tokens (only SHA-256 hashes of the secrets are kept), and the login log.
 * Every change to a user or a token is written to the operation log in the same transaction.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "store/store_internal.h"
#include "base/banned.h"

#define USER_COLUMNS                                                                                         \
    "u.id, u.tenant_id, u.unit_id, u.username, u.display_name, u.role, u.disabled, iso(u.created_at), "      \
    "iso(u.updated_at), iso(u.last_login_at), u.password_hash, u.enterprise_id"
#define USER_COLUMN_COUNT 12

/* Bumped by every change to sessions or users made by this process: see store_internal.h. */
static atomic_uint_fast64_t session_epoch;

static void sessions_changed(void)
{
    atomic_fetch_add(&session_epoch, 1);
}

static const char *dup(struct db_stmt *s, int col, struct arena *a)
{
    size_t len;
    const char *v = db_column_text(s, col, &len);
    return v ? arena_strndup(a, v, len) : NULL;
}

/* Reads USER_COLUMNS starting at column `at`. */
static int read_user(struct db_stmt *s, int at, struct arena *a, struct user *u)
{
    u->id = db_column_int64(s, at);
    u->tenant_id = db_column_int64(s, at + 1);
    u->unit_id = db_column_is_null(s, at + 2) ? 0 : db_column_int64(s, at + 2);
    u->username = dup(s, at + 3, a);
    u->display_name = dup(s, at + 4, a);
    size_t len;
    const char *role = db_column_text(s, at + 5, &len);
    if (!role || role_parse(role, len, &u->role) != 0)
        u->role = ROLE_ENTERPRISE; /* the least privileged, should the column ever hold junk */
    u->disabled = db_column_int64(s, at + 6) != 0;
    u->created_at = dup(s, at + 7, a);
    u->updated_at = dup(s, at + 8, a);
    u->last_login_at = dup(s, at + 9, a);
    u->password_hash = dup(s, at + 10, a);
    u->enterprise_id = db_column_is_null(s, at + 11) ? 0 : db_column_int64(s, at + 11);
    return u->username && u->display_name && u->created_at && u->updated_at && u->password_hash ? 0 : -1;
}

static int one_user(struct db *db, const char *sql, int64_t key_int, const char *key_text, int64_t tenant,
                    struct arena *a, struct user *out, struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    if (key_text)
        db_bind_text(s, 1, key_text);
    else
        db_bind_int64(s, 1, key_int);
    if (tenant)
        db_bind_int64(s, 2, tenant);
    int rc = db_step(s, e);
    if (rc == 1 && read_user(s, 0, a, out) != 0)
        rc = store_no_memory(e);
    else if (rc == 0)
        rc = error_set(e, ERR_NOT_FOUND, NULL, "用户不存在", "no such user");
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int get_user(struct db *db, int64_t tenant, int64_t id, struct arena *a, struct user *out,
                    struct error *e)
{
    return one_user(db, "SELECT " USER_COLUMNS " FROM users u WHERE u.id = ?1 AND u.tenant_id = ?2", id, NULL,
                    tenant, a, out, e);
}

int store_user_get(struct store *st, int64_t tenant, int64_t id, struct arena *a, struct user *out,
                   struct error *e)
{
    return get_user(st->db, tenant, id, a, out, e);
}

int store_user_by_name(struct store *st, const char *username, struct arena *a, struct user *out,
                       struct error *e)
{
    return one_user(st->db, "SELECT " USER_COLUMNS " FROM users u WHERE u.username = ?1", 0, username, 0, a,
                    out, e);
}

static int next_global_id(struct db *db, const char *table, int64_t *id, struct error *e)
{
    char sql[96];
    snprintf(sql, sizeof(sql), "SELECT coalesce(max(id), 0) + 1 FROM %s", table);
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    int rc = db_step(s, e);
    *id = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    return rc == 1 ? 0 : -1;
}

/* The unit must exist in the user's tenant. */
/* Only an enterprise account names an enterprise, and one of its own city. */
static int check_enterprise(struct db *db, int64_t tenant, enum role role, int64_t enterprise_id,
                            struct error *e)
{
    if (!enterprise_id)
        return 0;
    if (role != ROLE_ENTERPRISE)
        return error_set(e, ERR_INVALID_VALUE, "enterprise_id", "只有企业用户可以关联企业",
                         "only an enterprise account names an enterprise");
    struct db_stmt *s = db_prepare(db, "SELECT 1 FROM enterprises WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, enterprise_id);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc == 0)
        return error_set(e, ERR_INVALID_VALUE, "enterprise_id", "企业 %lld 不存在",
                         "enterprise %lld does not exist", (long long)enterprise_id);
    return rc < 0 ? -1 : 0;
}

static int check_unit(struct db *db, int64_t tenant, int64_t unit_id, struct error *e)
{
    if (!unit_id)
        return 0;
    struct db_stmt *s = db_prepare(db, "SELECT 1 FROM units WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, unit_id);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc == 0)
        return error_set(e, ERR_INVALID_VALUE, "unit_id", "单位 %lld 不存在", "unit %lld does not exist",
                         (long long)unit_id);
    return rc < 0 ? -1 : 0;
}

struct user_write {
    int64_t tenant, id;
    const struct user_input *in;
    const struct actor *who;
    struct arena *a;
    struct user *out;
    const char *hash;
};

static void user_changes(struct changes *c, const struct user *b, const struct user_input *n, bool created)
{
    changes_text(c, "username", b ? b->username : NULL, n->username);
    changes_text(c, "display_name", b ? b->display_name : NULL, n->display_name);
    changes_text(c, "role", b ? role_name(b->role) : NULL, role_name(n->role));
    changes_int(c, "unit_id", !b || !b->unit_id, b ? b->unit_id : 0, !n->unit_id, n->unit_id);
    changes_int(c, "enterprise_id", !b || !b->enterprise_id, b ? b->enterprise_id : 0, !n->enterprise_id,
                n->enterprise_id);
    changes_bool(c, "disabled", !created, b ? b->disabled : false, true, n->disabled);
}

static int create_user(struct db *db, void *ctx, struct error *e)
{
    struct user_write *w = ctx;
    const struct user_input *in = w->in;
    struct db_stmt *s = db_prepare(db, "SELECT 1 FROM users WHERE username = ?1", e);
    if (!s)
        return -1;
    db_bind_text(s, 1, in->username);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    if (rc == 1)
        return error_set(e, ERR_DUPLICATE, "username", "用户名 %s 已被使用", "user name %s is already used",
                         in->username);
    if (check_unit(db, w->tenant, in->unit_id, e) != 0 ||
        check_enterprise(db, w->tenant, in->role, in->enterprise_id, e) != 0 ||
        next_global_id(db, "users", &w->id, e) != 0)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    s = db_prepare(
        db,
        "INSERT INTO users (id, tenant_id, username, display_name, role, unit_id, password_hash, disabled, "
        "created_at, updated_at, enterprise_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, w->id);
    db_bind_int64(s, 2, w->tenant);
    db_bind_text(s, 3, in->username);
    db_bind_text(s, 4, in->display_name);
    db_bind_text(s, 5, role_name(in->role));
    if (in->unit_id)
        db_bind_int64(s, 6, in->unit_id);
    else
        db_bind_null(s, 6);
    db_bind_text(s, 7, in->password_hash);
    db_bind_int64(s, 8, in->disabled);
    db_bind_text(s, 9, now);
    if (in->enterprise_id)
        db_bind_int64(s, 10, in->enterprise_id);
    else
        db_bind_null(s, 10);
    rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    struct changes c = {STRBUF_INIT, 0};
    user_changes(&c, NULL, in, true);
    rc = audit_append(db, w->tenant, w->who, "create", "user", w->id, changes_finish(&c), e);
    strbuf_release(&c.sb);
    return rc == 0 ? get_user(db, w->tenant, w->id, w->a, w->out, e) : -1;
}

int store_user_create(struct store *st, int64_t tenant, const struct user_input *in, const struct actor *who,
                      struct arena *a, struct user *out, struct error *e)
{
    struct user_write w = {.tenant = tenant, .in = in, .who = who, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, create_user, &w, e);
}

static int end_sessions(struct db *db, int64_t user_id, struct error *e)
{
    struct db_stmt *s = db_prepare(db, "DELETE FROM sessions WHERE user_id = ?1", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int update_user(struct db *db, void *ctx, struct error *e)
{
    struct user_write *w = ctx;
    const struct user_input *in = w->in;
    struct user old;
    if (get_user(db, w->tenant, w->id, w->a, &old, e) != 0)
        return -1;
    struct user_input merged = {
        .username = old.username,
        .display_name = in->has_display_name ? in->display_name : old.display_name,
        .role = in->has_role ? in->role : old.role,
        .unit_id = in->has_unit ? in->unit_id : old.unit_id,
        .disabled = in->has_disabled ? in->disabled : old.disabled,
        .enterprise_id = in->has_enterprise ? in->enterprise_id : old.enterprise_id,
    };
    /* an account that stops being an enterprise's stops naming the enterprise */
    if (merged.role != ROLE_ENTERPRISE && !in->has_enterprise)
        merged.enterprise_id = 0;
    if (role_needs_unit(merged.role) && !merged.unit_id)
        return error_set(e, ERR_MISSING_FIELD, "unit_id", "填报员必须属于一个单位",
                         "a unit reporter needs a unit_id");
    if ((in->has_unit && check_unit(db, w->tenant, merged.unit_id, e) != 0) ||
        ((in->has_enterprise || in->has_role) &&
         check_enterprise(db, w->tenant, merged.role, merged.enterprise_id, e) != 0))
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s =
        db_prepare(db,
                   "UPDATE users SET display_name = ?2, role = ?3, unit_id = ?4, disabled = ?5, "
                   "updated_at = ?6, enterprise_id = ?7 WHERE id = ?1",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, w->id);
    db_bind_text(s, 2, merged.display_name);
    db_bind_text(s, 3, role_name(merged.role));
    if (merged.unit_id)
        db_bind_int64(s, 4, merged.unit_id);
    else
        db_bind_null(s, 4);
    db_bind_int64(s, 5, merged.disabled);
    db_bind_text(s, 6, now);
    if (merged.enterprise_id)
        db_bind_int64(s, 7, merged.enterprise_id);
    else
        db_bind_null(s, 7);
    int rc = db_step(s, e);
    db_reset(s);
    /* a disabled user, or one whose role, unit or enterprise changed, starts again from a fresh login */
    if (rc < 0 || ((merged.disabled || merged.role != old.role || merged.unit_id != old.unit_id ||
                    merged.enterprise_id != old.enterprise_id) &&
                   end_sessions(db, w->id, e) != 0))
        return -1;
    struct changes c = {STRBUF_INIT, 0};
    user_changes(&c, &old, &merged, false);
    const char *changes = changes_finish(&c);
    rc = changes && strcmp(changes, "{}") != 0
             ? audit_append(db, w->tenant, w->who, "update", "user", w->id, changes, e)
             : 0;
    strbuf_release(&c.sb);
    return rc == 0 ? get_user(db, w->tenant, w->id, w->a, w->out, e) : -1;
}

int store_user_update(struct store *st, int64_t tenant, int64_t id, const struct user_input *in,
                      const struct actor *who, struct arena *a, struct user *out, struct error *e)
{
    struct user_write w = {.tenant = tenant, .id = id, .in = in, .who = who, .a = a, .out = out};
    int rc = db_write_tenant(st->db, tenant, update_user, &w, e);
    sessions_changed(); /* after the commit: a session read meanwhile must not outlive it */
    return rc;
}

static int set_password(struct db *db, void *ctx, struct error *e)
{
    struct user_write *w = ctx;
    struct user old;
    if (get_user(db, w->tenant, w->id, w->a, &old, e) != 0)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s =
        db_prepare(db, "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, w->id);
    db_bind_text(s, 2, w->hash);
    db_bind_text(s, 3, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || end_sessions(db, w->id, e) != 0)
        return -1;
    /* the log says that the password changed, never what it is */
    return audit_append(db, w->tenant, w->who, "update", "user", w->id, "{\"password\":[\"*\",\"*\"]}", e);
}

int store_user_set_password(struct store *st, int64_t tenant, int64_t id, const char *hash,
                            const struct actor *who, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct user_write w = {.tenant = tenant, .id = id, .who = who, .a = &a, .hash = hash};
    int rc = db_write_tenant(st->db, tenant, set_password, &w, e);
    sessions_changed();
    arena_release(&a);
    return rc;
}

struct user_list {
    int64_t tenant;
    const struct user_filter *f;
    struct arena *a;
    struct user *items;
    size_t count;
    int64_t total;
};

static void user_where(struct strbuf *sql, const struct user_filter *f)
{
    strbuf_addstr(sql, " WHERE u.tenant_id = ?1");
    if (f->text)
        strbuf_addstr(sql, " AND (strpos(u.username, ?2) > 0 OR strpos(u.display_name, ?2) > 0)");
    if (f->has_role)
        strbuf_addstr(sql, " AND u.role = ?3");
    if (f->has_unit)
        strbuf_addstr(sql, " AND u.unit_id = ?4");
    if (f->has_disabled)
        strbuf_addstr(sql, " AND u.disabled = ?5");
}

static void user_bind(struct db_stmt *s, struct user_list *q)
{
    db_bind_int64(s, 1, q->tenant);
    if (q->f->text)
        db_bind_text(s, 2, q->f->text);
    if (q->f->has_role)
        db_bind_text(s, 3, role_name(q->f->role));
    if (q->f->has_unit)
        db_bind_int64(s, 4, q->f->unit_id);
    if (q->f->has_disabled)
        db_bind_int64(s, 5, q->f->disabled);
}

static int list_users(struct db *db, void *ctx, struct error *e)
{
    struct user_list *q = ctx;
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql, "SELECT count(*) FROM users u");
    user_where(&sql, q->f);
    struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
    int rc = -1;
    if (s) {
        user_bind(s, q);
        rc = db_step(s, e);
        q->total = rc == 1 ? db_column_int64(s, 0) : 0;
        db_reset(s);
    }
    strbuf_reset(&sql);
    strbuf_addstr(&sql, "SELECT " USER_COLUMNS " FROM users u");
    user_where(&sql, q->f);
    strbuf_addstr(&sql, " ORDER BY u.id LIMIT ?6 OFFSET ?7");
    s = rc == 1 && !sql.failed ? db_prepare(db, sql.buf, e) : NULL;
    strbuf_release(&sql);
    if (!s)
        return e->code ? -1 : store_no_memory(e);
    user_bind(s, q);
    db_bind_int64(s, 6, q->f->page_size);
    db_bind_int64(s, 7, (q->f->page - 1) * q->f->page_size);
    q->items = arena_alloc(q->a, (size_t)q->f->page_size * sizeof(*q->items));
    q->count = 0;
    rc = q->items ? 1 : store_no_memory(e);
    while (rc == 1 && (rc = db_step(s, e)) == 1 && q->count < (size_t)q->f->page_size)
        if (read_user(s, 0, q->a, &q->items[q->count++]) != 0)
            rc = store_no_memory(e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_users_list(struct store *st, int64_t tenant, const struct user_filter *f, struct arena *a,
                     struct user **items, size_t *count, int64_t *total, struct error *e)
{
    struct user_list q = {.tenant = tenant, .f = f, .a = a};
    if (db_read(st->db, list_users, &q, e) != 0)
        return -1;
    *items = q.items;
    *count = q.count;
    *total = q.total;
    return 0;
}

struct user_each {
    struct user_list q;
    int64_t limit;
    store_user_fn fn;
    void *ctx;
};

static void each_user_bind(struct db_stmt *s, void *ctx)
{
    struct user_each *x = ctx;
    user_bind(s, &x->q);
}

static int each_user_row(struct db_stmt *s, struct arena *a, void *ctx, struct error *e)
{
    struct user_each *x = ctx;
    struct user u;
    if (read_user(s, 0, a, &u) != 0)
        return store_no_memory(e);
    u.password_hash = NULL;
    return x->fn(x->ctx, &u, db_column_text(s, USER_COLUMN_COUNT, NULL), e);
}

static int each_user(struct db *db, void *ctx, struct error *e)
{
    struct user_each *x = ctx;
    struct strbuf from = STRBUF_INIT;
    strbuf_addstr(&from, " FROM users u");
    user_where(&from, x->q.f);
    /* the user's unit code after USER_COLUMNS, in column 11 */
    struct store_walk w = {.columns = USER_COLUMNS
                           ", (SELECT n.code FROM units n WHERE n.tenant_id = u.tenant_id AND "
                           "n.id = u.unit_id) AS unit_code",
                           .from = from.buf,
                           .order = " ORDER BY u.id",
                           .page = 6,
                           .limit = x->limit,
                           .bind = each_user_bind,
                           .row = each_user_row,
                           .ctx = x};
    int rc = from.failed ? store_no_memory(e) : store_walk(db, &w, e);
    strbuf_release(&from);
    return rc;
}

int store_users_each(struct store *st, int64_t tenant, const struct user_filter *f, int64_t limit,
                     store_user_fn fn, void *ctx, struct error *e)
{
    struct user_each x = {.q = {.tenant = tenant, .f = f}, .limit = limit, .fn = fn, .ctx = ctx};
    return db_read(st->db, each_user, &x, e);
}

/* ---- sessions ---- */

struct session_write {
    const struct user *u;
    const char *token_hash, *csrf, *expires_at;
};

static int create_session(struct db *db, void *ctx, struct error *e)
{
    struct session_write *w = ctx;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s =
        db_prepare(db,
                   "INSERT INTO sessions (token_hash, user_id, tenant_id, csrf_token, created_at, "
                   "last_seen_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
                   e);
    if (!s)
        return -1;
    db_bind_text(s, 1, w->token_hash);
    db_bind_int64(s, 2, w->u->id);
    db_bind_int64(s, 3, w->u->tenant_id);
    db_bind_text(s, 4, w->csrf);
    db_bind_text(s, 5, now);
    db_bind_text(s, 6, w->expires_at);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    s = db_prepare(db, "UPDATE users SET last_login_at = ?2 WHERE id = ?1", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, w->u->id);
    db_bind_text(s, 2, now);
    rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_session_create(struct store *st, const struct user *u, const char *token_hash, const char *csrf,
                         const char *expires_at, struct error *e)
{
    struct session_write w = {u, token_hash, csrf, expires_at};
    return db_write(st->db, create_session, &w, e);
}

/* What a remembered session is checked against; *exact when no time limit is needed. */
static void session_stamp(struct store *st, uint64_t stamp[2], bool *exact)
{
    *exact = db_change_stamp(st->db, stamp) == 0;
    if (!*exact) {
        stamp[0] = atomic_load(&session_epoch);
        stamp[1] = 0;
    }
}

/* Copies s into the entry's text; NULL when it does not fit (the entry is then not kept). */
static const char *keep(struct session_entry *c, size_t *used, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    if (*used + n > sizeof(c->text)) {
        *used = sizeof(c->text) + 1;
        return NULL;
    }
    char *p = c->text + *used;
    memcpy(p, s, n);
    *used += n;
    return p;
}

static void remember_session(struct store *st, const uint64_t stamp[2], bool exact, const char *token_hash,
                             const char *expires_at, const struct session *s)
{
    struct session_entry *c = &st->sessions[st->next_session++ % SESSION_CACHE_SIZE];
    size_t used = 0;
    *c = (struct session_entry){.exact = exact,
                                .fetched_us = clock_micros(),
                                .stamp = {stamp[0], stamp[1]},
                                .tenant_id = s->tenant_id,
                                .user = s->user};
    snprintf(c->token_hash, sizeof(c->token_hash), "%s", token_hash);
    snprintf(c->expires_at, sizeof(c->expires_at), "%s", expires_at);
    c->csrf_token = keep(c, &used, s->csrf_token);
    c->last_seen_at = keep(c, &used, s->last_seen_at);
    c->user.username = keep(c, &used, s->user.username);
    c->user.display_name = keep(c, &used, s->user.display_name);
    c->user.created_at = keep(c, &used, s->user.created_at);
    c->user.updated_at = keep(c, &used, s->user.updated_at);
    c->user.last_login_at = keep(c, &used, s->user.last_login_at);
    c->user.password_hash = keep(c, &used, s->user.password_hash);
    c->used = used <= sizeof(c->text);
}

static const char *arena_copy(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* A remembered session, if nothing was committed since it was read and it is still live. */
static int recall_session(struct store *st, const uint64_t stamp[2], const char *token_hash,
                          long long idle_seconds, struct arena *a, struct session *out)
{
    for (int i = 0; i < SESSION_CACHE_SIZE; i++) {
        struct session_entry *c = &st->sessions[i];
        if (!c->used || c->stamp[0] != stamp[0] || c->stamp[1] != stamp[1] ||
            strcmp(c->token_hash, token_hash) != 0 ||
            (!c->exact && clock_micros() - c->fetched_us > SESSION_CACHE_TTL_US))
            continue;
        char now[32];
        date_now_iso(now, sizeof(now));
        if (strcmp(c->expires_at, now) <= 0 || date_iso_seconds_between(c->last_seen_at, now) >= idle_seconds)
            return -1;
        out->tenant_id = c->tenant_id;
        out->user = c->user;
        out->csrf_token = arena_copy(a, c->csrf_token);
        out->last_seen_at = arena_copy(a, c->last_seen_at);
        out->user.username = arena_copy(a, c->user.username);
        out->user.display_name = arena_copy(a, c->user.display_name);
        out->user.created_at = arena_copy(a, c->user.created_at);
        out->user.updated_at = arena_copy(a, c->user.updated_at);
        out->user.last_login_at = arena_copy(a, c->user.last_login_at);
        out->user.password_hash = arena_copy(a, c->user.password_hash);
        return out->csrf_token && out->user.username && out->user.password_hash ? 1 : -1;
    }
    return 0;
}

int store_session_get(struct store *st, const char *token_hash, long long idle_seconds, struct arena *a,
                      struct session *out, struct error *e)
{
    uint64_t stamp[2];
    bool exact;
    session_stamp(st, stamp, &exact);
    int hit = recall_session(st, stamp, token_hash, idle_seconds, a, out);
    if (hit > 0)
        return 0;
    if (hit < 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "会话不存在或已过期", "no such session, or it expired");
    char now[32], idle_since[32];
    date_now_iso(now, sizeof(now));
    date_iso_from_now(-idle_seconds, idle_since, sizeof(idle_since));
    struct db_stmt *s = db_prepare(st->db,
                                   "SELECT s.tenant_id, s.csrf_token, iso(s.last_seen_at), " USER_COLUMNS
                                   ", iso(s.expires_at) FROM sessions s JOIN users u ON u.id = s.user_id"
                                   " WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen_at > ?3"
                                   " AND u.disabled = 0",
                                   e);
    if (!s)
        return -1;
    db_bind_text(s, 1, token_hash);
    db_bind_text(s, 2, now);
    db_bind_text(s, 3, idle_since);
    int rc = db_step(s, e);
    if (rc == 1) {
        out->tenant_id = db_column_int64(s, 0);
        out->csrf_token = dup(s, 1, a);
        out->last_seen_at = dup(s, 2, a);
        const char *expires = dup(s, 3 + USER_COLUMN_COUNT, a);
        if (read_user(s, 3, a, &out->user) != 0 || !out->csrf_token || !out->last_seen_at || !expires)
            rc = store_no_memory(e);
        else
            remember_session(st, stamp, exact, token_hash, expires, out);
    } else if (rc == 0) {
        rc = error_set(e, ERR_NOT_FOUND, NULL, "会话不存在或已过期", "no such session, or it expired");
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int session_statement(struct store *st, const char *sql, const char *token_hash, bool with_now,
                             struct error *e)
{
    db_snapshot_end(st->db); /* a write: not inside a reading request's snapshot */
    struct db_stmt *s = db_prepare(st->db, sql, e);
    if (!s)
        return -1;
    db_bind_text(s, 1, token_hash);
    if (with_now) {
        char now[32];
        date_now_iso(now, sizeof(now));
        db_bind_text(s, 2, now);
    }
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_session_touch(struct store *st, const char *token_hash, struct error *e)
{
    int rc = session_statement(st, "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1", token_hash,
                               true, e);
    sessions_changed(); /* the remembered last_seen_at is now old */
    return rc;
}

int store_session_set_tenant(struct store *st, const char *token_hash, int64_t tenant, struct error *e)
{
    struct db_stmt *s = db_prepare(st->db, "UPDATE sessions SET tenant_id = ?2 WHERE token_hash = ?1", e);
    if (!s)
        return -1;
    db_bind_text(s, 1, token_hash);
    db_bind_int64(s, 2, tenant);
    int rc = db_step(s, e);
    db_reset(s);
    sessions_changed();
    return rc < 0 ? -1 : 0;
}

int store_session_delete(struct store *st, const char *token_hash, struct error *e)
{
    int rc = session_statement(st, "DELETE FROM sessions WHERE token_hash = ?1", token_hash, false, e);
    sessions_changed();
    return rc;
}

/* ---- API tokens ---- */

struct token_write {
    const struct user *u;
    const char *name, *token_hash;
    int64_t id;
    const struct actor *who;
    struct arena *a;
    struct api_token *out;
};

static int create_token(struct db *db, void *ctx, struct error *e)
{
    struct token_write *w = ctx;
    char now[32];
    date_now_iso(now, sizeof(now));
    if (next_global_id(db, "api_tokens", &w->id, e) != 0)
        return -1;
    struct db_stmt *s = db_prepare(db,
                                   "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5)",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, w->id);
    db_bind_int64(s, 2, w->u->id);
    db_bind_text(s, 3, w->name);
    db_bind_text(s, 4, w->token_hash);
    db_bind_text(s, 5, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    struct changes c = {STRBUF_INIT, 0};
    changes_text(&c, "name", NULL, w->name);
    changes_int(&c, "user_id", true, 0, false, w->u->id);
    rc = audit_append(db, w->u->tenant_id, w->who, "create", "token", w->id, changes_finish(&c), e);
    strbuf_release(&c.sb);
    w->out->id = w->id;
    w->out->name = arena_strndup(w->a, w->name, strlen(w->name));
    w->out->created_at = arena_strndup(w->a, now, strlen(now));
    w->out->last_used_at = NULL;
    return rc;
}

int store_token_create(struct store *st, const struct user *u, const char *name, const char *token_hash,
                       const struct actor *who, struct arena *a, struct api_token *out, struct error *e)
{
    struct token_write w = {.u = u, .name = name, .token_hash = token_hash, .who = who, .a = a, .out = out};
    return db_write_tenant(st->db, u->tenant_id, create_token, &w, e);
}

int store_tokens_list(struct store *st, int64_t user_id, struct arena *a, struct api_token **items,
                      size_t *count, struct error *e)
{
    struct db_stmt *s = db_prepare(st->db,
                                   "SELECT id, name, iso(created_at), iso(last_used_at) FROM api_tokens "
                                   "WHERE user_id = ?1 AND revoked_at IS NULL ORDER BY id LIMIT 1000",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    size_t cap = 1000;
    *items = arena_alloc(a, cap * sizeof(**items));
    *count = 0;
    int rc = *items ? 1 : store_no_memory(e);
    while (rc == 1 && (rc = db_step(s, e)) == 1 && *count < cap) {
        struct api_token *t = &(*items)[(*count)++];
        t->id = db_column_int64(s, 0);
        t->name = dup(s, 1, a);
        t->created_at = dup(s, 2, a);
        t->last_used_at = dup(s, 3, a);
        if (!t->name || !t->created_at)
            rc = store_no_memory(e);
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int revoke_token(struct db *db, void *ctx, struct error *e)
{
    struct token_write *w = ctx;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s = db_prepare(db,
                                   "UPDATE api_tokens SET revoked_at = ?3 WHERE id = ?1 AND user_id = ?2 "
                                   "AND revoked_at IS NULL RETURNING name",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, w->id);
    db_bind_int64(s, 2, w->u->id);
    db_bind_text(s, 3, now);
    int rc = db_step(s, e);
    char name[256] = "";
    if (rc == 1)
        snprintf(name, sizeof(name), "%s", db_column_text(s, 0, NULL));
    db_reset(s);
    if (rc == 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "令牌不存在", "no such token");
    if (rc < 0)
        return -1;
    struct changes c = {STRBUF_INIT, 0};
    changes_text(&c, "name", name, NULL);
    rc = audit_append(db, w->u->tenant_id, w->who, "delete", "token", w->id, changes_finish(&c), e);
    strbuf_release(&c.sb);
    return rc;
}

int store_token_revoke(struct store *st, const struct user *u, int64_t id, const struct actor *who,
                       struct error *e)
{
    struct token_write w = {.u = u, .id = id, .who = who};
    return db_write_tenant(st->db, u->tenant_id, revoke_token, &w, e);
}

int store_token_session(struct store *st, const char *token_hash, struct arena *a, struct session *out,
                        struct error *e)
{
    struct db_stmt *s =
        db_prepare(st->db,
                   "SELECT " USER_COLUMNS ", iso(t.last_used_at) FROM api_tokens t JOIN users u "
                   "ON u.id = t.user_id WHERE t.token_hash = ?1 AND t.revoked_at IS NULL "
                   "AND u.disabled = 0",
                   e);
    if (!s)
        return -1;
    db_bind_text(s, 1, token_hash);
    int rc = db_step(s, e);
    char last_used[32] = "";
    if (rc == 1 && read_user(s, 0, a, &out->user) != 0)
        rc = store_no_memory(e);
    else if (rc == 0)
        rc = error_set(e, ERR_NOT_FOUND, NULL, "令牌无效", "invalid token");
    else if (db_column_text(s, USER_COLUMN_COUNT, NULL))
        snprintf(last_used, sizeof(last_used), "%s", db_column_text(s, USER_COLUMN_COUNT, NULL));
    db_reset(s);
    if (rc < 0)
        return -1;
    out->tenant_id = out->user.tenant_id;
    out->csrf_token = NULL;
    out->last_seen_at = NULL;
    /* "last used" to the minute: a script's every request need not write to the disk */
    char now[32];
    date_now_iso(now, sizeof(now));
    if (last_used[0] && date_iso_seconds_between(last_used, now) < 60)
        return 0;
    return session_statement(st, "UPDATE api_tokens SET last_used_at = ?2 WHERE token_hash = ?1", token_hash,
                             true, e);
}

/* ---- the login log ---- */

struct login_write {
    const char *username, *address, *reason;
    bool success;
};

static int record_login(struct db *db, void *ctx, struct error *e)
{
    struct login_write *w = ctx;
    int64_t id;
    if (next_global_id(db, "login_log", &id, e) != 0)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s = db_prepare(db,
                                   "INSERT INTO login_log (id, at, username, address, success, reason) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, id);
    db_bind_text(s, 2, now);
    db_bind_text(s, 3, w->username);
    db_bind_text(s, 4, w->address);
    db_bind_int64(s, 5, w->success);
    db_bind_text(s, 6, w->reason);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_login_record(struct store *st, const char *username, const char *address, bool success,
                       const char *reason, struct error *e)
{
    struct login_write w = {username, address, reason, success};
    return db_write(st->db, record_login, &w, e);
}

int store_login_failures(struct store *st, const char *username, const char *address, const char *since,
                         int64_t *by_name, int64_t *by_address, char latest[32], struct error *e)
{
    struct db_stmt *s =
        db_prepare(st->db,
                   "SELECT (SELECT count(*) FROM login_log WHERE username = ?1 AND success = 0 AND at > ?3),"
                   " (SELECT count(*) FROM login_log WHERE address = ?2 AND success = 0 AND at > ?3),"
                   " (SELECT iso(max(at)) FROM login_log WHERE (username = ?1 OR address = ?2)"
                   " AND success = 0 AND at > ?3)",
                   e);
    if (!s)
        return -1;
    db_bind_text(s, 1, username);
    db_bind_text(s, 2, address);
    db_bind_text(s, 3, since);
    int rc = db_step(s, e);
    if (rc == 1) {
        *by_name = db_column_int64(s, 0);
        *by_address = db_column_int64(s, 1);
        const char *t = db_column_text(s, 2, NULL);
        snprintf(latest, 32, "%s", t ? t : "");
    }
    db_reset(s);
    return rc == 1 ? 0 : -1;
}

#define LOGIN_COLUMNS "id, iso(at), username, address, success, reason"

/* Reads LOGIN_COLUMNS into *l, the text in the arena. */
static int read_login(struct db_stmt *s, struct arena *a, struct login_entry *l)
{
    l->id = db_column_int64(s, 0);
    l->at = dup(s, 1, a);
    l->username = dup(s, 2, a);
    l->address = dup(s, 3, a);
    l->success = db_column_int64(s, 4) != 0;
    l->reason = dup(s, 5, a);
    return l->at && l->username && l->address && l->reason ? 0 : -1;
}

/* ?1: 0 for every entry, else the tenant whose users' entries alone are seen */
#define LOGIN_SCOPE "(?1 = 0 OR username IN (SELECT username FROM users WHERE tenant_id = ?1))"

static int64_t login_scope(int64_t tenant)
{
    return tenant == 1 ? 0 : tenant;
}

int store_login_log_list(struct store *st, int64_t tenant, int64_t page, int64_t page_size, struct arena *a,
                         struct login_entry **items, size_t *count, int64_t *total, struct error *e)
{
    struct db_stmt *s = db_prepare(st->db, "SELECT count(*) FROM login_log WHERE " LOGIN_SCOPE, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, login_scope(tenant));
    int rc = db_step(s, e);
    *total = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    s = rc == 1 ? db_prepare(st->db,
                             "SELECT " LOGIN_COLUMNS " FROM login_log WHERE " LOGIN_SCOPE
                             " ORDER BY id DESC LIMIT ?2 OFFSET ?3",
                             e)
                : NULL;
    if (!s)
        return -1;
    db_bind_int64(s, 1, login_scope(tenant));
    db_bind_int64(s, 2, page_size);
    db_bind_int64(s, 3, (page - 1) * page_size);
    *items = arena_alloc(a, (size_t)page_size * sizeof(**items));
    *count = 0;
    rc = *items ? 1 : store_no_memory(e);
    while (rc == 1 && (rc = db_step(s, e)) == 1 && *count < (size_t)page_size)
        if (read_login(s, a, &(*items)[(*count)++]) != 0)
            rc = store_no_memory(e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

struct login_each {
    int64_t scope, limit;
    store_login_fn fn;
    void *ctx;
};

static int each_login(struct db *db, void *ctx, struct error *e)
{
    struct login_each *x = ctx;
    struct db_stmt *s = db_prepare(db, "SELECT count(*) FROM login_log WHERE " LOGIN_SCOPE, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, x->scope);
    int rc = db_step(s, e);
    int64_t total = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc != 1)
        return -1;
    if (total > x->limit)
        return store_too_many(total, x->limit, e);
    /* batches follow the id, not an offset: each starts where the last ended, in any size of log */
    s = db_prepare(db,
                   "SELECT " LOGIN_COLUMNS " FROM login_log WHERE " LOGIN_SCOPE
                   " AND id < ?2 ORDER BY id DESC LIMIT ?3",
                   e);
    if (!s)
        return -1;
    int64_t batch = store_each_batch(db), below = INT64_MAX, got;
    struct arena a = ARENA_INIT;
    do {
        db_bind_int64(s, 1, x->scope);
        db_bind_int64(s, 2, below);
        db_bind_int64(s, 3, batch);
        got = 0;
        while ((rc = db_step(s, e)) == 1) {
            struct login_entry l;
            got++;
            rc = read_login(s, &a, &l) != 0 ? store_no_memory(e) : x->fn(x->ctx, &l, e);
            below = l.id;
            arena_release(&a);
            if (rc != 0)
                break;
        }
        db_reset(s);
    } while (rc == 0 && got == batch);
    return rc < 0 ? -1 : rc;
}

int store_login_log_each(struct store *st, int64_t tenant, int64_t limit, store_login_fn fn, void *ctx,
                         struct error *e)
{
    struct login_each x = {.scope = login_scope(tenant), .limit = limit, .fn = fn, .ctx = ctx};
    return db_read(st->db, each_login, &x, e);
}

/* ---- import ---- */

struct users_import_ctx {
    int64_t tenant;
    struct user_import *im;
    const struct actor *who;
    struct arena *a;
    struct import_refusals refusals;
    bool dry_run_done;
};

/* 1 with the account's id and tenant when the name is taken anywhere on the installation. */
static int user_by_name(struct db *db, const char *username, int64_t *id, int64_t *tenant, struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT id, tenant_id FROM users WHERE username = ?1", e);
    if (!s)
        return -1;
    db_bind_text(s, 1, username);
    int rc = db_step(s, e);
    if (rc == 1) {
        *id = db_column_int64(s, 0);
        *tenant = db_column_int64(s, 1);
    }
    db_reset(s);
    return rc;
}

static int unit_by_code(struct db *db, int64_t tenant, const char *code, int64_t *id, struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT id FROM units WHERE tenant_id = ?1 AND code = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_text(s, 2, code);
    int rc = db_step(s, e);
    if (rc == 1)
        *id = db_column_int64(s, 0);
    db_reset(s);
    return rc;
}

static bool user_unchanged(const struct user *old, const struct user_input *in)
{
    return (!in->has_display_name || strcmp(in->display_name, old->display_name) == 0) &&
           (!in->has_role || in->role == old->role) && (!in->has_unit || in->unit_id == old->unit_id) &&
           (!in->has_disabled || in->disabled == old->disabled);
}

static int import_user(struct db *db, struct users_import_ctx *c, size_t i, struct error *e)
{
    struct user_import *im = c->im;
    struct user_input in = im->in[i];
    if (in.has_unit && im->unit_code[i]) {
        int found = unit_by_code(db, c->tenant, im->unit_code[i], &in.unit_id, e);
        if (found < 0)
            return -1;
        if (!found) {
            char zh[160], en[160];
            snprintf(zh, sizeof(zh), "单位编码“%s”不存在", im->unit_code[i]);
            snprintf(en, sizeof(en), "there is no unit with the code \"%s\"", im->unit_code[i]);
            import_refuse(&c->refusals, i, "unit_code", zh, en);
            return 0;
        }
    }
    int64_t id = 0, tenant = 0;
    int found = user_by_name(db, in.username, &id, &tenant, e);
    if (found < 0)
        return -1;
    if (found && tenant != c->tenant) {
        import_refuse(&c->refusals, i, "username", "用户名已被其他地区的账号使用",
                      "the user name is used by an account of another city");
        return 0;
    }
    struct user out;
    struct user_write w = {.tenant = c->tenant, .id = id, .in = &in, .who = c->who, .a = c->a, .out = &out};
    int rc;
    if (found) {
        struct user old;
        if (get_user(db, c->tenant, id, c->a, &old, e) != 0)
            return -1;
        /* as PATCH refuses it: an administrator importing must not lock themselves out */
        if (c->who && id == c->who->user_id &&
            ((in.has_disabled && in.disabled) || (in.has_role && in.role != old.role))) {
            import_refuse(&c->refusals, i, in.has_disabled && in.disabled ? "disabled" : "role",
                          "不能停用自己或更改自己的角色",
                          "you cannot disable yourself or change your own role");
            return 0;
        }
        if (user_unchanged(&old, &in)) {
            im->actions[i] = IMPORT_UNCHANGED;
            im->unchanged++;
            return 0;
        }
        im->actions[i] = IMPORT_UPDATE;
        rc = update_user(db, &w, e);
    } else {
        if (!in.password_hash) {
            import_refuse(&c->refusals, i, "initial_password", "新账号须填写初始密码",
                          "a new account needs an initial password");
            return 0;
        }
        if (role_needs_unit(in.role) && !in.unit_id) {
            import_refuse(&c->refusals, i, "unit_code", "填报员必须属于一个单位",
                          "a unit reporter needs a unit");
            return 0;
        }
        im->actions[i] = IMPORT_CREATE;
        rc = create_user(db, &w, e);
    }
    if (rc == 0) {
        im->created += !found;
        im->updated += found;
        return 0;
    }
    if (e->code == ERR_INTERNAL || e->code == ERR_NONE)
        return -1;
    import_refuse(&c->refusals, i, strcmp(e->field, "unit_id") == 0 ? "unit_code" : e->field, e->message_zh,
                  e->message_en);
    error_clear(e);
    return 0;
}

static int import_users(struct db *db, void *ctx, struct error *e)
{
    struct users_import_ctx *c = ctx;
    struct user_import *im = c->im;
    im->n_errors = 0;
    im->created = im->updated = im->unchanged = 0;
    c->refusals.failed = false;
    for (size_t i = 0; i < im->n; i++)
        if (import_user(db, c, i, e) != 0)
            return -1;
    if (c->refusals.failed)
        return store_no_memory(e);
    if (im->n_errors)
        return error_set(e, ERR_INVALID_ROWS, NULL, "有 %zu 行有误，未导入任何数据",
                         "%zu rows are wrong: nothing was imported", im->n_errors);
    if (im->dry_run) {
        c->dry_run_done = true;
        return -1; /* rolls back what the preview wrote */
    }
    return 0;
}

int store_users_import(struct store *st, int64_t tenant, struct user_import *im, const struct actor *who,
                       struct arena *a, struct error *e)
{
    struct users_import_ctx c = {.tenant = tenant,
                                 .im = im,
                                 .who = who,
                                 .a = a,
                                 .refusals = {.errors = &im->errors, .n = &im->n_errors, .a = a}};
    int rc = db_write_tenant(st->db, tenant, import_users, &c, e);
    if (rc != 0 && c.dry_run_done) {
        error_clear(e);
        rc = 0;
    }
    if (rc == 0 && !im->dry_run)
        sessions_changed();
    return rc;
}
