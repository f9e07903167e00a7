/* What benchmarking's views share (benchmark_views.c): the read, the cells, the formulas. */
#ifndef HTTP_BENCHMARK_VIEWS_INTERNAL_H
#define HTTP_BENCHMARK_VIEWS_INTERNAL_H

#include "http/benchmark_views.h"

/*
 * Reads the matrix of the query's indicators and cities for years from .. to (this city added to
 * the cities asked for when left out); *self: this city's column, or -1 when the tenant has none.
 */
int view_load(struct store *st, int64_t tenant, const struct bm_view_query *q, int from, int to,
              struct arena *a, struct bm_matrix *m, long *self, struct error *e);
static inline struct bm_opt view_at(const struct bm_matrix *m, size_t i, size_t c, int year)
{
    if (year < m->year_from || year >= m->year_from + (int)m->n_years)
        return (struct bm_opt){0, false};
    return m->values[(i * m->n_cities + c) * m->n_years + (size_t)(year - m->year_from)];
}

/* A formula built in a scratch strbuf, copied into a (NULL: out of memory). */
const char *arena_text(struct arena *a, const struct strbuf *sb);
/* "2024年" or "2024年第3季度（累计）" */
const char *period_label(struct arena *a, int year, int quarter);

int view_compare(struct store *st, int64_t tenant, const struct bm_view_query *q, struct arena *a,
                 struct strbuf *json, struct bm_table *table, struct error *e);
int view_series(struct store *st, int64_t tenant, const struct bm_view_query *q, struct arena *a,
                struct strbuf *json, struct bm_table *table, struct error *e);
int view_radar(struct store *st, int64_t tenant, const struct bm_view_query *q, struct arena *a,
               struct strbuf *json, struct bm_table *table, struct error *e);
int view_projection(struct store *st, int64_t tenant, const struct bm_view_query *q, struct arena *a,
                    struct strbuf *json, struct bm_table *table, struct error *e);

int view_no_memory(struct error *e);

#endif
