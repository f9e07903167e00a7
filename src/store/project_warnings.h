/* Keeping a project's derived figures: size classes, totals and the warning. Private to src/store. */
#ifndef STORE_PROJECT_WARNINGS_H
#define STORE_PROJECT_WARNINGS_H

#include "store/store_internal.h"

/* The tenant's size thresholds (the defaults when never set). */
int project_size_classes(struct db *db, int64_t tenant, struct size_classes *out, struct error *e);
/* The year's warning rules (the defaults when never set). */
int project_warning_rules(struct db *db, int64_t tenant, int year, struct warning_rules *out,
                          struct error *e);
/* Recomputes one project's invested total and warning as of today, in the caller's transaction. */
int project_warning_refresh(struct db *db, int64_t tenant, int64_t id, struct error *e);
/* Recomputes every project's invested total and warning as of today, and notes the day it was done. */
int warnings_recompute_all(struct db *db, int64_t tenant, struct warning_counts *counts, struct error *e);
/* A warning's reasons as the JSON array stored beside it. */
int warning_reasons_json(const struct warning *w, const struct milestones *ms, struct strbuf *out);

#endif
