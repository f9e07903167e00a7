/*
 * Many monthly reports at once (the demo's years of them; a month's sheet): checked row by row,
 * written 100 to a statement, and the figures derived from them recomputed once per project
 * instead of once per report, so that thousands of reports cost a few hundred round trips.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "store/project_rows.h"
#include "store/project_warnings.h"
#include "base/banned.h"

#define LOAD_BATCH 100
#define REPORT_PARAMS 8 /* per row: tenant, project, month, amount, progress, reporter id and name, time */
/* Past this many projects, recomputing every warning of the city is cheaper than one by one. */
#define WARNINGS_ONE_BY_ONE_MAX 200

struct load {
    int64_t tenant, scope;
    const struct report_row *rows;
    size_t n, *order; /* rows by project and month */
    int64_t *before;  /* per row: the amount filed before for its month, -1 for none */
    const struct actor *who;
    struct arena *a;
    struct import_refusals refusals;
    char now[32];
};

/* A row's place in the load's order: by project, then month. */
struct place {
    int64_t project_id;
    const char *month;
    size_t index;
};

static int by_project_month(const void *x, const void *y)
{
    const struct place *a = x, *b = y;
    if (a->project_id != b->project_id)
        return a->project_id < b->project_id ? -1 : 1;
    int c = strcmp(a->month, b->month);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

static bool same_project_month(const struct report_row *a, const struct report_row *b)
{
    return a->project_id == b->project_id && a->month && b->month && strcmp(a->month, b->month) == 0;
}

/* The project's first report month and whether the scope holds it; -2 when it does not exist. */
static int project_facts(struct db *db, struct load *l, int64_t id, int32_t *first, bool *in_scope,
                         struct error *e)
{
    struct project p;
    if (project_get(db, l->tenant, id, l->a, &p, e) != 0)
        return e->code == ERR_NOT_FOUND ? -2 : -1;
    *first = project_first_report_month(&p.ms);
    int in = l->scope ? project_unit_in_scope(db, l->tenant, l->scope, p.unit_id, e) : 1;
    *in_scope = in == 1;
    return in < 0 ? -1 : 0;
}

/* What the project had filed for the months of its rows order[from..to), for the log's before. */
static int read_before(struct db *db, struct load *l, size_t from, size_t to, struct error *e)
{
    struct db_stmt *s = db_prepare(
        db, "SELECT month, amount FROM progress_reports WHERE tenant_id = ?1 AND project_id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, l->tenant);
    db_bind_int64(s, 2, l->rows[l->order[from]].project_id);
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        const char *month = db_column_text(s, 0, NULL);
        for (size_t k = from; month && k < to; k++)
            if (l->rows[l->order[k]].month && strcmp(l->rows[l->order[k]].month, month) == 0)
                l->before[l->order[k]] = db_column_int64(s, 1);
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int check_rows(struct db *db, struct load *l, struct error *e)
{
    int32_t now = month_of_day((int32_t)date_today()), first = -1;
    bool in_scope = false;
    int facts = 0;
    for (size_t k = 0; k < l->n; k++) {
        size_t i = l->order[k];
        const struct report_row *r = &l->rows[i];
        if (k == 0 || l->rows[l->order[k - 1]].project_id != r->project_id) {
            size_t end = k;
            while (end < l->n && l->rows[l->order[end]].project_id == r->project_id)
                end++;
            if ((facts = project_facts(db, l, r->project_id, &first, &in_scope, e)) == -1 ||
                (facts == 0 && read_before(db, l, k, end, e) != 0))
                return -1;
        }
        int32_t m = r->month ? month_parse(r->month, strlen(r->month)) : -1;
        if (facts == -2 || !in_scope)
            import_refuse(&l->refusals, i, "project_id", "项目不存在", "no such project");
        else if (m < 0)
            import_refuse(&l->refusals, i, "month", "月份应为 YYYY-MM 格式", "the month must be YYYY-MM");
        else if (first < 0 || m < first)
            import_refuse(
                &l->refusals, i, "month", "该月早于项目的起始月份（首个实际签约、注册或开工日期）",
                "the month is before the project's first (its first actual signing, registration or start)");
        else if (m > now)
            import_refuse(&l->refusals, i, "month", "该月尚未到来", "the month is in the future");
        else if (k > 0 && same_project_month(&l->rows[l->order[k - 1]], r))
            import_refuse(&l->refusals, i, "month", "同一项目同一月份出现了两次",
                          "the project's month is given twice");
        else if (r->amount < 0 || r->amount > PROJECT_AMOUNT_MAX)
            import_refuse(&l->refusals, i, "amount", "金额超出范围", "the amount is out of range");
    }
    return l->refusals.failed ? store_no_memory(e) : 0;
}

static const char *upsert_sql(size_t rows, struct strbuf *sb)
{
    strbuf_addstr(
        sb, "INSERT INTO progress_reports (tenant_id, project_id, month, amount, cumulative, year_to_date,"
            " progress, reporter_id, reporter_name, created_at, updated_at) VALUES ");
    for (size_t i = 0; i < rows; i++) {
        int p = (int)(i * REPORT_PARAMS);
        strbuf_addf(sb, "%s(?%d, ?%d, ?%d, ?%d, 0, 0, ?%d, ?%d, ?%d, ?%d, ?%d)", i ? ", " : "", p + 1, p + 2,
                    p + 3, p + 4, p + 5, p + 6, p + 7, p + 8, p + 8);
    }
    strbuf_addstr(sb, " ON CONFLICT (tenant_id, project_id, month) DO UPDATE SET amount = excluded.amount,"
                      " progress = excluded.progress, reporter_id = excluded.reporter_id,"
                      " reporter_name = excluded.reporter_name, updated_at = excluded.updated_at");
    return sb->failed ? NULL : sb->buf;
}

/* Rows order[from..from+count) in one statement: a full batch, or one row (two statement texts in all). */
static int write_rows(struct db *db, struct load *l, size_t from, size_t count, struct error *e)
{
    struct strbuf sql = STRBUF_INIT;
    const char *text = upsert_sql(count, &sql);
    struct db_stmt *s = text ? db_prepare(db, text, e) : NULL;
    strbuf_release(&sql);
    if (!s)
        return text ? -1 : store_no_memory(e);
    for (size_t i = 0; i < count; i++) {
        const struct report_row *r = &l->rows[l->order[from + i]];
        int p = (int)(i * REPORT_PARAMS);
        db_bind_int64(s, p + 1, l->tenant);
        db_bind_int64(s, p + 2, r->project_id);
        db_bind_text(s, p + 3, r->month);
        db_bind_int64(s, p + 4, r->amount);
        db_bind_text(s, p + 5, r->progress ? r->progress : "");
        if (l->who && l->who->user_id)
            db_bind_int64(s, p + 6, l->who->user_id);
        else
            db_bind_null(s, p + 6);
        db_bind_text(s, p + 7, l->who && l->who->username ? l->who->username : "cli");
        db_bind_text(s, p + 8, l->now);
    }
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int log_rows(struct db *db, struct load *l, struct error *e)
{
    struct audit_batch b;
    if (audit_batch_begin(db, l->tenant, l->who, &b, e) != 0)
        return -1;
    for (size_t k = 0; k < l->n; k++) {
        const struct report_row *r = &l->rows[l->order[k]];
        int64_t before = l->before[l->order[k]];
        struct changes c = {STRBUF_INIT, 0};
        /* as store_report_put logs a report: the month on both sides of a correction */
        changes_text(&c, "month", before < 0 ? NULL : r->month, r->month);
        changes_int(&c, "amount", before < 0, before, false, r->amount);
        const char *changes = changes_finish(&c);
        int rc = changes ? audit_batch_append(db, &b, before < 0 ? "create" : "update", "progress",
                                              r->project_id, changes, e)
                         : store_no_memory(e);
        strbuf_release(&c.sb);
        if (rc != 0) {
            audit_batch_release(&b);
            return -1;
        }
    }
    return audit_batch_end(db, &b, e);
}

/* Running totals of one project, in one statement: each month's sum of it and every month before. */
static int project_totals(struct db *db, int64_t tenant, int64_t project_id, struct error *e)
{
    return store_exec_ints(
        db,
        "UPDATE progress_reports SET cumulative = (SELECT SUM(r.amount) FROM progress_reports r"
        " WHERE r.tenant_id = ?1 AND r.project_id = ?2 AND r.month <= progress_reports.month),"
        " year_to_date = (SELECT SUM(r.amount) FROM progress_reports r WHERE r.tenant_id = ?1"
        " AND r.project_id = ?2 AND r.month <= progress_reports.month"
        " AND r.month >= substr(progress_reports.month, 1, 4) || '-01')"
        " WHERE tenant_id = ?1 AND project_id = ?2",
        e, 2, tenant, project_id);
}

static int by_text(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Each responsible unit's total of the months the load touched, summed afresh. */
static int unit_months(struct db *db, struct load *l, struct error *e)
{
    const char **months = arena_alloc(l->a, (l->n + 1) * sizeof(*months));
    if (!months)
        return store_no_memory(e);
    for (size_t k = 0; k < l->n; k++)
        months[k] = l->rows[k].month;
    qsort(months, l->n, sizeof(*months), by_text);
    for (size_t k = 0; k < l->n; k++) {
        const char *month = months[k];
        if (k > 0 && strcmp(months[k - 1], month) == 0)
            continue;
        static const char *const sql[] = {
            "DELETE FROM unit_month_totals WHERE tenant_id = ?1 AND month = ?2",
            "INSERT INTO unit_month_totals (tenant_id, unit_id, month, amount) SELECT r.tenant_id, "
            "p.unit_id, r.month,"
            " SUM(r.amount) FROM progress_reports r JOIN projects p ON p.tenant_id = r.tenant_id AND p.id = "
            "r.project_id"
            " WHERE r.tenant_id = ?1 AND r.month = ?2 GROUP BY r.tenant_id, p.unit_id, r.month"};
        for (int q = 0; q < 2; q++) {
            struct db_stmt *s = db_prepare(db, sql[q], e);
            if (!s)
                return -1;
            db_bind_int64(s, 1, l->tenant);
            db_bind_text(s, 2, month);
            int rc = db_step(s, e);
            db_reset(s);
            if (rc < 0)
                return -1;
        }
    }
    return 0;
}

static int derive(struct db *db, struct load *l, struct error *e)
{
    size_t projects = 0;
    for (size_t k = 0; k < l->n; k++) {
        int64_t id = l->rows[l->order[k]].project_id;
        if (k > 0 && l->rows[l->order[k - 1]].project_id == id)
            continue;
        projects++;
        if (project_totals(db, l->tenant, id, e) != 0)
            return -1;
    }
    if (unit_months(db, l, e) != 0)
        return -1;
    if (projects > WARNINGS_ONE_BY_ONE_MAX) {
        struct warning_counts counts;
        return warnings_recompute_all(db, l->tenant, &counts, e);
    }
    for (size_t k = 0; k < l->n; k++) {
        int64_t id = l->rows[l->order[k]].project_id;
        if ((k == 0 || l->rows[l->order[k - 1]].project_id != id) &&
            project_warning_refresh(db, l->tenant, id, e) != 0)
            return -1;
    }
    return 0;
}

static int load_tx(struct db *db, void *ctx, struct error *e)
{
    struct load *l = ctx;
    *l->refusals.n = 0;
    if (check_rows(db, l, e) != 0)
        return -1;
    if (*l->refusals.n)
        return error_set(e, ERR_INVALID_ROWS, NULL, "有 %zu 行有误，未写入任何数据",
                         "%zu rows are wrong: nothing was written", *l->refusals.n);
    size_t k = 0;
    for (; k + LOAD_BATCH <= l->n; k += LOAD_BATCH)
        if (write_rows(db, l, k, LOAD_BATCH, e) != 0)
            return -1;
    for (; k < l->n; k++)
        if (write_rows(db, l, k, 1, e) != 0)
            return -1;
    if (l->n > LOAD_BATCH && db_refresh_statistics(db, "progress_reports", e) != 0)
        return -1;
    return log_rows(db, l, e) != 0 ? -1 : derive(db, l, e);
}

int store_reports_load(struct store *st, int64_t tenant, int64_t scope, const struct report_row *rows,
                       size_t n, const struct actor *who, struct arena *a, struct import_row_error **errors,
                       size_t *n_errors, struct error *e)
{
    *errors = NULL;
    *n_errors = 0;
    struct load l = {.tenant = tenant,
                     .scope = scope,
                     .rows = rows,
                     .n = n,
                     .who = who,
                     .a = a,
                     .refusals = {.errors = errors, .n = n_errors, .a = a}};
    l.order = arena_alloc(a, (n + 1) * sizeof(*l.order));
    l.before = arena_alloc(a, (n + 1) * sizeof(*l.before));
    struct place *places = arena_alloc(a, (n + 1) * sizeof(*places));
    if (!l.order || !l.before || !places)
        return store_no_memory(e);
    for (size_t i = 0; i < n; i++)
        l.before[i] = -1;
    for (size_t i = 0; i < n; i++)
        places[i] = (struct place){rows[i].project_id, rows[i].month ? rows[i].month : "", i};
    qsort(places, n, sizeof(*places), by_project_month);
    for (size_t i = 0; i < n; i++)
        l.order[i] = places[i].index;
    date_now_iso(l.now, sizeof(l.now));
    return db_write_tenant(st->db, tenant, load_tx, &l, e);
}
