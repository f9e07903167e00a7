/* Benchmarking's views: the shared read, cells and formulas, and the dispatch; see benchmark_views.h. */
#include <stdio.h>
#include <string.h>

#include "http/benchmark_views_internal.h"
#include "base/banned.h"

int view_no_memory(struct error *e)
{
    return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
}

int view_load(struct store *st, int64_t tenant, const struct bm_view_query *q, int from, int to,
              struct arena *a, struct bm_matrix *m, long *self, struct error *e)
{
    struct bm_city *cities;
    size_t n_cities;
    if (store_bm_cities_list(st, tenant, a, &cities, &n_cities, e) != 0)
        return -1;
    int64_t self_id = 0;
    for (size_t c = 0; c < n_cities; c++)
        if (cities[c].is_self)
            self_id = cities[c].id;
    const int64_t *ids = q->city_ids;
    size_t n = q->n_cities;
    if (ids && self_id) {
        bool listed = false;
        for (size_t c = 0; c < n; c++)
            listed = listed || ids[c] == self_id;
        if (!listed) { /* this city first, then those asked for */
            int64_t *with = arena_alloc(a, (n + 1) * sizeof(*with));
            if (!with)
                return view_no_memory(e);
            with[0] = self_id;
            memcpy(with + 1, ids, n * sizeof(*with));
            ids = with;
            n++;
        }
    }
    if (store_bm_matrix(st, tenant, q->indicator_ids, q->n_indicators, ids, ids ? n : 0, from, to, q->quarter,
                        a, m, e) != 0)
        return -1;
    *self = -1;
    for (size_t c = 0; c < m->n_cities; c++)
        if (m->cities[c].is_self)
            *self = (long)c;
    return 0;
}

int bm_table_start(struct bm_table *t, struct arena *a, const char *title, const char *note,
                   const char *const *headers, size_t n_columns, size_t n_rows)
{
    *t = (struct bm_table){.title = title,
                           .note = note,
                           .headers = headers,
                           .n_columns = n_columns,
                           .n_rows = n_rows,
                           .highlight = -1};
    t->cells = arena_calloc(a, (n_rows * n_columns + 1) * sizeof(*t->cells));
    return t->cells ? 0 : -1;
}

void bm_table_text(struct bm_table *t, size_t row, size_t col, const char *text)
{
    t->cells[row * t->n_columns + col] = (struct bm_cell){.text = text ? text : ""};
}

void bm_table_number(struct bm_table *t, size_t row, size_t col, struct bm_opt v, int decimals)
{
    t->cells[row * t->n_columns + col] = (struct bm_cell){.has = v.has, .v = v.v, .decimals = decimals};
}

void bm_table_fig(struct bm_table *t, size_t row, size_t col, struct bm_fig f, bool percent, int decimals)
{
    t->cells[row * t->n_columns + col] =
        (struct bm_cell){.has = f.status == BM_OK, .v = f.v, .percent = percent, .decimals = decimals};
}

const char *arena_text(struct arena *a, const struct strbuf *sb)
{
    return sb->failed ? NULL : arena_strndup(a, sb->buf ? sb->buf : "", sb->len);
}

const char *period_label(struct arena *a, int year, int quarter)
{
    char buf[48];
    if (quarter)
        snprintf(buf, sizeof(buf), "%d年第%d季度（累计）", year, quarter);
    else
        snprintf(buf, sizeof(buf), "%d年", year);
    return arena_strndup(a, buf, strlen(buf));
}

int bm_view_run(struct store *st, int64_t tenant, const struct bm_view_query *q, struct arena *a,
                struct strbuf *json, struct bm_table *table, struct error *e)
{
    if (q->view ==
        BM_VIEW_COMPARE) /* its answer's formulas are most of its time: left out for the table alone */
        return view_compare(st, tenant, q, a, json, table, e);
    /* the others build the answer and the table in one pass; for the table alone the answer is dropped */
    struct strbuf unused = STRBUF_INIT;
    struct strbuf *out = json ? json : &unused;
    int rc = q->view == BM_VIEW_SERIES  ? view_series(st, tenant, q, a, out, table, e)
             : q->view == BM_VIEW_RADAR ? view_radar(st, tenant, q, a, out, table, e)
                                        : view_projection(st, tenant, q, a, out, table, e);
    strbuf_release(&unused);
    return rc;
}
