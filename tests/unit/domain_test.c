/* Unit tests for src/domain: division codes, unit fields and the unit tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <stdbool.h>

#include "domain/account.h"
#include "domain/division.h"
#include "domain/permission.h"
#include "domain/unit.h"

static int check(const char *code)
{
    struct error e;
    error_clear(&e);
    return division_check(code, strlen(code), &e);
}

static void division_codes_must_be_six_digits_naming_existing_levels(void **state)
{
    assert_int_equal(check("320582"), 0); /* 张家港市 */
    assert_int_equal(check("320500"), 0); /* 苏州市 */
    assert_int_equal(check("320000"), 0); /* 江苏省 */
    assert_int_equal(check("110101"), 0); /* 东城区 */
    assert_int_equal(check("32058"), -1);
    assert_int_equal(check("3205821"), -1);
    assert_int_equal(check("32058a"), -1);
    assert_int_equal(check("990000"), -1); /* no province 99 */
    assert_int_equal(check("329900"), -1); /* no city 3299 */
    assert_int_equal(check("320599"), -1); /* no county 320599 */
    assert_int_equal(check("320082"), -1); /* a county code directly under a province that has none */
    assert_string_equal(division_name("320582", 6), "张家港市");
    assert_null(division_name("320599", 6));
}

static void division_errors_say_which_level_is_missing(void **state)
{
    struct error e;
    division_check("329900", 6, &e);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    assert_string_equal(e.field, "division_code");
    assert_non_null(strstr(e.message_en, "prefecture-level division 3299"));
    division_check("990000", 6, &e);
    assert_non_null(strstr(e.message_en, "no province 99"));
}

static void unit_kinds_parse_by_name_only(void **state)
{
    enum unit_kind k;
    assert_int_equal(unit_kind_parse("town", 4, &k), 0);
    assert_int_equal(k, UNIT_TOWN);
    assert_int_equal(unit_kind_parse("Town", 4, &k), -1);
    assert_int_equal(unit_kind_parse("tow", 3, &k), -1);
    assert_string_equal(unit_kind_name(UNIT_SUBDISTRICT), "subdistrict");
    assert_string_equal(unit_kind_label_zh(UNIT_PARK), "园区");
}

static void unit_fields_are_checked_in_characters_not_bytes(void **state)
{
    struct error e;
    char name[400] = "";
    for (int i = 0; i < 100; i++)
        memcpy(name + i * 3, "镇", 3);
    assert_int_equal(unit_check_name(name, 300, &e), 0);
    memcpy(name + 300, "镇", 3);
    assert_int_equal(unit_check_name(name, 303, &e), -1);
    assert_int_equal(e.code, ERR_TOO_LONG);
    assert_int_equal(unit_check_name("  ", 2, &e), -1);
    assert_int_equal(unit_check_name("a\nb", 3, &e), -1);
    assert_int_equal(unit_check_code("FGW-01_a", 8, &e), 0);
    assert_int_equal(unit_check_code("FGW 01", 6, &e), -1);
    assert_int_equal(unit_check_code("", 0, &e), -1);
    assert_int_equal(unit_check_code("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", 33, &e), -1);
    assert_int_equal(e.code, ERR_TOO_LONG);
    assert_int_equal(unit_check_sort_order(-1, &e), -1);
    assert_int_equal(unit_check_sort_order(UNIT_SORT_ORDER_MAX, &e), 0);
}

static void refuses_a_cycle_in_the_unit_tree(void **state)
{
    struct error e;
    const int64_t chain[] = {7, 3, 1}; /* the proposed parent 7, under 3, under 1 */
    assert_int_equal(unit_tree_check_parent(9, chain, 3, &e), 0);
    assert_int_equal(unit_tree_check_parent(0, chain, 3, &e), 0); /* a new unit */
    assert_int_equal(unit_tree_check_parent(3, chain, 3, &e), -1);
    assert_int_equal(e.code, ERR_CYCLE);
    assert_string_equal(e.field, "parent_id");
    assert_int_equal(unit_tree_check_parent(7, chain, 3, &e), -1); /* its own parent */
    assert_non_null(strstr(e.message_en, "own parent"));
}

static void refuses_a_tree_deeper_than_the_limit(void **state)
{
    struct error e;
    int64_t chain[UNIT_TREE_DEPTH_MAX];
    for (int i = 0; i < UNIT_TREE_DEPTH_MAX; i++)
        chain[i] = 100 + i;
    assert_int_equal(unit_tree_check_parent(1, chain, UNIT_TREE_DEPTH_MAX - 1, &e), 0);
    assert_int_equal(unit_tree_check_parent(1, chain, UNIT_TREE_DEPTH_MAX, &e), -1);
}

