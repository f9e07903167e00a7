/*
 * Leaves computed from the project library (项目库): for the scheme's year, over the subject's
 * projects (a unit: the projects its subtree is responsible for, and the problems assigned to its
 * subtree; an enterprise: its own projects and their problems). Each value is written with a
 * note of its inputs, so that a score can be traced to the projects behind it.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/decimal.h"
#include "domain/stats.h"
#include "store/store_appraisal_internal.h"
#include "base/banned.h"

static const char *const source_names[APPR_SOURCE_COUNT] = {
    "entered",        "invest_completion",  "started_count",         "started_amount",
    "foreign_signed", "problem_close_rate", "signed_to_started_days"};

const char *appr_source_name(enum appr_source s)
{
    return s < APPR_SOURCE_COUNT ? source_names[s] : "entered";
}

int appr_source_parse(const char *s, enum appr_source *out)
{
    for (int i = 0; i < APPR_SOURCE_COUNT; i++)
        if (strcmp(source_names[i], s) == 0) {
            *out = (enum appr_source)i;
            return 0;
        }
    return -1;
}

/* The subject's projects, as a condition on projects p (?1 tenant, ?2 unit or 0, ?3 enterprise or 0). */
#define SUBJECT_PROJECTS                                                                                     \
    " p.tenant_id = ?1 AND (?3 = 0 OR p.enterprise_id = ?3) AND (?2 = 0 OR p.unit_id IN (SELECT u.id FROM "  \
    "units u,"                                                                                               \
    " units sc WHERE u.tenant_id = ?1 AND sc.tenant_id = ?1 AND sc.id = ?2 AND u.path >= sc.path"            \
    " AND u.path < sc.path || '~'))"

struct measure {
    bool has_actual, has_target;
    int64_t actual, target;
    char note[256];
};

static struct db_stmt *prepare_for(struct db *db, const char *sql, int64_t tenant,
                                   const struct appr_subject_row *x, struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return NULL;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, x->unit_id);
    db_bind_int64(s, 3, x->enterprise_id);
    return s;
}

