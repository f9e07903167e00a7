/*
 * Benchmarking against peer cities (对标赶超): ranks with ties, gaps to the first and to the one
 * just above, growth, compound annual growth (CAGR), shares of the group's total, radar scores,
 * the catch-up projection, a goal's status and its decomposition into units' targets. Pure:
 * plain numbers in, plain numbers out. Values and rates are decimals (base/decimal.h, × 10^6):
 * a rate of 0.085 is 8.5 %. Growth, gaps and shares are exact (128-bit integer division, rounded
 * once, half away from zero); a CAGR and a projection need an n-th root or a logarithm and are
 * computed in IEEE double, then rounded to the decimal, which is exact to the 0.0001 % shown.
 * A figure that cannot be computed says why (enum bm_status): a missing year is never taken as 0.
 * The rules are written out in docs/benchmarking.md exactly as implemented here.
 */
#ifndef DOMAIN_BENCHMARK_H
#define DOMAIN_BENCHMARK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"

enum bm_direction { BM_HIGHER, BM_LOWER }; /* higher (or lower) values are better */
enum bm_kind { BM_STOCK, BM_FLOW, BM_RATIO }; /* 存量 (at a moment), 流量 (over a period), 比率 (a ratio, per head, %) */

const char *bm_direction_name(enum bm_direction d); /* "higher", "lower" */
int bm_direction_parse(const char *s, enum bm_direction *out);
const char *bm_kind_name(enum bm_kind k); /* "stock", "flow", "ratio" */
int bm_kind_parse(const char *s, enum bm_kind *out);

/* Why a figure has no value. */
enum bm_status {
    BM_OK,
    BM_MISSING,        /* a value it needs is missing (the year is named in the explanation) */
    BM_ZERO_BASE,      /* it divides by a value that is 0 */
    BM_NEGATIVE,       /* a value it needs is negative (or, for a CAGR or projection, not positive) */
    BM_NOT_APPLICABLE, /* a share of a ratio indicator; a growth over 0 years */
    BM_OUT_OF_RANGE,   /* the result is beyond ±DEC_MAX */
    BM_STATUS_COUNT
};
const char *bm_status_name(enum bm_status s); /* "ok", "missing", "zero_base", "negative", "not_applicable", "out_of_range" */

/* A value that may be missing. */
struct bm_opt {
    int64_t v; /* decimal */
    bool has;
};

/* A figure: its value when status is BM_OK. */
struct bm_fig {
    int64_t v; /* decimal */
    enum bm_status status;
};

/*
 * Ranks n values by direction, ties sharing the best rank (1, 2, 2, 4); a missing value gets 0
 * and takes no place. Returns the number ranked, or -1 when out of memory.
 */
long bm_rank(const struct bm_opt *values, size_t n, enum bm_direction d, int *rank);

/* growth = (cur − prev) / prev: prev > 0 (0: ZERO_BASE; < 0: NEGATIVE); either missing: MISSING. */
struct bm_fig bm_growth(struct bm_opt prev, struct bm_opt cur);
/*
 * CAGR over years ≥ 1 years = (end / start)^(1 / years) − 1: start > 0 (0: ZERO_BASE, < 0:
 * NEGATIVE), end ≥ 0 (< 0: NEGATIVE; 0 gives −100 %); either missing: MISSING; years < 1: NOT_APPLICABLE.
 */
struct bm_fig bm_cagr(struct bm_opt start, struct bm_opt end, int years);

/* The inputs of a comparison table: n cities' values for one indicator (previous, start: NULL for all missing). */
struct bm_compare_in {
    enum bm_direction direction;
    enum bm_kind kind;
    size_t n;
    const struct bm_opt *value;    /* the year compared */
    const struct bm_opt *previous; /* the year before (growth) */
    const struct bm_opt *start;    /* cagr_years before (CAGR) */
    int cagr_years;                /* ≥ 1 */
};

