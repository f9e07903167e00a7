/*
 * What writing a project takes, shared by the single writes (project_write.c) and the import
 * (project_import.c), so that both derive and log a project the same way. Private to src/store.
 */
#ifndef STORE_PROJECT_FIELDS_H
#define STORE_PROJECT_FIELDS_H

#include "store/project_rows.h"

/* Every written column of a row, bound by project_bind_at: ?1 to ?39 after `at` (?39 is now). */
#define PROJECT_PARAMS 39
#define PROJECT_WRITE_COLUMNS                                                                                \
    "code, name, enterprise_id, unit_id, carrier_id, industry_code, category, source, tags, "                \
    "total_investment, "                                                                                     \
    "foreign_investment, talent_tier, major_technology, major_industrialisation, major_market, energy_use, " \
    "land_area, annual_output, description, " MS_COLUMNS("") ", stage, pool, size_class"
#define PROJECT_INSERT "INSERT INTO projects (tenant_id, id, " PROJECT_WRITE_COLUMNS ", created_at, updated_at) VALUES "

/* A project before any field is given: no dates, no optional amounts, no tags. */
void project_blank(struct project *p);
/* Copies each given field of in (its values, milestones included) over p. */
void project_apply_input(struct project *p, const struct project_input *in);
/* Binds ?at+1 tenant, ?at+2 id, then the columns of PROJECT_WRITE_COLUMNS in order, ?at+39 now. */
void project_bind_at(struct db_stmt *s, int at, int64_t tenant, int64_t id, const struct project *p, const char *now);
/* The fields that follow from the others: stage and pool from the milestones, the size class. */
void project_derive(struct project *p, const struct size_classes *sizes);
/* The operation log's view of a project, old (NULL for a create) to new (NULL for a delete). */
void project_changes(const struct project *before, const struct project *after, struct changes *c);
/* Sets or removes the plans of in for project id, adding each change to c. */
int project_apply_plans(struct db *db, int64_t tenant, int64_t id, const struct project_input *in, struct changes *c,
                        struct error *e);
/* Updates the row of project id to p (now as its time stamp). */
int project_write_update(struct db *db, int64_t tenant, int64_t id, const struct project *p, struct error *e);

#endif
