/*
 * Unit tests for benchmarking (src/domain/benchmark_*.c): ranks with ties, gaps, change, growth,
 * CAGR, shares, radar scores, the catch-up projection, the rate needed, goals' status, the split
 * into units' targets, the explanations, and the worked example of docs/benchmarking.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <stdbool.h>

#include "base/decimal.h"
#include "domain/benchmark.h"

/* A decimal from its text ("0.6"), so that no test goes through floating point. */
static int64_t dec(const char *s)
{
    int64_t v = 0;
    assert_int_equal(dec_parse(s, strlen(s), false, &v), 0);
    return v;
}

#define UNITS(x) ((int64_t)(x)*DEC_SCALE)
#define NONE ((struct bm_opt){0, false})

static struct bm_opt opt(int64_t v)
{
    return (struct bm_opt){v, true};
}

static struct bm_opt units(long x)
{
    return opt(UNITS(x));
}

static void assert_fig(struct bm_fig f, int64_t v)
{
    assert_int_equal(f.status, BM_OK);
    assert_int_equal(f.v, v);
}

static void assert_none(struct bm_fig f, enum bm_status s)
{
    assert_int_equal(f.status, s);
    assert_int_equal(f.v, 0);
}

/* ---- ranks ---- */

static void ranks_ties_share_the_best_rank_and_the_next_skips(void **state)
{
    (void)state;
    const struct bm_opt v[] = {units(100), units(90), units(90), units(80)};
    int rank[4];
    assert_int_equal(bm_rank(v, 4, BM_HIGHER, rank), 4);
    assert_int_equal(rank[0], 1);
    assert_int_equal(rank[1], 2);
    assert_int_equal(rank[2], 2);
    assert_int_equal(rank[3], 4);
}

static void a_missing_value_is_unranked_and_takes_no_place(void **state)
{
    (void)state;
    const struct bm_opt v[] = {units(100), NONE, units(0), units(90)};
    int rank[4];
    assert_int_equal(bm_rank(v, 4, BM_HIGHER, rank), 3);
    assert_int_equal(rank[0], 1);
    assert_int_equal(rank[1], 0);
    assert_int_equal(rank[2], 3); /* 0 is a value: ranked last, not missing */
    assert_int_equal(rank[3], 2);
}

static void lower_is_better_ranks_the_smallest_first(void **state)
{
    (void)state;
    const struct bm_opt v[] = {opt(dec("0.5")), opt(dec("0.4")), opt(dec("0.4")), opt(dec("0.6"))};
    int rank[4];
    assert_int_equal(bm_rank(v, 4, BM_LOWER, rank), 4);
    assert_int_equal(rank[0], 3);
    assert_int_equal(rank[1], 1);
    assert_int_equal(rank[2], 1);
    assert_int_equal(rank[3], 4);
}

/* ---- the comparison table ---- */

static void compare(const struct bm_compare_in *in, struct bm_compare_row *rows, size_t *ranked,
                    struct bm_fig *total)
{
    assert_int_equal(bm_compare(in, rows, ranked, total), 0);
}

static void gaps_go_to_the_first_and_to_the_one_just_above_the_first_and_ties_at_zero(void **state)
{
    (void)state;
    const struct bm_opt v[] = {units(1500), units(1300), units(1300), units(1200), units(1500)};
    struct bm_compare_in in = {BM_HIGHER, BM_FLOW, 5, v, NULL, NULL, 1};
    struct bm_compare_row r[5];
    size_t ranked;
    struct bm_fig total;
    compare(&in, r, &ranked, &total);
    assert_int_equal(ranked, 5);
    /* the first, and the one tied with it: no gap, no one above */
    for (size_t k = 0; k < 5; k += 4) {
        assert_int_equal(r[k].rank, 1);
        assert_int_equal(r[k].first, 0);
        assert_int_equal(r[k].above, -1);
        assert_fig(r[k].gap_first, 0);
        assert_fig(r[k].gap_first_pct, 0);
        assert_none(r[k].gap_above, BM_NOT_APPLICABLE);
        assert_none(r[k].gap_above_pct, BM_NOT_APPLICABLE);
    }
    /* tied second (rank 3): above is the earliest of the first */
    for (size_t k = 1; k <= 2; k++) {
        assert_int_equal(r[k].rank, 3);
        assert_int_equal(r[k].first, 0);
        assert_int_equal(r[k].above, 0);
        assert_fig(r[k].gap_first, UNITS(200));
        assert_fig(r[k].gap_first_pct, 133333); /* 200 / 1500 */
        assert_fig(r[k].gap_above, UNITS(200));
    }
    /* below a tie: above is the earliest of the tied, not the first */
    assert_int_equal(r[3].rank, 5);
    assert_int_equal(r[3].above, 1);
    assert_fig(r[3].gap_first, UNITS(300));
    assert_fig(r[3].gap_first_pct, 200000);
    assert_fig(r[3].gap_above, UNITS(100));
    assert_fig(r[3].gap_above_pct, 76923); /* 100 / 1300 = 0.0769230… */
}

static void gaps_when_lower_is_better_are_this_minus_the_better(void **state)
{
    (void)state;
    const struct bm_opt v[] = {opt(dec("0.5")), opt(dec("0.4")), opt(dec("0.6")), NONE};
    struct bm_compare_in in = {BM_LOWER, BM_RATIO, 4, v, NULL, NULL, 1};
    struct bm_compare_row r[4];
    size_t ranked;
    struct bm_fig total;
    compare(&in, r, &ranked, &total);
    assert_int_equal(ranked, 3);
    assert_int_equal(r[0].first, 1);
    assert_fig(r[0].gap_first, dec("0.1"));
    assert_fig(r[0].gap_first_pct, dec("0.25"));
    assert_int_equal(r[2].above, 0);
    assert_fig(r[2].gap_above, dec("0.1"));
    assert_fig(r[2].gap_above_pct, dec("0.2"));
    assert_int_equal(r[3].rank, 0);
    assert_int_equal(r[3].above, -1);
    assert_none(r[3].gap_first, BM_MISSING);
    assert_none(r[3].gap_above_pct, BM_MISSING);
}

static void a_gap_percentage_needs_the_better_value_above_zero(void **state)
{
    (void)state;
    const struct bm_opt v[] = {units(0), units(2)};
    struct bm_compare_in in = {BM_LOWER, BM_FLOW, 2, v, NULL, NULL, 1};
    struct bm_compare_row r[2];
    size_t ranked;
    struct bm_fig total;
    compare(&in, r, &ranked, &total);
    assert_fig(r[1].gap_first, UNITS(2));
    assert_none(r[1].gap_first_pct, BM_ZERO_BASE);
    const struct bm_opt w[] = {units(-4), units(-6)};
    in.direction = BM_HIGHER;
    in.value = w;
    compare(&in, r, &ranked, &total);
    assert_fig(r[1].gap_first, UNITS(2));
    assert_none(r[1].gap_first_pct, BM_NEGATIVE);
}

