/*
 * Unit tests for the appraisal engine (src/domain/appraisal_*.c) and its decimals
 * (src/base/decimal.c): each scoring method at its edges, totals, ranks and grades, the what-if
 * against a fresh computation on random data, and the worked example of docs/appraisal-rules.md.
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
#include "domain/appraisal.h"

/* A decimal from its text ("0.6"), so that no test goes through floating point. */
static int64_t dec(const char *s)
{
    int64_t v = 0;
    assert_int_equal(dec_parse(s, strlen(s), false, &v), 0);
    return v;
}

#define UNITS(x) ((int64_t)(x)*DEC_SCALE)
#define POINTS(x) ((int64_t)(x)*100)

static struct appr_value actual(int64_t a)
{
    return (struct appr_value){.has_actual = true, .actual = a};
}

static struct appr_value ratio_value(int64_t a, int64_t t)
{
    return (struct appr_value){.has_actual = true, .has_target = true, .actual = a, .target = t};
}

static struct appr_value ratings_value(const int64_t *r, size_t n)
{
    return (struct appr_value){.ratings = r, .n_ratings = n};
}

static struct appr_score score_one(const struct appr_leaf *leaf, struct appr_value v)
{
    struct appr_score s;
    assert_int_equal(appr_score_leaf(leaf, &v, 1, &s), 0);
    return s;
}

static void assert_points(const struct appr_leaf *leaf, struct appr_value v, int64_t points)
{
    struct appr_score s = score_one(leaf, v);
    assert_int_equal(s.status, APPR_OK);
    assert_int_equal(s.points, points);
}

static void assert_status(const struct appr_leaf *leaf, struct appr_value v, enum appr_status status)
{
    struct appr_score s = score_one(leaf, v);
    assert_int_equal(s.status, status);
    assert_int_equal(s.points, 0);
}

/* The explanation of subject i of the group. */
static void assert_explained(const struct appr_leaf *leaf, const struct appr_value *values, size_t n,
                             size_t i, const char *expect)
{
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(appr_explain_leaf(leaf, values, n, i, &sb), 0);
    assert_string_equal(sb.buf, expect);
    strbuf_release(&sb);
}

static struct appr_leaf leaf_of(enum appr_method m, int64_t full_marks)
{
    struct appr_leaf leaf;
    appr_leaf_init(&leaf, m, full_marks);
    return leaf;
}

/* ---- ratio ---- */

static void ratio_scores_full_marks_times_the_ratio_up_to_the_cap(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_RATIO, POINTS(20));
    assert_points(&leaf, ratio_value(UNITS(95), UNITS(100)), 1900);
    assert_points(&leaf, ratio_value(UNITS(130), UNITS(100)), 2000);
    struct appr_value v = ratio_value(UNITS(95), UNITS(100));
    assert_explained(&leaf, &v, 1, 0, "20.00 × min(95 / 100, 1) = 19.00");
    leaf.cap = dec("1.2");
    assert_points(&leaf, ratio_value(UNITS(110), UNITS(100)), 2200);
    assert_points(&leaf, ratio_value(UNITS(130), UNITS(100)), 2400);
    v = ratio_value(UNITS(130), UNITS(100));
    assert_explained(&leaf, &v, 1, 0, "20.00 × min(130 / 100, 1.2) = 24.00");
}

static void ratio_below_the_floor_scores_zero_and_at_the_floor_scores(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_RATIO, POINTS(20));
    leaf.has_floor = true;
    leaf.floor = dec("0.6");
    assert_points(&leaf, ratio_value(dec("59.999999"), UNITS(100)), 0);
    assert_points(&leaf, ratio_value(UNITS(60), UNITS(100)), 1200);
    struct appr_value v = ratio_value(UNITS(50), UNITS(100));
    assert_explained(&leaf, &v, 1, 0, "50 / 100 < 0.6（下限）：0.00");
}

static void ratio_lower_is_better_divides_target_by_actual_and_zero_gives_the_cap(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_RATIO, POINTS(20));
    leaf.direction = APPR_LOWER;
    leaf.cap = dec("1.2");
    assert_points(&leaf, ratio_value(UNITS(125), UNITS(100)), 1600);
    assert_points(&leaf, ratio_value(UNITS(80), UNITS(100)), 2400); /* 1.25 capped at 1.2 */
    assert_points(&leaf, ratio_value(0, UNITS(100)), 2400);
    struct appr_value v = ratio_value(0, UNITS(100));
    assert_explained(&leaf, &v, 1, 0, "实际值为 0，比率取封顶值：20.00 × 1.2 = 24.00");
    assert_status(&leaf, ratio_value(-1, UNITS(100)), APPR_BAD_VALUE);
}

static void ratio_refuses_a_target_at_or_below_zero_and_missing_data(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_RATIO, POINTS(20));
    assert_status(&leaf, ratio_value(UNITS(5), 0), APPR_BAD_TARGET);
    assert_status(&leaf, ratio_value(UNITS(5), UNITS(-5)), APPR_BAD_TARGET);
    assert_status(&leaf, actual(UNITS(5)), APPR_MISSING);
    assert_status(&leaf, (struct appr_value){.has_target = true, .target = UNITS(5)}, APPR_MISSING);
    assert_status(&leaf, ratio_value(DEC_MAX + 1, UNITS(5)), APPR_BAD_VALUE);
    struct appr_value v = ratio_value(UNITS(5), UNITS(-5));
    assert_explained(&leaf, &v, 1, 0,
                     "目标值须大于 0，现为 -5 / the target must be greater than 0, it is -5");
    v = actual(UNITS(5));
    assert_explained(&leaf, &v, 1, 0, "缺少目标值 / the target value is missing");
}

static void ratio_with_a_negative_actual_higher_is_better_scores_zero(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_RATIO, POINTS(20));
    assert_points(&leaf, ratio_value(UNITS(-5), UNITS(100)), 0);
    struct appr_value v = ratio_value(UNITS(-5), UNITS(100));
    assert_explained(&leaf, &v, 1, 0, "20.00 × max(min((-5) / 100, 1), 0) = 0.00");
}

/* ---- rank ---- */

