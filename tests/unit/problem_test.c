/* Unit tests for problems' states and transitions (src/domain/problem.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <stdbool.h>

#include "base/date.h"
#include "domain/problem.h"
#include "domain/project.h"

static const int32_t today = 20000;

static int next(enum problem_action a, enum problem_state s, bool assigned, int32_t deadline,
                enum problem_state *out, struct error *e)
{
    struct problem_facts f = {s, assigned, deadline, today};
    return problem_next_state(a, &f, out, e);
}

/* Every (action, state) pair: allowed ones give the state the diagram in problem.h names. */
static void each_transition_is_allowed_only_from_its_states(void **state)
{
    (void)state;
    enum { NO = -1 };
    static const int expect[PA_COUNT][PROBLEM_STATE_COUNT] = {
        /*               open              accepted          resolved        confirmed */
        [PA_RAISE] = {PROBLEM_OPEN, PROBLEM_OPEN, PROBLEM_OPEN, PROBLEM_OPEN},
        [PA_ASSIGN] = {PROBLEM_OPEN, PROBLEM_OPEN, NO, NO},
        [PA_ACCEPT] = {PROBLEM_ACCEPTED, NO, NO, NO},
        [PA_RESOLVE] = {NO, PROBLEM_RESOLVED, NO, NO},
        [PA_CONFIRM] = {NO, NO, PROBLEM_CONFIRMED, NO},
        [PA_REOPEN] = {NO, NO, PROBLEM_OPEN, NO},
        [PA_ESCALATE] = {PROBLEM_OPEN, PROBLEM_ACCEPTED, NO, NO},
    };
    for (int a = 0; a < PA_COUNT; a++) {
        for (int s = 0; s < PROBLEM_STATE_COUNT; s++) {
            struct error e = {0};
            enum problem_state out = PROBLEM_CONFIRMED;
            int rc = next((enum problem_action)a, (enum problem_state)s, true, today - 1, &out, &e);
            if (expect[a][s] == NO) {
                assert_int_equal(rc, -1);
                assert_int_equal(e.code, ERR_INVALID_STATE);
                assert_non_null(strstr(e.message_en, problem_state_name((enum problem_state)s)));
            } else {
                assert_int_equal(rc, 0);
                assert_int_equal(out, expect[a][s]);
            }
        }
    }
}

static void accepting_needs_an_assigned_unit(void **state)
{
    (void)state;
    struct error e = {0};
    enum problem_state out;
    assert_int_equal(next(PA_ACCEPT, PROBLEM_OPEN, false, DAY_NONE, &out, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_STATE);
    assert_string_equal(e.field, "unit_id");
}

static void escalation_needs_the_deadline_passed(void **state)
{
    (void)state;
    struct error e = {0};
    enum problem_state out;
    assert_int_equal(next(PA_ESCALATE, PROBLEM_OPEN, true, today, &out, &e),
                     -1); /* due today: not yet late */
    assert_string_equal(e.field, "deadline");
    assert_int_equal(next(PA_ESCALATE, PROBLEM_OPEN, true, DAY_NONE, &out, &e), -1);
    assert_int_equal(next(PA_ESCALATE, PROBLEM_ACCEPTED, true, today - 1, &out, &e), 0);
    assert_int_equal(out, PROBLEM_ACCEPTED); /* escalation marks, it does not move */
}

static void overdue_days_count_only_pending_problems(void **state)
{
    (void)state;
    struct problem_facts f = {PROBLEM_OPEN, true, today - 31, today};
    assert_int_equal(problem_overdue_days(&f), 31);
    f.deadline = today;
    assert_int_equal(problem_overdue_days(&f), 0);
    f.deadline = today - 5;
    f.state = PROBLEM_RESOLVED;
    assert_int_equal(problem_overdue_days(&f), 0);
    f.state = PROBLEM_ACCEPTED;
    assert_int_equal(problem_overdue_days(&f), 5);
    f.deadline = DAY_NONE;
    assert_int_equal(problem_overdue_days(&f), 0);
}

static void titles_are_checked(void **state)
{
    (void)state;
    struct error e = {0};
    assert_int_equal(problem_check_title("用地指标未落实", strlen("用地指标未落实"), &e), 0);
    assert_int_equal(problem_check_title("\xe3\x80\x80", 3, &e), -1); /* an ideographic space only */
    assert_string_equal(e.field, "title");
    assert_int_equal(problem_check_title("a\nb", 3, &e), -1);
    char long_title[PROBLEM_TITLE_MAX * 3 + 4];
    memset(long_title, 0, sizeof(long_title));
    for (int i = 0; i <= PROBLEM_TITLE_MAX; i++)
        memcpy(long_title + 3 * i, "题", 3);
    assert_int_equal(problem_check_title(long_title, 3 * PROBLEM_TITLE_MAX, &e), 0);
    assert_int_equal(problem_check_title(long_title, 3 * (PROBLEM_TITLE_MAX + 1), &e), -1);
    assert_int_equal(e.code, ERR_TOO_LONG);
}

static void names_round_trip(void **state)
{
    (void)state;
    for (int s = 0; s < PROBLEM_STATE_COUNT; s++) {
        enum problem_state out;
        const char *n = problem_state_name((enum problem_state)s);
        assert_int_equal(problem_state_parse(n, strlen(n), &out), 0);
        assert_int_equal(out, s);
    }
    for (int a = 0; a < PA_COUNT; a++) {
        enum problem_action out;
        const char *n = problem_action_name((enum problem_action)a);
        assert_int_equal(problem_action_parse(n, strlen(n), &out), 0);
        assert_int_equal(out, a);
    }
    enum problem_state out;
    assert_int_equal(problem_state_parse("Open", 4, &out), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_transition_is_allowed_only_from_its_states),
        cmocka_unit_test(accepting_needs_an_assigned_unit),
        cmocka_unit_test(escalation_needs_the_deadline_passed),
        cmocka_unit_test(overdue_days_count_only_pending_problems),
        cmocka_unit_test(titles_are_checked),
        cmocka_unit_test(names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