static void change_is_the_difference_and_needs_both_years(void **state)
{
    (void)state;
    const struct bm_opt v[] = {opt(dec("2.5")), units(10), NONE};
    const struct bm_opt p[] = {opt(dec("2.1")), NONE, units(3)};
    struct bm_compare_in in = {BM_HIGHER, BM_RATIO, 3, v, p, NULL, 1};
    struct bm_compare_row r[3];
    size_t ranked;
    struct bm_fig total;
    compare(&in, r, &ranked, &total);
    assert_fig(r[0].change, dec("0.4"));
    assert_none(r[1].change, BM_MISSING);
    assert_none(r[2].change, BM_MISSING);
    /* without a previous year at all */
    in.previous = NULL;
    compare(&in, r, &ranked, &total);
    assert_none(r[0].change, BM_MISSING);
    assert_none(r[0].growth, BM_MISSING);
}

/* ---- growth and CAGR ---- */

static void growth_is_the_change_over_the_previous_value(void **state)
{
    (void)state;
    assert_fig(bm_growth(units(1200), units(1300)), 83333);
    assert_fig(bm_growth(units(1300), units(1200)), -76923);
    assert_fig(bm_growth(units(1200), units(0)), -DEC_SCALE);
    assert_fig(bm_growth(units(1200), units(-600)), dec("-1.5"));
}

static void growth_is_rounded_once_half_away_from_zero(void **state)
{
    (void)state;
    /* 0.000001 / 2 = 0.0000005 exactly */
    assert_fig(bm_growth(units(2), opt(UNITS(2) + 1)), 1);
    assert_fig(bm_growth(units(2), opt(UNITS(2) - 1)), -1);
}

static void growth_refuses_a_zero_or_negative_base_and_a_missing_year(void **state)
{
    (void)state;
    assert_none(bm_growth(units(0), units(5)), BM_ZERO_BASE);
    assert_none(bm_growth(units(-5), units(5)), BM_NEGATIVE);
    assert_none(bm_growth(NONE, units(5)), BM_MISSING);
    assert_none(bm_growth(units(5), NONE), BM_MISSING);
    /* a missing year is not 0: 0 would have given ZERO_BASE or −100 % */
    assert_fig(bm_growth(units(5), units(0)), -DEC_SCALE);
}

static void cagr_is_the_root_of_the_ratio_over_the_years(void **state)
{
    (void)state;
    assert_fig(bm_cagr(units(1000), units(1331), 3), 100000);
    assert_fig(bm_cagr(units(1000), units(1300), 3), 91393);
    assert_fig(bm_cagr(units(1000), units(500), 1), -500000);  /* halving in one year */
    assert_fig(bm_cagr(units(1000), units(500), 2), -292893);  /* √0.5 − 1 */
    assert_fig(bm_cagr(units(1000), units(250), 2), -500000);  /* halving each year */
    assert_fig(bm_cagr(units(1000), units(0), 4), -DEC_SCALE); /* to zero: −100 % */
}

static void cagr_over_one_year_is_the_growth_exactly(void **state)
{
    (void)state;
    /* 0.000003 / 2 = 0.0000015 exactly gives 0.000002; in double (2.000003 / 2 − 1) × 10^6 is 1.4999999… */
    assert_fig(bm_cagr(units(2), opt(UNITS(2) + 3), 1), 2);
    assert_fig(bm_cagr(units(1200), units(1300), 1), bm_growth(units(1200), units(1300)).v);
}

static void cagr_refuses_missing_years_bad_values_and_fewer_than_one_year(void **state)
{
    (void)state;
    assert_none(bm_cagr(NONE, units(1300), 3), BM_MISSING);
    assert_none(bm_cagr(units(1000), NONE, 3), BM_MISSING);
    assert_none(bm_cagr(units(0), units(1300), 3), BM_ZERO_BASE);
    assert_none(bm_cagr(units(-10), units(1300), 3), BM_NEGATIVE);
    assert_none(bm_cagr(units(1000), units(-1), 3), BM_NEGATIVE);
    assert_none(bm_cagr(units(1000), units(1300), 0), BM_NOT_APPLICABLE);
    assert_none(bm_cagr(units(1000), units(1300), -2), BM_NOT_APPLICABLE);
    assert_none(bm_cagr(opt(1), opt(DEC_MAX), 1), BM_OUT_OF_RANGE);
}

/* ---- shares and the radar ---- */

static void shares_divide_by_the_total_of_the_values_present(void **state)
{
    (void)state;
    const struct bm_opt v[] = {units(300), units(200), NONE, units(500)};
    struct bm_compare_in in = {BM_HIGHER, BM_FLOW, 4, v, NULL, NULL, 1};
    struct bm_compare_row r[4];
    size_t ranked;
    struct bm_fig total;
    compare(&in, r, &ranked, &total);
    assert_fig(total, UNITS(1000));
    assert_fig(r[0].share, dec("0.3"));
    assert_fig(r[1].share, dec("0.2"));
    assert_none(r[2].share, BM_MISSING);
    assert_fig(r[3].share, dec("0.5"));
}

static void a_ratio_indicator_has_no_share_and_no_total(void **state)
{
    (void)state;
    const struct bm_opt v[] = {opt(dec("2.5")), opt(dec("3.1"))};
    struct bm_compare_in in = {BM_HIGHER, BM_RATIO, 2, v, NULL, NULL, 1};
    struct bm_compare_row r[2];
    size_t ranked;
    struct bm_fig total;
    compare(&in, r, &ranked, &total);
    assert_none(total, BM_NOT_APPLICABLE);
    assert_none(r[0].share, BM_NOT_APPLICABLE);
    assert_none(r[1].share, BM_NOT_APPLICABLE);
    assert_int_equal(r[1].rank, 1); /* ranked all the same */
}

static void with_every_value_missing_nothing_is_ranked_and_there_is_no_total(void **state)
{
    (void)state;
    const struct bm_opt v[] = {NONE, NONE, NONE};
    struct bm_compare_in in = {BM_HIGHER, BM_STOCK, 3, v, v, v, 2};
    struct bm_compare_row r[3];
    size_t ranked = 99;
    struct bm_fig total;
    compare(&in, r, &ranked, &total);
    assert_int_equal(ranked, 0);
    assert_none(total, BM_MISSING);
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(r[k].rank, 0);
        assert_int_equal(r[k].first, -1);
        assert_none(r[k].share, BM_MISSING);
        assert_none(r[k].gap_first, BM_MISSING);
        assert_none(r[k].growth, BM_MISSING);
        assert_none(r[k].cagr, BM_MISSING);
    }
}

