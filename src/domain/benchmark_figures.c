/*
 * The figures of a comparison table: ranks, gaps, change, growth, CAGR, shares, and the radar's
 * score; see benchmark.h and docs/benchmarking.md. Every figure but the CAGR is one exact
 * quotient of 128-bit integers rounded once; the CAGR's root is taken in double. The present
 * values are sorted once (by value, then position), so that the rank, the first and the one just
 * above of every city are binary searches.
 */
#include <math.h>
#include <stdlib.h>

#include "domain/benchmark_impl.h"
#include "base/banned.h"

struct bm_fig bm_quotient(dec_wide num, dec_wide den)
{
    dec_wide q = dec_div_round(num, den);
    if (q > DEC_MAX || q < -DEC_MAX)
        return bm_fig_none(BM_OUT_OF_RANGE);
    return bm_fig_ok((int64_t)q);
}

struct bm_fig bm_from_double(double raw)
{
    if (!(raw >= -(double)DEC_MAX && raw <= (double)DEC_MAX)) /* also NaN */
        return bm_fig_none(BM_OUT_OF_RANGE);
    return bm_fig_ok((int64_t)round(raw));
}

double bm_growth_factor(int64_t rate)
{
    return 1.0 + (double)rate / DEC_SCALE;
}

/* ---- growth and CAGR ---- */

/* Why a value cannot be divided by: 0 or negative. */
static enum bm_status base_status(int64_t v)
{
    return v == 0 ? BM_ZERO_BASE : v < 0 ? BM_NEGATIVE : BM_OK;
}

struct bm_fig bm_growth(struct bm_opt prev, struct bm_opt cur)
{
    if (!prev.has || !cur.has)
        return bm_fig_none(BM_MISSING);
    enum bm_status s = base_status(prev.v);
    if (s != BM_OK)
        return bm_fig_none(s);
    return bm_quotient(((dec_wide)cur.v - prev.v) * BM_S, prev.v);
}

struct bm_fig bm_cagr(struct bm_opt start, struct bm_opt end, int years)
{
    if (years < 1)
        return bm_fig_none(BM_NOT_APPLICABLE);
    if (!start.has || !end.has)
        return bm_fig_none(BM_MISSING);
    enum bm_status s = base_status(start.v);
    if (s != BM_OK)
        return bm_fig_none(s);
    if (end.v < 0)
        return bm_fig_none(BM_NEGATIVE);
    if (end.v == 0)
        return bm_fig_ok(-DEC_SCALE);
    if (years == 1) /* the root is the identity: the growth, exactly */
        return bm_growth(start, end);
    double ratio = (double)end.v / (double)start.v;
    return bm_from_double((pow(ratio, 1.0 / years) - 1.0) * DEC_SCALE);
}

struct bm_fig bm_radar_score(struct bm_opt v, struct bm_opt best, enum bm_direction d)
{
    if (!v.has || !best.has)
        return bm_fig_none(BM_MISSING);
    if (v.v < 0 || best.v < 0)
        return bm_fig_none(BM_NEGATIVE);
    if (v.v == 0 || best.v == 0)
        return bm_fig_none(BM_ZERO_BASE);
    int64_t num = d == BM_LOWER ? best.v : v.v, den = d == BM_LOWER ? v.v : best.v;
    return bm_quotient((dec_wide)100 * num * BM_S, den);
}

/* ---- ranks ---- */

struct entry {
    int64_t v;
    size_t pos;
};