/* One city's line of a comparison table. */
struct bm_compare_row {
    int rank;          /* 0: no value */
    /*
     * What the explanations of the rank and the share need, kept so that explaining every row is
     * linear: how many have a value, how many have this one's (itself included; 0 without one),
     * and the group's total (as bm_compare's).
     */
    size_t ranked, tied;
    struct bm_fig total;
    /*
     * The index of the first (of several tied first, the earliest; the same on every row, -1 when
     * no value is present) and of the one just above (the earliest of those with the next better
     * value; -1 for the first and for a row without value).
     */
    long first, above;
    /*
     * How far behind, ≥ 0: the first's value − this one's (higher is better) or this one's − the
     * first's (lower); 0 for the first. The percentage is of the first's (the above's) value, which
     * must be > 0. No value: MISSING; gap_above of the first: NOT_APPLICABLE.
     */
    struct bm_fig gap_first, gap_first_pct, gap_above, gap_above_pct;
    struct bm_fig change; /* value − previous (for a ratio: in its own unit, e.g. percentage points) */
    struct bm_fig growth, cagr;
    struct bm_fig share;  /* value / the total of the values present; a ratio indicator: NOT_APPLICABLE; one value negative: NEGATIVE for all */
};

/*
 * Fills out[0 .. n − 1]; *ranked: how many had a value; total: the sum of the values present
 * (none: MISSING; a ratio indicator: NOT_APPLICABLE). Returns 0, or -1 when out of memory.
 */
int bm_compare(const struct bm_compare_in *in, struct bm_compare_row *out, size_t *ranked, struct bm_fig *total);

enum bm_figure { BM_FIG_RANK, BM_FIG_GAP_FIRST, BM_FIG_GAP_ABOVE, BM_FIG_CHANGE, BM_FIG_GROWTH, BM_FIG_CAGR, BM_FIG_SHARE, BM_FIG_COUNT };
const char *bm_figure_name(enum bm_figure f); /* "rank", "gap_first", "gap_above", "change", "growth", "cagr", "share" */

/*
 * How city i's figure f was computed, with its numbers, appended to sb (zh, then " / " and en for
 * a figure that has no value): "(1300 − 1200) / 1200 = 8.33%", "第 2 名 / 5（2 个并列，越高越好）",
 * "2020 年无数据 / no value for 2020". year: the year compared (for naming the years used).
 */
int bm_explain(const struct bm_compare_in *in, const struct bm_compare_row *rows, size_t i, enum bm_figure f,
               int year, struct strbuf *sb);

/* A radar's score of a value against the best of the group: 100 · v / best (higher) or 100 · best / v (lower); both > 0. */
struct bm_fig bm_radar_score(struct bm_opt v, struct bm_opt best, enum bm_direction d);

/* The catch-up projection: both cities go on at their own rates from base_year. */
#define BM_PROJECTION_YEARS_MAX 1000 /* the longest horizon, and how far a year of passing is found */
struct bm_projection_in {
    enum bm_direction direction;
    int base_year;
    int64_t self, peer;           /* values in base_year, > 0 */
    int64_t self_rate, peer_rate; /* decimals > −1 (their CAGRs) */
    int horizon;                  /* how many years ahead to look, 1 to BM_PROJECTION_YEARS_MAX (else NOT_APPLICABLE) */
};
enum bm_pass {
    BM_PASS_AHEAD,  /* this city is already better (strictly) in base_year */
    BM_PASS_YEAR,   /* it passes in year (strictly better; equal is not passing) */
    BM_PASS_BEYOND, /* it would pass, but after the horizon */
    BM_PASS_NEVER   /* not at current rates: its rate does not beat the peer's */
};
const char *bm_pass_name(enum bm_pass p); /* "ahead", "year", "beyond", "never" */
struct bm_projection {
    enum bm_pass pass;
    /*
     * NEGATIVE: a value not positive or a rate ≤ −1; NOT_APPLICABLE: a horizon out of range; pass
     * is then NEVER. OUT_OF_RANGE with pass YEAR: the values projected are past ±DEC_MAX (then 0).
     */
    enum bm_status status;
    /* AHEAD: base_year; YEAR: the first year it is better; BEYOND: that year, past the horizon (0: more than BM_PROJECTION_YEARS_MAX years ahead) */
    int year;
    int64_t self_then, peer_then; /* YEAR: both values projected to that year (bm_projected); AHEAD: the base year's */
};
struct bm_projection bm_project(const struct bm_projection_in *in);
/* The projection's formula with its numbers: "1200 × (1 + 8.00%)^t > 1500 × (1 + 5.00%)^t：t = 8，2031 年". */
int bm_explain_projection(const struct bm_projection_in *in, const struct bm_projection *p, struct strbuf *sb);