static void shares_are_refused_when_a_value_is_negative_or_the_total_zero(void **state)
{
    (void)state;
    const struct bm_opt v[] = {units(300), units(-100)};
    struct bm_compare_in in = {BM_HIGHER, BM_FLOW, 2, v, NULL, NULL, 1};
    struct bm_compare_row r[2];
    size_t ranked;
    struct bm_fig total;
    compare(&in, r, &ranked, &total);
    assert_fig(total, UNITS(200));
    assert_none(r[0].share, BM_NEGATIVE);
    assert_none(r[1].share, BM_NEGATIVE);
    const struct bm_opt z[] = {units(0), units(0)};
    in.value = z;
    compare(&in, r, &ranked, &total);
    assert_fig(total, 0);
    assert_none(r[0].share, BM_ZERO_BASE);
}

static void radar_scores_against_the_best_out_of_one_hundred(void **state)
{
    (void)state;
    assert_fig(bm_radar_score(units(80), units(100), BM_HIGHER), UNITS(80));
    assert_fig(bm_radar_score(units(100), units(100), BM_HIGHER), UNITS(100));
    assert_fig(bm_radar_score(units(1), units(3), BM_HIGHER), dec("33.333333"));
    assert_fig(bm_radar_score(units(2), units(3), BM_HIGHER), dec("66.666667"));
    assert_fig(bm_radar_score(opt(dec("0.5")), opt(dec("0.4")), BM_LOWER), UNITS(80));
    assert_none(bm_radar_score(NONE, units(100), BM_HIGHER), BM_MISSING);
    assert_none(bm_radar_score(units(80), NONE, BM_HIGHER), BM_MISSING);
    assert_none(bm_radar_score(units(0), units(100), BM_LOWER), BM_ZERO_BASE);
    assert_none(bm_radar_score(units(80), units(0), BM_HIGHER), BM_ZERO_BASE);
    assert_none(bm_radar_score(units(-80), units(100), BM_HIGHER), BM_NEGATIVE);
}

/* ---- the projection ---- */

static struct bm_projection_in projection(int64_t self, const char *self_rate, int64_t peer,
                                          const char *peer_rate, int horizon)
{
    return (struct bm_projection_in){BM_HIGHER, 2023, self, peer, dec(self_rate), dec(peer_rate), horizon};
}

static void assert_projection_explained(const struct bm_projection_in *in, const struct bm_projection *p,
                                        const char *expect)
{
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(bm_explain_projection(in, p, &sb), 0);
    assert_string_equal(sb.buf, expect);
    strbuf_release(&sb);
}

static void a_city_already_better_is_ahead(void **state)
{
    (void)state;
    struct bm_projection_in in = projection(UNITS(1600), "0.01", UNITS(1500), "0.2", 10);
    struct bm_projection p = bm_project(&in);
    assert_int_equal(p.status, BM_OK);
    assert_int_equal(p.pass, BM_PASS_AHEAD);
    assert_int_equal(p.year, 2023);
    assert_projection_explained(&in, &p, "2023 年 1600 > 1500，已领先");
}

static void a_faster_city_passes_in_the_first_year_it_is_strictly_better(void **state)
{
    (void)state;
    /*
     * By hand: t = 7: 1200 × 1.08^7 = 2056.59 < 1500 × 1.05^7 = 2110.65;
     *          t = 8: 1200 × 1.08^8 = 2221.12 > 1500 × 1.05^8 = 2216.18.
     */
    struct bm_projection_in in = projection(UNITS(1200), "0.08", UNITS(1500), "0.05", 20);
    struct bm_projection p = bm_project(&in);
    assert_int_equal(p.status, BM_OK);
    assert_int_equal(p.pass, BM_PASS_YEAR);
    assert_int_equal(p.year, 2031);
    assert_int_equal(p.self_then, dec("2221.116252")); /* 2221.116252338… */
    assert_int_equal(p.peer_then, dec("2216.183166")); /* 2216.183165683… */
    assert_projection_explained(&in, &p, "1200 × (1 + 8.00%)^t > 1500 × (1 + 5.00%)^t：t = 8，2031 年");
}

static void drawing_level_is_not_passing(void **state)
{
    (void)state;
    /* 1000 × 1.1^2 = 1210 exactly: level in 2025, better only in 2026 */
    struct bm_projection_in in = projection(UNITS(1000), "0.1", UNITS(1210), "0", 10);
    struct bm_projection p = bm_project(&in);
    assert_int_equal(p.pass, BM_PASS_YEAR);
    assert_int_equal(p.year, 2026);
    /* the same, lower is better: the peer grows to this city's value in 2025 */
    in = (struct bm_projection_in){BM_LOWER, 2023, UNITS(1210), UNITS(1000), 0, dec("0.1"), 10};
    p = bm_project(&in);
    assert_int_equal(p.pass, BM_PASS_YEAR);
    assert_int_equal(p.year, 2026);
    /* equal values in the base year are not ahead: a faster city passes a year later */
    in = projection(UNITS(1000), "0.1", UNITS(1000), "0.05", 10);
    p = bm_project(&in);
    assert_int_equal(p.pass, BM_PASS_YEAR);
    assert_int_equal(p.year, 2024);
}

static void drawing_level_after_many_years_is_not_passing_either(void **state)
{
    (void)state;
    /*
     * 1.048576 (2^20 × 10^-6) × 1.5^20 = 3486.784401 (3^20 × 10^-6) exactly: level in 2020. In
     * double, ln(3^20 / 2^20) / ln 1.5 = 19.999999999999996, whose floor + 1 is 20, the level
     * year; the exact check moves on to 2021.
     */
    struct bm_projection_in in = {BM_HIGHER, 2000, (int64_t)1 << 20, 3486784401, dec("0.5"), 0, 100};
    struct bm_projection p = bm_project(&in);
    assert_int_equal(p.pass, BM_PASS_YEAR);
    assert_int_equal(p.year, 2021);
}

