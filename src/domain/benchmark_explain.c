/*
 * How each figure of a comparison table and the projection were computed, with their numbers; see
 * benchmark.h. A figure with a value shows its formula in Chinese ("(1300 − 1200) / 1200 =
 * 8.33%"); one without gives the reason in Chinese, " / ", then English, naming the years it
 * lacks. The values shown are the row's own, so the text and the table cannot disagree.
 */
#include <stdio.h>

#include "domain/benchmark_impl.h"
#include "base/banned.h"

/* ---- pieces ---- */

void bm_add_dec(struct strbuf *sb, int64_t v)
{
    char buf[DEC_TEXT_MAX];
    strbuf_add(sb, buf, (size_t)dec_format(v, buf));
}

void bm_add_operand(struct strbuf *sb, int64_t v)
{
    if (v < 0)
        strbuf_addch(sb, '(');
    bm_add_dec(sb, v);
    if (v < 0)
        strbuf_addch(sb, ')');
}

void bm_add_pct(struct strbuf *sb, int64_t rate)
{
    char buf[DEC_TEXT_MAX];
    strbuf_add(sb, buf, (size_t)points_format((int64_t)dec_div_round(rate, DEC_SCALE / 10000), buf));
    strbuf_addch(sb, '%');
}

void bm_add_reason(struct strbuf *sb, enum bm_status s)
{
    switch (s) {
    case BM_MISSING:
        strbuf_addstr(sb, "缺少数据 / a value is missing");
        break;
    case BM_ZERO_BASE:
        strbuf_addstr(sb, "除数为 0 / it divides by 0");
        break;
    case BM_NEGATIVE:
        strbuf_addstr(sb, "所需的值须大于 0 / a value it needs must be above 0");
        break;
    case BM_NOT_APPLICABLE:
        strbuf_addstr(sb, "不适用 / not applicable");
        break;
    case BM_OUT_OF_RANGE:
        strbuf_addstr(
            sb, "结果超出范围（绝对值至多 10^12） / the result is out of range (at most 10^12 either way)");
        break;
    case BM_OK:
    case BM_STATUS_COUNT:
        break;
    }
}

static int finish(struct strbuf *sb)
{
    return sb->failed ? -1 : 0;
}

/* "2019、2020 年无数据 / no value for 2019, 2020", for the years among the two whose value is missing. */
static void add_missing(struct strbuf *sb, int year_a, bool has_a, int year_b, bool has_b)
{
    if (!has_a && !has_b) {
        strbuf_addf(sb, "%d、%d 年无数据 / no value for %d, %d", year_a, year_b, year_a, year_b);
        return;
    }
    int y = has_a ? year_b : year_a;
    strbuf_addf(sb, "%d 年无数据 / no value for %d", y, y);
}

/* Why a value cannot serve as a base: "2019 年的值为 0…" or "…为负（-5）…". */
static void add_bad_base(struct strbuf *sb, const char *zh_whose, const char *en_whose, int64_t v,
                         const char *zh_what, const char *en_what)
{
    char t[DEC_TEXT_MAX];
    dec_format(v, t);
    if (v == 0)
        strbuf_addf(sb, "%s的值为 0，%s / %s value is 0: %s", zh_whose, zh_what, en_whose, en_what);
    else
        strbuf_addf(sb, "%s的值为负（%s），%s / %s value is negative (%s): %s", zh_whose, t, zh_what,
                    en_whose, t, en_what);
}

static void add_year_base(struct strbuf *sb, int year, int64_t v, const char *zh_what, const char *en_what)
{
    char zh[32], en[32];
    snprintf(zh, sizeof(zh), "%d 年", year);
    snprintf(en, sizeof(en), "%d's", year);
    add_bad_base(sb, zh, en, v, zh_what, en_what);
}

/* ---- figures ---- */

static struct bm_opt opt_at(const struct bm_opt *a, size_t k)
{
    return a ? a[k] : (struct bm_opt){0, false};
}

static void explain_rank(struct strbuf *sb, const struct bm_compare_in *in, const struct bm_compare_row *row)
{
    strbuf_addf(sb, "第 %d 名 / %zu（", row->rank, row->ranked);
    if (row->tied > 1)
        strbuf_addf(sb, "%zu 个并列，", row->tied);
    strbuf_addstr(sb, in->direction == BM_LOWER ? "越低越好）" : "越高越好）");
}

