/*
 * Importing enterprises: one transaction that loads the tenant's enterprises and units once,
 * decides every row in memory (matched by credit code; the park by a unit's code or name), then
 * inserts the new ones ENTERPRISES_BATCH_ROWS to a statement, updates the changed ones one by
 * one and appends the operation log as a batch. Any refused row: nothing is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/strmap.h"
#include "store/enterprises_internal.h"
#include "store/unit_names.h"
#include "base/banned.h"

#define ENTERPRISES_BATCH_ROWS 100 /* new enterprises per insert statement: a round trip each on PostgreSQL  \
                                    */

struct known {
    int64_t id;
    struct enterprise_input v;
};

struct import_ctx {
    int64_t tenant;
    struct enterprise_import *im;
    const struct actor *who;
    struct arena *a;
    struct import_refusals refusals;
    bool *repeated; /* rows whose credit code an earlier row has: refused before the transaction */
    size_t errors_before;
    bool dry_run_done;
    /* per attempt */
    struct known *rows; /* the tenant's enterprises, then the created ones */
    size_t n_rows, rows_cap;
    struct strmap by_code;
    struct unit_names units;
    int64_t next_id;
    char now[32];
    size_t pending[ENTERPRISES_BATCH_ROWS]; /* created enterprises not inserted yet (indices in rows) */
    size_t n_pending;
};

static void release_attempt(struct import_ctx *c)
{
    strmap_release(&c->by_code);
    unit_names_release(&c->units);
    free(c->rows);
    c->rows = NULL;
    c->n_rows = c->rows_cap = 0;
}

static struct known *known_add(struct import_ctx *c, struct error *e)
{
    if (c->n_rows == c->rows_cap) {
        size_t next = c->rows_cap ? c->rows_cap * 2 : 256;
        struct known *p = realloc(c->rows, next * sizeof(*p));
        if (!p)
            return store_no_memory(e), NULL;
        c->rows = p;
        c->rows_cap = next;
    }
    return &c->rows[c->n_rows++];
}

static int load_enterprises(struct db *db, struct import_ctx *c, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT id, credit_code, name, industry_code, ownership, park_id, above_size, "
                   "leading_talent, high_tech FROM enterprises WHERE tenant_id = ?1 ORDER BY id",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct known *k = known_add(c, e);
        if (!k) {
            rc = -1;
            break;
        }
        size_t len;
        const char *ownership = db_column_text(s, 4, &len);
        *k = (struct known){.id = db_column_int64(s, 0),
                            .v = {.credit_code = enterprise_copy_text(s, 1, c->a),
                                  .name = enterprise_copy_text(s, 2, c->a),
                                  .industry_code = enterprise_copy_text(s, 3, c->a),
                                  .park_id = db_column_is_null(s, 5) ? 0 : db_column_int64(s, 5),
                                  .above_size = db_column_int64(s, 6) != 0,
                                  .leading_talent = db_column_int64(s, 7) != 0,
                                  .high_tech = db_column_int64(s, 8) != 0}};
        ownership_parse(ownership ? ownership : "", ownership ? len : 0, &k->v.ownership);
        if (!k->v.credit_code || !k->v.name) {
            rc = store_no_memory(e);
            break;
        }
    }
    db_reset(s);
    if (rc == 0 && strmap_init(&c->by_code, c->n_rows + c->im->n) != 0)
        rc = store_no_memory(e);
    for (size_t i = 0; rc == 0 && i < c->n_rows; i++) {
        size_t unused;
        strmap_add(&c->by_code, c->rows[i].v.credit_code, i, &unused);
    }
    return rc < 0 ? -1 : 0;
}

/* The unit a sheet names as the park (its code, else its name); false with the row refused. */
static bool find_park(struct import_ctx *c, size_t i, int64_t *park_id)
{
    const char *ref = c->im->park[i];
    char zh[192], en[192];
    *park_id = 0;
    if (!ref || unit_names_find(&c->units, ref, park_id, zh, en, sizeof(zh)))
        return true;
    import_refuse(&c->refusals, i, "park", zh, en);
    return false;
}

