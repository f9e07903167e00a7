/*
 * Importing projects: one transaction that reads the tenant's projects (with this year's plans),
 * units and enterprises once, decides every row in memory — merged over the project it updates,
 * its milestones checked, stage, pool and size class derived by project_fields.c as a single
 * write does — and writes only when no row was refused: new projects PROJECTS_BATCH_ROWS to a
 * statement, changed ones one by one, then each one's plan, warning and operation-log record
 * (the log appended as a batch). A dry run decides and writes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/strmap.h"
#include "store/project_fields.h"
#include "store/project_warnings.h"
#include "store/unit_names.h"
#include "base/banned.h"

#define PROJECTS_BATCH_ROWS 50 /* new projects per insert statement: 39 parameters each */

/* A project of the tenant as it is, then as the import leaves it. */
struct known {
    int64_t id;
    struct project p;
    bool has_plan; /* this year's */
    int64_t plan;
};

/* What the import does to one row's project. */
struct decision {
    size_t row;   /* index in the import */
    size_t known; /* index in rows: the project before (for an update) */
    bool create;
    int64_t id;
    struct project after;
    bool plan_changes;
};

struct import_ctx {
    int64_t tenant;
    struct project_import *im;
    const struct actor *who;
    struct arena *a;
    struct import_refusals refusals;
    bool *repeated; /* rows whose code an earlier row has: refused before the transaction */
    size_t errors_before;
    /* per attempt */
    struct known *rows;
    size_t n_rows;
    struct strmap by_code;
    struct unit_names units;
    struct strmap enterprises; /* credit code → index in enterprise_ids */
    int64_t *enterprise_ids;
    struct decision *decisions;
    size_t n_decisions;
    struct size_classes sizes;
    int32_t today;
    int year;
    int64_t next_id;
};

static void release_attempt(struct import_ctx *c)
{
    strmap_release(&c->by_code);
    strmap_release(&c->enterprises);
    unit_names_release(&c->units);
    free(c->rows);
    free(c->enterprise_ids);
    free(c->decisions);
    c->rows = NULL;
    c->enterprise_ids = NULL;
    c->decisions = NULL;
    c->n_rows = c->n_decisions = 0;
}

static int count_rows(struct db *db, const char *sql, int64_t tenant, size_t *n, struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    int rc = db_step(s, e);
    *n = rc == 1 ? (size_t)db_column_int64(s, 0) : 0;
    db_reset(s);
    return rc == 1 ? 0 : -1;
}

