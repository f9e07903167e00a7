/* Monthly progress reports: filed or corrected, with every later month's running totals kept. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "base/strmap.h"
#include "store/project_rows.h"
#include "store/project_warnings.h"
#include "base/banned.h"

#define REPORT_COLUMNS                                                                                       \
    "project_id, month, amount, cumulative, year_to_date, progress, reporter_name, iso(created_at), "        \
    "iso(updated_at)"

static int read_report(struct db_stmt *s, struct arena *a, struct progress_report *r)
{
    *r = (struct progress_report){.project_id = db_column_int64(s, 0),
                                  .month = store_text(s, 1, a),
                                  .amount = db_column_int64(s, 2),
                                  .cumulative = db_column_int64(s, 3),
                                  .year_to_date = db_column_int64(s, 4),
                                  .progress = store_text(s, 5, a),
                                  .reporter_name = store_text(s, 6, a),
                                  .created_at = store_text(s, 7, a),
                                  .updated_at = store_text(s, 8, a)};
    return r->month && r->progress && r->reporter_name && r->created_at && r->updated_at ? 0 : -1;
}

struct reports_query {
    int64_t tenant, project_id;
    struct arena *a;
    struct progress_report *items;
    size_t count;
};

static int list_reports(struct db *db, void *ctx, struct error *e)
{
    struct reports_query *q = ctx;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT " REPORT_COLUMNS
                   " FROM progress_reports WHERE tenant_id = ?1 AND project_id = ?2 ORDER BY month",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, q->tenant);
    db_bind_int64(s, 2, q->project_id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        if (q->count == cap) {
            cap = cap ? cap * 2 : 16;
            struct progress_report *grown = arena_alloc(q->a, cap * sizeof(*grown));
            if (!grown) {
                db_reset(s);
                return store_no_memory(e);
            }
            if (q->count)
                memcpy(grown, q->items, q->count * sizeof(*grown));
            q->items = grown;
        }
        if (read_report(s, q->a, &q->items[q->count++]) != 0) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_reports_list(struct store *st, int64_t tenant, int64_t project_id, struct arena *a,
                       struct progress_report **items, size_t *count, struct error *e)
{
    struct reports_query q = {.tenant = tenant, .project_id = project_id, .a = a};
    if (db_read(st->db, list_reports, &q, e) != 0)
        return -1;
    *items = q.items;
    *count = q.count;
    return 0;
}

int unit_totals_add(struct db *db, int64_t tenant, int64_t unit_id, const char *month, int64_t delta,
                    struct error *e)
{
    struct db_stmt *s =
        db_prepare(db,
                   "INSERT INTO unit_month_totals (tenant_id, unit_id, month, amount) VALUES (?1, ?2, ?3,"
                   " ?4) ON CONFLICT (tenant_id, unit_id, month) DO UPDATE SET"
                   " amount = unit_month_totals.amount + ?4",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, unit_id);
    db_bind_text(s, 3, month);
    db_bind_int64(s, 4, delta);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int unit_totals_move(struct db *db, int64_t tenant, int64_t project_id, int64_t from, int64_t to,
                     struct error *e)
{
    /* WHERE before ON CONFLICT: SQLite would otherwise read ON as a join's */
    static const char sql[] = "INSERT INTO unit_month_totals (tenant_id, unit_id, month, amount)"
                              " SELECT ?1, ?3, month, ?4 * amount FROM progress_reports"
                              " WHERE tenant_id = ?1 AND project_id = ?2"
                              " ON CONFLICT (tenant_id, unit_id, month) DO UPDATE SET"
                              " amount = unit_month_totals.amount + excluded.amount";
    if (from == to)
        return 0;
    /* the old unit's months left at 0 go: a unit nothing names any more can then be deleted */
    return store_exec_ints(db, sql, e, 4, tenant, project_id, from, (int64_t)-1) != 0 ||
                   store_exec_ints(db, sql, e, 4, tenant, project_id, to, (int64_t)1) != 0 ||
                   store_exec_ints(
                       db,
                       "DELETE FROM unit_month_totals WHERE tenant_id = ?1 AND unit_id = ?2 AND amount = 0",
                       e, 2, tenant, from) != 0
               ? -1
               : 0;
}

/* Rewrites the running totals of every month of the project that needs it (a correction moves all later
 * ones). */
