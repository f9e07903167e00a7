/* Reading one project row; see project_rows.h. */
#include "store/project_rows.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/banned.h"

void project_bind_year_at(struct db_stmt *s, int at, int year)
{
    char first[8], last[8];
    snprintf(first, sizeof(first), "%04d-01", year);
    snprintf(last, sizeof(last), "%04d-12", year);
    db_bind_int64(s, at + 1, year);
    db_bind_text(s, at + 2, first);
    db_bind_text(s, at + 3, last);
}

int32_t project_day(struct db_stmt *s, int col)
{
    size_t len;
    const char *t = db_column_text(s, col, &len);
    struct date d;
    if (!t || date_parse_iso(t, len, &d) != 0)
        return DAY_NONE;
    return (int32_t)date_to_days(d);
}

static int64_t int_or(struct db_stmt *s, int col, int64_t none)
{
    return db_column_is_null(s, col) ? none : db_column_int64(s, col);
}

/* An enum column by its parse function; the CHECK constraints keep the text valid. */
#define READ_ENUM(parse, col, out, fallback)                                                                 \
    do {                                                                                                     \
        size_t len_;                                                                                         \
        const char *t_ = db_column_text(s, (col), &len_);                                                    \
        if (!t_ || parse(t_, len_, (out)) != 0)                                                              \
            *(out) = (fallback);                                                                             \
    } while (0)

int project_read_row(struct db_stmt *s, struct arena *a, struct project *p)
{
    *p = (struct project){0};
    p->id = db_column_int64(s, 0);
    p->code = store_text(s, 1, a);
    p->name = store_text(s, 2, a);
    p->enterprise_id = int_or(s, 3, 0);
    p->enterprise_name = store_text(s, 4, a);
    p->unit_id = db_column_int64(s, 5);
    p->unit_name = store_text(s, 6, a);
    p->carrier_id = int_or(s, 7, 0);
    p->carrier_name = store_text(s, 8, a);
    p->industry_code = store_text(s, 9, a);
    READ_ENUM(category_parse, 10, &p->category, CAT_OTHER);
    READ_ENUM(source_parse, 11, &p->source, SOURCE_DOMESTIC);
    p->tags = store_text(s, 12, a);
    p->total_investment = db_column_int64(s, 13);
    p->foreign_investment = db_column_int64(s, 14);
    READ_ENUM(talent_tier_parse, 15, &p->talent_tier, TALENT_NONE);
    p->major_technology = db_column_int64(s, 16) != 0;
    p->major_industrialisation = db_column_int64(s, 17) != 0;
    p->major_market = db_column_int64(s, 18) != 0;
    p->energy_use = int_or(s, 19, -1);
    p->land_area = int_or(s, 20, -1);
    p->annual_output = int_or(s, 21, -1);
    p->description = store_text(s, 22, a);
    for (int m = 0; m < MS_COUNT; m++) {
        p->ms.planned[m] = project_day(s, 23 + 2 * m);
        p->ms.actual[m] = project_day(s, 24 + 2 * m);
    }
    p->stage = (int)db_column_int64(s, 37);
    READ_ENUM(pool_parse, 38, &p->pool, POOL_RESERVE);
    p->size_class = (int)db_column_int64(s, 39);
    p->invested_total = db_column_int64(s, 40);
    READ_ENUM(warning_level_parse, 41, &p->warning, WARN_GREEN);
    p->warning_reasons = store_text(s, 42, a);
    p->created_at = store_text(s, 43, a);
    p->updated_at = store_text(s, 44, a);
    p->year_plan = int_or(s, 45, -1);
    p->year_to_date = db_column_int64(s, 46);
    bool missing = !p->code || !p->name || !p->tags || !p->description || !p->warning_reasons ||
                   !p->created_at || !p->updated_at || (!db_column_is_null(s, 4) && !p->enterprise_name) ||
                   !p->unit_name || (!db_column_is_null(s, 8) && !p->carrier_name) ||
                   (!db_column_is_null(s, 9) && !p->industry_code);
    return missing ? -1 : 0;
}

int project_get(struct db *db, int64_t tenant, int64_t id, struct arena *a, struct project *out,
                struct error *e)
{
    struct db_stmt *s = db_prepare(
        db, "SELECT " PROJECT_COLUMNS_AT(3, 4, 5) PROJECT_FROM " WHERE p.tenant_id = ?1 AND p.id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    struct date today = date_from_days(date_today());
    project_bind_year_at(s, 2, today.year);
    int rc = db_step(s, e);
    if (rc == 1 && project_read_row(s, a, out) != 0)
        rc = store_no_memory(e);
    db_reset(s);
    if (rc == 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "项目不存在", "no such project");
    return rc < 0 ? -1 : 0;
}

int project_unit_in_scope(struct db *db, int64_t tenant, int64_t scope, int64_t unit_id, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT 1 FROM units u, units s WHERE u.tenant_id = ?1 AND u.id = ?2"
                   " AND s.tenant_id = ?1 AND s.id = ?3 AND u.path >= s.path AND u.path < s.path || '~'",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, unit_id);
    db_bind_int64(s, 3, scope);
    int rc = db_step(s, e);
    db_reset(s);
    return rc;
}