static void rank_ties_share_the_best_rank_and_points_fall_evenly_to_the_minimum(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_RANK, POINTS(10));
    leaf.min_score = POINTS(4);
    struct appr_value v[] = {actual(UNITS(50)), actual(UNITS(40)), actual(UNITS(40)), actual(UNITS(30)),
                             actual(UNITS(20))};
    struct appr_score s[5];
    assert_int_equal(appr_score_leaf(&leaf, v, 5, s), 0);
    static const int ranks[] = {1, 2, 2, 4, 5};
    static const int64_t points[] = {1000, 850, 850, 550, 400};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(s[i].rank, ranks[i]);
        assert_int_equal(s[i].points, points[i]);
    }
    assert_explained(&leaf, v, 5, 1, "排名 2/5：10.00 − (2 − 1) × (10.00 − 4.00) / (5 − 1) = 8.50");
    /* lower is better: the order turns round */
    leaf.direction = APPR_LOWER;
    assert_int_equal(appr_score_leaf(&leaf, v, 5, s), 0);
    assert_int_equal(s[4].rank, 1);
    assert_int_equal(s[0].rank, 5);
    assert_int_equal(s[1].rank, 3);
    assert_int_equal(s[2].rank, 3);
}

static void rank_of_the_only_valid_value_gets_full_marks(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_RANK, POINTS(10));
    leaf.min_score = POINTS(4);
    struct appr_value v[] = {{0}, actual(UNITS(5))};
    struct appr_score s[2];
    assert_int_equal(appr_score_leaf(&leaf, v, 2, s), 0);
    assert_int_equal(s[0].status, APPR_MISSING);
    assert_int_equal(s[0].rank, 0);
    assert_int_equal(s[1].rank, 1);
    assert_int_equal(s[1].points, 1000);
    assert_explained(&leaf, v, 2, 1, "排名 1/1：10.00");
    assert_explained(&leaf, v, 2, 0, "缺少实际值 / the actual value is missing");
}

static void rank_with_a_step_stops_at_the_minimum(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_RANK, POINTS(10));
    leaf.has_step = true;
    leaf.step = 250;
    leaf.min_score = POINTS(4);
    struct appr_value v[] = {actual(1), actual(2), actual(3), actual(4), actual(5)};
    struct appr_score s[5];
    assert_int_equal(appr_score_leaf(&leaf, v, 5, s), 0);
    static const int64_t points[] = {400, 400, 500, 750, 1000};
    for (int i = 0; i < 5; i++)
        assert_int_equal(s[i].points, points[i]);
    assert_explained(&leaf, v, 5, 2, "排名 3/5：max(10.00 − (3 − 1) × 2.50, 4.00) = 5.00");
}

/* ---- efficacy ---- */

static void efficacy_runs_from_the_base_at_the_worst_to_full_marks_at_the_best(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_EFFICACY, POINTS(10));
    struct appr_value v[] = {actual(UNITS(60)), actual(UNITS(80)), actual(UNITS(100)), {0}};
    struct appr_score s[4];
    assert_int_equal(appr_score_leaf(&leaf, v, 4, s), 0);
    assert_int_equal(s[0].points, 600);
    assert_int_equal(s[1].points, 800);
    assert_int_equal(s[2].points, 1000);
    assert_int_equal(s[3].status, APPR_MISSING);
    assert_explained(&leaf, v, 4, 1,
                     "最差值 60，最优值 100：10.00 × (0.6 + (1 − 0.6) × (80 − 60) / (100 − 60)) = 8.00");
    /* lower is better mirrors it */
    leaf.direction = APPR_LOWER;
    assert_int_equal(appr_score_leaf(&leaf, v, 4, s), 0);
    assert_int_equal(s[0].points, 1000);
    assert_int_equal(s[1].points, 800);
    assert_int_equal(s[2].points, 600);
    assert_explained(&leaf, v, 4, 1,
                     "最差值 100，最优值 60：10.00 × (0.6 + (1 − 0.6) × (80 − 100) / (60 − 100)) = 8.00");
}

static void efficacy_with_every_value_equal_gives_full_marks(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_EFFICACY, POINTS(10));
    struct appr_value v[] = {actual(UNITS(7)), actual(UNITS(7))};
    struct appr_score s[2];
    assert_int_equal(appr_score_leaf(&leaf, v, 2, s), 0);
    assert_int_equal(s[0].points, 1000);
    assert_int_equal(s[1].points, 1000);
    assert_explained(&leaf, v, 2, 0, "最差值 7，最优值 7：10.00");
}

static void efficacy_with_configured_bounds_is_clamped_to_base_and_full_marks(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_EFFICACY, POINTS(10));
    leaf.has_bounds = true;
    leaf.disallowed = UNITS(50);
    leaf.satisfactory = UNITS(90);
    struct appr_value v[] = {actual(UNITS(40)), actual(UNITS(70)), actual(UNITS(95))};
    struct appr_score s[3];
    assert_int_equal(appr_score_leaf(&leaf, v, 3, s), 0);
    assert_int_equal(s[0].points, 600);
    assert_int_equal(s[1].points, 800);
    assert_int_equal(s[2].points, 1000);
    assert_explained(&leaf, v, 3, 0,
                     "不允许值 50，满意值 90：10.00 × (0.6 + (1 − 0.6) × (40 − 50) / (90 − 50)) = 6.00（限于 "
                     "[6.00, 10.00]）");
    leaf.direction = APPR_LOWER;
    leaf.disallowed = UNITS(90);
    leaf.satisfactory = UNITS(50);
    assert_int_equal(appr_score_leaf(&leaf, v, 3, s), 0);
    assert_int_equal(s[0].points, 1000);
    assert_int_equal(s[1].points, 800);
    assert_int_equal(s[2].points, 600);
}

/* ---- band, check, survey ---- */

static void band_is_reached_exactly_at_its_threshold_in_both_directions(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_BAND, POINTS(10));
    leaf.n_bands = 3;
    leaf.bands[0] = (struct appr_band){UNITS(90), DEC_SCALE};
    leaf.bands[1] = (struct appr_band){UNITS(80), dec("0.8")};
    leaf.bands[2] = (struct appr_band){UNITS(60), dec("0.5")};
    struct error e = {0};
    assert_int_equal(appr_leaf_check(&leaf, &e), 0);
    assert_points(&leaf, actual(UNITS(90)), 1000);
    assert_points(&leaf, actual(dec("89.999999")), 800);
    assert_points(&leaf, actual(UNITS(80)), 800);
    assert_points(&leaf, actual(UNITS(60)), 500);
    assert_points(&leaf, actual(dec("59.999999")), 0);
    struct appr_value v = actual(UNITS(85));
    assert_explained(&leaf, &v, 1, 0, "第 2 档（≥ 80）：10.00 × 0.8 = 8.00");
    v = actual(UNITS(10));
    assert_explained(&leaf, &v, 1, 0, "未达最低档（≥ 60）：0.00");

    leaf.direction = APPR_LOWER;
    leaf.n_bands = 2;
    leaf.bands[0] = (struct appr_band){UNITS(10), DEC_SCALE};
    leaf.bands[1] = (struct appr_band){UNITS(20), dec("0.6")};
    assert_int_equal(appr_leaf_check(&leaf, &e), 0);
    assert_points(&leaf, actual(UNITS(10)), 1000);
    assert_points(&leaf, actual(dec("10.000001")), 600);
    assert_points(&leaf, actual(UNITS(20)), 600);
    assert_points(&leaf, actual(dec("20.000001")), 0);
    assert_status(&leaf, (struct appr_value){0}, APPR_MISSING);
}