static void level_cities_whose_rates_double_cannot_tell_apart_pass_in_a_year(void **state)
{
    (void)state;
    /* log1p(10^12) and log1p(10^12 − 10^-6) are the same double: 0 / 0 */
    struct bm_projection_in in = {BM_HIGHER, 2000, UNITS(5), UNITS(5), DEC_MAX, DEC_MAX - 1, 10};
    struct bm_projection p = bm_project(&in);
    assert_int_equal(p.pass, BM_PASS_YEAR);
    assert_int_equal(p.year, 2001);
    /* the largest rates an int64_t holds */
    in = (struct bm_projection_in){BM_HIGHER, 2000, UNITS(5), UNITS(5), INT64_MAX, INT64_MAX - 1, 10};
    assert_int_equal(bm_project(&in).year, 2001);
}

static void equal_or_slower_rates_never_pass(void **state)
{
    (void)state;
    struct bm_projection_in in = projection(UNITS(1000), "0.05", UNITS(1500), "0.05", 1000);
    struct bm_projection p = bm_project(&in);
    assert_int_equal(p.status, BM_OK);
    assert_int_equal(p.pass, BM_PASS_NEVER);
    in = projection(UNITS(1000), "0.03", UNITS(1500), "0.05", 10);
    p = bm_project(&in);
    assert_int_equal(p.pass, BM_PASS_NEVER);
    assert_projection_explained(
        &in, &p,
        "增速 3.00% 不高于对方的 5.00%，按当前增速不能超越 / at current rates it never "
        "passes: 3.00% does not beat 5.00%");
    /* lower is better: falling more slowly never passes */
    in = (struct bm_projection_in){BM_LOWER, 2023, dec("0.6"), dec("0.5"), dec("-0.02"), dec("-0.05"), 50};
    assert_int_equal(bm_project(&in).pass, BM_PASS_NEVER);
}

static void passing_after_the_horizon_is_beyond_with_its_year(void **state)
{
    (void)state;
    struct bm_projection_in in = projection(UNITS(1200), "0.08", UNITS(1500), "0.05", 5);
    struct bm_projection p = bm_project(&in);
    assert_int_equal(p.status, BM_OK);
    assert_int_equal(p.pass, BM_PASS_BEYOND);
    assert_int_equal(p.year, 2031);
    assert_projection_explained(
        &in, &p, "1200 × (1 + 8.00%)^t > 1500 × (1 + 5.00%)^t：t = 8，2031 年，超出 5 年的展望期");
    /* at the horizon exactly it is a year */
    in.horizon = 8;
    assert_int_equal(bm_project(&in).pass, BM_PASS_YEAR);
    /* more than BM_PROJECTION_YEARS_MAX years ahead: beyond, year 0 */
    in = projection(UNITS(1), "0.000002", UNITS(1000), "0.000001", 10);
    p = bm_project(&in);
    assert_int_equal(p.pass, BM_PASS_BEYOND);
    assert_int_equal(p.year, 0);
}

static void lower_is_better_passes_when_its_value_falls_below(void **state)
{
    (void)state;
    /*
     * By hand: t = 5: 0.6 × 0.95^5 = 0.464269 > 0.5 × 0.98^5 = 0.451960;
     *          t = 6: 0.6 × 0.95^6 = 0.441055 < 0.5 × 0.98^6 = 0.442921.
     */
    struct bm_projection_in in = {BM_LOWER, 2023, dec("0.6"), dec("0.5"), dec("-0.05"), dec("-0.02"), 10};
    struct bm_projection p = bm_project(&in);
    assert_int_equal(p.pass, BM_PASS_YEAR);
    assert_int_equal(p.year, 2029);
    assert_int_equal(p.self_then, dec("0.441055"));
    assert_int_equal(p.peer_then, dec("0.442921"));
    assert_projection_explained(&in, &p, "0.6 × (1 − 5.00%)^t < 0.5 × (1 − 2.00%)^t：t = 6，2029 年");
    /* lower and already below: ahead */
    in.self = dec("0.4");
    assert_int_equal(bm_project(&in).pass, BM_PASS_AHEAD);
}

static void a_projection_needs_positive_values_rates_above_minus_one_and_a_horizon(void **state)
{
    (void)state;
    struct bm_projection_in in = projection(0, "0.1", UNITS(1500), "0.05", 10);
    struct bm_projection p = bm_project(&in);
    assert_int_equal(p.status, BM_NEGATIVE);
    assert_int_equal(p.pass, BM_PASS_NEVER);
    in = projection(UNITS(1000), "0.1", UNITS(-1500), "0.05", 10);
    assert_int_equal(bm_project(&in).status, BM_NEGATIVE);
    in = projection(UNITS(1000), "0.1", UNITS(1500), "-1", 10);
    assert_int_equal(bm_project(&in).status, BM_NEGATIVE);
    in = projection(UNITS(1000), "0.1", UNITS(1500), "0.05", 0);
    p = bm_project(&in);
    assert_int_equal(p.status, BM_NOT_APPLICABLE);
    assert_int_equal(p.pass, BM_PASS_NEVER);
    in.horizon = BM_PROJECTION_YEARS_MAX + 1;
    assert_int_equal(bm_project(&in).status, BM_NOT_APPLICABLE);
}

/* ---- rates needed, values projected ---- */

static void the_required_rate_reaches_the_target_in_the_years(void **state)
{
    (void)state;
    assert_fig(bm_required_rate(UNITS(1000), UNITS(1331), 3), 100000);
    assert_fig(bm_required_rate(UNITS(1000), UNITS(1210), 2), 100000);
    assert_fig(bm_required_rate(UNITS(1200), UNITS(1300), 1), 83333); /* one year: exact */
    assert_fig(bm_required_rate(UNITS(1000), UNITS(500), 1), -500000);
    assert_none(bm_required_rate(UNITS(1000), UNITS(1300), 0), BM_NOT_APPLICABLE);
    assert_none(bm_required_rate(0, UNITS(1300), 3), BM_ZERO_BASE);
    assert_none(bm_required_rate(UNITS(-1), UNITS(1300), 3), BM_NEGATIVE);
    assert_none(bm_required_rate(UNITS(1000), 0, 3), BM_NEGATIVE);
}

static void any_rate_above_the_required_one_passes_the_peer_and_below_does_not(void **state)
{
    (void)state;
    struct bm_fig target = bm_projected(UNITS(1500), dec("0.05"), 8);
    assert_fig(target, dec("2216.183166"));
    struct bm_fig need = bm_required_rate(UNITS(1200), target.v, 8);
    assert_int_equal(need.status, BM_OK);
    assert_true(bm_projected(UNITS(1200), need.v + 1, 8).v > target.v);
    assert_true(bm_projected(UNITS(1200), need.v - 1, 8).v < target.v);
    struct bm_projection_in in = projection(UNITS(1200), "0", UNITS(1500), "0.05", 8);
    in.self_rate = need.v + 1;
    struct bm_projection p = bm_project(&in);
    assert_int_equal(p.pass, BM_PASS_YEAR);
    assert_true(p.year <= 2031);
    in.self_rate = need.v - 1;
    assert_int_not_equal(bm_project(&in).pass, BM_PASS_YEAR);
}

