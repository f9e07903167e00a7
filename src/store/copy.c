/*
 * Copying a whole database between backends (a county that grows into a province installation),
 * and the per-table checksums that prove the copy. Every table is listed here with its columns;
 * a test checks that the list covers every table the migrations make.
 */
#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "store/store_internal.h"
#include "base/banned.h"

enum column_type { COL_INT, COL_TEXT, COL_TIME, COL_BLOB };

struct table_spec {
    const char *name;
    const char *key;         /* ORDER BY: the primary key */
    const char *columns[48]; /* NULL-terminated */
    enum column_type types[48];
    const char *deferred; /* a self-referencing column written in a second pass, or NULL */
};

/* In dependency order: a table only references tables above it (or itself, via `deferred`). */
static const struct table_spec tables[] = {
    {"tenants",
     "id",
     {"id", "name", "division_code", "created_at"},
     {COL_INT, COL_TEXT, COL_TEXT, COL_TIME},
     NULL},
    {"id_sequences", "tenant_id, name", {"tenant_id", "name", "next_id"}, {COL_INT, COL_TEXT, COL_INT}, NULL},
    {"units",
     "tenant_id, id",
     {"tenant_id", "id", "parent_id", "code", "name", "kind", "division_code", "sort_order", "child_count",
      "created_at", "updated_at", "path"},
     {COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_INT, COL_INT, COL_TIME, COL_TIME,
      COL_TEXT},
     "parent_id"},
    {"users",
     "id",
     {"id", "tenant_id", "username", "display_name", "role", "unit_id", "password_hash", "disabled",
      "created_at", "updated_at", "last_login_at", "enterprise_id"},
     {COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TEXT, COL_INT, COL_TEXT, COL_INT, COL_TIME, COL_TIME,
      COL_TIME, COL_INT},
     NULL},
    {"sessions",
     "token_hash",
     {"token_hash", "user_id", "tenant_id", "csrf_token", "created_at", "last_seen_at", "expires_at"},
     {COL_TEXT, COL_INT, COL_INT, COL_TEXT, COL_TIME, COL_TIME, COL_TIME},
     NULL},
    {"api_tokens",
     "id",
     {"id", "user_id", "name", "token_hash", "created_at", "last_used_at", "revoked_at"},
     {COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TIME, COL_TIME, COL_TIME},
     NULL},
    {"login_log",
     "id",
     {"id", "at", "username", "address", "success", "reason"},
     {COL_INT, COL_TIME, COL_TEXT, COL_TEXT, COL_INT, COL_TEXT},
     NULL},
    {"audit_log",
     "tenant_id, id",
     {"tenant_id", "id", "at", "user_id", "username", "address", "action", "resource", "resource_id",
      "changes", "prev_hash", "hash"},
     {COL_INT, COL_INT, COL_TIME, COL_INT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_INT, COL_TEXT,
      COL_TEXT, COL_TEXT},
     NULL},
    {"enterprises",
     "tenant_id, id",
     {"tenant_id", "id", "credit_code", "name", "industry_code", "ownership", "park_id", "above_size",
      "leading_talent", "high_tech", "created_at", "updated_at"},
     {COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_INT, COL_INT, COL_INT, COL_INT, COL_TIME,
      COL_TIME},
     NULL},
    {"projects",
     "tenant_id, id",
     {"tenant_id",
      "id",
      "code",
      "name",
      "enterprise_id",
      "unit_id",
      "carrier_id",
      "industry_code",
      "category",
      "source",
      "tags",
      "total_investment",
      "foreign_investment",
      "talent_tier",
      "major_technology",
      "major_industrialisation",
      "major_market",
      "energy_use",
      "land_area",
      "annual_output",
      "description",
      "planned_negotiating",
      "actual_negotiating",
      "planned_signed",
      "actual_signed",
      "planned_registered",
      "actual_registered",
      "planned_started",
      "actual_started",
      "planned_completed",
      "actual_completed",
      "planned_production",
      "actual_production",
      "planned_full_capacity",
      "actual_full_capacity",
      "stage",
      "pool",
      "size_class",
      "invested_total",
      "warning",
      "warning_reasons",
      "created_at",
      "updated_at"},
     {COL_INT,  COL_INT,  COL_TEXT, COL_TEXT, COL_INT,  COL_INT,  COL_INT,  COL_TEXT, COL_TEXT,
      COL_TEXT, COL_TEXT, COL_INT,  COL_INT,  COL_TEXT, COL_INT,  COL_INT,  COL_INT,  COL_INT,
      COL_INT,  COL_INT,  COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT,
      COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_INT,
      COL_TEXT, COL_INT,  COL_INT,  COL_TEXT, COL_TEXT, COL_TIME, COL_TIME},
     NULL},
    {"project_plans",
     "tenant_id, project_id, year",
     {"tenant_id", "project_id", "year", "amount"},
     {COL_INT, COL_INT, COL_INT, COL_INT},
     NULL},
    {"progress_reports",
     "tenant_id, project_id, month",
     {"tenant_id", "project_id", "month", "amount", "cumulative", "year_to_date", "progress", "reporter_id",
      "reporter_name", "created_at", "updated_at"},
     {COL_INT, COL_INT, COL_TEXT, COL_INT, COL_INT, COL_INT, COL_TEXT, COL_INT, COL_TEXT, COL_TIME, COL_TIME},
     NULL},
    {"progress_photos",
     "tenant_id, id",
     {"tenant_id", "id", "project_id", "month", "content_type", "size", "data", "uploaded_by", "created_at"},
     {COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_INT, COL_BLOB, COL_TEXT, COL_TIME},
     NULL},
    {"unit_month_totals",
     "tenant_id, unit_id, month",
     {"tenant_id", "unit_id", "month", "amount"},
     {COL_INT, COL_INT, COL_TEXT, COL_INT},
     NULL},
    {"problems",
     "tenant_id, id",
     {"tenant_id", "id", "project_id", "title", "description", "state", "unit_id", "deadline", "escalated",
      "raised_by", "raised_by_name", "created_at", "updated_at", "closed_at"},
     {COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TEXT, COL_INT, COL_TEXT, COL_INT, COL_INT, COL_TEXT,
      COL_TIME, COL_TIME, COL_TIME},
     NULL},
    {"problem_events",
     "tenant_id, id",
     {"tenant_id", "id", "problem_id", "at", "user_id", "username", "action", "state_from", "state_to",
      "comment"},
     {COL_INT, COL_INT, COL_INT, COL_TIME, COL_INT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT},
     NULL},
    {"warning_rules",
     "tenant_id, year",
     {"tenant_id", "year", "milestone_red_days", "invest_red_pct", "invest_yellow_pct", "invest_from_month",
      "problem_red_days", "updated_at"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_TIME},
     NULL},
    {"project_settings",
     "tenant_id",
     {"tenant_id", "size_thresholds", "warnings_on", "updated_at"},
     {COL_INT, COL_TEXT, COL_TEXT, COL_TIME},
     NULL},
    {"project_targets",
     "tenant_id, year, unit_id, measure",
     {"tenant_id", "year", "unit_id", "measure", "count", "amount"},
     {COL_INT, COL_INT, COL_INT, COL_TEXT, COL_INT, COL_INT},
     NULL},
    {"saved_filters",
     "tenant_id, id",
     {"tenant_id", "id", "user_id", "resource", "name", "query", "created_at"},
     {COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TIME},
     NULL},
    {"appraisal_kinds",
     "tenant_id, id",
     {"tenant_id", "id", "code", "name"},
     {COL_INT, COL_INT, COL_TEXT, COL_TEXT},
     NULL},
    {"appraisal_schemes",
     "tenant_id, id",
     {"tenant_id", "id", "year", "kind_id", "name", "subject_type", "state", "revision", "bonus_cap",
      "deduction_cap", "appeal_days", "issuing_office", "notice_title", "data_rev", "created_at", "updated_at"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TEXT, COL_INT, COL_INT, COL_INT, COL_INT,
      COL_TEXT, COL_TEXT, COL_INT, COL_TIME, COL_TIME},
     NULL},
    {"appraisal_groups",
     "tenant_id, id",
     {"tenant_id", "id", "scheme_id", "name", "sort_order"},
     {COL_INT, COL_INT, COL_INT, COL_TEXT, COL_INT},
     NULL},
    {"appraisal_subjects",
     "tenant_id, id",
     {"tenant_id", "id", "scheme_id", "group_id", "unit_id", "enterprise_id", "sort_order", "state",
      "comment", "data_rev", "updated_at"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_INT, COL_TIME},
     NULL},
    {"appraisal_indicators",
     "tenant_id, id",
     {"tenant_id",  "id",         "scheme_id",    "parent_id", "sort_order",  "name",     "kind",
      "full_marks", "method",     "direction",    "cap",       "floor_value", "step",     "min_score",
      "base",       "disallowed", "satisfactory", "bands",     "trim_count",  "veto_mode", "source", "source_min"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_INT,  COL_TEXT, COL_TEXT,
      COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_INT,  COL_INT,  COL_TEXT, COL_INT,  COL_TEXT, COL_TEXT, COL_INT},
     NULL},
    {"appraisal_grades",
     "tenant_id, scheme_id, place",
     {"tenant_id", "scheme_id", "place", "name", "min_score", "quota"},
     {COL_INT, COL_INT, COL_INT, COL_TEXT, COL_INT, COL_INT},
     NULL},
    {"appraisal_values",
     "tenant_id, scheme_id, subject_id, indicator_id",
     {"tenant_id", "scheme_id", "subject_id", "indicator_id", "target", "actual", "ratings", "note"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT},
     NULL},
    {"appraisal_items",
     "tenant_id, id",
     {"tenant_id", "id", "scheme_id", "subject_id", "indicator_id", "points", "reason"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_TEXT},
     NULL},
    {"appraisal_versions",
     "tenant_id, scheme_id, version",
     {"tenant_id", "scheme_id", "version", "published_at", "published_by", "results"},
     {COL_INT, COL_INT, COL_INT, COL_TIME, COL_TEXT, COL_TEXT},
     NULL},
    {"appraisal_version_subjects",
     "tenant_id, scheme_id, version, subject_id",
     {"tenant_id", "scheme_id", "version", "subject_id", "detail"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_TEXT},
     NULL},
    {"appraisal_appeals",
     "tenant_id, id",
     {"tenant_id", "id", "scheme_id", "version", "subject_id", "body", "state", "answer", "raised_by_name",
      "created_at", "answered_at"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TIME,
      COL_TIME},
     NULL},
    {"award_lists",
     "tenant_id, id",
     {"tenant_id", "id", "year", "kind", "name", "state", "scheme_id", "version", "grades", "created_at",
      "updated_at", "published_at", "published_by"},
     {COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TEXT, COL_INT, COL_INT, COL_TEXT, COL_TIME, COL_TIME,
      COL_TIME, COL_TEXT},
     NULL},
    {"award_entries",
     "tenant_id, id",
     {"tenant_id", "id", "list_id", "sort_order", "subject_id", "unit_id", "enterprise_id", "name", "group_name",
      "total", "rank", "grade_name", "source", "removed", "reason"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_INT, COL_INT,
      COL_TEXT, COL_TEXT, COL_INT, COL_TEXT},
     NULL},
    {"award_quotas",
     "tenant_id, list_id, unit_id",
     {"tenant_id", "list_id", "unit_id", "quota"},
     {COL_INT, COL_INT, COL_INT, COL_INT},
     NULL},
    {"award_nominations",
     "tenant_id, id",
     {"tenant_id", "id", "list_id", "unit_id", "name", "position", "deeds", "state", "reason", "nominated_by",
      "created_at", "decided_by", "decided_at"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TIME,
      COL_TEXT, COL_TIME},
     NULL},
    {"appraisal_evidence",
     "tenant_id, id",
     {"tenant_id", "id", "scheme_id", "subject_id", "indicator_id", "file_name", "content_type", "size", "data",
      "uploaded_by", "created_at"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_INT, COL_BLOB, COL_TEXT, COL_TIME},
     NULL},
    {"bm_indicators",
     "tenant_id, id",
     {"tenant_id", "id", "code", "name", "unit", "direction", "kind", "decimals", "builtin", "sort_order", "note"},
     {COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT, COL_INT, COL_INT, COL_INT, COL_TEXT},
     NULL},
    {"bm_cities",
     "tenant_id, id",
     {"tenant_id", "id", "name", "division_code", "is_self", "demo", "sort_order", "note"},
     {COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_INT, COL_INT, COL_INT, COL_TEXT},
     NULL},
    {"bm_values",
     "tenant_id, indicator_id, quarter, year, city_id",
     {"tenant_id", "indicator_id", "quarter", "year", "city_id", "value", "source", "note", "updated_at"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TIME},
     NULL},
    {"bm_goals",
     "tenant_id, id",
     {"tenant_id", "id", "name", "indicator_id", "year", "base_year", "target_value", "peer_city_id", "cagr_years",
      "split", "note", "created_at", "updated_at"},
     {COL_INT, COL_INT, COL_TEXT, COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_INT, COL_TEXT, COL_TEXT, COL_TIME,
      COL_TIME},
     NULL},
    {"bm_goal_units",
     "tenant_id, goal_id, unit_id",
     {"tenant_id", "goal_id", "unit_id", "sort_order", "weight"},
     {COL_INT, COL_INT, COL_INT, COL_INT, COL_INT},
     NULL},
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

static size_t n_columns(const struct table_spec *t)
{
    size_t n = 0;
    while (t->columns[n])
        n++;
    return n;
}

static int select_sql(const struct table_spec *t, struct strbuf *sql)
{
    strbuf_addstr(sql, "SELECT ");
    for (size_t i = 0; t->columns[i]; i++)
        strbuf_addf(sql,
                    i ? (t->types[i] == COL_TIME ? ", iso(%s)" : ", %s")
                      : (t->types[i] == COL_TIME ? "iso(%s)" : "%s"),
                    t->columns[i]);
    strbuf_addf(sql, " FROM %s ORDER BY %s", t->name, t->key);
    return sql->failed ? -1 : 0;
}

static void checksum_add(uint64_t *h, const char *s, size_t len, bool is_null)
{
    unsigned char tag = is_null ? 0 : 1;
    *h = (*h ^ tag) * 1099511628211ULL;
    for (size_t i = 0; i < len; i++)
        *h = (*h ^ (unsigned char)s[i]) * 1099511628211ULL;
    *h = (*h ^ 0xFF) * 1099511628211ULL; /* separator: "ab","c" differs from "a","bc" */
}

/* Adds one row of the select to the table's checksum (bytes by their bytes, the same on both backends). */
static void checksum_row(struct db_stmt *s, const struct table_spec *t, size_t n, uint64_t *h)
{
    for (size_t c = 0; c < n; c++) {
        size_t len = 0;
        const char *v = db_column_is_null(s, (int)c) ? NULL
                        : t->types[c] == COL_BLOB    ? db_column_blob(s, (int)c, &len)
                                                     : db_column_text(s, (int)c, &len);
        checksum_add(h, v ? v : "", len, v == NULL);
    }
}

static int checksum_table(struct db *db, const struct table_spec *t, int64_t *rows, uint64_t *sum,
                          struct error *e)
{
    struct strbuf sql = STRBUF_INIT;
    struct db_stmt *s = select_sql(t, &sql) == 0 ? db_prepare(db, sql.buf, e) : NULL;
    strbuf_release(&sql);
    if (!s)
        return e->code ? -1 : store_no_memory(e);
    size_t n = n_columns(t);
    *rows = 0;
    *sum = 1469598103934665603ULL;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        checksum_row(s, t, n, sum);
        (*rows)++;
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int checksum_all(struct db *db, void *ctx, struct error *e)
{
    struct store_copy_report *r = ctx;
    r->n_tables = N_TABLES;
    for (size_t i = 0; i < N_TABLES; i++) {
        r->tables[i].table = tables[i].name;
        if (checksum_table(db, &tables[i], &r->tables[i].rows, &r->tables[i].checksum, e) != 0)
            return -1;
    }
    return 0;
}

int store_checksums(struct store *st, struct store_copy_report *report, struct error *e)
{
    return db_read(st->db, checksum_all, report, e);
}

/* The target may hold only what migrate made: the default tenant, its appraisal kinds and benchmark indicators. */
static int check_empty(struct db *db, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT (SELECT count(*) FROM tenants WHERE id <> 1) + (SELECT count(*) FROM units)"
                   " + (SELECT count(*) FROM id_sequences WHERE name NOT IN ('appraisal_kinds', 'bm_indicators'))"
                   " + (SELECT count(*) FROM bm_indicators WHERE builtin = 0) + (SELECT count(*) FROM bm_cities) + (SELECT count(*) FROM users)"
                   " + (SELECT count(*) FROM login_log) + (SELECT count(*) FROM audit_log)",
                   e);
    if (!s)
        return -1;
    int rc = db_step(s, e);
    int64_t rows = rc == 1 ? db_column_int64(s, 0) : -1;
    db_reset(s);
    if (rc < 0)
        return -1;
    if (rows != 0)
        return error_set(
            e, ERR_INVALID_VALUE, "to", "目标数据库已有数据：只能复制到新建（仅运行过 migrate）的数据库",
            "the target database holds data: copy only into a new database (made by migrate alone)");
    return 0;
}

struct copy {
    struct db *from, *to;
    struct store_copy_report *report;
};

static int copy_table(struct copy *c, const struct table_spec *t, struct error *e)
{
    size_t n = n_columns(t);
    int deferred_col = -1;
    struct strbuf sql = STRBUF_INIT, ins = STRBUF_INIT;
    strbuf_addf(&ins, "INSERT INTO %s (", t->name);
    for (size_t i = 0; i < n; i++)
        strbuf_addf(&ins, "%s%s", i ? ", " : "", t->columns[i]);
    strbuf_addstr(&ins, ") VALUES (");
    for (size_t i = 0; i < n; i++) {
        if (t->deferred && strcmp(t->columns[i], t->deferred) == 0)
            deferred_col = (int)i;
        strbuf_addf(&ins, "%s?%zu", i ? ", " : "", i + 1);
    }
    strbuf_addch(&ins, ')');
    struct db_stmt *src = select_sql(t, &sql) == 0 ? db_prepare(c->from, sql.buf, e) : NULL;
    struct db_stmt *dst = src && !ins.failed ? db_prepare(c->to, ins.buf, e) : NULL;
    strbuf_release(&ins);
    strbuf_reset(&sql);
    /* the self-reference is set once every row exists: UPDATE t SET deferred = ? WHERE key = … */
    struct db_stmt *fix = NULL;
    if (dst && deferred_col >= 0) {
        strbuf_addf(&sql, "UPDATE %s SET %s = ?3 WHERE tenant_id = ?1 AND id = ?2", t->name, t->deferred);
        fix = sql.failed ? NULL : db_prepare(c->to, sql.buf, e);
    }
    strbuf_release(&sql);
    if (!dst || (deferred_col >= 0 && !fix))
        return e->code ? -1 : store_no_memory(e);

    int rc;
    while ((rc = db_step(src, e)) == 1) {
        for (size_t i = 0; i < n; i++) {
            size_t len;
            const char *v = db_column_is_null(src, (int)i) || (int)i == deferred_col
                                ? NULL
                                : db_column_text(src, (int)i, &len);
            if (t->types[i] == COL_INT && v)
                db_bind_int64(dst, (int)i + 1, db_column_int64(src, (int)i));
            else if (t->types[i] == COL_BLOB && v) {
                const void *b = db_column_blob(src, (int)i, &len);
                db_bind_blob(dst, (int)i + 1, b, len);
            } else
                db_bind_text(dst, (int)i + 1, v);
        }
        int w = db_step(dst, e);
        db_reset(dst);
        if (w < 0) {
            rc = -1;
            break;
        }
    }
    db_reset(src);
    if (rc < 0 || deferred_col < 0)
        return rc < 0 ? -1 : 0;

    /* second pass: the self-references, now that every row they point to exists */
    while ((rc = db_step(src, e)) == 1) {
        if (db_column_is_null(src, deferred_col))
            continue;
        db_bind_int64(fix, 1, db_column_int64(src, 0));
        db_bind_int64(fix, 2, db_column_int64(src, 1));
        db_bind_int64(fix, 3, db_column_int64(src, deferred_col));
        int w = db_step(fix, e);
        db_reset(fix);
        if (w < 0) {
            rc = -1;
            break;
        }
    }
    db_reset(src);
    return rc < 0 ? -1 : 0;
}

static int write_all(struct db *to, void *ctx, struct error *e)
{
    struct copy *c = ctx;
    /* what migrate seeded is replaced by the source's own */
    if (check_empty(to, e) != 0 ||
        db_exec(to,
                "DELETE FROM appraisal_kinds; DELETE FROM bm_indicators; DELETE FROM id_sequences; DELETE FROM tenants",
                e) != 0)
        return -1;
    for (size_t i = 0; i < N_TABLES; i++)
        if (copy_table(c, &tables[i], e) != 0)
            return -1;
    return 0;
}

/* Within one snapshot of the source: write everything, then checksum what was read. */
static int read_all(struct db *from, void *ctx, struct error *e)
{
    struct copy *c = ctx;
    return db_write(c->to, write_all, c, e) == 0 ? checksum_all(from, c->report, e) : -1;
}

int store_copy(struct store *from, struct store *to, struct store_copy_report *report, struct error *e)
{
    struct copy c = {from->db, to->db, report};
    struct store_copy_report after;
    if (db_read(from->db, read_all, &c, e) != 0 || store_checksums(to, &after, e) != 0)
        return -1;
    for (size_t i = 0; i < report->n_tables; i++) {
        if (report->tables[i].rows != after.tables[i].rows ||
            report->tables[i].checksum != after.tables[i].checksum)
            return error_set(e, ERR_INTERNAL, report->tables[i].table,
                             "复制后表 %s 不一致：源 %lld 行，目标 %lld 行（校验和不同）",
                             "table %s differs after the copy: %lld rows in the source, %lld in the target",
                             report->tables[i].table, (long long)report->tables[i].rows,
                             (long long)after.tables[i].rows);
    }
    return 0;
}