static void check_gives_full_marks_for_one_nothing_for_zero_and_refuses_the_rest(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_CHECK, POINTS(5));
    assert_points(&leaf, actual(DEC_SCALE), 500);
    assert_points(&leaf, actual(0), 0);
    assert_status(&leaf, actual(dec("0.5")), APPR_BAD_VALUE);
    assert_status(&leaf, actual(UNITS(2)), APPR_BAD_VALUE);
    assert_status(&leaf, (struct appr_value){0}, APPR_MISSING);
    struct appr_value v = actual(UNITS(2));
    assert_explained(&leaf, &v, 1, 0,
                     "达标类指标的值须为 0 或 1，现为 2 / a check's value must be 0 or 1, it is 2");
    v = actual(DEC_SCALE);
    assert_explained(&leaf, &v, 1, 0, "达标：5.00");
}

static void survey_drops_the_highest_and_lowest_by_default_from_five_ratings_on(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_SURVEY, POINTS(10));
    const int64_t four[] = {UNITS(100), UNITS(80), UNITS(60), UNITS(40)};
    const int64_t five[] = {UNITS(100), UNITS(80), UNITS(60), UNITS(40), 0};
    assert_points(&leaf, ratings_value(four, 4), 700);
    assert_points(&leaf, ratings_value(five, 5), 600);
    struct appr_value v = ratings_value(five, 5);
    assert_explained(
        &leaf, &v, 1, 0,
        "去掉最高、最低各 1 个评分，保留 40, 60, 80；平均 180 / 3 = 60：10.00 × 60 / 100 = 6.00");
    v = ratings_value(four, 4);
    assert_explained(&leaf, &v, 1, 0, "评分 40, 60, 80, 100；平均 280 / 4 = 70：10.00 × 70 / 100 = 7.00");
    leaf.trim = 0;
    assert_points(&leaf, ratings_value(five, 5), 560);
    leaf.trim = 2;
    assert_points(&leaf, ratings_value(five, 5), 600);
    assert_status(&leaf, ratings_value(four, 4), APPR_MISSING);
    v = ratings_value(four, 4);
    assert_explained(
        &leaf, &v, 1, 0,
        "评分只有 4 个，去掉最高、最低各 2 个至少需要 5 个 / only 4 ratings: dropping the 2 highest and "
        "the 2 lowest needs at least 5");
    assert_status(&leaf, ratings_value(NULL, 0), APPR_MISSING);
    leaf.trim = -1;
    const int64_t over[] = {UNITS(90), dec("100.000001")}, under[] = {-1};
    assert_status(&leaf, ratings_value(over, 2), APPR_BAD_VALUE);
    assert_status(&leaf, ratings_value(under, 1), APPR_BAD_VALUE);
    v = ratings_value(over, 2);
    assert_explained(
        &leaf, &v, 1, 0,
        "第 2 个评分 100.000001 不在 0 到 100 之间 / rating 2, 100.000001, is not between 0 and 100");
    /* many ratings with a larger trim: 0, 1, …, 39 less the three lowest and highest: mean 19.5 */
    int64_t many[40];
    for (int i = 0; i < 40; i++)
        many[i] = UNITS((i * 17) % 40);
    leaf.trim = 3;
    assert_points(&leaf, ratings_value(many, 40), 195);
}

