/*
 * A goal worked out: its status in each year from its base year (this city's value, the target
 * then, the required and the actual rate), the latest of them, and the goal's value split into
 * its units' targets — what the goal endpoints answer, export and send into an appraisal.
 */
#ifndef HTTP_BENCHMARK_GOAL_VIEW_H
#define HTTP_BENCHMARK_GOAL_VIEW_H

#include "base/strbuf.h"
#include "store/store.h"

struct goal_year {
    int year;
    struct bm_opt value, target; /* this city's; the goal's value then (a peer goal: the peer projected) */
    struct bm_fig actual_rate;
    struct bm_goal_status status;
    const char *formula;
};

struct goal_view {
    struct bm_indicator indicator;
    const char *peer_name;   /* a peer goal's */
    struct goal_year *years; /* base_year .. target year, the years this city has a value */
    size_t n_years;
    struct bm_opt total;    /* the value split: the target (of the latest year) */
    struct bm_opt *targets; /* per unit of the goal */
};

/* Reads what the goal needs (one matrix) and works it out; cities: the tenant's, when read already (NULL:
 * read). */
int goal_view_compute(struct store *st, int64_t tenant, const struct bm_goal *g, const struct bm_city *cities,
                      size_t n_cities, struct arena *a, struct goal_view *out, struct error *e);
/* The goal as the API answers it; units not visible (visible[k] false) left out; with_history adds "history".
 */
void goal_json(struct strbuf *sb, const struct bm_goal *g, const struct goal_view *v, const bool *visible,
               bool with_history);
/* {"items":[year…]}: the goal's status in each year. */
void goal_history_json(struct strbuf *sb, const struct goal_view *v);

#endif
