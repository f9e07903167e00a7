/* Projects and their reports as JSON, written by hand like units (lists are hot). */
#ifndef HTTP_PROJECT_JSON_H
#define HTTP_PROJECT_JSON_H

#include "base/strbuf.h"
#include "store/store.h"

/* A project; plans (NULL: left out) as {"2025":…}; sizes for the size label. */
void project_write_json(struct strbuf *sb, const struct project *p, const struct size_classes *sizes,
                        const struct plan_change *plans, size_t n_plans);
void report_write_json(struct strbuf *sb, const struct progress_report *r);

#endif