static void the_permission_table_gives_each_role_exactly_its_actions(void **state)
{
    /* rows: roles; columns: units.read, units.write, users.*, audit.read, audit.export, login_log.read */
    static const struct {
        enum role role;
        bool units_read, units_write, users, audit, login_log;
    } expected[] = {
        {ROLE_SYSTEM_ADMIN, true, true, true, true, true},
        {ROLE_PROJECT_OFFICE, true, false, false, false, false},
        {ROLE_APPRAISAL_OFFICE, true, false, false, true, false},
        {ROLE_UNIT_REPORTER, true, false, false, false, false},
        {ROLE_LEADER, true, false, false, false, false},
        {ROLE_ENTERPRISE, false, false, false, false, false},
    };
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        enum role r = expected[i].role;
        assert_true(role_may(r, ACTION_NONE));
        assert_true(role_may(r, ACTION_SELF));
        assert_int_equal(role_may(r, ACTION_UNITS_READ), expected[i].units_read);
        assert_int_equal(role_may(r, ACTION_UNITS_WRITE), expected[i].units_write);
        assert_int_equal(role_may(r, ACTION_USERS_READ), expected[i].users);
        assert_int_equal(role_may(r, ACTION_USERS_WRITE), expected[i].users);
        assert_int_equal(role_may(r, ACTION_AUDIT_READ), expected[i].audit);
        assert_int_equal(role_may(r, ACTION_AUDIT_EXPORT), expected[i].audit);
        assert_int_equal(role_may(r, ACTION_LOGIN_LOG_READ), expected[i].login_log);
        assert_int_equal(role_may(r, ACTION_TENANTS_SWITCH), r == ROLE_SYSTEM_ADMIN);
    }
    assert_false(role_may(ROLE_COUNT, ACTION_NONE)); /* an unknown role may do nothing */
    assert_true(role_is_scoped(ROLE_UNIT_REPORTER) && role_is_scoped(ROLE_LEADER));
    assert_false(role_is_scoped(ROLE_SYSTEM_ADMIN) || role_is_scoped(ROLE_PROJECT_OFFICE));
    enum role r;
    assert_int_equal(role_parse("unit_reporter", 13, &r), 0);
    assert_int_equal(r, ROLE_UNIT_REPORTER);
    assert_int_equal(role_parse("admin", 5, &r), -1);
}

static void passwords_need_12_to_128_characters_and_not_the_user_name(void **state)
{
    struct error e;
    assert_int_equal(account_check_password("alice", "12345678901", 11, "password", &e), -1);
    assert_string_equal(e.field, "password");
    assert_int_equal(account_check_password("alice", "123456789012", 12, "password", &e), 0);
    char max[129 * 3];
    memset(max, 'a', 128);
    assert_int_equal(account_check_password("alice", max, 128, "new_password", &e), 0);
    max[128] = 'a';
    assert_int_equal(account_check_password("alice", max, 129, "new_password", &e), -1);
    assert_int_equal(e.code, ERR_TOO_LONG);
    assert_string_equal(e.field, "new_password");
    /* twelve Chinese characters are twelve characters, not 36 bytes' worth */
    const char *zh = "我们的城市项目提速考核评优";
    assert_int_equal(account_check_password("alice", zh, strlen(zh), "password", &e), 0);
    assert_int_equal(account_check_password("administrator", "ADMINISTRATOR", 13, "password", &e), -1);
    assert_int_equal(account_check_password("a", "no rules: spaces & lowercase only", 33, "password", &e), 0);
    assert_int_equal(account_check_username("ab", 2, &e), -1);
    assert_int_equal(account_check_username("zhang.wei@town-01", 17, &e), 0);
    assert_int_equal(account_check_username("zhang wei", 9, &e), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(division_codes_must_be_six_digits_naming_existing_levels),
        cmocka_unit_test(division_errors_say_which_level_is_missing),
        cmocka_unit_test(unit_kinds_parse_by_name_only),
        cmocka_unit_test(unit_fields_are_checked_in_characters_not_bytes),
        cmocka_unit_test(refuses_a_cycle_in_the_unit_tree),
        cmocka_unit_test(refuses_a_tree_deeper_than_the_limit),
        cmocka_unit_test(the_permission_table_gives_each_role_exactly_its_actions),
        cmocka_unit_test(passwords_need_12_to_128_characters_and_not_the_user_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