/*
 * The growth rate this city needs, every year from base to by_year (> base), to reach target
 * there: (target / self)^(1 / years) − 1 (self, target > 0). To pass a peer, target is the peer's
 * value projected to by_year at its own rate (bm_projected). Higher is better: any rate above
 * the one returned passes; lower: any rate below. years < 1: NOT_APPLICABLE; self 0: ZERO_BASE;
 * self < 0 or target ≤ 0: NEGATIVE. Over one year it is exact ((target − self) / self).
 */
struct bm_fig bm_required_rate(int64_t self, int64_t target, int years);
/* value · (1 + rate)^years, rounded; OUT_OF_RANGE past ±DEC_MAX; rate ≤ −1: NEGATIVE; years < 0: NOT_APPLICABLE; 0 years: value. */
struct bm_fig bm_projected(int64_t value, int64_t rate, int years);

/* A goal's status in one year. */
enum bm_goal_state {
    BM_GOAL_ACHIEVED, /* the value reaches the target (≥ higher, ≤ lower; a peer: strictly better than the peer's value that year) */
    BM_GOAL_ON_TRACK, /* not yet, but the actual rate is at least the required one (at most, lower; strictly for a peer goal) */
    BM_GOAL_BEHIND,   /* the actual rate falls short of the required one; also a target year passed unreached */
    BM_GOAL_UNKNOWN   /* a figure is missing (status says why) */
};
const char *bm_goal_state_name(enum bm_goal_state s); /* "achieved", "on_track", "behind", "unknown" */

struct bm_goal_in {
    enum bm_direction direction;
    int year, target_year;
    struct bm_opt value;  /* this city's value in year */
    struct bm_opt target; /* the goal's value then: a fixed value, or the peer's value in target_year projected from year */
    struct bm_opt reference; /* achieved means value beats this: the target (a value goal) or the peer's value in year */
    bool strict;          /* a peer goal: equal is not achieved */
    struct bm_fig actual_rate; /* this city's recent CAGR up to year */
};
struct bm_goal_status {
    enum bm_goal_state state;
    enum bm_status status;     /* why UNKNOWN */
    struct bm_fig required_rate; /* from year to target_year, also once achieved (NOT_APPLICABLE once target_year is reached) */
};
struct bm_goal_status bm_goal_assess(const struct bm_goal_in *in);

/*
 * Splits total into n parts in proportion to weights (decimals ≥ 0, their sum > 0), each a
 * multiple of quantum (a decimal > 0, e.g. 10000 for 0.01), the parts adding up to total
 * exactly when total is a multiple of quantum: each gets its rounded-down share, and the
 * quanta left go, one each, to the largest remainders (ties: the earlier). A total that is not a
 * multiple of quantum is first rounded to the nearest multiple (half away from zero), and the
 * parts add up to that; a negative total is split as its magnitude, every part then negative.
 * Returns -1 when the weights do not qualify (and *bad, the index of the first bad weight, or n
 * for a zero sum), or when quantum ≤ 0 or |total| > DEC_MAX (*bad = SIZE_MAX).
 */
int bm_decompose(int64_t total, const int64_t *weights, size_t n, int64_t quantum, int64_t *parts, size_t *bad);

#endif