static void a_projected_value_compounds_the_rate(void **state)
{
    (void)state;
    assert_fig(bm_projected(UNITS(1000), dec("0.1"), 2), UNITS(1210));
    assert_fig(bm_projected(UNITS(1000), dec("-0.5"), 3), UNITS(125));
    assert_fig(bm_projected(UNITS(1000), dec("0.1"), 0), UNITS(1000));
    assert_none(bm_projected(UNITS(1000), dec("-1"), 2), BM_NEGATIVE);
    assert_none(bm_projected(UNITS(1000), dec("0.1"), -1), BM_NOT_APPLICABLE);
    assert_none(bm_projected(DEC_MAX, dec("1"), 1), BM_OUT_OF_RANGE);
}

/* ---- goals ---- */

static struct bm_goal_in value_goal(int64_t value, int64_t target, int64_t actual_rate)
{
    return (struct bm_goal_in){.direction = BM_HIGHER,
                               .year = 2023,
                               .target_year = 2025,
                               .value = opt(value),
                               .target = opt(target),
                               .reference = opt(target),
                               .actual_rate = {actual_rate, BM_OK}};
}

static void assert_goal(const struct bm_goal_in *in, enum bm_goal_state state, enum bm_status status)
{
    struct bm_goal_status s = bm_goal_assess(in);
    assert_int_equal(s.state, state);
    assert_int_equal(s.status, status);
}

static void a_goal_reached_is_achieved_and_equal_is_enough_for_a_value(void **state)
{
    (void)state;
    struct bm_goal_in in = value_goal(UNITS(1100), UNITS(1000), 0);
    assert_goal(&in, BM_GOAL_ACHIEVED, BM_OK);
    in = value_goal(UNITS(1000), UNITS(1000), 0);
    assert_goal(&in, BM_GOAL_ACHIEVED, BM_OK);
    assert_fig(bm_goal_assess(&in).required_rate, 0); /* still computed before the target year */
}

static void a_goal_is_on_track_when_the_actual_rate_is_at_least_the_required(void **state)
{
    (void)state;
    /* (1000 / 900)^(1/2) − 1 = 5.4093 % */
    struct bm_goal_in in = value_goal(UNITS(900), UNITS(1000), dec("0.06"));
    struct bm_goal_status s = bm_goal_assess(&in);
    assert_int_equal(s.state, BM_GOAL_ON_TRACK);
    assert_fig(s.required_rate, 54093);
    in.actual_rate.v = 54093;
    assert_goal(&in, BM_GOAL_ON_TRACK, BM_OK);
    in.actual_rate.v = 54092;
    assert_goal(&in, BM_GOAL_BEHIND, BM_OK);
    in.actual_rate.v = dec("0.05");
    assert_goal(&in, BM_GOAL_BEHIND, BM_OK);
}

static void a_target_year_passed_unreached_is_behind(void **state)
{
    (void)state;
    struct bm_goal_in in = value_goal(UNITS(900), UNITS(1000), dec("0.5"));
    in.year = 2025;
    struct bm_goal_status s = bm_goal_assess(&in);
    assert_int_equal(s.state, BM_GOAL_BEHIND);
    assert_none(s.required_rate, BM_NOT_APPLICABLE);
    in.year = 2026;
    assert_goal(&in, BM_GOAL_BEHIND, BM_OK);
}

static void a_peer_goal_needs_strictly_better_value_and_rate(void **state)
{
    (void)state;
    struct bm_goal_in in = value_goal(UNITS(1000), UNITS(1000), 0);
    in.strict = true;
    in.reference = units(1000); /* the peer's value this year */
    in.target = units(1210);    /* the peer's value projected to 2025 */
    in.actual_rate.v = dec("0.1");
    struct bm_goal_status s = bm_goal_assess(&in);
    assert_fig(s.required_rate, dec("0.1"));
    assert_int_equal(s.state, BM_GOAL_BEHIND); /* level with the peer, and only drawing level by 2025 */
    in.actual_rate.v = dec("0.100001");
    assert_goal(&in, BM_GOAL_ON_TRACK, BM_OK);
    in.value = opt(UNITS(1000) + 1);
    assert_goal(&in, BM_GOAL_ACHIEVED, BM_OK);
    /* the same numbers as a value goal: equal is enough */
    in.strict = false;
    in.value = units(1000);
    in.reference = units(1210);
    in.actual_rate.v = dec("0.1");
    assert_goal(&in, BM_GOAL_ON_TRACK, BM_OK);
}

static void a_lower_is_better_goal_is_on_track_when_falling_fast_enough(void **state)
{
    (void)state;
    /* (0.5 / 0.6)^(1/2) − 1 = −8.7129 % */
    struct bm_goal_in in = {
        BM_LOWER, 2023, 2025, opt(dec("0.6")), opt(dec("0.5")), opt(dec("0.5")), false, {dec("-0.1"), BM_OK}};
    struct bm_goal_status s = bm_goal_assess(&in);
    assert_int_equal(s.state, BM_GOAL_ON_TRACK);
    assert_fig(s.required_rate, -87129);
    in.actual_rate.v = dec("-0.05");
    assert_goal(&in, BM_GOAL_BEHIND, BM_OK);
    in.value = opt(dec("0.5"));
    assert_goal(&in, BM_GOAL_ACHIEVED, BM_OK);
}

static void a_goal_with_a_figure_missing_is_unknown_and_says_why(void **state)
{
    (void)state;
    struct bm_goal_in in = value_goal(UNITS(900), UNITS(1000), dec("0.06"));
    in.value = NONE;
    assert_goal(&in, BM_GOAL_UNKNOWN, BM_MISSING);
    in = value_goal(UNITS(900), UNITS(1000), dec("0.06"));
    in.actual_rate = (struct bm_fig){0, BM_MISSING};
    assert_goal(&in, BM_GOAL_UNKNOWN, BM_MISSING);
    in.actual_rate = (struct bm_fig){0, BM_ZERO_BASE};
    assert_goal(&in, BM_GOAL_UNKNOWN, BM_ZERO_BASE);
    in = value_goal(UNITS(900), UNITS(1000), dec("0.06"));
    in.target = NONE;
    in.reference = NONE;
    assert_goal(&in, BM_GOAL_UNKNOWN, BM_MISSING);
    in = value_goal(0, UNITS(1000), dec("0.06"));
    assert_goal(&in, BM_GOAL_UNKNOWN, BM_ZERO_BASE);
}