static int load_projects(struct db *db, struct import_ctx *c, struct error *e)
{
    size_t n;
    if (count_rows(db, "SELECT count(*) FROM projects WHERE tenant_id = ?1", c->tenant, &n, e) != 0)
        return -1;
    c->rows = malloc((n ? n : 1) * sizeof(*c->rows));
    if (!c->rows || strmap_init(&c->by_code, n + c->im->n) != 0)
        return store_no_memory(e);
    struct db_stmt *s = db_prepare(
        db, "SELECT " PROJECT_COLUMNS_AT(2, 3, 4) PROJECT_FROM " WHERE p.tenant_id = ?1 ORDER BY p.id", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    project_bind_year_at(s, 1, c->year);
    int rc = 0;
    while (c->n_rows < n && (rc = db_step(s, e)) == 1) {
        struct known *k = &c->rows[c->n_rows];
        if (project_read_row(s, c->a, &k->p) != 0) {
            rc = store_no_memory(e);
            break;
        }
        k->id = k->p.id;
        k->has_plan = !db_column_is_null(s, 45);
        k->plan = k->p.year_plan;
        size_t unused;
        strmap_add(&c->by_code, k->p.code, c->n_rows++, &unused);
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int load_enterprises(struct db *db, struct import_ctx *c, struct error *e)
{
    size_t n, got = 0;
    if (count_rows(db, "SELECT count(*) FROM enterprises WHERE tenant_id = ?1", c->tenant, &n, e) != 0)
        return -1;
    c->enterprise_ids = malloc((n ? n : 1) * sizeof(*c->enterprise_ids));
    if (!c->enterprise_ids || strmap_init(&c->enterprises, n) != 0)
        return store_no_memory(e);
    struct db_stmt *s = db_prepare(db, "SELECT id, credit_code FROM enterprises WHERE tenant_id = ?1", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    int rc = 0;
    while (got < n && (rc = db_step(s, e)) == 1) {
        const char *code = store_text(s, 1, c->a);
        if (!code) {
            rc = store_no_memory(e);
            break;
        }
        size_t unused;
        c->enterprise_ids[got] = db_column_int64(s, 0);
        strmap_add(&c->enterprises, code, got++, &unused);
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* The row's references by id in r; false with the row refused when one names nothing. */
static bool resolve(struct import_ctx *c, size_t i, struct project_input *r)
{
    const struct project_import *im = c->im;
    char zh[192], en[192];
    bool ok = true;
    size_t at;
    if (r->has[PF_ENTERPRISE]) {
        const char *code = im->enterprise[i];
        r->v.enterprise_id = 0;
        if (code && strmap_get(&c->enterprises, code, &at)) {
            r->v.enterprise_id = c->enterprise_ids[at];
        } else if (code) {
            snprintf(zh, sizeof(zh), "没有统一社会信用代码为“%s”的企业", code);
            snprintf(en, sizeof(en), "there is no enterprise with the credit code \"%s\"", code);
            import_refuse(&c->refusals, i, "enterprise_credit_code", zh, en);
            ok = false;
        }
    }
    if (r->has[PF_UNIT]) {
        if (!im->unit[i]) {
            import_refuse(&c->refusals, i, "unit", "责任单位不能为空", "the responsible unit must be given");
            ok = false;
        } else if (!unit_names_find(&c->units, im->unit[i], &r->v.unit_id, zh, en, sizeof(zh))) {
            import_refuse(&c->refusals, i, "unit", zh, en);
            ok = false;
        }
    }
    if (r->has[PF_CARRIER]) {
        r->v.carrier_id = 0;
        if (im->carrier[i] &&
            !unit_names_find(&c->units, im->carrier[i], &r->v.carrier_id, zh, en, sizeof(zh))) {
            import_refuse(&c->refusals, i, "carrier", zh, en);
            ok = false;
        }
    }
    return ok;
}

/* A refused date on the column it came from: "milestones.started.actual" is the column actual_started. */
static void refuse_milestones(struct import_ctx *c, size_t i, const struct error *err)
{
    char field[64] = "code";
    const char *step = strncmp(err->field, "milestones.", 11) == 0 ? err->field + 11 : NULL;
    const char *dot = step ? strchr(step, '.') : NULL;
    if (dot)
        snprintf(field, sizeof(field), "%s_%.*s", dot + 1, (int)(dot - step), step);
    const char *copy = arena_strndup(c->a, field, strlen(field)); /* refusals borrow the field */
    if (!copy)
        c->refusals.failed = true;
    import_refuse(&c->refusals, i, copy ? copy : "code", err->message_zh, err->message_en);
}

/* Whether the row's plan (this year's, when it gives one) differs from the project's. */
static bool plan_differs(const struct project_input *r, const struct known *k, int year)
{
    if (r->n_plans == 0)
        return false;
    const struct plan_change *pc = &r->plans[0];
    if (!k || pc->year != year)
        return !pc->remove;
    return pc->remove ? k->has_plan : !k->has_plan || k->plan != pc->amount;
}

/* Decides one row in memory; a refusal is recorded, not returned. */
static int decide(struct import_ctx *c, size_t i, struct error *e)
{
    struct project_import *im = c->im;
    struct project_input r = im->in[i];
    size_t at;
    bool exists = strmap_get(&c->by_code, r.v.code, &at);
    if (!exists && (!r.has[PF_NAME] || !r.has[PF_UNIT] || !r.has[PF_CATEGORY] || !r.has[PF_SOURCE])) {
        import_refuse(&c->refusals, i,
                      !r.has[PF_NAME]       ? "name"
                      : !r.has[PF_UNIT]     ? "unit"
                      : !r.has[PF_CATEGORY] ? "category"
                                            : "source",
                      "新项目需要项目名称、责任单位、项目类别和项目来源",
                      "a new project needs a name, a responsible unit, a category and a source");
        return 0;
    }
    if (!resolve(c, i, &r))
        return 0;
    struct known *k = exists ? &c->rows[at] : NULL;
    struct project after;
    if (k)
        after = k->p;
    else
        project_blank(&after);
    project_apply_input(&after, &r);
    struct error err;
    if (milestones_check(&after.ms, c->today, &err) != 0) {
        refuse_milestones(c, i, &err);
        return 0;
    }
    project_derive(&after, &c->sizes);
    bool plan_changes = plan_differs(&r, k, c->year);
    if (k) {
        struct changes ch = {STRBUF_INIT, 0};
        project_changes(&k->p, &after, &ch);
        const char *text = changes_finish(&ch);
        bool same = text && strcmp(text, "{}") == 0;
        strbuf_release(&ch.sb);
        if (!text)
            return store_no_memory(e);
        if (same && !plan_changes) {
            im->actions[i] = IMPORT_UNCHANGED;
            im->unchanged++;
            return 0;
        }
    }
    struct decision *d = &c->decisions[c->n_decisions++];
    *d = (struct decision){.row = i,
                           .known = exists ? at : SIZE_MAX,
                           .create = !exists,
                           .id = exists ? k->id : c->next_id++,
                           .after = after,
                           .plan_changes = plan_changes};
    im->actions[i] = exists ? IMPORT_UPDATE : IMPORT_CREATE;
    if (exists)
        im->updated++;
    else
        im->created++;
    return 0;
}

/* Inserts the new projects: full batches in one statement each, the rest one by one. */
static int insert_created(struct db *db, struct import_ctx *c, const char *now, struct error *e)
{
    size_t pending[PROJECTS_BATCH_ROWS], n = 0;
    for (size_t k = 0; k <= c->n_decisions; k++) {
        bool last = k == c->n_decisions;
        if (!last && c->decisions[k].create)
            pending[n++] = k;
        if (n == 0 || (n < PROJECTS_BATCH_ROWS && !last))
            continue;
        size_t per = n == PROJECTS_BATCH_ROWS ? n : 1;
        for (size_t from = 0; from < n; from += per) {
            struct strbuf sql = STRBUF_INIT;
            strbuf_addstr(&sql, PROJECT_INSERT);
            for (size_t r = 0; r < per; r++) {
                strbuf_addstr(&sql, r ? ",(" : "(");
                for (int p = 1; p <= PROJECT_PARAMS + 1;
                     p++) { /* the time stamp twice: created and updated */
                    strbuf_addstr(&sql, p > 1 ? ", ?" : "?");
                    strbuf_add_int(&sql, (long long)(r * PROJECT_PARAMS) + (p <= PROJECT_PARAMS ? p : p - 1));
                }
                strbuf_addch(&sql, ')');
            }
            struct db_stmt *s = sql.failed ? NULL : db_prepare(db, sql.buf, e);
            strbuf_release(&sql);
            if (!s)
                return e->code ? -1 : store_no_memory(e);
            for (size_t r = 0; r < per; r++) {
                const struct decision *d = &c->decisions[pending[from + r]];
                project_bind_at(s, (int)(r * PROJECT_PARAMS), c->tenant, d->id, &d->after, now);
            }
            int rc = db_step(s, e);
            db_reset(s);
            if (rc < 0)
                return -1;
        }
        n = 0;
    }
    return 0;
}

/* Writes what was decided: rows, plans, warnings and the operation log. */
static int write_decisions(struct db *db, struct import_ctx *c, struct error *e)
{
    char now[32];
    date_now_iso(now, sizeof(now));
    struct audit_batch log;
    log.texts = (struct strbuf)STRBUF_INIT; /* so that release is safe before begin */
    int rc = insert_created(db, c, now, e) != 0 ||
                     store_sequence_set(db, c->tenant, "projects", c->next_id, e) != 0 ||
                     audit_batch_begin(db, c->tenant, c->who, &log, e) != 0
                 ? -1
                 : 0;
    for (size_t k = 0; rc == 0 && k < c->n_decisions; k++) {
        const struct decision *d = &c->decisions[k];
        const struct project *before = d->create ? NULL : &c->rows[d->known].p;
        const struct project_input *in = &c->im->in[d->row];
        struct changes ch = {STRBUF_INIT, 0};
        if (before && (project_write_update(db, c->tenant, d->id, &d->after, e) != 0 ||
                       unit_totals_move(db, c->tenant, d->id, before->unit_id, d->after.unit_id, e) != 0))
            rc = -1;
        project_changes(before, &d->after, &ch);
        if (rc == 0 && d->plan_changes && project_apply_plans(db, c->tenant, d->id, in, &ch, e) != 0)
            rc = -1;
        if (rc == 0 && project_warning_refresh(db, c->tenant, d->id, e) != 0)
            rc = -1;
        const char *changes = rc == 0 ? changes_finish(&ch) : NULL;
        if (rc == 0 && !changes)
            rc = store_no_memory(e);
        if (rc == 0)
            rc = audit_batch_append(db, &log, d->create ? "create" : "update", "project", d->id, changes, e);
        strbuf_release(&ch.sb);
    }
    if (rc == 0)
        rc = audit_batch_end(db, &log, e);
    audit_batch_release(&log);
    return rc;
}

static const char *row_key(const void *ctx, size_t i)
{
    const struct project_import *im = ctx;
    return im->in[i].v.code;
}

/* Refuses every row whose code an earlier row of the import has. */
static int refuse_repeats(struct import_ctx *c, struct error *e)
{
    return import_refuse_repeats(&c->refusals, c->im->n, row_key, c->im, "code", "项目编码", "project code",
                                 &c->repeated, e);
}

static int import_projects(struct db *db, void *ctx, struct error *e)
{
    struct import_ctx *c = ctx;
    struct project_import *im = c->im;
    im->n_errors = c->errors_before; /* a retried transaction starts again */
    c->refusals.failed = false;
    im->created = im->updated = im->unchanged = 0;
    release_attempt(c);
    c->today = (int32_t)date_today();
    c->year = date_from_days(c->today).year;
    if (load_projects(db, c, e) != 0 || unit_names_load(db, c->tenant, c->a, &c->units, e) != 0 ||
        load_enterprises(db, c, e) != 0 || project_size_classes(db, c->tenant, &c->sizes, e) != 0 ||
        store_sequence_peek(db, c->tenant, "projects", &c->next_id, e) != 0)
        return -1;
    if (!(c->decisions = malloc((im->n ? im->n : 1) * sizeof(*c->decisions))))
        return store_no_memory(e);
    for (size_t i = 0; i < im->n; i++)
        if (!c->repeated[i] && decide(c, i, e) != 0)
            return -1;
    if (c->refusals.failed)
        return store_no_memory(e);
    if (im->n_errors)
        return error_set(e, ERR_INVALID_ROWS, NULL, "有 %zu 行有误，未导入任何数据",
                         "%zu rows are wrong: nothing was imported", im->n_errors);
    return im->dry_run ? 0 : write_decisions(db, c, e);
}

int store_projects_import(struct store *st, int64_t tenant, struct project_import *im,
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
    int rc = db_write_tenant(st->db, tenant, import_projects, &c, e);
    release_attempt(&c);
    return rc;
}
