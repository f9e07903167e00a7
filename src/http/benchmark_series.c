/* The time series: one indicator over years for the chosen cities, each year's growth beside it. */
#include <stdio.h>
#include <string.h>

#include "base/decimal.h"
#include "http/benchmark_json.h"
#include "http/benchmark_views_internal.h"
#include "base/banned.h"

int view_series(struct store *st, int64_t tenant, const struct bm_view_query *q, struct arena *a,
                struct strbuf *json, struct bm_table *table, struct error *e)
{
    struct bm_matrix m;
    long self;
    /* the year before from as well, for from's growth */
    if (view_load(st, tenant, q, q->from - 1, q->to, a, &m, &self, e) != 0)
        return -1;
    const struct bm_indicator *ind = &m.indicators[0];
    size_t n = m.n_cities, n_years = (size_t)(q->to - q->from + 1);
    strbuf_addstr(json, "{\"indicator\":");
    bm_json_indicator(json, ind);
    strbuf_addf(json, ",\"quarter\":%d,\"years\":[", q->quarter);
    for (size_t y = 0; y < n_years; y++)
        strbuf_addf(json, "%s%d", y ? "," : "", q->from + (int)y);
    strbuf_addstr(json, "],\"items\":[");
    struct strbuf scratch = STRBUF_INIT;
    for (size_t c = 0; c < n; c++) {
        strbuf_addf(json, "%s{\"city_id\":%lld,\"name\":", c ? "," : "", (long long)m.cities[c].id);
        bm_json_text(json, m.cities[c].name);
        strbuf_addf(json, ",\"is_self\":%s,\"demo\":%s,\"values\":[", m.cities[c].is_self ? "true" : "false",
                    m.cities[c].demo ? "true" : "false");
        for (size_t y = 0; y < n_years; y++) {
            if (y)
                strbuf_addch(json, ',');
            bm_json_opt(json, view_at(&m, 0, c, q->from + (int)y));
        }
        strbuf_addstr(json, "],\"growth\":[");
        for (size_t y = 0; y < n_years; y++) {
            int year = q->from + (int)y;
            struct bm_opt prev = view_at(&m, 0, c, year - 1), cur = view_at(&m, 0, c, year);
            struct bm_fig g = bm_growth(prev, cur);
            strbuf_reset(&scratch);
            if (g.status == BM_OK) { /* appended, not formatted: one for every city and year */
                char p[DEC_TEXT_MAX], v[DEC_TEXT_MAX], r[32];
                size_t n_p = (size_t)dec_format(prev.v, p);
                bm_format_percent(r, sizeof(r), g);
                strbuf_addch(&scratch, '(');
                strbuf_add(&scratch, v, (size_t)dec_format(cur.v, v));
                strbuf_addstr(&scratch, " − ");
                strbuf_add(&scratch, p, n_p);
                strbuf_addstr(&scratch, ") / ");
                strbuf_add(&scratch, p, n_p);
                strbuf_addstr(&scratch, " = ");
                strbuf_addstr(&scratch, r);
            } else if (!prev.has || !cur.has) {
                strbuf_addf(&scratch, "%d 年无数据 / no value for %d", prev.has ? year : year - 1,
                            prev.has ? year : year - 1);
            } else {
                strbuf_addf(&scratch, "%d 年数值不为正，不计增速 / the value of %d is not positive", year - 1,
                            year - 1);
            }
            if (y)
                strbuf_addch(json, ',');
            bm_json_fig(json, g, scratch.failed ? "" : scratch.buf);
        }
        strbuf_addstr(json, "]}");
    }
    strbuf_release(&scratch);
    strbuf_addstr(json, "]}");
    if (!table)
        return 0;

    const char **heads = arena_alloc(a, (n_years + 2) * sizeof(*heads));
    if (!heads)
        return view_no_memory(e);
    heads[0] = "城市";
    for (size_t y = 0; y < n_years; y++)
        if (!(heads[y + 1] = period_label(a, q->from + (int)y, q->quarter)))
            return view_no_memory(e);
    char note[160];
    snprintf(note, sizeof(note), "%s，%d—%d 年；单位：%s", ind->name, q->from, q->to, ind->unit);
    if (bm_table_start(table, a, "对标趋势表", arena_strndup(a, note, strlen(note)), heads, n_years + 1, n) !=
        0)
        return view_no_memory(e);
    for (size_t c = 0; c < n; c++) {
        bm_table_text(table, c, 0, m.cities[c].name);
        for (size_t y = 0; y < n_years; y++)
            bm_table_number(table, c, y + 1, view_at(&m, 0, c, q->from + (int)y), ind->decimals);
        if ((long)c == self)
            table->highlight = (long)c;
    }
    return 0;
}