/* A gap to `better` (the first or the one above): "1500 − 1300 = 200；200 / 1500 = 13.33%". */
static void explain_gap(struct strbuf *sb, const struct bm_compare_in *in, long better, struct bm_fig abs,
                        struct bm_fig pct, size_t i, bool first)
{
    if (abs.status != BM_OK) {
        if (abs.status == BM_NOT_APPLICABLE)
            strbuf_addstr(sb, "已是第一名，上面没有 / already first: no one above");
        else
            bm_add_reason(sb, abs.status);
        return;
    }
    int64_t b = in->value[better].v, v = in->value[i].v;
    bool lower = in->direction == BM_LOWER;
    bm_add_operand(sb, lower ? v : b);
    strbuf_addstr(sb, " − ");
    bm_add_operand(sb, lower ? b : v);
    strbuf_addstr(sb, " = ");
    bm_add_dec(sb, abs.v);
    strbuf_addstr(sb, "；");
    if (pct.status == BM_OK) {
        bm_add_dec(sb, abs.v);
        strbuf_addstr(sb, " / ");
        bm_add_dec(sb, b);
        strbuf_addstr(sb, " = ");
        bm_add_pct(sb, pct.v);
    } else if (pct.status == BM_ZERO_BASE || pct.status == BM_NEGATIVE) {
        add_bad_base(sb, first ? "第一名" : "上一名", first ? "the first's" : "the one above's", b,
                     "不能算百分比", "no percentage");
    } else {
        bm_add_reason(sb, pct.status);
    }
}

static void explain_change(struct strbuf *sb, struct bm_opt prev, struct bm_opt cur, struct bm_fig change)
{
    bm_add_operand(sb, cur.v);
    strbuf_addstr(sb, " − ");
    bm_add_operand(sb, prev.v);
    strbuf_addstr(sb, " = ");
    bm_add_dec(sb, change.v);
}

/* "(1300 − 1200) / 1200 = 8.33%". */
static void add_growth_formula(struct strbuf *sb, struct bm_opt prev, struct bm_opt cur, int64_t rate)
{
    strbuf_addch(sb, '(');
    bm_add_operand(sb, cur.v);
    strbuf_addstr(sb, " − ");
    bm_add_operand(sb, prev.v);
    strbuf_addstr(sb, ") / ");
    bm_add_dec(sb, prev.v);
    strbuf_addstr(sb, " = ");
    bm_add_pct(sb, rate);
}

static void explain_cagr(struct strbuf *sb, struct bm_opt start, struct bm_opt end, int years, int year,
                         struct bm_fig cagr)
{
    strbuf_addf(sb, "%d 至 %d 年：", year - years, year);
    if (years == 1) {
        add_growth_formula(sb, start, end, cagr.v);
        return;
    }
    strbuf_addch(sb, '(');
    bm_add_dec(sb, end.v);
    strbuf_addstr(sb, " / ");
    bm_add_dec(sb, start.v);
    strbuf_addf(sb, ")^(1/%d) − 1 = ", years);
    bm_add_pct(sb, cagr.v);
}

static void explain_share(struct strbuf *sb, const struct bm_compare_in *in, size_t i, struct bm_fig share,
                          struct bm_fig total)
{
    switch (share.status) {
    case BM_OK:
        bm_add_dec(sb, in->value[i].v);
        strbuf_addstr(sb, " / ");
        if (total.status == BM_OK)
            bm_add_dec(sb, total.v);
        else
            strbuf_addstr(sb, "合计");
        strbuf_addstr(sb, " = ");
        bm_add_pct(sb, share.v);
        return;
    case BM_NOT_APPLICABLE:
        strbuf_addstr(sb, "比率类指标不计算占合计的比重 / a ratio indicator has no share of a total");
        return;
    case BM_NEGATIVE:
        strbuf_addstr(sb, "有城市的值为负，不计算占比 / a value is negative: no shares");
        return;
    case BM_ZERO_BASE:
        strbuf_addstr(sb, "合计为 0 / the total is 0");
        return;
    default:
        bm_add_reason(sb, share.status);
    }
}

/* The reason a growth or a CAGR from `from` (in year `from_year`) to `to` has no value. */
static void explain_rate_error(struct strbuf *sb, struct bm_opt from, int from_year, struct bm_opt to,
                               int year, enum bm_status s, const char *zh_what, const char *en_what)
{
    if (s == BM_MISSING)
        add_missing(sb, from_year, from.has, year, to.has);
    else if (s == BM_ZERO_BASE || (s == BM_NEGATIVE && from.v <= 0))
        add_year_base(sb, from_year, from.v, zh_what, en_what);
    else if (s == BM_NEGATIVE)
        add_year_base(sb, year, to.v, zh_what, en_what);
    else if (s == BM_NOT_APPLICABLE)
        strbuf_addstr(sb, "年数须至少为 1 / it needs at least 1 year");
    else
        bm_add_reason(sb, s);
}

