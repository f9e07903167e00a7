/*
 * The catch-up projection: this city and each peer go on at their own CAGR over the last n years;
 * the year this city passes the peer (or not at current rates), and the rate it needs to pass it by a chosen
 * year.
 */
#include <stdio.h>
#include <string.h>

#include "base/decimal.h"
#include "http/benchmark_json.h"
#include "http/benchmark_views_internal.h"
#include "base/banned.h"

static const char *const headers[] = {
    "对标城市", "数值",         "年均增速（%）",      "本市赶超情况",          "赶超年份",
    "届时本市", "届时对标城市", "目标年对标城市预计", "本市所需年均增速（%）", "测算说明"};
#define N_COLUMNS (sizeof(headers) / sizeof(headers[0]))

static void explain_cagr(struct strbuf *sb, struct bm_opt start, struct bm_opt end, struct bm_fig cagr,
                         int year, int years)
{
    char a[DEC_TEXT_MAX], b[DEC_TEXT_MAX];
    if (cagr.status == BM_OK) {
        char r[32];
        dec_format(end.v, a);
        dec_format(start.v, b);
        bm_format_percent(r, sizeof(r), cagr);
        strbuf_addf(sb, "(%s / %s)^(1/%d) − 1 = %s", a, b, years, r);
    } else if (!end.has || !start.has) {
        int missing = end.has ? year - years : year;
        strbuf_addf(sb, "%d 年无数据 / no value for %d", missing, missing);
    } else {
        strbuf_addf(sb, "%d 年或 %d 年数值不为正，不计年均增速 / a value is not positive", year - years,
                    year);
    }
}

static const char *pass_label(const struct bm_projection *p)
{
    if (p->status != BM_OK)
        return "无法测算";
    switch (p->pass) {
    case BM_PASS_AHEAD:
        return "已领先";
    case BM_PASS_YEAR:
        return "按当前增速可赶超";
    case BM_PASS_BEYOND:
        return "测算期内无法赶超";
    case BM_PASS_NEVER:
        break;
    }
    return "按当前增速无法赶超";
}