static void leaf_scores_are_rounded_once_half_away_from_zero(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_RATIO, 1); /* full marks one hundredth */
    assert_points(&leaf, ratio_value(1, 2), 1);     /* 0.5 hundredth up */
    assert_points(&leaf, ratio_value(1, 3), 0);
    assert_points(&leaf, ratio_value(2, 3), 1);
    leaf.full_marks = POINTS(20);
    assert_points(&leaf, ratio_value(1, 3), 667); /* 6.666… */
    /* the mean 81.25 is not rounded first: 10 × 0.8125 = 8.125 → 8.13 */
    struct appr_leaf survey = leaf_of(APPR_SURVEY, POINTS(10));
    const int64_t r[] = {UNITS(80), UNITS(90), UNITS(70), UNITS(85)};
    assert_points(&survey, ratings_value(r, 4), 813);
    /* negative decimals round away from zero too */
    int64_t v;
    assert_int_equal(dec_parse("-0.0000005", 10, true, &v), 0);
    assert_int_equal(v, -1);
    assert_int_equal(dec_parse("-0.00000049", 11, true, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(dec_parse("-2.5000005", 10, true, &v), 0);
    assert_int_equal(v, -2500001);
}

static void leaf_settings_are_checked_naming_the_setting(void **state)
{
    (void)state;
    struct error e = {0};
    struct appr_leaf leaf = leaf_of(APPR_RATIO, 0);
    assert_int_equal(appr_leaf_check(&leaf, &e), -1);
    assert_string_equal(e.field, "full_marks");
    leaf = leaf_of(APPR_RATIO, POINTS(10));
    leaf.cap = dec("0.99");
    assert_int_equal(appr_leaf_check(&leaf, &e), -1);
    assert_string_equal(e.field, "cap");
    leaf = leaf_of(APPR_RATIO, POINTS(10));
    leaf.has_floor = true;
    leaf.floor = dec("1.1");
    assert_int_equal(appr_leaf_check(&leaf, &e), -1);
    assert_string_equal(e.field, "floor");
    leaf = leaf_of(APPR_RANK, POINTS(10));
    leaf.has_step = true;
    assert_int_equal(appr_leaf_check(&leaf, &e), -1);
    assert_string_equal(e.field, "step");
    leaf = leaf_of(APPR_RANK, POINTS(10));
    leaf.min_score = POINTS(11);
    assert_int_equal(appr_leaf_check(&leaf, &e), -1);
    assert_string_equal(e.field, "min_score");
    leaf = leaf_of(APPR_EFFICACY, POINTS(10));
    leaf.base = DEC_SCALE;
    assert_int_equal(appr_leaf_check(&leaf, &e), -1);
    assert_string_equal(e.field, "base");
    leaf = leaf_of(APPR_EFFICACY, POINTS(10));
    leaf.has_bounds = true;
    leaf.disallowed = UNITS(90);
    leaf.satisfactory = UNITS(50); /* higher is better: backwards */
    assert_int_equal(appr_leaf_check(&leaf, &e), -1);
    assert_string_equal(e.field, "satisfactory");
    leaf = leaf_of(APPR_BAND, POINTS(10));
    assert_int_equal(appr_leaf_check(&leaf, &e), -1); /* no band */
    assert_string_equal(e.field, "bands");
    leaf.n_bands = 2;
    leaf.bands[0] = (struct appr_band){UNITS(60), dec("0.5")};
    leaf.bands[1] = (struct appr_band){UNITS(90), DEC_SCALE}; /* worst first */
    assert_int_equal(appr_leaf_check(&leaf, &e), -1);
    assert_string_equal(e.field, "bands");
    leaf.bands[0] = (struct appr_band){UNITS(90), dec("1.5")};
    leaf.bands[1] = (struct appr_band){UNITS(60), dec("0.5")};
    assert_int_equal(appr_leaf_check(&leaf, &e), -1);
    leaf = leaf_of(APPR_SURVEY, POINTS(10));
    leaf.trim = -2;
    assert_int_equal(appr_leaf_check(&leaf, &e), -1);
    assert_string_equal(e.field, "trim");
    leaf.method = APPR_METHOD_COUNT;
    assert_int_equal(appr_leaf_check(&leaf, &e), -1);
    assert_string_equal(e.field, "method");
}

static void method_and_status_names_read_back(void **state)
{
    (void)state;
    for (int m = 0; m < APPR_METHOD_COUNT; m++) {
        enum appr_method out;
        assert_int_equal(appr_method_parse(appr_method_name((enum appr_method)m), &out), 0);
        assert_int_equal(out, m);
    }
    enum appr_method out;
    assert_int_equal(appr_method_parse("Ratio", &out), -1);
    assert_string_equal(appr_method_name(APPR_EFFICACY), "efficacy");
    assert_string_equal(appr_status_name(APPR_BAD_TARGET), "bad_target");
}

/* ---- grades ---- */

static void grades_are_checked_best_first_with_a_catch_all_last(void **state)
{
    (void)state;
    struct error e = {0};
    struct appr_grade g[APPR_GRADES_MAX + 1] = {
        {true, POINTS(90), true, dec("0.2")}, {true, POINTS(80), true, dec("0.5")}, {false, 0, false, 0}};
    assert_int_equal(appr_grades_check(g, 3, &e), 0);
    assert_int_equal(appr_grades_check(g, 0, &e), -1);
    assert_int_equal(appr_grades_check(g, APPR_GRADES_MAX + 1, &e), -1);
    assert_int_equal(appr_grades_check(g, 2, &e), -1); /* the last has a minimum */
    assert_string_equal(e.field, "grades[1].min_score");
    g[1].has_min = false;
    assert_int_equal(appr_grades_check(g, 2, &e), -1); /* … and a quota */
    assert_string_equal(e.field, "grades[1].quota");
    g[1] = (struct appr_grade){true, POINTS(95), true, dec("0.5")};
    assert_int_equal(appr_grades_check(g, 3, &e), -1); /* a minimum above the better grade's */
    assert_string_equal(e.field, "grades[1].min_score");
    g[1] = (struct appr_grade){true, POINTS(80), true, dec("0.1")};
    assert_int_equal(appr_grades_check(g, 3, &e), -1); /* a share below the better grade's */
    assert_string_equal(e.field, "grades[1].quota");
    g[1].quota = 0;
    assert_int_equal(appr_grades_check(g, 3, &e), -1);
    g[0].quota = dec("1.000001");
    assert_int_equal(appr_grades_check(g, 3, &e), -1);
    assert_string_equal(e.field, "grades[0].quota");
}

/* One group of n subjects given their totals through the bonus alone (no leaves). */
static void grade_totals(const struct appr_grade *grades, size_t n_grades, const int64_t *totals,
                         const enum appr_veto *vetoes, size_t n, struct appr_result *results)
{
    struct appr_subject subjects[16] = {0};
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++) {
        subjects[i].bonus = totals[i];
        subjects[i].veto = vetoes ? vetoes[i] : APPR_VETO_NONE;
    }
    struct appr_scheme scheme = {.grades = grades, .n_grades = n_grades};
    struct error e = {0};
    assert_int_equal(appr_scheme_check(&scheme, &e), 0);
    assert_int_equal(appr_compute(&scheme, subjects, n, 1, NULL, NULL, results), 0);
}

static void ties_at_the_quota_all_get_the_top_grade(void **state)
{
    (void)state;
    const struct appr_grade grades[] = {{false, 0, true, dec("0.2")}, {false, 0, false, 0}};
    const int64_t totals[10] = {9500, 9000, 9000, 9000, 8000, 7000, 6000, 5000, 4000, 3000};
    struct appr_result r[10];
    grade_totals(grades, 2, totals, NULL, 10, r); /* floor(0.2 × 10) = 2 */
    static const int ranks[10] = {1, 2, 2, 2, 5, 6, 7, 8, 9, 10};
    for (int i = 0; i < 10; i++) {
        assert_int_equal(r[i].rank, ranks[i]);
        assert_int_equal(r[i].grade, i < 4 ? 0 : 1);
        assert_int_equal(r[i].group_size, 10);
    }
}

static void a_subject_barred_from_the_top_at_rank_one_gets_the_next_grade_its_score_allows(void **state)
{
    (void)state;
    const struct appr_grade grades[] = {
        {true, POINTS(90), true, dec("0.2")}, {true, POINTS(80), false, 0}, {false, 0, false, 0}};
    const int64_t totals[5] = {POINTS(95), POINTS(92), POINTS(85), POINTS(75), POINTS(70)};
    const enum appr_veto vetoes[5] = {APPR_VETO_BAR_TOP, APPR_VETO_NONE, APPR_VETO_NONE, APPR_VETO_NONE,
                                      APPR_VETO_NONE};
    struct appr_result r[5];
    grade_totals(grades, 3, totals, vetoes, 5, r); /* floor(0.2 × 5) = 1 place at the top */
    assert_int_equal(r[0].rank, 1);
    assert_int_equal(r[0].grade, 1);
    assert_int_equal(r[1].grade, 1); /* rank 2: the one place is rank 1's even though it is barred */
    assert_int_equal(r[2].grade, 1);
    assert_int_equal(r[3].grade, 2);
    /* barred with a total that the second grade's minimum refuses: the last grade */
    const int64_t low[2] = {POINTS(79), POINTS(10)};
    grade_totals(grades, 3, low, vetoes, 2, r);
    assert_int_equal(r[0].rank, 1);
    assert_int_equal(r[0].grade, 2);
}