/* One row of int64 columns: 0 and the values, or -1. */
static int one_row(struct db_stmt *s, int64_t *v, int n, struct error *e)
{
    int rc = db_step(s, e);
    for (int i = 0; rc == 1 && i < n; i++)
        v[i] = db_column_is_null(s, i) ? 0 : db_column_int64(s, i);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int invest_completion(struct db *db, int64_t tenant, int year, const struct appr_subject_row *x,
                             struct measure *m, struct error *e)
{
    char months[8];
    snprintf(months, sizeof(months), "%04d-%%", year);
    struct db_stmt *s = prepare_for(
        db,
        "SELECT (SELECT coalesce(sum(r.amount), 0) FROM progress_reports r JOIN projects p"
        " ON p.tenant_id = r.tenant_id AND p.id = r.project_id WHERE r.tenant_id = ?1"
        " AND r.month LIKE ?4 AND" SUBJECT_PROJECTS "),"
        " (SELECT coalesce(sum(l.amount), 0) FROM project_plans l JOIN projects p"
        " ON p.tenant_id = l.tenant_id AND p.id = l.project_id WHERE l.tenant_id = ?1"
        " AND l.year = ?5 AND" SUBJECT_PROJECTS "),"
        " (SELECT count(*) FROM project_plans l JOIN projects p ON p.tenant_id = l.tenant_id"
        " AND p.id = l.project_id WHERE l.tenant_id = ?1 AND l.year = ?5 AND" SUBJECT_PROJECTS ")",
        tenant, x, e);
    if (!s)
        return -1;
    db_bind_text(s, 4, months);
    db_bind_int64(s, 5, year);
    int64_t v[3] = {0};
    if (one_row(s, v, 3, e) != 0)
        return -1;
    /* fen are 万元 × 10^6: the decimal's integer is the amount in fen */
    *m = (struct measure){.has_actual = true, .actual = v[0], .has_target = v[1] > 0, .target = v[1]};
    char done[DEC_TEXT_MAX], plan[DEC_TEXT_MAX];
    dec_format(v[0], done);
    dec_format(v[1], plan);
    snprintf(m->note, sizeof(m->note), "项目库：%d 年完成投资 %s 万元，%lld 个项目的年度计划 %s 万元", year,
             done, (long long)v[2], plan);
    return 0;
}

static int started(struct db *db, int64_t tenant, int year, const struct appr_subject_row *x, int64_t min,
                   bool amount, struct measure *m, struct error *e)
{
    char days[8];
    snprintf(days, sizeof(days), "%04d-%%", year);
    struct db_stmt *s =
        prepare_for(db,
                    "SELECT count(*), coalesce(sum(p.total_investment), 0) FROM projects p"
                    " WHERE p.actual_started LIKE ?4 AND p.total_investment >= ?5 AND" SUBJECT_PROJECTS,
                    tenant, x, e);
    if (!s)
        return -1;
    db_bind_text(s, 4, days);
    db_bind_int64(s, 5, min);
    int64_t v[2] = {0};
    if (one_row(s, v, 2, e) != 0)
        return -1;
    char sum[DEC_TEXT_MAX], floor_text[DEC_TEXT_MAX];
    dec_format(v[1], sum);
    dec_format(min, floor_text);
    *m = (struct measure){.has_actual = true, .actual = amount ? v[1] : v[0] * DEC_SCALE};
    snprintf(m->note, sizeof(m->note), "项目库：%d 年新开工总投资 %s 万元以上项目 %lld 个，总投资 %s 万元",
             year, floor_text, (long long)v[0], sum);
    return 0;
}

static int foreign_signed(struct db *db, int64_t tenant, int year, const struct appr_subject_row *x,
                          struct measure *m, struct error *e)
{
    char days[8];
    snprintf(days, sizeof(days), "%04d-%%", year);
    struct db_stmt *s =
        prepare_for(db,
                    "SELECT count(*), coalesce(sum(p.foreign_investment), 0) FROM projects p"
                    " WHERE p.actual_signed LIKE ?4 AND p.source = 'foreign' AND" SUBJECT_PROJECTS,
                    tenant, x, e);
    if (!s)
        return -1;
    db_bind_text(s, 4, days);
    int64_t v[2] = {0};
    if (one_row(s, v, 2, e) != 0)
        return -1;
    /* US cents are 万美元 × 10^6 */
    *m = (struct measure){.has_actual = true, .actual = v[1]};
    char sum[DEC_TEXT_MAX];
    dec_format(v[1], sum);
    snprintf(m->note, sizeof(m->note), "项目库：%d 年新签约外资项目 %lld 个，外资 %s 万美元", year,
             (long long)v[0], sum);
    return 0;
}

static int problem_close_rate(struct db *db, int64_t tenant, int year, const struct appr_subject_row *x,
                              struct measure *m, struct error *e)
{
    char days[8];
    snprintf(days, sizeof(days), "%04d-%%", year);
    struct db_stmt *s = prepare_for(db,
                                    "SELECT q.deadline, iso(q.closed_at) FROM problems q WHERE q.tenant_id = "
                                    "?1 AND q.deadline LIKE ?4 AND"
                                    " (?2 = 0 OR q.unit_id IN (SELECT u.id FROM units u, units sc WHERE "
                                    "u.tenant_id = ?1 AND sc.tenant_id = ?1"
                                    " AND sc.id = ?2 AND u.path >= sc.path AND u.path < sc.path || '~'))"
                                    " AND (?3 = 0 OR q.project_id IN (SELECT p.id FROM projects p WHERE "
                                    "p.tenant_id = ?1 AND p.enterprise_id = ?3))",
                                    tenant, x, e);
    if (!s)
        return -1;
    db_bind_text(s, 4, days);
    int64_t due = 0, on_time = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        size_t len;
        const char *deadline = db_column_text(s, 0, NULL), *closed = db_column_text(s, 1, &len);
        due++;
        /* closed on or before the deadline's day (the day of closing as the log records it, UTC) */
        on_time += closed && len >= 10 && strncmp(closed, deadline, 10) <= 0;
    }
    db_reset(s);
    if (rc < 0)
        return -1;
    *m = (struct measure){0};
    if (due == 0) {
        snprintf(m->note, sizeof(m->note),
                 "项目库：%d 年没有到期的问题诉求，按期办结率无从计算（请人工填报）", year);
        return 0;
    }
    /* 100 · k / n as a decimal, rounded half away from zero at the sixth digit */
    m->has_actual = true;
    m->actual = (on_time * 100 * DEC_SCALE * 2 + due) / (2 * due);
    char rate[DEC_TEXT_MAX];
    dec_format(m->actual, rate);
    snprintf(m->note, sizeof(m->note), "项目库：%d 年到期问题 %lld 件，按期办结 %lld 件，按期办结率 %s%%",
             year, (long long)due, (long long)on_time, rate);
    return 0;
}