static int recompute_totals(struct db *db, int64_t tenant, int64_t project_id, struct error *e)
{
    struct db_stmt *s = db_prepare(db,
                                   "SELECT month, amount, cumulative, year_to_date FROM progress_reports"
                                   " WHERE tenant_id = ?1 AND project_id = ?2 ORDER BY month",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, project_id);
    struct stale {
        char month[8];
        int64_t cumulative, year_to_date;
    } stale[64];
    size_t n_stale = 0;
    int64_t cumulative = 0, year_to_date = 0;
    char year[5] = "";
    int rc;
    bool more = false;
    while ((rc = db_step(s, e)) == 1) {
        const char *month = db_column_text(s, 0, NULL);
        int64_t amount = db_column_int64(s, 1);
        if (!month || strlen(month) != 7)
            continue;
        if (memcmp(year, month, 4) != 0) {
            memcpy(year, month, 4);
            year_to_date = 0;
        }
        cumulative += amount;
        year_to_date += amount;
        if (db_column_int64(s, 2) != cumulative || db_column_int64(s, 3) != year_to_date) {
            if (n_stale == sizeof(stale) / sizeof(stale[0])) {
                more = true; /* rewritten in another pass */
                continue;
            }
            struct stale *t = &stale[n_stale++];
            memcpy(t->month, month, 8);
            t->cumulative = cumulative;
            t->year_to_date = year_to_date;
        }
    }
    db_reset(s);
    if (rc < 0)
        return -1;
    for (size_t i = 0; i < n_stale; i++) {
        struct db_stmt *u = db_prepare(db,
                                       "UPDATE progress_reports SET cumulative = ?4, year_to_date = ?5"
                                       " WHERE tenant_id = ?1 AND project_id = ?2 AND month = ?3",
                                       e);
        if (!u)
            return -1;
        db_bind_int64(u, 1, tenant);
        db_bind_int64(u, 2, project_id);
        db_bind_text(u, 3, stale[i].month);
        db_bind_int64(u, 4, stale[i].cumulative);
        db_bind_int64(u, 5, stale[i].year_to_date);
        rc = db_step(u, e);
        db_reset(u);
        if (rc < 0)
            return -1;
    }
    return more ? recompute_totals(db, tenant, project_id, e) : 0;
}

struct report_write {
    int64_t tenant, scope, project_id;
    const char *month, *progress;
    int64_t amount;
    const struct actor *who;
    struct arena *a;
    struct progress_report *out;
    struct project *project;
};

static int get_report(struct db *db, const struct report_write *w, struct progress_report *out,
                      struct error *e)
{
    struct db_stmt *s = db_prepare(db,
                                   "SELECT " REPORT_COLUMNS " FROM progress_reports WHERE tenant_id = ?1"
                                   " AND project_id = ?2 AND month = ?3",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, w->tenant);
    db_bind_int64(s, 2, w->project_id);
    db_bind_text(s, 3, w->month);
    int rc = db_step(s, e);
    if (rc == 1 && read_report(s, w->a, out) != 0)
        rc = store_no_memory(e);
    db_reset(s);
    return rc;
}

static int check_month(const struct project *p, int32_t month, struct error *e)
{
    int32_t first = project_first_report_month(&p->ms);
    int32_t now = month_of_day((int32_t)date_today());
    char m[8], f[8], n[8];
    month_format(month, m);
    month_format(now, n);
    if (first < 0)
        return error_set(
            e, ERR_INVALID_VALUE, "month", "项目尚未签约、注册或开工，还不能填报月度投资",
            "the project has no actual signing, registration or start date yet: no report can be filed");
    month_format(first, f);
    if (month < first)
        return error_set(e, ERR_INVALID_VALUE, "month", "%s 早于项目起始月份 %s，不能填报",
                         "%s is before the project's first month %s", m, f);
    if (month > now)
        return error_set(e, ERR_INVALID_VALUE, "month", "%s 尚未到来（本月为 %s），不能填报",
                         "%s is in the future (this month is %s)", m, n);
    return 0;
}

/*
 * Files (had: 0) or corrects (had: 1, before the report filed) the month's report of project p,
 * already read and in the writer's scope: the row, the unit's monthly total, every running total
 * after it, the warning, and the operation log (appended to log, or alone when log is NULL).
 */
