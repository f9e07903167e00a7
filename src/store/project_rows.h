/* One project row as the store reads it, shared by its project files. Private to src/store. */
#ifndef STORE_PROJECT_ROWS_H
#define STORE_PROJECT_ROWS_H

#include "store/store_internal.h"

#define MS_COLUMNS(p)                                                                                        \
    p "planned_negotiating, " p "actual_negotiating, " p "planned_signed, " p "actual_signed, " p            \
      "planned_registered, " p "actual_registered, " p "planned_started, " p "actual_started, " p            \
      "planned_completed, " p "actual_completed, " p "planned_production, " p "actual_production, " p        \
      "planned_full_capacity, " p "actual_full_capacity"

/*
 * The columns project_read_row reads; Y, M1 and M2 are the numbers of the parameters bound by
 * project_bind_year (this year, its first and its last month), which differ between statements.
 * This year's investment is the year_to_date of the year's latest report (one row, not a sum of
 * up to twelve: see LATEST_REPORT in project_warnings.c).
 */
#define PROJECT_COLUMNS_AT(Y, M1, M2)                                                                        \
    "p.id, p.code, p.name, p.enterprise_id, e.name, p.unit_id, u.name, p.carrier_id, c.name, "               \
    "p.industry_code, "                                                                                      \
    "p.category, p.source, p.tags, p.total_investment, p.foreign_investment, p.talent_tier, "                \
    "p.major_technology, "                                                                                   \
    "p.major_industrialisation, p.major_market, p.energy_use, p.land_area, p.annual_output, "                \
    "p.description, " MS_COLUMNS(                                                                            \
        "p.") ", p.stage, p.pool, p.size_class, p.invested_total, p.warning, p.warning_reasons, "            \
              "iso(p.created_at), iso(p.updated_at), "                                                       \
              "(SELECT pl.amount FROM project_plans pl WHERE pl.tenant_id = p.tenant_id AND pl.project_id "  \
              "= p.id"                                                                                       \
              " AND pl.year = ?" #Y "), "                                                                    \
              "COALESCE((SELECT r.year_to_date FROM progress_reports r WHERE r.tenant_id = p.tenant_id"      \
              " AND r.project_id = p.id AND r.month >= ?" #M1 " AND r.month <= ?" #M2                        \
              " ORDER BY r.month DESC LIMIT 1), 0)"
#define PROJECT_COLUMNS PROJECT_COLUMNS_AT(24, 25, 26)
#define PROJECT_YEAR_PARAMS_AT 23 /* PROJECT_COLUMNS binds ?24, ?25, ?26: after a list's filter (?1..?23) */

#define PROJECT_FROM_UNIT " FROM projects p JOIN units u ON u.tenant_id = p.tenant_id AND u.id = p.unit_id"
#define PROJECT_FROM                                                                                         \
    PROJECT_FROM_UNIT                                                                                        \
    " LEFT JOIN enterprises e ON e.tenant_id = p.tenant_id AND e.id = p.enterprise_id"                       \
    " LEFT JOIN units c ON c.tenant_id = p.tenant_id AND c.id = p.carrier_id"

/* Binds this year's number and months at PROJECT_YEAR_PARAMS_AT + 1..3 (or at + 1..3). */
void project_bind_year_at(struct db_stmt *s, int at, int year);
#define project_bind_year(s, year) project_bind_year_at((s), PROJECT_YEAR_PARAMS_AT, (year))
/* Reads the columns of PROJECT_COLUMNS_AT into p; -1 when out of memory. */
int project_read_row(struct db_stmt *s, struct arena *a, struct project *p);
/* One project of the tenant, by id (no scope); ERR_NOT_FOUND when there is none. */
int project_get(struct db *db, int64_t tenant, int64_t id, struct arena *a, struct project *out,
                struct error *e);
/* 1 when unit lies in scope's subtree, 0 when not, -1 on error. */
int project_unit_in_scope(struct db *db, int64_t tenant, int64_t scope, int64_t unit_id, struct error *e);
/* Adds delta to the unit's reported investment of the month (unit_month_totals). */
int unit_totals_add(struct db *db, int64_t tenant, int64_t unit_id, const char *month, int64_t delta,
                    struct error *e);
/* Moves every report of the project from one responsible unit's totals to another's. */
int unit_totals_move(struct db *db, int64_t tenant, int64_t project_id, int64_t from, int64_t to, struct error *e);
/* Text dates to day numbers: DAY_NONE for NULL. */
int32_t project_day(struct db_stmt *s, int col);

#endif
