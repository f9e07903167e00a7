/*
 * Benchmarking's computed views — the comparison table, the time series, the radar and the
 * catch-up projection — worked out on a worker from one read of the store (store_bm_matrix)
 * with the rules of domain/benchmark.h, then answered as JSON or as an .xlsx of the same table.
 */
#ifndef HTTP_BENCHMARK_VIEWS_H
#define HTTP_BENCHMARK_VIEWS_H

#include "base/strbuf.h"
#include "store/store.h"

enum bm_view { BM_VIEW_COMPARE, BM_VIEW_SERIES, BM_VIEW_RADAR, BM_VIEW_PROJECTION };

/* What a view was asked for (the query, checked). */
struct bm_view_query {
    enum bm_view view;
    int64_t *indicator_ids; /* compare, series, projection: one; radar: NULL for every indicator */
    size_t n_indicators;
    int64_t *city_ids; /* NULL: every city; else the cities (this city is added when left out) */
    size_t n_cities;
    int year, quarter, cagr_years;
    int from, to;    /* series */
    int by, horizon; /* projection: by 0 when not asked */
};

/* One cell of a view's table: text, or a decimal shown with decimals digits (percent: × 100, with a "%"). */
struct bm_cell {
    const char *text; /* NULL: a number (has false: empty) */
    bool has, percent;
    int64_t v;
    int decimals;
};

/* A view as a table: what the .xlsx holds, the rows as the page shows them. */
struct bm_table {
    const char *title, *note;
    const char *const *headers;
    size_t n_columns, n_rows;
    struct bm_cell *cells; /* n_rows × n_columns */
    long highlight;        /* the row of this city, or -1 */
};

/*
 * Works the view out with st into json (the answer) and, when table is not NULL, into table
 * (arena-owned); json NULL: the table only. Errors: not found (an indicator or a city), invalid
 * (a year range too long).
 */
int bm_view_run(struct store *st, int64_t tenant, const struct bm_view_query *q, struct arena *a,
                struct strbuf *json, struct bm_table *table, struct error *e);

/* A table of n_rows × n_columns empty cells. -1: out of memory. */
int bm_table_start(struct bm_table *t, struct arena *a, const char *title, const char *note,
                   const char *const *headers, size_t n_columns, size_t n_rows);
void bm_table_text(struct bm_table *t, size_t row, size_t col, const char *text);
void bm_table_number(struct bm_table *t, size_t row, size_t col, struct bm_opt v, int decimals);
void bm_table_fig(struct bm_table *t, size_t row, size_t col, struct bm_fig f, bool percent, int decimals);

/* Writes the table to path as .xlsx: the title, the note, the headers, this city's row in bold. */
int bm_table_sheet_write(const struct bm_table *t, const char *path, struct error *e);

#endif
