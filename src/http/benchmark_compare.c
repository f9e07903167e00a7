/* The comparison table: one indicator, one year, the chosen cities ranked with their gaps, growth, CAGR and
 * share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"
#include "http/benchmark_json.h"
#include "http/benchmark_views_internal.h"
#include "base/banned.h"

static const char *const headers[] = {"排名",
                                      "城市",
                                      "数值",
                                      "与第一差距",
                                      "与第一差距（%）",
                                      "与上一位差距",
                                      "与上一位差距（%）",
                                      "增减",
                                      "增速（%）",
                                      "年均增速（%）",
                                      "占比（%）"};
#define N_COLUMNS (sizeof(headers) / sizeof(headers[0]))

struct place {
    int rank;
    size_t c;
};

static int by_rank(const void *pa, const void *pb)
{
    const struct place *a = pa, *b = pb;
    int ra = a->rank ? a->rank : 1 << 30, rb = b->rank ? b->rank : 1 << 30;
    if (ra != rb)
        return ra < rb ? -1 : 1;
    return a->c < b->c ? -1 : a->c > b->c;
}

static void fig_out(struct strbuf *json, struct strbuf *scratch, const char *key,
                    const struct bm_compare_in *in, const struct bm_compare_row *rows, size_t c,
                    enum bm_figure f, struct bm_fig fig, int year)
{
    strbuf_reset(scratch);
    bm_explain(in, rows, c, f, year, scratch);
    strbuf_addf(json, ",\"%s\":", key);
    bm_json_fig(json, fig, scratch->failed ? "" : scratch->buf);
}

/* The answer: every city by rank with each figure's formula (the table's cells have no formulas). */
static void json_out(struct strbuf *json, const struct bm_matrix *m, long self,
                     const struct bm_compare_in *in, const struct bm_compare_row *rows,
                     const struct place *order, size_t ranked, struct bm_fig total, int year, int quarter)
{
    strbuf_addstr(json, "{\"indicator\":");
    bm_json_indicator(json, &m->indicators[0]);
    strbuf_addf(json, ",\"year\":%d,\"quarter\":%d,\"cagr_years\":%d,\"total\":", year, quarter,
                in->cagr_years);
    char total_formula[160];
    if (total.status == BM_OK)
        snprintf(total_formula, sizeof(total_formula), "%zu 个有数据城市的数值之和", ranked);
    else if (total.status == BM_NOT_APPLICABLE)
        snprintf(total_formula, sizeof(total_formula), "比率类指标不计合计 / a ratio has no total");
    else
        snprintf(total_formula, sizeof(total_formula), "无法合计 / no total (%s)",
                 bm_status_name(total.status));
    bm_json_fig(json, total, total_formula);
    strbuf_addf(json, ",\"ranked\":%zu,\"self_city_id\":", ranked);
    if (self >= 0)
        strbuf_addf(json, "%lld", (long long)m->cities[self].id);
    else
        strbuf_addstr(json, "null");
    strbuf_addstr(json, ",\"items\":[");
    struct strbuf scratch = STRBUF_INIT;
    for (size_t k = 0; k < in->n; k++) {
        size_t c = order[k].c;
        const struct bm_compare_row *row = &rows[c];
        strbuf_addf(json, "%s{\"city_id\":%lld,\"name\":", k ? "," : "", (long long)m->cities[c].id);
        bm_json_text(json, m->cities[c].name);
        strbuf_addf(json, ",\"is_self\":%s,\"demo\":%s,\"value\":", m->cities[c].is_self ? "true" : "false",
                    m->cities[c].demo ? "true" : "false");
        bm_json_opt(json, in->value[c]);
        strbuf_addstr(json, ",\"rank\":");
        if (row->rank)
            strbuf_addf(json, "%d", row->rank);
        else
            strbuf_addstr(json, "null");
        strbuf_reset(&scratch);
        bm_explain(in, rows, c, BM_FIG_RANK, year, &scratch);
        strbuf_addstr(json, ",\"rank_formula\":");
        bm_json_text(json, scratch.failed ? "" : scratch.buf);
        fig_out(json, &scratch, "gap_first", in, rows, c, BM_FIG_GAP_FIRST, row->gap_first, year);
        fig_out(json, &scratch, "gap_first_pct", in, rows, c, BM_FIG_GAP_FIRST, row->gap_first_pct, year);
        fig_out(json, &scratch, "gap_above", in, rows, c, BM_FIG_GAP_ABOVE, row->gap_above, year);
        fig_out(json, &scratch, "gap_above_pct", in, rows, c, BM_FIG_GAP_ABOVE, row->gap_above_pct, year);
        fig_out(json, &scratch, "change", in, rows, c, BM_FIG_CHANGE, row->change, year);
        fig_out(json, &scratch, "growth", in, rows, c, BM_FIG_GROWTH, row->growth, year);
        fig_out(json, &scratch, "cagr", in, rows, c, BM_FIG_CAGR, row->cagr, year);
        fig_out(json, &scratch, "share", in, rows, c, BM_FIG_SHARE, row->share, year);
        strbuf_addch(json, '}');
    }
    strbuf_release(&scratch);
    strbuf_addstr(json, "]}");
}