/* ---- the split ---- */

static void assert_split(int64_t total, const int64_t *w, size_t n, int64_t quantum, const int64_t *expect)
{
    int64_t parts[16];
    size_t bad = 99;
    assert_int_equal(bm_decompose(total, w, n, quantum, parts, &bad), 0);
    for (size_t k = 0; k < n; k++)
        assert_int_equal(parts[k], expect[k]);
}

static void the_split_gives_leftover_quanta_to_the_largest_remainders(void **state)
{
    (void)state;
    /* 10 × 3/7 = 4.29, 4.29, 10 × 1/7 = 1.43: floors 4, 4, 1; the one left goes to .43 */
    const int64_t w[] = {3, 3, 1};
    const int64_t e[] = {UNITS(4), UNITS(4), UNITS(2)};
    assert_split(UNITS(10), w, 3, DEC_SCALE, e);
}

static void the_split_breaks_equal_remainders_to_the_earlier(void **state)
{
    (void)state;
    const int64_t w[] = {UNITS(1), UNITS(1), UNITS(1)};
    const int64_t e[] = {UNITS(34), UNITS(33), UNITS(33)};
    assert_split(UNITS(100), w, 3, DEC_SCALE, e);
    const int64_t e2[] = {dec("0.34"), dec("0.33"), dec("0.33")};
    assert_split(UNITS(1), w, 3, dec("0.01"), e2);
    const int64_t w4[] = {1, 1, 1, 1};
    const int64_t e4[] = {UNITS(2), UNITS(2), UNITS(1), UNITS(1)};
    assert_split(UNITS(6), w4, 4, DEC_SCALE, e4);
}

static void the_split_rounds_a_total_off_the_quantum_then_adds_up_to_it(void **state)
{
    (void)state;
    const int64_t w[] = {1, 1};
    const int64_t e[] = {dec("5.01"), dec("5")}; /* 10.005 → 10.01 */
    assert_split(dec("10.005"), w, 2, dec("0.01"), e);
    const int64_t e2[] = {dec("5"), dec("5")}; /* 10.004 → 10 */
    assert_split(dec("10.004"), w, 2, dec("0.01"), e2);
    const int64_t w3[] = {3, 3, 1};
    const int64_t e3[] = {UNITS(-4), UNITS(-4), UNITS(-2)}; /* a negative total as its magnitude */
    assert_split(UNITS(-10), w3, 3, DEC_SCALE, e3);
    const int64_t w0[] = {0, 5};
    const int64_t e0[] = {0, UNITS(7)}; /* a zero weight gets nothing */
    assert_split(UNITS(7), w0, 2, DEC_SCALE, e0);
}

static void the_split_adds_up_to_the_total_exactly_on_random_weights(void **state)
{
    (void)state;
    srand(8);
    for (int round = 0; round < 2000; round++) {
        size_t n = 1 + (size_t)(rand() % 12);
        int64_t w[12], parts[12], quantum = (int64_t[]){1, 10000, DEC_SCALE}[rand() % 3];
        for (size_t k = 0; k < n; k++)
            w[k] = rand() % 4 == 0 ? 0 : (int64_t)(rand() % 1000000) * (rand() % 1000 + 1);
        w[rand() % n] += 1;
        int64_t total = ((int64_t)(rand() % 2000000) - 1000000) * quantum * (rand() % 50 + 1);
        size_t bad;
        assert_int_equal(bm_decompose(total, w, n, quantum, parts, &bad), 0);
        __extension__ __int128 sum = 0, wsum = 0;
        for (size_t k = 0; k < n; k++) {
            sum += parts[k];
            wsum += w[k];
            assert_int_equal(parts[k] % quantum, 0);
        }
        assert_true(sum == total);
        for (size_t k = 0; k < n; k++) { /* within one quantum of the exact share */
            __extension__ __int128 d = (__int128)parts[k] * wsum - (__int128)total * w[k];
            assert_true(d < (__int128)quantum * wsum && d > -(__int128)quantum * wsum);
        }
    }
}

static void the_split_refuses_negative_weights_a_zero_sum_and_a_bad_quantum(void **state)
{
    (void)state;
    int64_t parts[3];
    size_t bad = 99;
    const int64_t neg[] = {1, -1, -2};
    assert_int_equal(bm_decompose(UNITS(10), neg, 3, DEC_SCALE, parts, &bad), -1);
    assert_int_equal(bad, 1);
    const int64_t zero[] = {0, 0, 0};
    assert_int_equal(bm_decompose(UNITS(10), zero, 3, DEC_SCALE, parts, &bad), -1);
    assert_int_equal(bad, 3);
    assert_int_equal(bm_decompose(UNITS(10), zero, 0, DEC_SCALE, parts, &bad), -1);
    assert_int_equal(bad, 0);
    const int64_t ok[] = {1, 1, 1};
    assert_int_equal(bm_decompose(UNITS(10), ok, 3, 0, parts, &bad), -1);
    assert_int_equal(bad, SIZE_MAX);
    assert_int_equal(bm_decompose(DEC_MAX + 1, ok, 3, DEC_SCALE, parts, &bad), -1);
    assert_int_equal(bad, SIZE_MAX);
}

/* ---- explanations ---- */

static void assert_explained(const struct bm_compare_in *in, const struct bm_compare_row *rows, size_t i,
                             enum bm_figure f, int year, const char *expect)
{
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(bm_explain(in, rows, i, f, year, &sb), 0);
    assert_string_equal(sb.buf, expect);
    strbuf_release(&sb);
}

