/* The radar: many indicators at once for the chosen cities, each scored against the best of them (0–100). */
#include <stdio.h>
#include <string.h>

#include "base/decimal.h"
#include "http/benchmark_json.h"
#include "http/benchmark_views_internal.h"
#include "base/banned.h"

/* The best value of indicator i among the cities, by its direction (missing when none has one). */
static struct bm_opt best_of(const struct bm_matrix *m, size_t i, int year)
{
    struct bm_opt best = {0, false};
    for (size_t c = 0; c < m->n_cities; c++) {
        struct bm_opt v = view_at(m, i, c, year);
        bool better = m->indicators[i].direction == BM_HIGHER ? v.v > best.v : v.v < best.v;
        if (v.has && (!best.has || better))
            best = v;
    }
    return best;
}

static void explain_score(struct strbuf *sb, struct bm_opt v, struct bm_opt best, enum bm_direction d,
                          struct bm_fig score, int year)
{
    char a[DEC_TEXT_MAX], b[DEC_TEXT_MAX];
    if (!v.has) {
        strbuf_addf(sb, "%d 年无数据 / no value for %d", year, year);
        return;
    }
    if (score.status != BM_OK) {
        strbuf_addstr(sb, "数值不为正，不计得分 / a value is not positive");
        return;
    }
    /* appended, not formatted: a radar of every city has 90,000 of these */
    strbuf_addstr(sb, "100 × ");
    strbuf_add(sb, a, (size_t)dec_format(d == BM_HIGHER ? v.v : best.v, a));
    strbuf_addstr(sb, " / ");
    strbuf_add(sb, b, (size_t)dec_format(d == BM_HIGHER ? best.v : v.v, b));
    strbuf_addstr(sb, d == BM_HIGHER ? "（数值 / 最高值）" : "（最低值 / 数值）");
}

int view_radar(struct store *st, int64_t tenant, const struct bm_view_query *q, struct arena *a,
               struct strbuf *json, struct bm_table *table, struct error *e)
{
    struct bm_matrix m;
    long self;
    struct bm_view_query all = *q;
    if (!q->indicator_ids) { /* every indicator of the catalogue */
        struct bm_indicator *items;
        if (store_bm_indicators_list(st, tenant, a, &items, &all.n_indicators, e) != 0)
            return -1;
        if (!(all.indicator_ids = arena_alloc(a, (all.n_indicators + 1) * sizeof(*all.indicator_ids))))
            return view_no_memory(e);
        for (size_t i = 0; i < all.n_indicators; i++)
            all.indicator_ids[i] = items[i].id;
    }
    if (view_load(st, tenant, &all, q->year, q->year, a, &m, &self, e) != 0)
        return -1;
    size_t ni = m.n_indicators, n = m.n_cities;
    struct bm_opt *best = arena_alloc(a, (ni + 1) * sizeof(*best));
    struct bm_fig *scores = arena_alloc(a, (ni * n + 1) * sizeof(*scores));
    if (!best || !scores)
        return view_no_memory(e);
    for (size_t i = 0; i < ni; i++) {
        best[i] = best_of(&m, i, q->year);
        for (size_t c = 0; c < n; c++)
            scores[c * ni + i] =
                bm_radar_score(view_at(&m, i, c, q->year), best[i], m.indicators[i].direction);
    }
    strbuf_addf(json, "{\"year\":%d,\"quarter\":%d,\"indicators\":[", q->year, q->quarter);
    for (size_t i = 0; i < ni; i++) {
        if (i)
            strbuf_addch(json, ',');
        bm_json_indicator(json, &m.indicators[i]);
    }
    strbuf_addstr(json, "],\"items\":[");
    struct strbuf scratch = STRBUF_INIT;
    for (size_t c = 0; c < n; c++) {
        strbuf_addf(json, "%s{\"city_id\":%lld,\"name\":", c ? "," : "", (long long)m.cities[c].id);
        bm_json_text(json, m.cities[c].name);
        strbuf_addf(json, ",\"is_self\":%s,\"demo\":%s,\"scores\":[", m.cities[c].is_self ? "true" : "false",
                    m.cities[c].demo ? "true" : "false");
        for (size_t i = 0; i < ni; i++) {
            strbuf_reset(&scratch);
            explain_score(&scratch, view_at(&m, i, c, q->year), best[i], m.indicators[i].direction,
                          scores[c * ni + i], q->year);
            if (i)
                strbuf_addch(json, ',');
            bm_json_fig(json, scores[c * ni + i], scratch.failed ? "" : scratch.buf);
        }
        strbuf_addstr(json, "],\"values\":[");
        for (size_t i = 0; i < ni; i++) {
            if (i)
                strbuf_addch(json, ',');
            bm_json_opt(json, view_at(&m, i, c, q->year));
        }
        strbuf_addstr(json, "]}");
    }
    strbuf_release(&scratch);
    strbuf_addstr(json, "]}");
    if (!table)
        return 0;

    /* a row per city: its score on each indicator */
    const char **heads = arena_alloc(a, (ni + 2) * sizeof(*heads));
    if (!heads)
        return view_no_memory(e);
    heads[0] = "城市";
    for (size_t i = 0; i < ni; i++)
        heads[i + 1] = m.indicators[i].name;
    char note[120];
    snprintf(note, sizeof(note), "%d 年，各指标得分 = 100 × 数值 / 最高值（越低越好者：最低值 / 数值）",
             q->year);
    if (bm_table_start(table, a, "对标雷达得分表", arena_strndup(a, note, strlen(note)), heads, ni + 1, n) !=
        0)
        return view_no_memory(e);
    for (size_t c = 0; c < n; c++) {
        bm_table_text(table, c, 0, m.cities[c].name);
        for (size_t i = 0; i < ni; i++)
            bm_table_fig(table, c, i + 1, scores[c * ni + i], false, 2);
        if ((long)c == self)
            table->highlight = (long)c;
    }
    return 0;
}
