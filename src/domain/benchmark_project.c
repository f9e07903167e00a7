/*
 * The catch-up projection, the growth rate needed and a goal's status; see benchmark.h and
 * docs/benchmarking.md. The year of passing is found with logarithms in double, then checked
 * exactly: both sides of value × (1 + rate)^t are products of integers (decimals × 10^6), compared
 * as big integers, so a city that only draws level is never said to pass.
 */
#include <math.h>

#include "domain/benchmark_impl.h"
#include "base/banned.h"

__extension__ typedef unsigned __int128 u128;

/* ---- exact comparison of value × (10^6 + rate)^t ---- */

struct big {
    uint64_t limb[BM_PROJECTION_YEARS_MAX + 2]; /* one per factor, little-endian */
    size_t n;
};

static void big_power(struct big *b, uint64_t value, uint64_t factor, int t)
{
    b->limb[0] = value;
    b->n = 1;
    for (int k = 0; k < t; k++) {
        u128 carry = 0;
        for (size_t i = 0; i < b->n; i++) {
            u128 p = (u128)b->limb[i] * factor + carry;
            b->limb[i] = (uint64_t)p;
            carry = p >> 64;
        }
        if (carry)
            b->limb[b->n++] = (uint64_t)carry;
    }
}

static int big_compare(const struct big *a, const struct big *b)
{
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (size_t i = a->n; i-- > 0;)
        if (a->limb[i] != b->limb[i])
            return a->limb[i] < b->limb[i] ? -1 : 1;
    return 0;
}

/* Whether this city is strictly better than the peer t years after the base year (t ≤
 * BM_PROJECTION_YEARS_MAX). */
static bool better_at(const struct bm_projection_in *in, int t)
{
    struct big self, peer; /* 16 KiB at most */
    /* rate > −10^6, so 10^6 + rate is 1 to 2^63 + 10^6: a uint64_t, added without signed overflow */
    big_power(&self, (uint64_t)in->self, (uint64_t)DEC_SCALE + (uint64_t)in->self_rate, t);
    big_power(&peer, (uint64_t)in->peer, (uint64_t)DEC_SCALE + (uint64_t)in->peer_rate, t);
    int c = big_compare(&self, &peer);
    return in->direction == BM_LOWER ? c < 0 : c > 0;
}

/* ---- the projection ---- */

static struct bm_projection never(enum bm_status s)
{
    return (struct bm_projection){BM_PASS_NEVER, s, 0, 0, 0};
}

struct bm_projection bm_project(const struct bm_projection_in *in)
{
    if (in->horizon < 1 || in->horizon > BM_PROJECTION_YEARS_MAX)
        return never(BM_NOT_APPLICABLE);
    if (in->self <= 0 || in->peer <= 0 || in->self_rate <= -DEC_SCALE || in->peer_rate <= -DEC_SCALE)
        return never(BM_NEGATIVE);
    bool lower = in->direction == BM_LOWER;
    if (lower ? in->self < in->peer : in->self > in->peer)
        return (struct bm_projection){BM_PASS_AHEAD, BM_OK, in->base_year, in->self, in->peer};
    if (lower ? in->self_rate >= in->peer_rate : in->self_rate <= in->peer_rate)
        return never(BM_OK);

    /* x · g^t > 1 with x = self / peer ≤ 1 and g = (1 + rs) / (1 + rp) > 1 (swapped when lower is better). */
    double ln_x = log((double)in->self) - log((double)in->peer);
    double ln_g = log1p((double)in->self_rate / DEC_SCALE) - log1p((double)in->peer_rate / DEC_SCALE);
    if (lower) {
        ln_x = -ln_x;
        ln_g = -ln_g;
    }
    double estimate = floor(-ln_x / ln_g) + 1;
    if (isnan(estimate)) /* level (ln x = 0) with rates too close for double (ln g = 0): the check decides */
        estimate = 1;
    struct bm_projection p = {BM_PASS_BEYOND, BM_OK, 0, 0, 0};
    if (!(estimate <= BM_PROJECTION_YEARS_MAX + 1))
        return p; /* more than BM_PROJECTION_YEARS_MAX years ahead: year 0 */
    int t = estimate < 1 ? 1 : (int)estimate;
    while (t > 1 && better_at(in, t - 1))
        t--;
    while (t <= BM_PROJECTION_YEARS_MAX && !better_at(in, t))
        t++;
    if (t > BM_PROJECTION_YEARS_MAX)
        return p;
    p.year = in->base_year + t;
    if (t > in->horizon)
        return p;
    p.pass = BM_PASS_YEAR;
    struct bm_fig s = bm_projected(in->self, in->self_rate, t), q = bm_projected(in->peer, in->peer_rate, t);
    if (s.status != BM_OK || q.status != BM_OK)
        p.status = BM_OUT_OF_RANGE;
    else {
        p.self_then = s.v;
        p.peer_then = q.v;
    }
    return p;
}

/* ---- rates and projected values ---- */

struct bm_fig bm_projected(int64_t value, int64_t rate, int years)
{
    if (years < 0)
        return bm_fig_none(BM_NOT_APPLICABLE);
    if (rate <= -DEC_SCALE)
        return bm_fig_none(BM_NEGATIVE);
    if (years == 0)
        return bm_fig_ok(value);
    return bm_from_double((double)value * pow(bm_growth_factor(rate), years));
}

struct bm_fig bm_required_rate(int64_t self, int64_t target, int years)
{
    if (years < 1)
        return bm_fig_none(BM_NOT_APPLICABLE);
    if (self == 0)
        return bm_fig_none(BM_ZERO_BASE);
    if (self < 0 || target <= 0)
        return bm_fig_none(BM_NEGATIVE);
    return bm_cagr((struct bm_opt){self, true}, (struct bm_opt){target, true}, years);
}

/* ---- goals ---- */

static struct bm_goal_status goal(enum bm_goal_state state, enum bm_status s, struct bm_fig required)
{
    return (struct bm_goal_status){state, s, required};
}

/* Whether a beats b in the direction: strictly, or also when equal. */
static bool beats(int64_t a, int64_t b, enum bm_direction d, bool strict)
{
    if (a == b)
        return !strict;
    return d == BM_LOWER ? a < b : a > b;
}

struct bm_goal_status bm_goal_assess(const struct bm_goal_in *in)
{
    struct bm_fig required = bm_fig_none(BM_NOT_APPLICABLE);
    if (in->year < in->target_year)
        required = !in->value.has || !in->target.has
                       ? bm_fig_none(BM_MISSING)
                       : bm_required_rate(in->value.v, in->target.v, in->target_year - in->year);
    if (!in->value.has || !in->reference.has)
        return goal(BM_GOAL_UNKNOWN, BM_MISSING, required);
    if (beats(in->value.v, in->reference.v, in->direction, in->strict))
        return goal(BM_GOAL_ACHIEVED, BM_OK, required);
    if (in->year >= in->target_year)
        return goal(BM_GOAL_BEHIND, BM_OK, required);
    if (required.status != BM_OK)
        return goal(BM_GOAL_UNKNOWN, required.status, required);
    if (in->actual_rate.status != BM_OK)
        return goal(BM_GOAL_UNKNOWN, in->actual_rate.status, required);
    bool on_track = beats(in->actual_rate.v, required.v, in->direction, in->strict);
    return goal(on_track ? BM_GOAL_ON_TRACK : BM_GOAL_BEHIND, BM_OK, required);
}