static int compare_entries(const void *pa, const void *pb)
{
    const struct entry *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* The present values sorted by value, then position (*m of them); NULL when out of memory. Caller frees. */
static struct entry *sort_present(const struct bm_opt *values, size_t n, size_t *m)
{
    struct entry *e = malloc((n ? n : 1) * sizeof(*e));
    if (!e)
        return NULL;
    *m = 0;
    for (size_t k = 0; k < n; k++)
        if (values[k].has)
            e[(*m)++] = (struct entry){values[k].v, k};
    qsort(e, *m, sizeof(*e), compare_entries);
    return e;
}

/* The first place whose value is ≥ v (after_equal: > v). */
static size_t search(const struct entry *e, size_t m, int64_t v, bool after_equal)
{
    size_t lo = 0, hi = m;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e[mid].v < v || (after_equal && e[mid].v == v))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* How many present values are strictly better than v. */
static size_t count_better(const struct entry *e, size_t m, int64_t v, enum bm_direction d)
{
    return d == BM_LOWER ? search(e, m, v, false) : m - search(e, m, v, true);
}

long bm_rank(const struct bm_opt *values, size_t n, enum bm_direction d, int *rank)
{
    size_t m;
    struct entry *e = sort_present(values, n, &m);
    if (!e)
        return -1;
    for (size_t k = 0; k < n; k++)
        rank[k] = values[k].has ? (int)count_better(e, m, values[k].v, d) + 1 : 0;
    free(e);
    return (long)m;
}

/* ---- the comparison table ---- */

static struct bm_opt opt_at(const struct bm_opt *a, size_t k)
{
    return a ? a[k] : (struct bm_opt){0, false};
}

/*
 * The position (the earliest of its equals) of the value ranked just better than v, or -1 when v
 * is the best.
 */
static long position_above(const struct entry *e, size_t m, int64_t v, enum bm_direction d)
{
    if (d == BM_LOWER) {
        size_t k = search(e, m, v, false);
        return k == 0 ? -1 : (long)e[search(e, m, e[k - 1].v, false)].pos;
    }
    size_t k = search(e, m, v, true);
    return k == m ? -1 : (long)e[k].pos;
}

/* How far behind `better` v is (≥ 0), and that as a share of `better`'s value. */
static void gap(int64_t better, int64_t v, enum bm_direction d, struct bm_fig *abs, struct bm_fig *pct)
{
    dec_wide g = d == BM_LOWER ? (dec_wide)v - better : (dec_wide)better - v;
    *abs = g > DEC_MAX ? bm_fig_none(BM_OUT_OF_RANGE) : bm_fig_ok((int64_t)g);
    enum bm_status s = base_status(better);
    *pct = s != BM_OK ? bm_fig_none(s) : bm_quotient(g * BM_S, better);
}

struct bm_fig bm_total(const struct bm_compare_in *in, dec_wide *sum, bool *negative)
{
    size_t present = 0;
    *sum = 0;
    *negative = false;
    for (size_t k = 0; k < in->n; k++) {
        if (!in->value[k].has)
            continue;
        present++;
        *sum += in->value[k].v;
        *negative |= in->value[k].v < 0;
    }
    if (in->kind == BM_RATIO)
        return bm_fig_none(BM_NOT_APPLICABLE);
    if (present == 0)
        return bm_fig_none(BM_MISSING);
    if (*sum > DEC_MAX || *sum < -DEC_MAX)
        return bm_fig_none(BM_OUT_OF_RANGE);
    return bm_fig_ok((int64_t)*sum);
}

static struct bm_fig share_of(const struct bm_compare_in *in, dec_wide sum, bool negative, struct bm_opt v)
{
    if (in->kind == BM_RATIO)
        return bm_fig_none(BM_NOT_APPLICABLE);
    if (!v.has)
        return bm_fig_none(BM_MISSING);
    if (negative)
        return bm_fig_none(BM_NEGATIVE);
    if (sum == 0)
        return bm_fig_none(BM_ZERO_BASE);
    return bm_quotient((dec_wide)v.v * BM_S, sum);
}

static struct bm_fig change_of(struct bm_opt prev, struct bm_opt cur)
{
    if (!prev.has || !cur.has)
        return bm_fig_none(BM_MISSING);
    dec_wide c = (dec_wide)cur.v - prev.v;
    return c > DEC_MAX || c < -DEC_MAX ? bm_fig_none(BM_OUT_OF_RANGE) : bm_fig_ok((int64_t)c);
}

int bm_compare(const struct bm_compare_in *in, struct bm_compare_row *out, size_t *ranked,
               struct bm_fig *total)
{
    size_t m;
    struct entry *e = sort_present(in->value, in->n, &m);
    if (!e)
        return -1;
    long first = -1;
    if (m > 0)
        first = (long)(in->direction == BM_LOWER ? e[0].pos : e[search(e, m, e[m - 1].v, false)].pos);
    dec_wide sum;
    bool negative;
    *total = bm_total(in, &sum, &negative);
    *ranked = m;
    for (size_t k = 0; k < in->n; k++) {
        struct bm_compare_row *r = &out[k];
        struct bm_opt v = in->value[k];
        r->first = first;
        r->above = -1;
        r->ranked = m;
        r->tied = v.has ? search(e, m, v.v, true) - search(e, m, v.v, false) : 0;
        r->total = *total;
        if (v.has) {
            r->rank = (int)count_better(e, m, v.v, in->direction) + 1;
            gap(in->value[first].v, v.v, in->direction, &r->gap_first, &r->gap_first_pct);
            r->above = position_above(e, m, v.v, in->direction);
            if (r->above >= 0) {
                gap(in->value[r->above].v, v.v, in->direction, &r->gap_above, &r->gap_above_pct);
            } else {
                r->gap_above = r->gap_above_pct = bm_fig_none(BM_NOT_APPLICABLE);
            }
        } else {
            r->rank = 0;
            r->gap_first = r->gap_first_pct = r->gap_above = r->gap_above_pct = bm_fig_none(BM_MISSING);
        }
        r->change = change_of(opt_at(in->previous, k), v);
        r->growth = bm_growth(opt_at(in->previous, k), v);
        r->cagr = bm_cagr(opt_at(in->start, k), v, in->cagr_years);
        r->share = share_of(in, sum, negative, v);
    }
    free(e);
    return 0;
}