static void a_lowest_veto_forces_the_last_grade(void **state)
{
    (void)state;
    const struct appr_grade grades[] = {
        {false, 0, true, dec("0.5")}, {true, POINTS(60), false, 0}, {false, 0, false, 0}};
    const int64_t totals[2] = {POINTS(99), POINTS(50)};
    const enum appr_veto vetoes[2] = {APPR_VETO_LOWEST, APPR_VETO_NONE};
    struct appr_result r[2];
    grade_totals(grades, 3, totals, vetoes, 2, r);
    assert_int_equal(r[0].rank, 1);
    assert_int_equal(r[0].grade, 2);
    assert_int_equal(r[1].grade, 2);
}

static void bonus_and_deduction_are_capped_and_a_total_may_be_negative(void **state)
{
    (void)state;
    struct appr_leaf leaf = leaf_of(APPR_CHECK, POINTS(2));
    const struct appr_grade grades[] = {{false, 0, false, 0}};
    struct appr_scheme scheme = {&leaf, 1, grades, 1, true, true, POINTS(3), POINTS(5)};
    struct appr_subject subjects[3] = {
        {0, POINTS(4), 0, APPR_VETO_NONE}, {0, 150, POINTS(9), APPR_VETO_NONE}, {0, 0, 550, APPR_VETO_NONE}};
    struct appr_value values[3] = {actual(DEC_SCALE), actual(0), {0}};
    struct appr_score scores[3];
    struct appr_result r[3];
    assert_int_equal(appr_compute(&scheme, subjects, 3, 1, values, scores, r), 0);
    assert_int_equal(r[0].bonus, POINTS(3));
    assert_int_equal(r[0].total, POINTS(5));
    assert_int_equal(r[1].bonus, 150);
    assert_int_equal(r[1].deduction, POINTS(5));
    assert_int_equal(r[1].total, -350);
    assert_int_equal(r[2].deduction, POINTS(5));
    assert_int_equal(r[2].total, -500);
    assert_int_equal(r[2].n_errors, 1);
    assert_int_equal(r[1].n_errors, 0);
    assert_int_equal(r[1].rank, 2);
    assert_int_equal(r[2].rank, 3);
    char buf[DEC_TEXT_MAX];
    points_format(r[1].total, buf);
    assert_string_equal(buf, "-3.50");
    /* without caps the sums are taken as they are */
    scheme.has_bonus_cap = scheme.has_deduction_cap = false;
    assert_int_equal(appr_compute(&scheme, subjects, 3, 1, values, scores, r), 0);
    assert_int_equal(r[0].total, POINTS(6));
    assert_int_equal(r[1].total, 150 - POINTS(9));
    /* a subject in no group is refused */
    subjects[2].group = 1;
    assert_int_equal(appr_compute(&scheme, subjects, 3, 1, values, scores, r), -1);
}

/* ---- decimals ---- */

static void decimals_read_and_print_back_exactly(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int64_t v;
        const char *out;
    } cases[] = {
        {"95", 95000000, "95"},
        {"0.6", 600000, "0.6"},
        {"-12.345", -12345000, "-12.345"},
        {"+7", 7000000, "7"},
        {".5", 500000, "0.5"},
        {"5.", 5000000, "5"},
        {"1.5E+3", 1500000000, "1500"},
        {"25e-2", 250000, "0.25"},
        {"0.000001", 1, "0.000001"},
        {"-0", 0, "0"},
        {"0.50000000", 500000, "0.5"},
        {"1000000000000", DEC_MAX, "1000000000000"},
        {"-1e12", -DEC_MAX, "-1000000000000"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t v = -42;
        assert_int_equal(dec_parse(cases[i].in, strlen(cases[i].in), false, &v), 0);
        assert_int_equal(v, cases[i].v);
        char buf[DEC_TEXT_MAX];
        assert_int_equal(dec_format(v, buf), (int)strlen(cases[i].out));
        assert_string_equal(buf, cases[i].out);
        int64_t back;
        assert_int_equal(dec_parse(buf, strlen(buf), false, &back), 0);
        assert_int_equal(back, v);
    }
    static const char *const refused[] = {"",      "-",   ".",  "e5",   "1e",        "1.2.3",
                                          "1,000", " 1",  "1 ", "0x10", "0.0000001", "1000000000000.000001",
                                          "1e13",  "NaN", "1e+"};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        int64_t v;
        assert_int_equal(dec_parse(refused[i], strlen(refused[i]), false, &v), -1);
    }
    int64_t v;
    assert_int_equal(dec_parse("0.30000000000000004", 19, true, &v), 0);
    assert_int_equal(v, 300000);
    assert_int_equal(dec_parse("0.0000015", 9, true, &v), 0);
    assert_int_equal(v, 2);
    assert_int_equal(dec_parse("999999999999.9999995", 20, true, &v), 0); /* rounds up to the largest */
    assert_int_equal(v, DEC_MAX);
    assert_int_equal(dec_parse("1000000000000.0000005", 21, true, &v), -1); /* rounds past it */
    char buf[DEC_TEXT_MAX];
    dec_format(INT64_MIN, buf);
    assert_string_equal(buf, "-9223372036854.775808");
}

static void points_read_with_two_decimals_and_print_with_two(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(points_parse("19", 2, &v), 0);
    assert_int_equal(v, 1900);
    assert_int_equal(points_parse("19.5", 4, &v), 0);
    assert_int_equal(v, 1950);
    assert_int_equal(points_parse("-0.25", 5, &v), 0);
    assert_int_equal(v, -25);
    assert_int_equal(points_parse("1000000000", 10, &v), 0);
    assert_int_equal(points_parse("1000000000.01", 13, &v), -1);
    assert_int_equal(points_parse("0.125", 5, &v), -1);
    assert_int_equal(points_parse("abc", 3, &v), -1);
    char buf[DEC_TEXT_MAX];
    assert_int_equal(points_format(1900, buf), 5);
    assert_string_equal(buf, "19.00");
    points_format(-5, buf);
    assert_string_equal(buf, "-0.05");
    points_format(0, buf);
    assert_string_equal(buf, "0.00");
    points_format(123456, buf);
    assert_string_equal(buf, "1234.56");
}