int view_compare(struct store *st, int64_t tenant, const struct bm_view_query *q, struct arena *a,
                 struct strbuf *json, struct bm_table *table, struct error *e)
{
    struct bm_matrix m;
    long self;
    int year = q->year, n_years = q->cagr_years;
    if (view_load(st, tenant, q, year - n_years, year, a, &m, &self, e) != 0)
        return -1;
    size_t n = m.n_cities;
    struct bm_opt *value = arena_alloc(a, (3 * n + 1) * sizeof(*value));
    struct bm_compare_row *rows = arena_alloc(a, (n + 1) * sizeof(*rows));
    struct place *order = arena_alloc(a, (n + 1) * sizeof(*order));
    if (!value || !rows || !order)
        return view_no_memory(e);
    struct bm_opt *previous = value + n, *start = value + 2 * n;
    for (size_t c = 0; c < n; c++) {
        value[c] = view_at(&m, 0, c, year);
        previous[c] = view_at(&m, 0, c, year - 1);
        start[c] = view_at(&m, 0, c, year - n_years);
    }
    const struct bm_indicator *ind = &m.indicators[0];
    struct bm_compare_in in = {.direction = ind->direction,
                               .kind = ind->kind,
                               .n = n,
                               .value = value,
                               .previous = previous,
                               .start = start,
                               .cagr_years = n_years};
    size_t ranked;
    struct bm_fig total;
    if (bm_compare(&in, rows, &ranked, &total) != 0)
        return view_no_memory(e);
    for (size_t c = 0; c < n; c++)
        order[c] = (struct place){rows[c].rank, c};
    qsort(order, n, sizeof(*order), by_rank);

    if (json)
        json_out(json, &m, self, &in, rows, order, ranked, total, year, q->quarter);
    if (!table)
        return 0;

    const char *period = period_label(a, year, q->quarter);
    if (!period)
        return view_no_memory(e);
    char note[200];
    snprintf(note, sizeof(note), "%s，%s，按排名；年均增速为近 %d 年；单位：%s", ind->name, period, n_years,
             ind->unit);
    const char *title = arena_strndup(a, "对标对比表", strlen("对标对比表"));
    if (!title ||
        bm_table_start(table, a, title, arena_strndup(a, note, strlen(note)), headers, N_COLUMNS, n) != 0)
        return view_no_memory(e);
    int d = ind->decimals;
    for (size_t k = 0; k < n; k++) {
        size_t c = order[k].c;
        const struct bm_compare_row *row = &rows[c];
        bm_table_number(table, k, 0, (struct bm_opt){(int64_t)row->rank * DEC_SCALE, row->rank != 0}, 0);
        bm_table_text(table, k, 1, m.cities[c].name);
        bm_table_number(table, k, 2, value[c], d);
        bm_table_fig(table, k, 3, row->gap_first, false, d);
        bm_table_fig(table, k, 4, row->gap_first_pct, true, 2);
        bm_table_fig(table, k, 5, row->gap_above, false, d);
        bm_table_fig(table, k, 6, row->gap_above_pct, true, 2);
        bm_table_fig(table, k, 7, row->change, false, d);
        bm_table_fig(table, k, 8, row->growth, true, 2);
        bm_table_fig(table, k, 9, row->cagr, true, 2);
        bm_table_fig(table, k, 10, row->share, true, 2);
        if ((long)c == self)
            table->highlight = (long)k;
    }
    return 0;
}