static int signed_to_started(struct db *db, int64_t tenant, int year, const struct appr_subject_row *x,
                             struct arena *a, struct measure *m, struct error *e)
{
    char days[8];
    snprintf(days, sizeof(days), "%04d-%%", year);
    struct db_stmt *s =
        prepare_for(db,
                    "SELECT p.actual_signed, p.actual_started FROM projects p WHERE"
                    " p.actual_started LIKE ?4 AND p.actual_signed IS NOT NULL AND" SUBJECT_PROJECTS,
                    tenant, x, e);
    if (!s)
        return -1;
    db_bind_text(s, 4, days);
    int64_t *v = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        size_t la, lb;
        const char *sa = db_column_text(s, 0, &la), *sb = db_column_text(s, 1, &lb);
        struct date da, dbd;
        if (date_parse_iso(sa, la, &da) != 0 || date_parse_iso(sb, lb, &dbd) != 0)
            continue;
        int64_t *grown = arena_grow(a, v, n, &cap, sizeof(*v));
        if (!grown) {
            db_reset(s);
            return store_no_memory(e);
        }
        v = grown;
        v[n++] = date_to_days(dbd) - date_to_days(da);
    }
    db_reset(s);
    if (rc < 0)
        return -1;
    *m = (struct measure){0};
    int64_t twice;
    if (!median_twice(v, n, &twice)) {
        snprintf(m->note, sizeof(m->note), "项目库：%d 年没有已签约并开工的项目，签约到开工天数无从计算",
                 year);
        return 0;
    }
    m->has_actual = true;
    m->actual = twice * (DEC_SCALE / 2);
    char median[DEC_TEXT_MAX];
    dec_format(m->actual, median);
    snprintf(m->note, sizeof(m->note), "项目库：%d 年开工项目 %zu 个，签约到开工天数中位数 %s 天", year, n,
             median);
    return 0;
}

static int measure(struct db *db, int64_t tenant, int year, const struct appr_indicator_row *leaf,
                   const struct appr_subject_row *x, struct arena *a, struct measure *m, struct error *e)
{
    switch (leaf->source) {
    case APPR_SOURCE_INVEST_COMPLETION:
        return invest_completion(db, tenant, year, x, m, e);
    case APPR_SOURCE_STARTED_COUNT:
        return started(db, tenant, year, x, leaf->source_min, false, m, e);
    case APPR_SOURCE_STARTED_AMOUNT:
        return started(db, tenant, year, x, leaf->source_min, true, m, e);
    case APPR_SOURCE_FOREIGN_SIGNED:
        return foreign_signed(db, tenant, year, x, m, e);
    case APPR_SOURCE_PROBLEM_CLOSE_RATE:
        return problem_close_rate(db, tenant, year, x, m, e);
    case APPR_SOURCE_SIGNED_TO_STARTED:
        return signed_to_started(db, tenant, year, x, a, m, e);
    default:
        return 0;
    }
}