/* Inserts the created enterprises waiting: a full batch in one statement, fewer one by one. */
static int insert_pending(struct db *db, struct import_ctx *c, struct error *e)
{
    size_t n = c->n_pending, per = n == ENTERPRISES_BATCH_ROWS ? n : 1;
    c->n_pending = 0;
    for (size_t from = 0; from < n; from += per) {
        struct strbuf sql = STRBUF_INIT;
        strbuf_addstr(&sql, ENTERPRISE_INSERT);
        for (size_t r = 0; r < per; r++) {
            strbuf_addstr(&sql, r ? ",(" : "(");
            for (int p = 1; p <= ENTERPRISE_PARAMS + 1; p++) { /* the time stamp twice: created and updated */
                strbuf_addstr(&sql, p > 1 ? ", ?" : "?");
                strbuf_add_int(&sql,
                               (long long)(r * ENTERPRISE_PARAMS) + (p <= ENTERPRISE_PARAMS ? p : p - 1));
            }
            strbuf_addch(&sql, ')');
        }
        struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
        strbuf_release(&sql);
        if (!s)
            return e->code ? -1 : store_no_memory(e);
        for (size_t r = 0; r < per; r++) {
            const struct known *k = &c->rows[c->pending[from + r]];
            enterprise_bind_fields_at(s, (int)(r * ENTERPRISE_PARAMS), c->tenant, k->id, &k->v, c->now);
        }
        int rc = db_step(s, e);
        db_reset(s);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_fields(const struct enterprise_input *a, const struct enterprise_input *b)
{
    return strcmp(a->credit_code, b->credit_code) == 0 && strcmp(a->name, b->name) == 0 &&
           same_text(a->industry_code, b->industry_code) && a->ownership == b->ownership &&
           a->park_id == b->park_id && a->above_size == b->above_size &&
           a->leading_talent == b->leading_talent && a->high_tech == b->high_tech;
}

/* The row's fields over what the enterprise had (a column the sheet lacks leaves its field as it is). */
static struct enterprise_input merged_row(const struct enterprise_input *in, struct enterprise_input v,
                                          int64_t park_id)
{
    v.credit_code = in->credit_code;
    if (in->has_name)
        v.name = in->name;
    if (in->has_industry_code)
        v.industry_code = in->industry_code;
    if (in->has_ownership)
        v.ownership = in->ownership;
    if (in->has_park)
        v.park_id = park_id;
    if (in->has_above_size)
        v.above_size = in->above_size;
    if (in->has_leading_talent)
        v.leading_talent = in->leading_talent;
    if (in->has_high_tech)
        v.high_tech = in->high_tech;
    return v;
}

static int log_change(struct db *db, struct audit_batch *log, const char *action,
                      const struct enterprise_input *before, const struct known *k, struct error *e)
{
    struct changes ch = {STRBUF_INIT, 0};
    int rc =
        audit_batch_append(db, log, action, "enterprise", k->id, enterprise_changes(before, &k->v, &ch), e);
    strbuf_release(&ch.sb);
    return rc;
}

/* Decides and writes one row; a refusal is recorded, not returned. */
static int import_row(struct db *db, struct import_ctx *c, struct audit_batch *log, size_t i, struct error *e)
{
    struct enterprise_import *im = c->im;
    const struct enterprise_input *in = &im->in[i];
    int64_t park_id = 0;
    size_t at;
    if (in->has_park && !find_park(c, i, &park_id))
        return 0;
    if (!strmap_get(&c->by_code, in->credit_code, &at)) {
        if (!in->has_name || !in->has_ownership) {
            import_refuse(&c->refusals, i, in->has_name ? "ownership" : "name",
                          "新企业需要企业名称和企业性质", "a new enterprise needs a name and an ownership");
            return 0;
        }
        struct known *k = known_add(c, e);
        if (!k)
            return -1;
        static const struct enterprise_input none;
        *k = (struct known){.id = c->next_id++, .v = merged_row(in, none, park_id)};
        strmap_add(&c->by_code, k->v.credit_code, c->n_rows - 1, &at);
        im->actions[i] = IMPORT_CREATE;
        im->created++;
        c->pending[c->n_pending++] = c->n_rows - 1;
        if (c->n_pending == ENTERPRISES_BATCH_ROWS && insert_pending(db, c, e) != 0)
            return -1;
        return log_change(db, log, "create", NULL, k, e);
    }
    struct known *k = &c->rows[at];
    struct enterprise_input before = k->v, next = merged_row(in, k->v, park_id);
    if (same_fields(&before, &next)) {
        im->actions[i] = IMPORT_UNCHANGED;
        im->unchanged++;
        return 0;
    }
    k->v = next;
    im->actions[i] = IMPORT_UPDATE;
    im->updated++;
    return enterprise_write_fields(db, ENTERPRISE_UPDATE, c->tenant, k->id, &k->v, e) != 0 ||
                   log_change(db, log, "update", &before, k, e) != 0
               ? -1
               : 0;
}

static const char *row_key(const void *ctx, size_t i)
{
    const struct enterprise_import *im = ctx;
    return im->in[i].credit_code;
}

/* Refuses every row whose credit code an earlier row of the import has. */
static int refuse_repeats(struct import_ctx *c, struct error *e)
{
    return import_refuse_repeats(&c->refusals, c->im->n, row_key, c->im, "credit_code", "统一社会信用代码",
                                 "credit code", &c->repeated, e);
}

static int import_enterprises(struct db *db, void *ctx, struct error *e)
{
    struct import_ctx *c = ctx;
    struct enterprise_import *im = c->im;
    im->n_errors = c->errors_before; /* a retried transaction starts again */
    c->refusals.failed = false;
    im->created = im->updated = im->unchanged = 0;
    c->n_pending = 0;
    release_attempt(c);
    date_now_iso(c->now, sizeof(c->now));
    struct audit_batch log;
    log.texts = (struct strbuf)STRBUF_INIT; /* so that release is safe before begin */
    if (load_enterprises(db, c, e) != 0 || unit_names_load(db, c->tenant, c->a, &c->units, e) != 0 ||
        store_sequence_peek(db, c->tenant, "enterprises", &c->next_id, e) != 0 ||
        audit_batch_begin(db, c->tenant, c->who, &log, e) != 0) {
        audit_batch_release(&log);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < im->n; i++)
        if (!c->repeated[i])
            rc = import_row(db, c, &log, i, e);
    if (rc == 0 && c->refusals.failed)
        rc = store_no_memory(e);
    if (rc == 0 && im->n_errors)
        rc = error_set(e, ERR_INVALID_ROWS, NULL, "有 %zu 行有误，未导入任何数据",
                       "%zu rows are wrong: nothing was imported", im->n_errors);
    if (rc == 0 && (insert_pending(db, c, e) != 0 ||
                    store_sequence_set(db, c->tenant, "enterprises", c->next_id, e) != 0 ||
                    audit_batch_end(db, &log, e) != 0))
        rc = -1;
    audit_batch_release(&log);
    if (rc == 0 && im->dry_run) {
        c->dry_run_done = true;
        return -1; /* rolls back what the preview wrote */
    }
    return rc;
}

int store_enterprises_import(struct store *st, int64_t tenant, struct enterprise_import *im,
                             const struct actor *who, struct arena *a, struct error *e)
{
    struct import_ctx c = {.tenant = tenant,
                           .im = im,
                           .who = who,
                           .a = a,
                           .refusals = {.errors = &im->errors, .n = &im->n_errors, .a = a}};
    im->n_errors = 0;
    if (refuse_repeats(&c, e) != 0)
        return -1;
    c.errors_before = im->n_errors;
    int rc = db_write_tenant(st->db, tenant, import_enterprises, &c, e);
    if (rc != 0 && c.dry_run_done) {
        error_clear(e);
        rc = 0;
    }
    release_attempt(&c);
    return rc;
}