static int write_report(struct db *db, const struct report_write *w, const struct project *p, int had,
                        const struct progress_report *before, struct audit_batch *log, struct error *e)
{
    if (check_month(p, month_parse(w->month, strlen(w->month)), e) != 0)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s = db_prepare(
        db,
        had ? "UPDATE progress_reports SET amount = ?4, progress = ?5, reporter_id = ?6, reporter_name = ?7,"
              " updated_at = ?8 WHERE tenant_id = ?1 AND project_id = ?2 AND month = ?3"
            : "INSERT INTO progress_reports (tenant_id, project_id, month, amount, cumulative, year_to_date, "
              "progress,"
              " reporter_id, reporter_name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 0, 0, ?5, ?6, "
              "?7, ?8, ?8)",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, w->tenant);
    db_bind_int64(s, 2, w->project_id);
    db_bind_text(s, 3, w->month);
    db_bind_int64(s, 4, w->amount);
    db_bind_text(s, 5, w->progress);
    if (w->who->user_id)
        db_bind_int64(s, 6, w->who->user_id);
    else
        db_bind_null(s, 6);
    db_bind_text(s, 7, w->who->username);
    db_bind_text(s, 8, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 ||
        unit_totals_add(db, w->tenant, p->unit_id, w->month, w->amount - (had ? before->amount : 0), e) !=
            0 ||
        recompute_totals(db, w->tenant, w->project_id, e) != 0 ||
        project_warning_refresh(db, w->tenant, w->project_id, e) != 0)
        return -1;
    struct changes c = {STRBUF_INIT, 0};
    /* the month says which report a correction changed: kept even when it is the same */
    if (had)
        changes_same_text(&c, "month", w->month);
    else
        changes_text(&c, "month", NULL, w->month);
    changes_int(&c, "amount", !had, had ? before->amount : 0, false, w->amount);
    changes_text(&c, "progress", had && *before->progress ? before->progress : NULL,
                 *w->progress ? w->progress : NULL);
    const char *changes = changes_finish(&c);
    const char *action = had ? "update" : "create";
    rc = !changes ? store_no_memory(e)
         : log    ? audit_batch_append(db, log, action, "progress", w->project_id, changes, e)
                  : audit_append(db, w->tenant, w->who, action, "progress", w->project_id, changes, e);
    strbuf_release(&c.sb);
    return rc;
}

static int put_report(struct db *db, void *ctx, struct error *e)
{
    struct report_write *w = ctx;
    struct project p;
    if (project_get(db, w->tenant, w->project_id, w->a, &p, e) != 0)
        return -1;
    if (w->scope) {
        int in = project_unit_in_scope(db, w->tenant, w->scope, p.unit_id, e);
        if (in != 1)
            return in < 0 ? -1 : error_set(e, ERR_NOT_FOUND, NULL, "项目不存在", "no such project");
    }
    struct progress_report before;
    int had = get_report(db, w, &before, e);
    if (had < 0 || write_report(db, w, &p, had, &before, NULL, e) != 0 || get_report(db, w, w->out, e) != 1)
        return -1;
    return project_get(db, w->tenant, w->project_id, w->a, w->project, e);
}

int store_report_put(struct store *st, int64_t tenant, int64_t scope, int64_t project_id, const char *month,
                     int64_t amount, const char *progress, const struct actor *who, struct arena *a,
                     struct progress_report *out, struct project *project, struct error *e)
{
    struct report_write w = {.tenant = tenant,
                             .scope = scope,
                             .project_id = project_id,
                             .month = month,
                             .progress = progress ? progress : "",
                             .amount = amount,
                             .who = who,
                             .a = a,
                             .out = out,
                             .project = project};
    return db_write_tenant(st->db, tenant, put_report, &w, e);
}

/* ---- a month's reports from a sheet ---- */

struct progress_import_ctx {
    int64_t tenant;
    struct progress_import *im;
    const struct actor *who;
    struct arena *a;
    struct import_refusals refusals;
};