static void explanations_show_the_numbers_and_name_a_missing_year(void **state)
{
    (void)state;
    const struct bm_opt v[] = {units(1300), units(-50), units(0), NONE};
    const struct bm_opt p[] = {units(1200), units(-40), units(0), units(7)};
    const struct bm_opt s[] = {NONE, units(10), units(5), NONE};
    struct bm_compare_in in = {BM_HIGHER, BM_FLOW, 4, v, p, s, 3};
    struct bm_compare_row r[4];
    size_t ranked;
    struct bm_fig total;
    compare(&in, r, &ranked, &total);
    assert_explained(&in, r, 0, BM_FIG_GROWTH, 2020, "(1300 − 1200) / 1200 = 8.33%");
    assert_explained(&in, r, 1, BM_FIG_CHANGE, 2020, "(-50) − (-40) = -10");
    assert_explained(&in, r, 1, BM_FIG_GROWTH, 2020,
                     "2019 年的值为负（-40），不能算增长率 / 2019's value is negative (-40): no growth rate");
    assert_explained(&in, r, 2, BM_FIG_GROWTH, 2020,
                     "2019 年的值为 0，不能算增长率 / 2019's value is 0: no growth rate");
    assert_explained(&in, r, 3, BM_FIG_GROWTH, 2020, "2020 年无数据 / no value for 2020");
    assert_explained(&in, r, 3, BM_FIG_RANK, 2020, "2020 年无数据 / no value for 2020");
    assert_explained(&in, r, 0, BM_FIG_CAGR, 2020, "2017 年无数据 / no value for 2017");
    assert_explained(&in, r, 3, BM_FIG_CAGR, 2020, "2017、2020 年无数据 / no value for 2017, 2020");
    assert_explained(&in, r, 1, BM_FIG_CAGR, 2020,
                     "2020 年的值为负（-50），不能算年均增长率 / 2020's value is negative (-50): no compound "
                     "annual growth rate");
    assert_explained(&in, r, 2, BM_FIG_CAGR, 2020, "2017 至 2020 年：(0 / 5)^(1/3) − 1 = -100.00%");
    assert_explained(&in, r, 0, BM_FIG_SHARE, 2020,
                     "有城市的值为负，不计算占比 / a value is negative: no shares");
    assert_explained(&in, r, 0, BM_FIG_GAP_ABOVE, 2020, "已是第一名，上面没有 / already first: no one above");
    assert_explained(&in, r, 1, BM_FIG_GAP_FIRST, 2020, "1300 − (-50) = 1350；1350 / 1300 = 103.85%");
    assert_explained(
        &in, r, 1, BM_FIG_GAP_ABOVE, 2020,
        "0 − (-50) = 50；上一名的值为 0，不能算百分比 / the one above's value is 0: no percentage");
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(bm_explain(&in, r, 4, BM_FIG_RANK, 2020, &sb), -1);
    strbuf_release(&sb);
}

static void names_read_back(void **state)
{
    (void)state;
    enum bm_direction d;
    enum bm_kind k;
    assert_int_equal(bm_direction_parse("lower", &d), 0);
    assert_int_equal(d, BM_LOWER);
    assert_int_equal(bm_direction_parse("down", &d), -1);
    assert_int_equal(bm_kind_parse("ratio", &k), 0);
    assert_int_equal(k, BM_RATIO);
    assert_string_equal(bm_kind_name(BM_FLOW), "flow");
    assert_string_equal(bm_status_name(BM_ZERO_BASE), "zero_base");
    assert_string_equal(bm_figure_name(BM_FIG_GAP_ABOVE), "gap_above");
    assert_string_equal(bm_pass_name(BM_PASS_BEYOND), "beyond");
    assert_string_equal(bm_goal_state_name(BM_GOAL_ON_TRACK), "on_track");
}

/* ---- the worked example of docs/benchmarking.md ---- */