/* ---- the whole scheme ---- */

static void scheme_check_names_the_leaf_at_fault(void **state)
{
    (void)state;
    struct appr_leaf leaves[2];
    appr_leaf_init(&leaves[0], APPR_CHECK, POINTS(5));
    appr_leaf_init(&leaves[1], APPR_RATIO, POINTS(5));
    leaves[1].cap = 0;
    const struct appr_grade grades[] = {{false, 0, false, 0}};
    struct appr_scheme scheme = {leaves, 2, grades, 1, false, false, 0, 0};
    struct error e = {0};
    assert_int_equal(appr_scheme_check(&scheme, &e), -1);
    assert_string_equal(e.field, "leaves[1].cap");
    leaves[1].cap = DEC_SCALE;
    assert_int_equal(appr_scheme_check(&scheme, &e), 0);
    scheme.has_bonus_cap = true;
    scheme.bonus_cap = -1;
    assert_int_equal(appr_scheme_check(&scheme, &e), -1);
    assert_string_equal(e.field, "bonus_cap");
}

/* A small deterministic generator (xorshift), so that a failure can be replayed. */
static uint64_t rng_state = 88172645463325252ULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int64_t rng_between(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

#define R_SUBJECTS 60
#define R_LEAVES 14
#define R_GROUPS 4
#define R_RATINGS 7

static int64_t r_ratings[R_SUBJECTS * R_LEAVES][R_RATINGS];

/* A leaf of a random method with random (valid) settings. */
static void random_leaf(struct appr_leaf *leaf, size_t l)
{
    appr_leaf_init(leaf, (enum appr_method)(l % APPR_METHOD_COUNT), rng_between(1, POINTS(30)));
    leaf->direction = rng() % 2 ? APPR_LOWER : APPR_HIGHER;
    switch (leaf->method) {
    case APPR_RATIO:
        leaf->cap = rng_between(DEC_SCALE, 2 * DEC_SCALE);
        leaf->has_floor = rng() % 2;
        leaf->floor = rng_between(0, DEC_SCALE);
        break;
    case APPR_RANK:
        leaf->min_score = rng_between(0, leaf->full_marks);
        leaf->has_step = rng() % 2;
        leaf->step = rng_between(1, 300);
        break;
    case APPR_EFFICACY:
        leaf->base = rng_between(0, DEC_SCALE - 1);
        leaf->has_bounds = rng() % 2;
        leaf->disallowed = UNITS(leaf->direction == APPR_LOWER ? 80 : 20);
        leaf->satisfactory = UNITS(leaf->direction == APPR_LOWER ? 20 : 80);
        break;
    case APPR_BAND:
        leaf->n_bands = 3;
        for (size_t k = 0; k < 3; k++) {
            int64_t x = leaf->direction == APPR_LOWER ? (int64_t)(k + 1) * 25 : (int64_t)(3 - k) * 25;
            leaf->bands[k] = (struct appr_band){UNITS(x), DEC_SCALE - (int64_t)k * 300000};
        }
        break;
    case APPR_SURVEY:
        leaf->trim = (int)rng_between(-1, 2);
        break;
    case APPR_CHECK:
    case APPR_METHOD_COUNT:
        break;
    }
    struct error e = {0};
    assert_int_equal(appr_leaf_check(leaf, &e), 0);
}

/* A random value for the leaf, now and then missing or bad; with many ties. */
static void random_value(const struct appr_leaf *leaf, size_t at, struct appr_value *v)
{
    memset(v, 0, sizeof(*v));
    uint64_t dice = rng() % 20;
    v->has_actual = dice != 0;
    v->has_target = dice != 1;
    v->actual =
        dice == 2 ? -UNITS(3) : UNITS(rng_between(0, 20)) * 5 + (rng() % 3 ? 0 : rng_between(0, 999999));
    v->target = dice == 3 ? 0 : UNITS(rng_between(1, 100));
    if (leaf->method == APPR_CHECK)
        v->actual = dice == 4 ? UNITS(2) : rng() % 2 ? DEC_SCALE : 0;
    if (leaf->method == APPR_SURVEY) {
        v->n_ratings = dice == 5 ? 0 : (size_t)rng_between(1, R_RATINGS);
        for (size_t k = 0; k < v->n_ratings; k++)
            r_ratings[at][k] = dice == 6 && k == 0 ? UNITS(101) : rng_between(0, UNITS(100));
        v->ratings = r_ratings[at];
    }
}

static void assert_same_scores(const struct appr_score *a, const struct appr_score *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a[i].points, b[i].points);
        assert_int_equal(a[i].status, b[i].status);
        assert_int_equal(a[i].rank, b[i].rank);
    }
}

static void assert_same_results(const struct appr_result *a, const struct appr_result *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a[i].leaf_sum, b[i].leaf_sum);
        assert_int_equal(a[i].bonus, b[i].bonus);
        assert_int_equal(a[i].deduction, b[i].deduction);
        assert_int_equal(a[i].total, b[i].total);
        assert_int_equal(a[i].rank, b[i].rank);
        assert_int_equal(a[i].group_size, b[i].group_size);
        assert_int_equal(a[i].grade, b[i].grade);
        assert_int_equal(a[i].n_errors, b[i].n_errors);
    }
}

