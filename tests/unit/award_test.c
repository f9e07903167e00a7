/* Unit tests for honour lists as rules (src/domain/award.c): which subjects a derived list holds, quotas. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <stdbool.h>

#include "domain/award.h"

/* Two groups given interleaved and out of rank order, as a version's items never are but could be. */
static const struct award_candidate results[] = {
    {11, "镇一", "镇组", "优秀", 0, 2, 9300},   {21, "园一", "园区组", "优秀", 1, 1, 9700},
    {12, "镇二", "镇组", "优秀", 0, 1, 9500},   {13, "镇三", "镇组", "良好", 0, 3, 8500},
    {22, "园二", "园区组", "一般", 1, 2, 7000}, {14, "镇四", "镇组", "优秀", 0, 2, 9300},
};
#define N (sizeof(results) / sizeof(results[0]))

static void a_list_holds_the_top_grade_by_group_then_rank_ties_in_their_order(void **state)
{
    (void)state;
    const char *top[] = {"优秀"};
    size_t out[N];
    size_t m = award_derive(results, N, top, 1, out);
    int64_t ids[N];
    for (size_t i = 0; i < m; i++)
        ids[i] = results[out[i]].subject_id;
    assert_int_equal(m, 4);
    /* group 0 first: rank 1, then the two tied at rank 2 in the order given; then group 1 */
    assert_int_equal(ids[0], 12);
    assert_int_equal(ids[1], 11);
    assert_int_equal(ids[2], 14);
    assert_int_equal(ids[3], 21);
}

static void the_office_may_pick_several_grades_and_a_grade_no_one_has(void **state)
{
    (void)state;
    const char *two[] = {"良好", "优秀"};
    size_t out[N];
    assert_int_equal(award_derive(results, N, two, 2, out), 5);
    assert_int_equal(results[out[3]].subject_id, 13); /* rank 3 of group 0 before group 1 */
    const char *none[] = {"不合格"};
    assert_int_equal(award_derive(results, N, none, 1, out), 0);
    assert_int_equal(award_derive(results, 0, two, 2, out), 0);
}

static void a_quota_follows_the_grade_or_the_default(void **state)
{
    (void)state;
    const struct award_grade_quota q[] = {{"优秀", 3}, {"良好", 2}};
    assert_int_equal(award_quota_of_grade(q, 2, 1, "优秀"), 3);
    assert_int_equal(award_quota_of_grade(q, 2, 1, "良好"), 2);
    assert_int_equal(award_quota_of_grade(q, 2, 1, "一般"), 1);
    assert_int_equal(award_quota_of_grade(q, 2, 0, NULL), 0);
    assert_int_equal(award_quota_of_grade(NULL, 0, 4, "优秀"), 4);
}

static void a_nomination_fits_while_the_quota_has_room(void **state)
{
    (void)state;
    assert_true(award_quota_allows(3, 0));
    assert_true(award_quota_allows(3, 2));
    assert_false(award_quota_allows(3, 3));
    assert_false(award_quota_allows(3, 4));
    assert_false(award_quota_allows(0, 0)); /* a unit without a quota nominates no one */
}

static void kinds_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k < AWARD_KIND_COUNT; k++) {
        enum award_kind out;
        assert_int_equal(award_kind_parse(award_kind_name((enum award_kind)k), &out), 0);
        assert_int_equal(out, k);
    }
    enum award_kind out;
    assert_int_equal(award_kind_parse("Unit", &out), -1);
    assert_string_equal(award_kind_label(AWARD_UNIT), "先进单位");
    assert_string_equal(award_kind_label(AWARD_ENTERPRISE), "优秀企业");
    assert_string_equal(award_kind_label(AWARD_PERSON), "先进个人");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_list_holds_the_top_grade_by_group_then_rank_ties_in_their_order),
        cmocka_unit_test(the_office_may_pick_several_grades_and_a_grade_no_one_has),
        cmocka_unit_test(a_quota_follows_the_grade_or_the_default),
        cmocka_unit_test(a_nomination_fits_while_the_quota_has_room),
        cmocka_unit_test(kinds_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
