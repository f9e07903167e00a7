/*
 * The operation log: one record per write, in the write's own transaction, each carrying the
 * SHA-256 of the previous record's hash and its own fields, per tenant; a changed or removed
 * record breaks the chain at that point, which store_audit_verify reports.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/json_escape.h"
#include "base/secret.h"
#include "store/store_internal.h"
#include "base/banned.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void changes_key(struct changes *c, const char *field)
{
    strbuf_addstr(&c->sb, c->n++ ? "," : "{");
    json_escape(&c->sb, field, strlen(field));
    strbuf_addstr(&c->sb, ":[");
}

void changes_text(struct changes *c, const char *field, const char *before, const char *after)
{
    if ((before == NULL && after == NULL) || (before && after && strcmp(before, after) == 0))
        return;
    changes_key(c, field);
    if (before)
        json_escape(&c->sb, before, strlen(before));
    else
        strbuf_addstr(&c->sb, "null");
    strbuf_addch(&c->sb, ',');
    if (after)
        json_escape(&c->sb, after, strlen(after));
    else
        strbuf_addstr(&c->sb, "null");
    strbuf_addch(&c->sb, ']');
}

void changes_same_text(struct changes *c, const char *field, const char *value)
{
    changes_key(c, field);
    json_escape(&c->sb, value, strlen(value));
    strbuf_addch(&c->sb, ',');
    json_escape(&c->sb, value, strlen(value));
    strbuf_addch(&c->sb, ']');
}

void changes_int(struct changes *c, const char *field, bool before_null, int64_t before, bool after_null,
                 int64_t after)
{
    if (before_null == after_null && (before_null || before == after))
        return;
    changes_key(c, field);
    if (before_null)
        strbuf_addstr(&c->sb, "null");
    else
        strbuf_add_int(&c->sb, before);
    strbuf_addch(&c->sb, ',');
    if (after_null)
        strbuf_addstr(&c->sb, "null");
    else
        strbuf_add_int(&c->sb, after);
    strbuf_addch(&c->sb, ']');
}

void changes_bool(struct changes *c, const char *field, bool known_before, bool before, bool known_after, bool after)
{
    if (known_before == known_after && (!known_before || before == after))
        return;
    changes_key(c, field);
    strbuf_addstr(&c->sb, !known_before ? "null," : before ? "true," : "false,");
    strbuf_addstr(&c->sb, !known_after ? "null]" : after ? "true]" : "false]");
}

const char *changes_finish(struct changes *c)
{
    strbuf_addstr(&c->sb, c->n ? "}" : "{}");
    return c->sb.failed ? NULL : c->sb.buf;
}

/* The record's hash: SHA-256 over the previous hash and every field, one per line. */
static void record_hash(const char *prev, int64_t tenant, int64_t id, const char *at, int64_t user_id,
                        const char *username, const char *address, const char *action, const char *resource,
                        int64_t resource_id, const char *changes, char out[SECRET_HEX_SIZE])
{
    /* by hand, not strbuf_addf: an import hashes a record per row, and printf was a third of that */
    struct strbuf sb = STRBUF_INIT;
    strbuf_reserve(&sb, 512 + strlen(changes));
    const char *texts[] = {at, username, address, action, resource};
    strbuf_addstr(&sb, prev);
    strbuf_addch(&sb, '\n');
    strbuf_add_int(&sb, tenant);
    strbuf_addch(&sb, '\n');
    strbuf_add_int(&sb, id);
    strbuf_addch(&sb, '\n');
    strbuf_addstr(&sb, texts[0]);
    strbuf_addch(&sb, '\n');
    strbuf_add_int(&sb, user_id);
    for (size_t i = 1; i < sizeof(texts) / sizeof(texts[0]); i++) {
        strbuf_addch(&sb, '\n');
        strbuf_addstr(&sb, texts[i]);
    }
    strbuf_addch(&sb, '\n');
    strbuf_add_int(&sb, resource_id);
    strbuf_addch(&sb, '\n');
    strbuf_addstr(&sb, changes);
    secret_sha256_hex(sb.buf ? sb.buf : "", sb.len, out);
    strbuf_release(&sb);
}