/* The id of the project with this code, or 0. */
static int project_by_code(struct db *db, int64_t tenant, const char *code, int64_t *id, struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT id FROM projects WHERE tenant_id = ?1 AND code = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_text(s, 2, code);
    int rc = db_step(s, e);
    *id = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/*
 * One row: the project found in scope, the month allowed, then (unless a row was already refused
 * or this is a dry run) the report written as a PUT writes it. A refusal is recorded, not returned.
 */
static int import_report(struct db *db, struct progress_import_ctx *c, struct audit_batch *log, size_t i,
                         struct error *e)
{
    struct progress_import *im = c->im;
    const char *code = im->code[i];
    struct report_write w = {.tenant = c->tenant,
                             .month = im->month,
                             .progress = im->progress[i] ? im->progress[i] : "",
                             .amount = im->amount[i],
                             .who = c->who,
                             .a = c->a};
    struct project p;
    int in = 0;
    if (project_by_code(db, c->tenant, code, &w.project_id, e) != 0)
        return -1;
    if (w.project_id && project_get(db, c->tenant, w.project_id, c->a, &p, e) != 0)
        return -1;
    if (w.project_id &&
        (in = im->scope ? project_unit_in_scope(db, c->tenant, im->scope, p.unit_id, e) : 1) < 0)
        return -1;
    if (in != 1) {
        char zh[160], en[160];
        snprintf(zh, sizeof(zh), "您的填报范围内没有编码为“%s”的项目", code);
        snprintf(en, sizeof(en), "there is no project with the code \"%s\" within your scope", code);
        import_refuse(&c->refusals, i, "code", zh, en);
        return 0;
    }
    struct error refused;
    if (check_month(&p, month_parse(im->month, strlen(im->month)), &refused) != 0) {
        import_refuse(&c->refusals, i, "month", refused.message_zh, refused.message_en);
        return 0;
    }
    struct progress_report before;
    int had = get_report(db, &w, &before, e);
    if (had < 0)
        return -1;
    if (had && before.amount == w.amount && strcmp(before.progress, w.progress) == 0) {
        im->actions[i] = IMPORT_UNCHANGED;
        im->unchanged++;
        return 0;
    }
    im->actions[i] = had ? IMPORT_UPDATE : IMPORT_CREATE;
    if (had)
        im->updated++;
    else
        im->created++;
    if (im->dry_run || im->n_errors)
        return 0;
    return write_report(db, &w, &p, had, &before, log, e);
}

static int import_reports(struct db *db, void *ctx, struct error *e)
{
    struct progress_import_ctx *c = ctx;
    struct progress_import *im = c->im;
    im->n_errors = 0; /* a retried transaction starts again */
    c->refusals.failed = false;
    im->created = im->updated = im->unchanged = 0;
    struct audit_batch log;
    log.texts = (struct strbuf)STRBUF_INIT; /* so that release is safe before begin */
    struct strmap seen;
    if (strmap_init(&seen, im->n) != 0)
        return store_no_memory(e);
    int rc = audit_batch_begin(db, c->tenant, c->who, &log, e);
    for (size_t i = 0; rc == 0 && i < im->n; i++) {
        size_t first;
        if (strmap_add(&seen, im->code[i], i, &first)) {
            rc = import_report(db, c, &log, i, e);
            continue;
        }
        char zh[96], en[96];
        snprintf(zh, sizeof(zh), "项目编码与本表第 %zu 条重复", first + 1);
        snprintf(en, sizeof(en), "the same project code as entry %zu of this sheet", first + 1);
        import_refuse(&c->refusals, i, "code", zh, en);
    }
    strmap_release(&seen);
    if (rc == 0 && c->refusals.failed)
        rc = store_no_memory(e);
    if (rc == 0 && im->n_errors)
        rc = error_set(e, ERR_INVALID_ROWS, NULL, "有 %zu 行有误，未导入任何数据",
                       "%zu rows are wrong: nothing was imported", im->n_errors);
    if (rc == 0 && !im->dry_run)
        rc = audit_batch_end(db, &log, e);
    audit_batch_release(&log);
    return rc;
}

int store_progress_import(struct store *st, int64_t tenant, struct progress_import *im,
                          const struct actor *who, struct arena *a, struct error *e)
{
    struct progress_import_ctx c = {.tenant = tenant,
                                    .im = im,
                                    .who = who,
                                    .a = a,
                                    .refusals = {.errors = &im->errors, .n = &im->n_errors, .a = a}};
    if (month_parse(im->month, strlen(im->month)) < 0)
        return error_set(e, ERR_INVALID_VALUE, "month", "月份应为 YYYY-MM 格式", "the month must be YYYY-MM");
    return db_write_tenant(st->db, tenant, import_reports, &c, e);
}
