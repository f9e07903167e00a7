/* Size classes, warning rules and one project's warning; see project_warnings.h. */
#include "store/project_warnings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/json_escape.h"
#include "store/project_rows.h"
#include "base/banned.h"

int project_size_classes(struct db *db, int64_t tenant, struct size_classes *out, struct error *e)
{
    *out = size_classes_default;
    struct db_stmt *s =
        db_prepare(db, "SELECT size_thresholds FROM project_settings WHERE tenant_id = ?1", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    int rc = db_step(s, e);
    if (rc == 1) {
        const char *t = db_column_text(s, 0, NULL);
        struct size_classes read = {0};
        while (t && *t && read.n < SIZE_THRESHOLDS_MAX) {
            char *end;
            read.threshold[read.n++] = strtoll(t, &end, 10);
            t = *end == ',' ? end + 1 : end;
        }
        if (read.n > 0)
            *out = read;
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int project_warning_rules(struct db *db, int64_t tenant, int year, struct warning_rules *out, struct error *e)
{
    *out = warning_rules_default;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT milestone_red_days, invest_red_pct, invest_yellow_pct, invest_from_month, "
                   "problem_red_days FROM warning_rules WHERE tenant_id = ?1 AND year = ?2",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, year);
    int rc = db_step(s, e);
    if (rc == 1)
        *out = (struct warning_rules){(int)db_column_int64(s, 0), (int)db_column_int64(s, 1),
                                      (int)db_column_int64(s, 2), (int)db_column_int64(s, 3),
                                      (int)db_column_int64(s, 4)};
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static const char *const reason_kinds[] = {"milestone_overdue", "investment_behind", "problem_overdue"};

int warning_reasons_json(const struct warning *w, const struct milestones *ms, struct strbuf *out)
{
    strbuf_addch(out, '[');
    for (size_t i = 0; i < w->n; i++) {
        const struct warning_reason *r = &w->reasons[i];
        char zh[256], en[256];
        warning_reason_text(r, ms, zh, sizeof(zh), en, sizeof(en));
        strbuf_addf(out, "%s{\"kind\":\"%s\",\"level\":\"%s\"", i ? "," : "", reason_kinds[r->kind],
                    warning_level_name(r->level));
        if (r->kind == REASON_MILESTONE_OVERDUE)
            strbuf_addf(out, ",\"milestone\":\"%s\"", milestone_name((enum milestone)r->milestone));
        if (r->kind == REASON_INVESTMENT_BEHIND)
            strbuf_addf(out, ",\"actual\":%lld,\"plan\":%lld,\"months\":%d,\"percent\":%d",
                        (long long)r->actual, (long long)r->plan, r->months, r->percent);
        else
            strbuf_addf(out, ",\"days\":%lld", (long long)r->days);
        strbuf_addstr(out, ",\"text_zh\":");
        json_escape(out, zh, strlen(zh));
        strbuf_addstr(out, ",\"text_en\":");
        json_escape(out, en, strlen(en));
        strbuf_addch(out, '}');
    }
    strbuf_addch(out, ']');
    return out->failed ? -1 : 0;
}

static int read_int(struct db *db, const char *sql, int64_t tenant, int64_t id, struct db_stmt **bound,
                    struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    *bound = s;
    return 0;
}

/*
 * A project's reported investment in a year's months and in all, each read from one report: the
 * latest one's year_to_date and cumulative, which the store keeps equal to those sums in the
 * same transaction as the amounts. Summing the amounts instead reads every report (40 a project
 * for a city's recompute: two million rows, most of its second).
 */
#define LATEST_REPORT(column, project, where)                                                                \
    "COALESCE((SELECT r." column                                                                             \
    " FROM progress_reports r WHERE r.tenant_id = ?1 AND r.project_id = " project where                      \
    " ORDER BY r.month DESC LIMIT 1), 0)"
#define YEAR_TO_DATE(project, first, last)                                                                   \
    LATEST_REPORT("year_to_date", project, " AND r.month >= " first " AND r.month <= " last)
#define INVESTED(project) LATEST_REPORT("cumulative", project, "")

#define OPEN_PROBLEMS_MAX                                                                                    \
    256 /* deadlines read per project: more open problems than this do not change the light */

int project_warning_refresh(struct db *db, int64_t tenant, int64_t id, struct error *e)
{
    int32_t today = (int32_t)date_today();
    struct date t = date_from_days(today);
    struct warning_input in = {.today = today};
    struct warning_rules rules;
    if (project_warning_rules(db, tenant, t.year, &rules, e) != 0)
        return -1;

    struct db_stmt *s;
    if (read_int(db,
                 "SELECT " MS_COLUMNS(
                     "") ", (SELECT amount FROM project_plans WHERE tenant_id = ?1"
                         " AND project_id = ?2 AND year = ?3), " YEAR_TO_DATE("?2", "?4", "?5") ", " INVESTED(
                             "?2") " FROM projects WHERE tenant_id = ?1 AND id = ?2",
                 tenant, id, &s, e) != 0)
        return -1;
    project_bind_year_at(s, 2, t.year);
    int rc = db_step(s, e);
    int64_t total = 0;
    if (rc == 1) {
        for (int m = 0; m < MS_COUNT; m++) {
            in.ms.planned[m] = project_day(s, 2 * m);
            in.ms.actual[m] = project_day(s, 2 * m + 1);
        }
        in.year_plan = db_column_is_null(s, 14) ? 0 : db_column_int64(s, 14);
        in.year_to_date = db_column_int64(s, 15);
        total = db_column_int64(s, 16);
    }
    db_reset(s);
    if (rc != 1)
        return rc < 0 ? -1 : error_set(e, ERR_NOT_FOUND, NULL, "项目不存在", "no such project");

    int32_t deadlines[OPEN_PROBLEMS_MAX];
    if (read_int(db,
                 "SELECT deadline FROM problems WHERE tenant_id = ?1 AND project_id = ?2"
                 " AND state IN ('open', 'accepted') AND deadline IS NOT NULL ORDER BY deadline",
                 tenant, id, &s, e) != 0)
        return -1;
    while (in.n_problem_deadlines < OPEN_PROBLEMS_MAX && (rc = db_step(s, e)) == 1)
        deadlines[in.n_problem_deadlines++] = project_day(s, 0);
    db_reset(s);
    if (rc < 0)
        return -1;
    in.problem_deadlines = deadlines;

    struct warning w;
    warning_evaluate(&rules, &in, &w);
    struct strbuf reasons = STRBUF_INIT;
    if (warning_reasons_json(&w, &in.ms, &reasons) != 0) {
        strbuf_release(&reasons);
        return store_no_memory(e);
    }
    s = db_prepare(db,
                   "UPDATE projects SET warning = ?3, warning_reasons = ?4, invested_total = ?5"
                   " WHERE tenant_id = ?1 AND id = ?2",
                   e);
    if (s) {
        db_bind_int64(s, 1, tenant);
        db_bind_int64(s, 2, id);
        db_bind_text(s, 3, warning_level_name(w.level));
        db_bind_text(s, 4, reasons.buf);
        db_bind_int64(s, 5, total);
        rc = db_step(s, e);
        db_reset(s);
    }
    strbuf_release(&reasons);
    return s && rc >= 0 ? 0 : -1;
}

/* Open problems' deadlines of every project, by project: the warnings of a whole tenant read them at once. */
struct deadlines {
    size_t n, next;
    int64_t *project;
    int32_t *day;
};

static int read_deadlines(struct db *db, int64_t tenant, struct arena *a, struct deadlines *d,
                          struct error *e)
{
    struct db_stmt *s = db_prepare(db,
                                   "SELECT project_id, deadline FROM problems WHERE tenant_id = ?1"
                                   " AND state IN ('open', 'accepted') AND deadline IS NOT NULL"
                                   " ORDER BY project_id, deadline",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        if (d->n == cap) {
            cap = cap ? 2 * cap : 1024;
            int64_t *p = arena_alloc(a, cap * sizeof(*p));
            int32_t *t = arena_alloc(a, cap * sizeof(*t));
            if (!p || !t) {
                db_reset(s);
                return store_no_memory(e);
            }
            if (d->n) {
                memcpy(p, d->project, d->n * sizeof(*p));
                memcpy(t, d->day, d->n * sizeof(*t));
            }
            d->project = p;
            d->day = t;
        }
        d->project[d->n] = db_column_int64(s, 0);
        d->day[d->n++] = project_day(s, 1);
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

struct changed {
    int64_t id, total;
    enum warning_level level;
    const char *reasons;
};

static int store_changed(struct db *db, int64_t tenant, const struct changed *c, size_t n, struct error *e)
{
    for (size_t i = 0; i < n; i++) {
        struct db_stmt *s =
            db_prepare(db,
                       "UPDATE projects SET warning = ?3, warning_reasons = ?4, invested_total = ?5"
                       " WHERE tenant_id = ?1 AND id = ?2",
                       e);
        if (!s)
            return -1;
        db_bind_int64(s, 1, tenant);
        db_bind_int64(s, 2, c[i].id);
        db_bind_text(s, 3, warning_level_name(c[i].level));
        db_bind_text(s, 4, c[i].reasons);
        db_bind_int64(s, 5, c[i].total);
        int rc = db_step(s, e);
        db_reset(s);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int note_day(struct db *db, int64_t tenant, int32_t today, struct error *e)
{
    char day[11], now[32], sizes[256];
    size_t used = 0;
    date_format_iso(date_from_days(today), day);
    date_now_iso(now, sizeof(now));
    sizes[0] = '\0';
    for (size_t i = 0; i < size_classes_default.n; i++)
        used += (size_t)snprintf(sizes + used, sizeof(sizes) - used, "%s%lld", i ? "," : "",
                                 (long long)size_classes_default.threshold[i]);
    struct db_stmt *s =
        db_prepare(db,
                   "INSERT INTO project_settings (tenant_id, size_thresholds, warnings_on, updated_at)"
                   " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant_id) DO UPDATE SET warnings_on = ?3",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_text(s, 2, sizes);
    db_bind_text(s, 3, day);
    db_bind_text(s, 4, now);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int warnings_recompute_all(struct db *db, int64_t tenant, struct warning_counts *counts, struct error *e)
{
    int32_t today = (int32_t)date_today();
    int year = date_from_days(today).year;
    struct warning_rules rules;
    struct arena a = ARENA_INIT;
    a.limit = (size_t)1 << 30;
    struct deadlines d = {0};
    struct changed *changed = NULL;
    size_t n_changed = 0, cap = 0;
    struct strbuf reasons = STRBUF_INIT;
    *counts = (struct warning_counts){0};
    int rc = -1;
    if (project_warning_rules(db, tenant, year, &rules, e) != 0 || read_deadlines(db, tenant, &a, &d, e) != 0)
        goto out;
    struct db_stmt *s = db_prepare(
        db,
        "SELECT id, " MS_COLUMNS("") ", warning, warning_reasons, invested_total,"
                                     " (SELECT amount FROM project_plans pl WHERE pl.tenant_id = "
                                     "?1 AND pl.project_id = p.id AND pl.year = ?2),"
                                     " " YEAR_TO_DATE("p.id", "?3", "?4") ", " INVESTED(
                                         "p.id") " FROM projects p WHERE tenant_id = ?1 ORDER BY id",
        e);
    if (!s)
        goto out;
    db_bind_int64(s, 1, tenant);
    project_bind_year_at(s, 1, year);
    int step;
    while ((step = db_step(s, e)) == 1) {
        int64_t id = db_column_int64(s, 0);
        struct warning_input in = {.today = today};
        for (int m = 0; m < MS_COUNT; m++) {
            in.ms.planned[m] = project_day(s, 1 + 2 * m);
            in.ms.actual[m] = project_day(s, 2 + 2 * m);
        }
        in.year_plan = db_column_is_null(s, 18) ? 0 : db_column_int64(s, 18);
        in.year_to_date = db_column_int64(s, 19);
        int64_t total = db_column_int64(s, 20);
        while (d.next < d.n && d.project[d.next] < id)
            d.next++;
        size_t first = d.next;
        while (d.next < d.n && d.project[d.next] == id)
            d.next++;
        in.problem_deadlines = d.day + first;
        in.n_problem_deadlines = d.next - first;
        struct warning w;
        warning_evaluate(&rules, &in, &w);
        strbuf_reset(&reasons);
        if (warning_reasons_json(&w, &in.ms, &reasons) != 0) {
            step = store_no_memory(e);
            break;
        }
        counts->projects++;
        counts->green += w.level == WARN_GREEN;
        counts->yellow += w.level == WARN_YELLOW;
        counts->red += w.level == WARN_RED;
        const char *old_level = db_column_text(s, 15, NULL), *old_reasons = db_column_text(s, 16, NULL);
        if (old_level && old_reasons && strcmp(old_level, warning_level_name(w.level)) == 0 &&
            strcmp(old_reasons, reasons.buf) == 0 && db_column_int64(s, 17) == total)
            continue;
        if (n_changed == cap) {
            cap = cap ? 2 * cap : 1024;
            struct changed *grown = arena_alloc(&a, cap * sizeof(*grown));
            if (!grown) {
                step = store_no_memory(e);
                break;
            }
            if (n_changed)
                memcpy(grown, changed, n_changed * sizeof(*grown));
            changed = grown;
        }
        const char *copy = arena_strndup(&a, reasons.buf, reasons.len);
        if (!copy) {
            step = store_no_memory(e);
            break;
        }
        changed[n_changed++] = (struct changed){id, total, w.level, copy};
    }
    db_reset(s);
    if (step < 0 || store_changed(db, tenant, changed, n_changed, e) != 0 ||
        note_day(db, tenant, today, e) != 0)
        goto out;
    rc = 0;
out:
    strbuf_release(&reasons);
    arena_release(&a);
    return rc;
}
