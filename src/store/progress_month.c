/* The month views of progress: a reporter's screen of projects with their reports, and who has not reported.
 */
#include <string.h>

#include "store/project_rows.h"
#include "base/date.h"
#include "base/banned.h"

#define SCOPE_OF(param)                                                                                      \
    " AND (CAST(?" param " AS BIGINT)"                                                                       \
    " IS NULL OR (u.path >= (SELECT s.path FROM units s WHERE s.tenant_id = ?1 AND s.id = ?" param           \
    ") AND u.path < (SELECT s.path || '~' FROM units s WHERE s.tenant_id = ?1 AND s.id = ?" param ")))"

struct month_query {
    int64_t tenant, scope, unit_id;
    const char *month;
    struct arena *a;
    struct progress_row *rows;
    struct missing_project *missing;
    size_t count;
};

static void bind_common(struct db_stmt *s, const struct month_query *q)
{
    db_bind_int64(s, 1, q->tenant);
    db_bind_text(s, 2, q->month);
    if (q->scope)
        db_bind_int64(s, 3, q->scope);
    else
        db_bind_null(s, 3);
    if (q->unit_id)
        db_bind_int64(s, 4, q->unit_id);
    else
        db_bind_null(s, 4);
}

#define MONTH_FROM                                                                                           \
    PROJECT_FROM " LEFT JOIN progress_reports r ON r.tenant_id = p.tenant_id AND r.project_id = p.id AND "   \
                 "r.month = ?2"                                                                              \
                 " WHERE p.tenant_id = ?1 AND (p.pool IN ('preliminary', 'construction', 'completed')"       \
                 " OR r.month IS NOT NULL)" SCOPE_OF("3") SCOPE_OF("4")

static int month_rows(struct db *db, void *ctx, struct error *e)
{
    struct month_query *q = ctx;
    struct db_stmt *s = db_prepare(db, "SELECT count(*)" MONTH_FROM, e);
    if (!s)
        return -1;
    bind_common(s, q);
    int rc = db_step(s, e);
    int64_t n = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc < 0)
        return -1;
    if (n > PROGRESS_ROWS_MAX)
        return error_set(e, ERR_TOO_LARGE, "unit_id", "共 %lld 个项目，超过一屏上限 %d 个：请选择单位",
                         "%lld projects exceed the screen's limit of %d: choose a unit", (long long)n,
                         PROGRESS_ROWS_MAX);
    s = db_prepare(db,
                   "SELECT " PROJECT_COLUMNS_AT(
                       5, 6, 7) ", r.amount, r.cumulative, r.year_to_date, r.progress,"
                                " r.reporter_name, iso(r.created_at), iso(r.updated_at)" MONTH_FROM
                                " ORDER BY u.path, p.code",
                   e);
    if (!s)
        return -1;
    bind_common(s, q);
    project_bind_year_at(s, 4, date_from_days(date_today()).year);
    q->rows = arena_alloc(q->a, ((size_t)n + 1) * sizeof(*q->rows));
    if (!q->rows) {
        db_reset(s);
        return store_no_memory(e);
    }
    while (q->count < (size_t)n && (rc = db_step(s, e)) == 1) {
        struct progress_row *row = &q->rows[q->count++];
        if (project_read_row(s, q->a, &row->project) != 0) {
            db_reset(s);
            return store_no_memory(e);
        }
        row->has_report = !db_column_is_null(s, 47);
        if (row->has_report)
            row->report = (struct progress_report){.project_id = row->project.id,
                                                   .month = q->month,
                                                   .amount = db_column_int64(s, 47),
                                                   .cumulative = db_column_int64(s, 48),
                                                   .year_to_date = db_column_int64(s, 49),
                                                   .progress = store_text(s, 50, q->a),
                                                   .reporter_name = store_text(s, 51, q->a),
                                                   .created_at = store_text(s, 52, q->a),
                                                   .updated_at = store_text(s, 53, q->a)};
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_progress_month(struct store *st, int64_t tenant, int64_t scope, int64_t unit_id, const char *month,
                         struct arena *a, struct progress_row **items, size_t *count, struct error *e)
{
    struct month_query q = {.tenant = tenant, .scope = scope, .unit_id = unit_id, .month = month, .a = a};
    if (db_read(st->db, month_rows, &q, e) != 0)
        return -1;
    *items = q.rows;
    *count = q.count;
    return 0;
}

static int missing_rows(struct db *db, void *ctx, struct error *e)
{
    struct month_query *q = ctx;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT p.id, p.code, p.name, u.id, u.name FROM projects p JOIN units u"
                   " ON u.tenant_id = p.tenant_id AND u.id = p.unit_id"
                   " WHERE p.tenant_id = ?1 AND p.pool = 'construction' AND NOT EXISTS (SELECT 1"
                   " FROM progress_reports r WHERE r.tenant_id = ?1 AND r.project_id = p.id"
                   " AND r.month = ?2)" SCOPE_OF("3") SCOPE_OF("4") " ORDER BY u.path, p.code",
                   e);
    if (!s)
        return -1;
    bind_common(s, q);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        if (q->count == cap) {
            cap = cap ? 2 * cap : 64;
            struct missing_project *grown = arena_alloc(q->a, cap * sizeof(*grown));
            if (!grown) {
                db_reset(s);
                return store_no_memory(e);
            }
            if (q->count)
                memcpy(grown, q->missing, q->count * sizeof(*grown));
            q->missing = grown;
        }
        struct missing_project *m = &q->missing[q->count++];
        *m = (struct missing_project){.id = db_column_int64(s, 0),
                                      .code = store_text(s, 1, q->a),
                                      .name = store_text(s, 2, q->a),
                                      .unit_id = db_column_int64(s, 3),
                                      .unit_name = store_text(s, 4, q->a)};
        if (!m->code || !m->name || !m->unit_name) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_progress_missing(struct store *st, int64_t tenant, int64_t scope, const char *month,
                           struct arena *a, struct missing_project **items, size_t *count, struct error *e)
{
    struct month_query q = {.tenant = tenant, .scope = scope, .month = month, .a = a};
    if (db_read(st->db, missing_rows, &q, e) != 0)
        return -1;
    *items = q.missing;
    *count = q.count;
    return 0;
}