int audit_batch_begin(struct db *db, int64_t tenant, const struct actor *who, struct audit_batch *b,
                      struct error *e)
{
    b->tenant = tenant;
    b->who = who;
    b->n_pending = 0;
    b->texts = (struct strbuf)STRBUF_INIT;
    b->texts.max = (size_t)1 << 30;
    snprintf(b->prev, sizeof(b->prev), "%s", GENESIS);
    date_now_iso(b->at, sizeof(b->at));
    if (store_sequence_peek(db, tenant, "audit", &b->next_id, e) != 0)
        return -1;
    struct db_stmt *s = db_prepare(db, "SELECT hash FROM audit_log WHERE tenant_id = ?1 ORDER BY id DESC LIMIT 1", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    int rc = db_step(s, e);
    if (rc == 1)
        snprintf(b->prev, sizeof(b->prev), "%s", db_column_text(s, 0, NULL));
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

#define AUDIT_INSERT "INSERT INTO audit_log (tenant_id, id, at, user_id, username, address, action, resource, " \
                     "resource_id, changes, prev_hash, hash) VALUES "
#define AUDIT_PARAMS 12

/* The insert of n records: one statement text per n, so only 1 and AUDIT_BATCH_ROWS are used. */
static struct db_stmt *audit_insert(struct db *db, size_t n, struct error *e)
{
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql, AUDIT_INSERT);
    for (size_t r = 0; r < n; r++) {
        strbuf_addstr(&sql, r ? ",(" : "(");
        for (int p = 1; p <= AUDIT_PARAMS; p++) {
            strbuf_addstr(&sql, p > 1 ? ", ?" : "?");
            strbuf_add_int(&sql, (long long)(r * AUDIT_PARAMS) + p);
        }
        strbuf_addch(&sql, ')');
    }
    struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
    strbuf_release(&sql);
    if (!s && !e->code)
        store_no_memory(e);
    return s;
}

/* Inserts pending records [from, from + n) with one statement. */
static int audit_flush_some(struct db *db, struct audit_batch *b, size_t from, size_t n, struct error *e)
{
    struct db_stmt *s = audit_insert(db, n, e);
    if (!s)
        return -1;
    const struct actor *who = b->who;
    const char *username = who && who->username ? who->username : "cli";
    const char *address = who && who->address ? who->address : "local";
    int64_t user_id = who ? who->user_id : 0;
    for (size_t r = 0; r < n; r++) {
        const struct audit_pending *p = &b->pending[from + r];
        int at = (int)(r * AUDIT_PARAMS);
        db_bind_int64(s, at + 1, b->tenant);
        db_bind_int64(s, at + 2, p->id);
        db_bind_text(s, at + 3, b->at);
        if (user_id)
            db_bind_int64(s, at + 4, user_id);
        else
            db_bind_null(s, at + 4);
        db_bind_text(s, at + 5, username);
        db_bind_text(s, at + 6, address);
        db_bind_text(s, at + 7, p->action);
        db_bind_text(s, at + 8, p->resource);
        db_bind_int64(s, at + 9, p->resource_id);
        db_bind_text(s, at + 10, b->texts.buf + p->changes);
        db_bind_text(s, at + 11, p->prev);
        db_bind_text(s, at + 12, p->hash);
    }
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* Inserts every pending record: full batches in one statement, what is left one by one. */
static int audit_flush(struct db *db, struct audit_batch *b, struct error *e)
{
    int rc = 0;
    if (b->n_pending == AUDIT_BATCH_ROWS)
        rc = audit_flush_some(db, b, 0, AUDIT_BATCH_ROWS, e);
    else
        for (size_t i = 0; rc == 0 && i < b->n_pending; i++)
            rc = audit_flush_some(db, b, i, 1, e);
    b->n_pending = 0;
    b->texts.len = 0;
    return rc;
}

int audit_batch_append(struct db *db, struct audit_batch *b, const char *action, const char *resource,
                       int64_t resource_id, const char *changes, struct error *e)
{
    if (!changes)
        return store_no_memory(e);
    const struct actor *who = b->who;
    struct audit_pending *p = &b->pending[b->n_pending];
    *p = (struct audit_pending){.id = b->next_id, .resource_id = resource_id, .action = action,
                                .resource = resource, .changes = b->texts.len};
    strbuf_add(&b->texts, changes, strlen(changes) + 1);
    if (b->texts.failed)
        return store_no_memory(e);
    memcpy(p->prev, b->prev, sizeof(p->prev));
    record_hash(b->prev, b->tenant, p->id, b->at, who ? who->user_id : 0,
                who && who->username ? who->username : "cli", who && who->address ? who->address : "local", action,
                resource, resource_id, changes, p->hash);
    memcpy(b->prev, p->hash, sizeof(b->prev));
    b->next_id++;
    return ++b->n_pending == AUDIT_BATCH_ROWS ? audit_flush(db, b, e) : 0;
}

int audit_batch_end(struct db *db, struct audit_batch *b, struct error *e)
{
    int rc = audit_flush(db, b, e) == 0 && store_sequence_set(db, b->tenant, "audit", b->next_id, e) == 0 ? 0 : -1;
    audit_batch_release(b);
    return rc;
}

void audit_batch_release(struct audit_batch *b)
{
    strbuf_release(&b->texts);
    b->n_pending = 0;
}

int audit_append(struct db *db, int64_t tenant, const struct actor *who, const char *action, const char *resource,
                 int64_t resource_id, const char *changes, struct error *e)
{
    struct audit_batch b;
    int rc = audit_batch_begin(db, tenant, who, &b, e) == 0 &&
                     audit_batch_append(db, &b, action, resource, resource_id, changes, e) == 0
                 ? audit_batch_end(db, &b, e)
                 : -1;
    audit_batch_release(&b);
    return rc;
}

#define AUDIT_COLUMNS                                                                                             \
    "id, iso(at), user_id, username, address, action, resource, resource_id, changes, prev_hash, hash"

static const char *dup_column(struct db_stmt *s, int col, struct arena *a)
{
    size_t len;
    const char *v = db_column_text(s, col, &len);
    return v ? arena_strndup(a, v, len) : arena_strndup(a, "", 0);
}

struct audit_query {
    int64_t tenant;
    const struct audit_filter *f;
    struct arena *a;
    struct audit_entry *items;
    size_t count;
    int64_t total;
    char from[32], to[32];
};

static void add_audit_where(struct strbuf *sql, const struct audit_filter *f)
{
    strbuf_addstr(sql, " WHERE tenant_id = ?1");
    if (f->user_id)
        strbuf_addstr(sql, " AND user_id = ?2");
    if (f->resource)
        strbuf_addstr(sql, " AND resource = ?3");
    if (f->action)
        strbuf_addstr(sql, " AND action = ?4");
    if (f->from)
        strbuf_addstr(sql, " AND at >= ?5");
    if (f->to)
        strbuf_addstr(sql, " AND at < ?6");
}

static void bind_audit(struct db_stmt *s, struct audit_query *q)
{
    db_bind_int64(s, 1, q->tenant);
    if (q->f->user_id)
        db_bind_int64(s, 2, q->f->user_id);
    if (q->f->resource)
        db_bind_text(s, 3, q->f->resource);
    if (q->f->action)
        db_bind_text(s, 4, q->f->action);
    if (q->f->from)
        db_bind_text(s, 5, q->from);
    if (q->f->to)
        db_bind_text(s, 6, q->to);
}

/* Reads AUDIT_COLUMNS into it; -1 when out of memory. */
static int read_entry(struct db_stmt *s, struct arena *a, struct audit_entry *it)
{
    it->id = db_column_int64(s, 0);
    it->at = dup_column(s, 1, a);
    it->user_id = db_column_is_null(s, 2) ? 0 : db_column_int64(s, 2);
    it->username = dup_column(s, 3, a);
    it->address = dup_column(s, 4, a);
    it->action = dup_column(s, 5, a);
    it->resource = dup_column(s, 6, a);
    it->resource_id = db_column_int64(s, 7);
    it->changes = dup_column(s, 8, a);
    it->prev_hash = dup_column(s, 9, a);
    it->hash = dup_column(s, 10, a);
    return it->at && it->username && it->address && it->action && it->resource && it->changes && it->prev_hash &&
                   it->hash
               ? 0
               : -1;
}

/* The filter's whole days as time stamps: from 00:00:00 to the next day's 00:00:00. */
static int audit_query_init(struct audit_query *q, struct error *e)
{
    const struct audit_filter *f = q->f;
    if (f->from)
        snprintf(q->from, sizeof(q->from), "%.10sT00:00:00Z", f->from);
    if (f->to) {
        struct date d;
        if (date_parse_iso(f->to, strlen(f->to), &d) != 0)
            return error_set(e, ERR_BAD_QUERY, "to", "日期格式应为 YYYY-MM-DD", "dates are YYYY-MM-DD");
        char next[11];
        date_format_iso(date_from_days(date_to_days(d) + 1), next);
        snprintf(q->to, sizeof(q->to), "%sT00:00:00Z", next);
    }
    return 0;
}

static int list_audit(struct db *db, void *ctx, struct error *e)
{
    struct audit_query *q = ctx;
    struct strbuf sql = STRBUF_INIT;
    strbuf_addstr(&sql, "SELECT count(*) FROM audit_log");
    add_audit_where(&sql, q->f);
    struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
    if (!s) {
        strbuf_release(&sql);
        return e->code ? -1 : store_no_memory(e);
    }
    bind_audit(s, q);
    int rc = db_step(s, e);
    q->total = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    strbuf_reset(&sql);
    strbuf_addstr(&sql, "SELECT " AUDIT_COLUMNS " FROM audit_log");
    add_audit_where(&sql, q->f);
    strbuf_addstr(&sql, " ORDER BY id DESC LIMIT ?7 OFFSET ?8");
    s = rc < 0 || sql.failed ? NULL : db_prepare(db, sql.buf, e);
    strbuf_release(&sql);
    if (!s)
        return e->code ? -1 : store_no_memory(e);
    bind_audit(s, q);
    db_bind_int64(s, 7, q->f->page_size);
    db_bind_int64(s, 8, (q->f->page - 1) * q->f->page_size);
    q->items = arena_alloc(q->a, (size_t)q->f->page_size * sizeof(*q->items));
    q->count = 0;
    rc = q->items ? 1 : store_no_memory(e);
    while (rc == 1 && (rc = db_step(s, e)) == 1 && q->count < (size_t)q->f->page_size)
        if (read_entry(s, q->a, &q->items[q->count++]) != 0)
            rc = store_no_memory(e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_audit_list(struct store *st, int64_t tenant, const struct audit_filter *f, struct arena *a,
                     struct audit_entry **items, size_t *count, int64_t *total, struct error *e)
{
    struct audit_query q = {.tenant = tenant, .f = f, .a = a};
    if (audit_query_init(&q, e) != 0 || db_read(st->db, list_audit, &q, e) != 0)
        return -1;
    *items = q.items;
    *count = q.count;
    *total = q.total;
    return 0;
}

struct audit_each {
    struct audit_query q;
    int64_t limit;
    store_audit_fn fn;
    void *ctx;
};

static void each_audit_bind(struct db_stmt *s, void *ctx)
{
    struct audit_each *x = ctx;
    bind_audit(s, &x->q);
}

static int each_audit_row(struct db_stmt *s, struct arena *a, void *ctx, struct error *e)
{
    struct audit_each *x = ctx;
    struct audit_entry it;
    return read_entry(s, a, &it) != 0 ? store_no_memory(e) : x->fn(x->ctx, &it, e);
}

static int each_audit(struct db *db, void *ctx, struct error *e)
{
    struct audit_each *x = ctx;
    struct strbuf from = STRBUF_INIT;
    strbuf_addstr(&from, " FROM audit_log");
    add_audit_where(&from, x->q.f);
    struct store_walk w = {.columns = AUDIT_COLUMNS, .from = from.buf, .order = " ORDER BY id DESC", .page = 7,
                           .limit = x->limit, .bind = each_audit_bind, .row = each_audit_row, .ctx = x};
    int rc = from.failed ? store_no_memory(e) : store_walk(db, &w, e);
    strbuf_release(&from);
    return rc;
}

int store_audit_each(struct store *st, int64_t tenant, const struct audit_filter *f, int64_t limit, store_audit_fn fn,
                     void *ctx, struct error *e)
{
    struct audit_each x = {.q = {.tenant = tenant, .f = f}, .limit = limit, .fn = fn, .ctx = ctx};
    if (audit_query_init(&x.q, e) != 0)
        return -1;
    return db_read(st->db, each_audit, &x, e);
}

struct verify {
    int64_t checked, broken_tenant, broken_id;
};

static int verify_chain(struct db *db, void *ctx, struct error *e)
{
    struct verify *v = ctx;
    struct db_stmt *s = db_prepare(db,
                                   "SELECT tenant_id, " AUDIT_COLUMNS " FROM audit_log ORDER BY tenant_id, id", e);
    if (!s)
        return -1;
    int64_t tenant = -1, expected_id = 0;
    char prev[SECRET_HEX_SIZE] = GENESIS;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        int64_t t = db_column_int64(s, 0), id = db_column_int64(s, 1);
        if (t != tenant) {
            tenant = t;
            snprintf(prev, sizeof(prev), "%s", GENESIS);
            expected_id = 0;
        }
        const char *at = db_column_text(s, 2, NULL);
        int64_t user_id = db_column_is_null(s, 3) ? 0 : db_column_int64(s, 3);
        char hash[SECRET_HEX_SIZE];
        record_hash(prev, t, id, at ? at : "", user_id, db_column_text(s, 4, NULL), db_column_text(s, 5, NULL),
                    db_column_text(s, 6, NULL), db_column_text(s, 7, NULL), db_column_int64(s, 8),
                    db_column_text(s, 9, NULL), hash);
        const char *stored_prev = db_column_text(s, 10, NULL), *stored = db_column_text(s, 11, NULL);
        /* ids of a tenant's log are consecutive: a gap means a record was removed */
        bool gap = expected_id && id != expected_id;
        if (gap || !stored_prev || strcmp(stored_prev, prev) != 0 || !stored || strcmp(stored, hash) != 0) {
            v->broken_tenant = t;
            v->broken_id = id;
            break;
        }
        snprintf(prev, sizeof(prev), "%s", stored);
        expected_id = id + 1;
        v->checked++;
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_audit_verify(struct store *st, int64_t *checked, int64_t *broken_tenant, int64_t *broken_id,
                       struct error *e)
{
    struct verify v = {0};
    if (db_read(st->db, verify_chain, &v, e) != 0)
        return -1;
    *checked = v.checked;
    *broken_tenant = v.broken_tenant;
    *broken_id = v.broken_id;
    return 0;
}