int view_projection(struct store *st, int64_t tenant, const struct bm_view_query *q, struct arena *a,
                    struct strbuf *json, struct bm_table *table, struct error *e)
{
    struct bm_matrix m;
    long self;
    int year = q->year, n_years = q->cagr_years;
    if (view_load(st, tenant, q, year - n_years, year, a, &m, &self, e) != 0)
        return -1;
    if (self < 0)
        return error_set(e, ERR_INVALID_STATE, "cities", "尚未设定本市（对标城市中 is_self 的一个）",
                         "no city is marked as this city (is_self)");
    const struct bm_indicator *ind = &m.indicators[0];
    size_t n = m.n_cities;
    struct bm_opt self_v = view_at(&m, 0, (size_t)self, year),
                  self_s = view_at(&m, 0, (size_t)self, year - n_years);
    struct bm_fig self_rate = bm_cagr(self_s, self_v, n_years);
    struct strbuf scratch = STRBUF_INIT;
    strbuf_addstr(json, "{\"indicator\":");
    bm_json_indicator(json, ind);
    strbuf_addf(json, ",\"year\":%d,\"quarter\":%d,\"cagr_years\":%d,\"horizon\":%d,\"by\":", year,
                q->quarter, n_years, q->horizon);
    if (q->by)
        strbuf_addf(json, "%d", q->by);
    else
        strbuf_addstr(json, "null");
    strbuf_addf(json, ",\"self\":{\"city_id\":%lld,\"name\":", (long long)m.cities[self].id);
    bm_json_text(json, m.cities[self].name);
    strbuf_addstr(json, ",\"value\":");
    bm_json_opt(json, self_v);
    explain_cagr(&scratch, self_s, self_v, self_rate, year, n_years);
    strbuf_addstr(json, ",\"cagr\":");
    bm_json_fig(json, self_rate, scratch.failed ? "" : scratch.buf);
    strbuf_addstr(json, "},\"items\":[");
    if (table && bm_table_start(table, a, "对标赶超测算表", NULL, headers, N_COLUMNS, n - 1) != 0) {
        strbuf_release(&scratch);
        return view_no_memory(e);
    }
    size_t row = 0;
    for (size_t c = 0; c < n; c++) {
        if ((long)c == self)
            continue;
        struct bm_opt v = view_at(&m, 0, c, year), s = view_at(&m, 0, c, year - n_years);
        struct bm_fig rate = bm_cagr(s, v, n_years);
        struct bm_projection p = {.pass = BM_PASS_NEVER, .status = BM_MISSING};
        struct bm_projection_in in = {.direction = ind->direction,
                                      .base_year = year,
                                      .self = self_v.v,
                                      .peer = v.v,
                                      .self_rate = self_rate.v,
                                      .peer_rate = rate.v,
                                      .horizon = q->horizon};
        strbuf_reset(&scratch);
        if (!self_v.has || !v.has) {
            strbuf_addf(&scratch, "%s%d 年无数据 / no value for %d", self_v.has ? m.cities[c].name : "本市",
                        year, year);
        } else if (self_rate.status != BM_OK || rate.status != BM_OK) {
            p.status = self_rate.status != BM_OK ? self_rate.status : rate.status;
            explain_cagr(&scratch, self_rate.status != BM_OK ? self_s : s,
                         self_rate.status != BM_OK ? self_v : v, self_rate.status != BM_OK ? self_rate : rate,
                         year, n_years);
        } else {
            p = bm_project(&in);
            bm_explain_projection(&in, &p, &scratch);
        }
        struct bm_fig at_by = {0, BM_NOT_APPLICABLE}, needed = {0, BM_NOT_APPLICABLE};
        if (q->by && v.has && rate.status == BM_OK) {
            at_by = bm_projected(v.v, rate.v, q->by - year);
            needed = self_v.has && at_by.status == BM_OK ? bm_required_rate(self_v.v, at_by.v, q->by - year)
                                                         : (struct bm_fig){0, BM_MISSING};
        }
        strbuf_addf(json, "%s{\"city_id\":%lld,\"name\":", row ? "," : "", (long long)m.cities[c].id);
        bm_json_text(json, m.cities[c].name);
        strbuf_addf(json, ",\"demo\":%s,\"value\":", m.cities[c].demo ? "true" : "false");
        bm_json_opt(json, v);
        const char *formula = arena_text(a, &scratch);
        strbuf_reset(&scratch);
        explain_cagr(&scratch, s, v, rate, year, n_years);
        strbuf_addstr(json, ",\"cagr\":");
        bm_json_fig(json, rate, scratch.failed ? "" : scratch.buf);
        bool passes = p.status == BM_OK && p.pass == BM_PASS_YEAR;
        strbuf_addf(json, ",\"pass\":\"%s\",\"status\":\"%s\",\"pass_year\":", bm_pass_name(p.pass),
                    bm_status_name(p.status));
        if (p.status == BM_OK && (p.pass == BM_PASS_YEAR || p.pass == BM_PASS_BEYOND))
            strbuf_addf(json, "%d", p.year);
        else
            strbuf_addstr(json, "null");
        strbuf_addstr(json, ",\"self_then\":");
        bm_json_opt(json, (struct bm_opt){p.self_then, passes});
        strbuf_addstr(json, ",\"peer_then\":");
        bm_json_opt(json, (struct bm_opt){p.peer_then, passes});
        strbuf_addstr(json, ",\"formula\":");
        bm_json_text(json, formula);
        strbuf_reset(&scratch);
        if (at_by.status == BM_OK) {
            char pv[DEC_TEXT_MAX], t[DEC_TEXT_MAX], r[32];
            dec_format(v.v, pv);
            dec_format(at_by.v, t);
            bm_format_percent(r, sizeof(r), rate);
            strbuf_addf(&scratch, "%s × (1 + %s)^%d = %s", pv, r, q->by - year, t);
        }
        strbuf_addstr(json, ",\"peer_at_by\":");
        bm_json_fig(json, at_by, scratch.failed ? "" : scratch.buf);
        strbuf_reset(&scratch);
        if (needed.status == BM_OK) {
            char t[DEC_TEXT_MAX], sv[DEC_TEXT_MAX], r[32];
            dec_format(at_by.v, t);
            dec_format(self_v.v, sv);
            bm_format_percent(r, sizeof(r), needed);
            strbuf_addf(&scratch, "(%s / %s)^(1/%d) − 1 = %s（%s）", t, sv, q->by - year, r,
                        ind->direction == BM_HIGHER ? "增速须高于此" : "增速须低于此");
        }
        strbuf_addstr(json, ",\"required_rate\":");
        bm_json_fig(json, needed, scratch.failed ? "" : scratch.buf);
        strbuf_addch(json, '}');
        if (table) {
            bm_table_text(table, row, 0, m.cities[c].name);
            bm_table_number(table, row, 1, v, ind->decimals);
            bm_table_fig(table, row, 2, rate, true, 2);
            bm_table_text(table, row, 3, pass_label(&p));
            bm_table_number(table, row, 4,
                            (struct bm_opt){(int64_t)p.year * DEC_SCALE, p.status == BM_OK &&
                                                                             p.pass != BM_PASS_AHEAD &&
                                                                             p.pass != BM_PASS_NEVER},
                            0);
            bm_table_number(table, row, 5, (struct bm_opt){p.self_then, passes}, ind->decimals);
            bm_table_number(table, row, 6, (struct bm_opt){p.peer_then, passes}, ind->decimals);
            bm_table_fig(table, row, 7, at_by, false, ind->decimals);
            bm_table_fig(table, row, 8, needed, true, 2);
            bm_table_text(table, row, 9, formula);
        }
        row++;
    }
    strbuf_release(&scratch);
    strbuf_addstr(json, "]}");
    if (table) {
        char note[200];
        snprintf(note, sizeof(note), "%s，以 %d 年为基年，各市按近 %d 年年均增速测算%s", ind->name, year,
                 n_years, q->by ? "；所需增速为到目标年超过对标城市" : "");
        table->note = arena_strndup(a, note, strlen(note));
    }
    return 0;
}