static void worked_example_of_docs_matches(void **state)
{
    (void)state;
    enum { OURS, A, B, C, D, N };
    /* 地区生产总值 (亿元), higher is better, a flow; 2024 compared, 2023 before, CAGR from 2021 */
    const struct bm_opt v2024[N] = {units(1300), units(1500), units(1300), units(900), NONE};
    const struct bm_opt v2023[N] = {units(1200), units(1400), units(1250), NONE, units(560)};
    const struct bm_opt v2021[N] = {units(1000), units(1200), units(1100), units(800), units(500)};
    struct bm_compare_in in = {BM_HIGHER, BM_FLOW, N, v2024, v2023, v2021, 3};
    struct bm_compare_row r[N];
    size_t ranked;
    struct bm_fig total;
    compare(&in, r, &ranked, &total);
    assert_int_equal(ranked, 4);
    assert_fig(total, UNITS(5000));

    static const int rank[N] = {2, 1, 2, 4, 0};
    static const long above[N] = {A, -1, A, OURS, -1};
    for (size_t k = 0; k < N; k++) {
        assert_int_equal(r[k].rank, rank[k]);
        assert_int_equal(r[k].first, A);
        assert_int_equal(r[k].above, above[k]);
    }
    assert_fig(r[OURS].gap_first, UNITS(200));
    assert_fig(r[OURS].gap_first_pct, 133333);
    assert_fig(r[OURS].gap_above, UNITS(200));
    assert_fig(r[OURS].change, UNITS(100));
    assert_fig(r[OURS].growth, 83333);
    assert_fig(r[OURS].cagr, 91393);
    assert_fig(r[OURS].share, dec("0.26"));

    assert_fig(r[A].gap_first, 0);
    assert_none(r[A].gap_above, BM_NOT_APPLICABLE);
    assert_fig(r[A].growth, 71429);
    assert_fig(r[A].cagr, 77217);
    assert_fig(r[A].share, dec("0.3"));

    assert_fig(r[B].gap_first, UNITS(200));
    assert_fig(r[B].change, UNITS(50));
    assert_fig(r[B].growth, dec("0.04"));
    assert_fig(r[B].cagr, 57264);
    assert_fig(r[B].share, dec("0.26"));

    assert_fig(r[C].gap_first, UNITS(600));
    assert_fig(r[C].gap_first_pct, dec("0.4"));
    assert_fig(r[C].gap_above, UNITS(400));
    assert_fig(r[C].gap_above_pct, 307692);
    assert_none(r[C].change, BM_MISSING);
    assert_none(r[C].growth, BM_MISSING);
    assert_fig(r[C].cagr, 40042);
    assert_fig(r[C].share, dec("0.18"));

    assert_none(r[D].gap_first, BM_MISSING);
    assert_none(r[D].growth, BM_MISSING);
    assert_none(r[D].cagr, BM_MISSING);
    assert_none(r[D].share, BM_MISSING);

    assert_explained(&in, r, OURS, BM_FIG_RANK, 2024, "第 2 名 / 4（2 个并列，越高越好）");
    assert_explained(&in, r, OURS, BM_FIG_GAP_FIRST, 2024, "1500 − 1300 = 200；200 / 1500 = 13.33%");
    assert_explained(&in, r, OURS, BM_FIG_GROWTH, 2024, "(1300 − 1200) / 1200 = 8.33%");
    assert_explained(&in, r, OURS, BM_FIG_CAGR, 2024, "2021 至 2024 年：(1300 / 1000)^(1/3) − 1 = 9.14%");
    assert_explained(&in, r, OURS, BM_FIG_SHARE, 2024, "1300 / 5000 = 26.00%");
    assert_explained(&in, r, C, BM_FIG_GAP_ABOVE, 2024, "1300 − 900 = 400；400 / 1300 = 30.77%");
    assert_explained(&in, r, C, BM_FIG_GROWTH, 2024, "2023 年无数据 / no value for 2023");
    assert_explained(&in, r, D, BM_FIG_CHANGE, 2024, "2024 年无数据 / no value for 2024");

    assert_fig(bm_radar_score(v2024[OURS], v2024[A], BM_HIGHER), dec("86.666667"));

    /* the projection against A, at each one's CAGR */
    struct bm_projection_in pin = {BM_HIGHER,      2024,        UNITS(1300), UNITS(1500),
                                   r[OURS].cagr.v, r[A].cagr.v, 15};
    struct bm_projection p = bm_project(&pin);
    assert_int_equal(p.pass, BM_PASS_YEAR);
    assert_int_equal(p.year, 2035);
    assert_int_equal(p.self_then, dec("3402.014466"));
    assert_int_equal(p.peer_then, dec("3399.589219"));
    assert_projection_explained(&pin, &p, "1300 × (1 + 9.14%)^t > 1500 × (1 + 7.72%)^t：t = 11，2035 年");
    pin.horizon = 10;
    p = bm_project(&pin);
    assert_int_equal(p.pass, BM_PASS_BEYOND);
    assert_int_equal(p.year, 2035);

    /* the goal "到 2030 年超过 A 市": A's value projected to 2030, the rate needed, the status */
    struct bm_fig a2030 = bm_projected(UNITS(1500), r[A].cagr.v, 6);
    assert_fig(a2030, dec("2343.745496"));
    struct bm_goal_in peer_goal = {BM_HIGHER,    2024,     2030, v2024[OURS],
                                   opt(a2030.v), v2024[A], true, r[OURS].cagr};
    struct bm_goal_status gs = bm_goal_assess(&peer_goal);
    assert_int_equal(gs.state, BM_GOAL_BEHIND);
    assert_fig(gs.required_rate, 103218);
    /* the goal "到 2026 年达到 1500 亿元" */
    struct bm_goal_in value = {BM_HIGHER,   2024,        2026,  v2024[OURS],
                               units(1500), units(1500), false, r[OURS].cagr};
    gs = bm_goal_assess(&value);
    assert_int_equal(gs.state, BM_GOAL_ON_TRACK);
    assert_fig(gs.required_rate, 74172);

    /* 1500 split over four districts by their 2024 values */
    const int64_t w[] = {UNITS(460), UNITS(330), UNITS(290), UNITS(220)};
    const int64_t e[] = {UNITS(531), UNITS(381), UNITS(334), UNITS(254)};
    assert_split(UNITS(1500), w, 4, DEC_SCALE, e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranks_ties_share_the_best_rank_and_the_next_skips),
        cmocka_unit_test(a_missing_value_is_unranked_and_takes_no_place),
        cmocka_unit_test(lower_is_better_ranks_the_smallest_first),
        cmocka_unit_test(gaps_go_to_the_first_and_to_the_one_just_above_the_first_and_ties_at_zero),
        cmocka_unit_test(gaps_when_lower_is_better_are_this_minus_the_better),
        cmocka_unit_test(a_gap_percentage_needs_the_better_value_above_zero),
        cmocka_unit_test(change_is_the_difference_and_needs_both_years),
        cmocka_unit_test(growth_is_the_change_over_the_previous_value),
        cmocka_unit_test(growth_is_rounded_once_half_away_from_zero),
        cmocka_unit_test(growth_refuses_a_zero_or_negative_base_and_a_missing_year),
        cmocka_unit_test(cagr_is_the_root_of_the_ratio_over_the_years),
        cmocka_unit_test(cagr_over_one_year_is_the_growth_exactly),
        cmocka_unit_test(cagr_refuses_missing_years_bad_values_and_fewer_than_one_year),
        cmocka_unit_test(shares_divide_by_the_total_of_the_values_present),
        cmocka_unit_test(a_ratio_indicator_has_no_share_and_no_total),
        cmocka_unit_test(with_every_value_missing_nothing_is_ranked_and_there_is_no_total),
        cmocka_unit_test(shares_are_refused_when_a_value_is_negative_or_the_total_zero),
        cmocka_unit_test(radar_scores_against_the_best_out_of_one_hundred),
        cmocka_unit_test(a_city_already_better_is_ahead),
        cmocka_unit_test(a_faster_city_passes_in_the_first_year_it_is_strictly_better),
        cmocka_unit_test(drawing_level_is_not_passing),
        cmocka_unit_test(drawing_level_after_many_years_is_not_passing_either),
        cmocka_unit_test(level_cities_whose_rates_double_cannot_tell_apart_pass_in_a_year),
        cmocka_unit_test(equal_or_slower_rates_never_pass),
        cmocka_unit_test(passing_after_the_horizon_is_beyond_with_its_year),
        cmocka_unit_test(lower_is_better_passes_when_its_value_falls_below),
        cmocka_unit_test(a_projection_needs_positive_values_rates_above_minus_one_and_a_horizon),
        cmocka_unit_test(the_required_rate_reaches_the_target_in_the_years),
        cmocka_unit_test(any_rate_above_the_required_one_passes_the_peer_and_below_does_not),
        cmocka_unit_test(a_projected_value_compounds_the_rate),
        cmocka_unit_test(a_goal_reached_is_achieved_and_equal_is_enough_for_a_value),
        cmocka_unit_test(a_goal_is_on_track_when_the_actual_rate_is_at_least_the_required),
        cmocka_unit_test(a_target_year_passed_unreached_is_behind),
        cmocka_unit_test(a_peer_goal_needs_strictly_better_value_and_rate),
        cmocka_unit_test(a_lower_is_better_goal_is_on_track_when_falling_fast_enough),
        cmocka_unit_test(a_goal_with_a_figure_missing_is_unknown_and_says_why),
        cmocka_unit_test(the_split_gives_leftover_quanta_to_the_largest_remainders),
        cmocka_unit_test(the_split_breaks_equal_remainders_to_the_earlier),
        cmocka_unit_test(the_split_rounds_a_total_off_the_quantum_then_adds_up_to_it),
        cmocka_unit_test(the_split_adds_up_to_the_total_exactly_on_random_weights),
        cmocka_unit_test(the_split_refuses_negative_weights_a_zero_sum_and_a_bad_quantum),
        cmocka_unit_test(explanations_show_the_numbers_and_name_a_missing_year),
        cmocka_unit_test(names_read_back),
        cmocka_unit_test(worked_example_of_docs_matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