static void the_what_if_of_one_leaf_equals_a_fresh_computation_on_random_data(void **state)
{
    (void)state;
    static struct appr_leaf leaves[R_LEAVES];
    static struct appr_value values[R_SUBJECTS * R_LEAVES];
    static struct appr_score scores[R_SUBJECTS * R_LEAVES], fresh_scores[R_SUBJECTS * R_LEAVES];
    static struct appr_result results[R_SUBJECTS], fresh[R_SUBJECTS];
    struct appr_subject subjects[R_SUBJECTS];
    const struct appr_grade grades[] = {
        {true, POINTS(60), true, dec("0.15")}, {true, POINTS(40), true, dec("0.5")}, {false, 0, false, 0}};
    for (size_t l = 0; l < R_LEAVES; l++)
        random_leaf(&leaves[l], l);
    struct appr_scheme scheme = {leaves, R_LEAVES, grades, 3, true, true, POINTS(5), POINTS(8)};
    struct error e = {0};
    assert_int_equal(appr_scheme_check(&scheme, &e), 0);
    for (size_t s = 0; s < R_SUBJECTS; s++) {
        subjects[s] = (struct appr_subject){(size_t)rng_between(0, R_GROUPS - 1), rng_between(0, POINTS(7)),
                                            rng_between(0, POINTS(10)),
                                            (enum appr_veto)rng_between(0, 2) * (rng() % 4 == 0)};
        for (size_t l = 0; l < R_LEAVES; l++)
            random_value(&leaves[l], s * R_LEAVES + l, &values[s * R_LEAVES + l]);
    }
    assert_int_equal(appr_compute(&scheme, subjects, R_SUBJECTS, R_GROUPS, values, scores, results), 0);
    for (int round = 0; round < 300; round++) {
        size_t l = (size_t)rng_between(0, R_LEAVES - 1), g = (size_t)rng_between(0, R_GROUPS - 1);
        for (size_t s = 0; s < R_SUBJECTS; s++) {
            if (subjects[s].group == g && rng() % 3 == 0)
                random_value(&leaves[l], s * R_LEAVES + l, &values[s * R_LEAVES + l]);
        }
        assert_int_equal(appr_update_leaf(&scheme, subjects, R_SUBJECTS, values, l, g, scores, results), 0);
        assert_int_equal(appr_compute(&scheme, subjects, R_SUBJECTS, R_GROUPS, values, fresh_scores, fresh),
                         0);
        assert_same_scores(scores, fresh_scores, R_SUBJECTS * R_LEAVES);
        assert_same_results(results, fresh, R_SUBJECTS);
    }
    /* and each leaf's scores are those appr_score_leaf gives the group alone; each explains itself */
    for (size_t g = 0; g < R_GROUPS; g++) {
        for (size_t l = 0; l < R_LEAVES; l++) {
            struct appr_value group[R_SUBJECTS];
            struct appr_score alone[R_SUBJECTS];
            size_t n = 0, who[R_SUBJECTS];
            for (size_t s = 0; s < R_SUBJECTS; s++) {
                if (subjects[s].group == g) {
                    who[n] = s;
                    group[n++] = values[s * R_LEAVES + l];
                }
            }
            assert_int_equal(appr_score_leaf(&leaves[l], group, n, alone), 0);
            for (size_t i = 0; i < n; i++) {
                assert_same_scores(&alone[i], &scores[who[i] * R_LEAVES + l], 1);
                struct strbuf sb = STRBUF_INIT;
                assert_int_equal(appr_explain_leaf(&leaves[l], group, n, i, &sb), 0);
                char want[DEC_TEXT_MAX + 4];
                points_format(alone[i].points, want);
                /* an OK explanation ends with the points it gave, or names the clamp */
                if (alone[i].status == APPR_OK && !strstr(sb.buf, "限于"))
                    assert_string_equal(sb.buf + sb.len - strlen(want), want);
                if (alone[i].status != APPR_OK)
                    assert_non_null(strstr(sb.buf, " / "));
                strbuf_release(&sb);
            }
        }
    }
}

/*
 * The worked example of docs/appraisal-rules.md (and .zh.md), number by number: five towns A–E
 * in one group, six leaves (100 points), bonus capped at 3, deduction at 5, three grades.
 */