/* Writes the measure as the subject's value of the leaf; the target stays the one entered, but for investment
 * completion. */
static int write_measure(struct db *db, int64_t tenant, int64_t scheme, int64_t subject,
                         const struct appr_indicator_row *leaf, const struct measure *m, struct error *e)
{
    bool sets_target = leaf->source == APPR_SOURCE_INVEST_COMPLETION;
    struct db_stmt *s =
        db_prepare(db,
                   "INSERT INTO appraisal_values (tenant_id, scheme_id, subject_id, indicator_id, target, "
                   "actual, ratings, note)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7) ON CONFLICT (tenant_id, scheme_id, "
                   "subject_id, indicator_id)"
                   " DO UPDATE SET actual = excluded.actual, note = excluded.note,"
                   " target = CASE WHEN ?8 = 1 THEN excluded.target ELSE appraisal_values.target END",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, scheme);
    db_bind_int64(s, 3, subject);
    db_bind_int64(s, 4, leaf->id);
    if (sets_target && m->has_target)
        db_bind_int64(s, 5, m->target);
    else
        db_bind_null(s, 5);
    if (m->has_actual)
        db_bind_int64(s, 6, m->actual);
    else
        db_bind_null(s, 6);
    db_bind_text(s, 7, m->note);
    db_bind_int64(s, 8, sets_target);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

struct refresh_ctx {
    int64_t tenant, scheme_id;
    const struct actor *who;
    size_t updated, skipped;
};

static int refresh(struct db *db, void *ctx, struct error *e)
{
    struct refresh_ctx *c = ctx;
    c->updated = c->skipped = 0; /* a retried transaction counts afresh */
    struct arena a = ARENA_INIT;
    struct appr_structure s;
    int rc = -1;
    if (appr_structure_read(db, c->tenant, c->scheme_id, 0, &a, &s, e) != 0)
        goto out;
    if (s.scheme.state != APPR_SCHEME_OPEN) {
        error_set(e, ERR_INVALID_STATE, NULL, "考核方案不在填报阶段",
                  "the scheme is not open for data entry");
        goto out;
    }
    for (size_t i = 0; i < s.n_subjects; i++) {
        const struct appr_subject_row *x = &s.subjects[i];
        if (x->state == APPR_SUBJ_ACCEPTED) {
            c->skipped++;
            continue;
        }
        for (size_t l = 0; l < s.n_indicators; l++) {
            const struct appr_indicator_row *leaf = &s.indicators[l];
            struct measure m;
            if (leaf->kind != APPR_LEAF || leaf->source == APPR_SOURCE_ENTERED)
                continue;
            if (measure(db, c->tenant, s.scheme.year, leaf, x, &a, &m, e) != 0 ||
                write_measure(db, c->tenant, c->scheme_id, x->id, leaf, &m, e) != 0)
                goto out;
        }
        if (appr_touch_subject(db, c->tenant, x->id, e) != 0)
            goto out;
        c->updated++;
    }
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "action", NULL, "refresh_sources");
    changes_int(&ch, "subjects_updated", true, 0, false, (int64_t)c->updated);
    changes_int(&ch, "subjects_skipped", true, 0, false, (int64_t)c->skipped);
    const char *text = changes_finish(&ch);
    rc = text ? audit_append(db, c->tenant, c->who, "update", "appraisal_scheme", c->scheme_id, text, e)
              : store_no_memory(e);
    strbuf_release(&ch.sb);
out:
    arena_release(&a);
    return rc;
}

int store_appr_sources_refresh(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                               size_t *updated, size_t *skipped, struct error *e)
{
    struct refresh_ctx c = {.tenant = tenant, .scheme_id = scheme_id, .who = who};
    if (db_write_tenant(st->db, tenant, refresh, &c, e) != 0)
        return -1;
    *updated = c.updated;
    *skipped = c.skipped;
    return 0;
}