int bm_explain(const struct bm_compare_in *in, const struct bm_compare_row *rows, size_t i, enum bm_figure f,
               int year, struct strbuf *sb)
{
    if (i >= in->n || (unsigned)f >= BM_FIG_COUNT)
        return -1;
    const struct bm_compare_row *row = &rows[i];
    struct bm_opt v = in->value[i], prev = opt_at(in->previous, i), start = opt_at(in->start, i);
    bool needs_value_only =
        f == BM_FIG_RANK || f == BM_FIG_GAP_FIRST || f == BM_FIG_GAP_ABOVE || f == BM_FIG_SHARE;
    if (needs_value_only && !v.has && !(f == BM_FIG_SHARE && in->kind == BM_RATIO)) {
        add_missing(sb, year, true, year, false);
        return finish(sb);
    }
    switch (f) {
    case BM_FIG_RANK:
        explain_rank(sb, in, row);
        break;
    case BM_FIG_GAP_FIRST:
        explain_gap(sb, in, row->first, row->gap_first, row->gap_first_pct, i, true);
        break;
    case BM_FIG_GAP_ABOVE:
        explain_gap(sb, in, row->above, row->gap_above, row->gap_above_pct, i, false);
        break;
    case BM_FIG_CHANGE:
        if (row->change.status == BM_OK)
            explain_change(sb, prev, v, row->change);
        else
            explain_rate_error(sb, prev, year - 1, v, year, row->change.status, "", "");
        break;
    case BM_FIG_GROWTH:
        if (row->growth.status == BM_OK)
            add_growth_formula(sb, prev, v, row->growth.v);
        else
            explain_rate_error(sb, prev, year - 1, v, year, row->growth.status, "不能算增长率",
                               "no growth rate");
        break;
    case BM_FIG_CAGR:
        if (row->cagr.status == BM_OK)
            explain_cagr(sb, start, v, in->cagr_years, year, row->cagr);
        else
            explain_rate_error(sb, start, year - in->cagr_years, v, year, row->cagr.status,
                               "不能算年均增长率", "no compound annual growth rate");
        break;
    case BM_FIG_SHARE:
        explain_share(sb, in, i, row->share, row->total);
        break;
    case BM_FIG_COUNT:
        break;
    }
    return finish(sb);
}

/* ---- the projection ---- */

/* "1200 × (1 + 8.00%)^t", "(1 − 2.00%)" for a falling value. */
static void add_path(struct strbuf *sb, int64_t value, int64_t rate)
{
    bm_add_dec(sb, value);
    strbuf_addstr(sb, rate < 0 ? " × (1 − " : " × (1 + ");
    bm_add_pct(sb, rate < 0 ? -rate : rate);
    strbuf_addstr(sb, ")^t");
}

int bm_explain_projection(const struct bm_projection_in *in, const struct bm_projection *p, struct strbuf *sb)
{
    bool lower = in->direction == BM_LOWER;
    const char *better = lower ? " < " : " > ";
    if (p->status == BM_NEGATIVE) {
        strbuf_addstr(sb,
                      "基年的值须大于 0，增速须大于 -100% / the base year's values must be above 0 and the "
                      "rates above -100%");
        return finish(sb);
    }
    if (p->status == BM_NOT_APPLICABLE) {
        strbuf_addf(sb, "展望年数须在 1 到 %d 之间 / the horizon must be 1 to %d years",
                    BM_PROJECTION_YEARS_MAX, BM_PROJECTION_YEARS_MAX);
        return finish(sb);
    }
    switch (p->pass) {
    case BM_PASS_AHEAD:
        strbuf_addf(sb, "%d 年 ", in->base_year);
        bm_add_dec(sb, in->self);
        strbuf_addstr(sb, better);
        bm_add_dec(sb, in->peer);
        strbuf_addstr(sb, "，已领先");
        break;
    case BM_PASS_NEVER:
        strbuf_addstr(sb, "增速 ");
        bm_add_pct(sb, in->self_rate);
        strbuf_addstr(sb, lower ? " 不低于对方的 " : " 不高于对方的 ");
        bm_add_pct(sb, in->peer_rate);
        strbuf_addstr(sb, "，按当前增速不能超越 / at current rates it never passes: ");
        bm_add_pct(sb, in->self_rate);
        strbuf_addstr(sb, " does not beat ");
        bm_add_pct(sb, in->peer_rate);
        break;
    case BM_PASS_YEAR:
    case BM_PASS_BEYOND:
        add_path(sb, in->self, in->self_rate);
        strbuf_addstr(sb, better);
        add_path(sb, in->peer, in->peer_rate);
        if (p->year == 0) {
            strbuf_addf(sb, "：t > %d，超过 %d 年", BM_PROJECTION_YEARS_MAX, BM_PROJECTION_YEARS_MAX);
            break;
        }
        strbuf_addf(sb, "：t = %d，%d 年", p->year - in->base_year, p->year);
        if (p->pass == BM_PASS_BEYOND)
            strbuf_addf(sb, "，超出 %d 年的展望期", in->horizon);
        break;
    }
    return finish(sb);
}