static void worked_example_of_docs_matches(void **state)
{
    (void)state;
    enum { A, B, C, D, E, N = 5, L = 6 };
    struct appr_leaf leaves[L];
    appr_leaf_init(&leaves[0], APPR_RATIO, POINTS(30));
    leaves[0].cap = dec("1.2");
    leaves[0].has_floor = true;
    leaves[0].floor = dec("0.5");
    appr_leaf_init(&leaves[1], APPR_RANK, POINTS(20));
    leaves[1].direction = APPR_LOWER;
    leaves[1].min_score = POINTS(8);
    appr_leaf_init(&leaves[2], APPR_EFFICACY, POINTS(20));
    appr_leaf_init(&leaves[3], APPR_BAND, POINTS(10));
    leaves[3].n_bands = 3;
    leaves[3].bands[0] = (struct appr_band){UNITS(95), DEC_SCALE};
    leaves[3].bands[1] = (struct appr_band){UNITS(85), dec("0.8")};
    leaves[3].bands[2] = (struct appr_band){UNITS(70), dec("0.5")};
    appr_leaf_init(&leaves[4], APPR_SURVEY, POINTS(10));
    appr_leaf_init(&leaves[5], APPR_CHECK, POINTS(10));
    const struct appr_grade grades[3] = {
        {true, POINTS(80), true, dec("0.4")}, {true, POINTS(60), false, 0}, {0}};
    struct appr_scheme scheme = {leaves, L, grades, 3, true, true, POINTS(3), POINTS(5)};
    struct error e = {0};
    assert_int_equal(appr_scheme_check(&scheme, &e), 0);

    const struct appr_subject subjects[N] = {
        [A] = {0, POINTS(4), 0, APPR_VETO_BAR_TOP}, [B] = {0, POINTS(2), POINTS(1), APPR_VETO_NONE},
        [C] = {0, 0, POINTS(6), APPR_VETO_NONE},    [D] = {0, 150, 0, APPR_VETO_NONE},
        [E] = {0, 0, 50, APPR_VETO_NONE},
    };
    static const int64_t ra[] = {UNITS(90), UNITS(85), UNITS(80), UNITS(95), UNITS(70)};
    static const int64_t rb[] = {UNITS(80), UNITS(90), UNITS(70), UNITS(85)};
    static const int64_t rc[] = {UNITS(100), UNITS(60), UNITS(75), UNITS(80), UNITS(85), UNITS(90)};
    static const int64_t rd[] = {UNITS(60), UNITS(65), UNITS(70), UNITS(75), UNITS(100)};
    static const int64_t re[] = {UNITS(88), UNITS(92), UNITS(90)};
    const struct appr_value values[N * L] = {
        /* ratio (a, t)                  rank              efficacy           band                survey check
         */
        ratio_value(UNITS(130), UNITS(100)),
        actual(UNITS(12)),
        actual(dec("2.5")),
        actual(UNITS(95)),
        ratings_value(ra, 5),
        actual(DEC_SCALE),
        ratio_value(UNITS(91), UNITS(99)),
        actual(UNITS(15)),
        actual(dec("3.1")),
        actual(UNITS(90)),
        ratings_value(rb, 4),
        actual(DEC_SCALE),
        ratio_value(UNITS(80), UNITS(120)),
        actual(UNITS(12)),
        actual(dec("1.9")),
        actual(UNITS(70)),
        ratings_value(rc, 6),
        actual(0),
        ratio_value(UNITS(45), UNITS(100)),
        actual(UNITS(20)),
        actual(dec("4.3")),
        actual(dec("69.9")),
        ratings_value(rd, 5),
        actual(DEC_SCALE),
        ratio_value(UNITS(77), UNITS(70)),
        actual(UNITS(9)),
        actual(dec("2.0")),
        actual(UNITS(85)),
        ratings_value(re, 3),
        actual(DEC_SCALE),
    };
    struct appr_score scores[N * L];
    struct appr_result r[N];
    assert_int_equal(appr_compute(&scheme, subjects, N, 1, values, scores, r), 0);

    static const int64_t points[N][L] = {
        [A] = {3600, 1700, 1400, 1000, 850, 1000}, [B] = {2758, 1100, 1600, 800, 813, 1000},
        [C] = {2000, 1700, 1200, 500, 825, 0},     [D] = {0, 800, 2000, 0, 700, 1000},
        [E] = {3300, 2000, 1233, 800, 900, 1000},
    };
    static const int leaf_ranks[N] = {[A] = 2, [B] = 4, [C] = 2, [D] = 5, [E] = 1};
    static const int64_t leaf_sum[N] = {9550, 8071, 6225, 4500, 9233}, bonus[N] = {300, 200, 0, 150, 0},
                         deduction[N] = {0, 100, 500, 0, 50}, total[N] = {9850, 8171, 5725, 4650, 9183};
    static const int rank[N] = {[A] = 1, [B] = 3, [C] = 4, [D] = 5, [E] = 2};
    static const size_t grade[N] = {[A] = 1, [B] = 1, [C] = 2, [D] = 2, [E] = 0};
    for (int s = 0; s < N; s++) {
        for (int l = 0; l < L; l++) {
            assert_int_equal(scores[s * L + l].status, APPR_OK);
            assert_int_equal(scores[s * L + l].points, points[s][l]);
        }
        assert_int_equal(scores[s * L + 1].rank, leaf_ranks[s]);
        assert_int_equal(r[s].leaf_sum, leaf_sum[s]);
        assert_int_equal(r[s].bonus, bonus[s]);
        assert_int_equal(r[s].deduction, deduction[s]);
        assert_int_equal(r[s].total, total[s]);
        assert_int_equal(r[s].rank, rank[s]);
        assert_int_equal(r[s].grade, grade[s]);
        assert_int_equal(r[s].group_size, N);
        assert_int_equal(r[s].n_errors, 0);
    }

    /* the explanations the document shows */
    struct appr_value column[N];
    static const struct {
        int leaf, subject;
        const char *text;
    } shown[] = {
        {0, A, "30.00 × min(130 / 100, 1.2) = 36.00"},
        {0, B, "30.00 × min(91 / 99, 1.2) = 27.58"},
        {0, D, "45 / 100 < 0.5（下限）：0.00"},
        {1, A, "排名 2/5：20.00 − (2 − 1) × (20.00 − 8.00) / (5 − 1) = 17.00"},
        {1, E, "排名 1/5：20.00 − (1 − 1) × (20.00 − 8.00) / (5 − 1) = 20.00"},
        {2, E, "最差值 1.9，最优值 4.3：20.00 × (0.6 + (1 − 0.6) × (2 − 1.9) / (4.3 − 1.9)) = 12.33"},
        {3, C, "第 3 档（≥ 70）：10.00 × 0.5 = 5.00"},
        {3, D, "未达最低档（≥ 70）：0.00"},
        {4, A, "去掉最高、最低各 1 个评分，保留 80, 85, 90；平均 255 / 3 = 85：10.00 × 85 / 100 = 8.50"},
        {4, B, "评分 70, 80, 85, 90；平均 325 / 4 = 81.25：10.00 × 81.25 / 100 = 8.13"},
        {5, C, "未达标：0.00"},
    };
    for (size_t k = 0; k < sizeof(shown) / sizeof(shown[0]); k++) {
        for (int s = 0; s < N; s++)
            column[s] = values[s * L + shown[k].leaf];
        assert_explained(&leaves[shown[k].leaf], column, N, (size_t)shown[k].subject, shown[k].text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ratio_scores_full_marks_times_the_ratio_up_to_the_cap),
        cmocka_unit_test(ratio_below_the_floor_scores_zero_and_at_the_floor_scores),
        cmocka_unit_test(ratio_lower_is_better_divides_target_by_actual_and_zero_gives_the_cap),
        cmocka_unit_test(ratio_refuses_a_target_at_or_below_zero_and_missing_data),
        cmocka_unit_test(ratio_with_a_negative_actual_higher_is_better_scores_zero),
        cmocka_unit_test(rank_ties_share_the_best_rank_and_points_fall_evenly_to_the_minimum),
        cmocka_unit_test(rank_of_the_only_valid_value_gets_full_marks),
        cmocka_unit_test(rank_with_a_step_stops_at_the_minimum),
        cmocka_unit_test(efficacy_runs_from_the_base_at_the_worst_to_full_marks_at_the_best),
        cmocka_unit_test(efficacy_with_every_value_equal_gives_full_marks),
        cmocka_unit_test(efficacy_with_configured_bounds_is_clamped_to_base_and_full_marks),
        cmocka_unit_test(band_is_reached_exactly_at_its_threshold_in_both_directions),
        cmocka_unit_test(check_gives_full_marks_for_one_nothing_for_zero_and_refuses_the_rest),
        cmocka_unit_test(survey_drops_the_highest_and_lowest_by_default_from_five_ratings_on),
        cmocka_unit_test(leaf_scores_are_rounded_once_half_away_from_zero),
        cmocka_unit_test(leaf_settings_are_checked_naming_the_setting),
        cmocka_unit_test(method_and_status_names_read_back),
        cmocka_unit_test(grades_are_checked_best_first_with_a_catch_all_last),
        cmocka_unit_test(ties_at_the_quota_all_get_the_top_grade),
        cmocka_unit_test(a_subject_barred_from_the_top_at_rank_one_gets_the_next_grade_its_score_allows),
        cmocka_unit_test(a_lowest_veto_forces_the_last_grade),
        cmocka_unit_test(bonus_and_deduction_are_capped_and_a_total_may_be_negative),
        cmocka_unit_test(scheme_check_names_the_leaf_at_fault),
        cmocka_unit_test(decimals_read_and_print_back_exactly),
        cmocka_unit_test(points_read_with_two_decimals_and_print_with_two),
        cmocka_unit_test(the_what_if_of_one_leaf_equals_a_fresh_computation_on_random_data),
        cmocka_unit_test(worked_example_of_docs_matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
