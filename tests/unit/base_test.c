/* Unit tests for src/base: arena, strbuf, UTF-8, dates and money formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/error.h"
#include "base/json_escape.h"
#include "base/money.h"
#include "base/strbuf.h"
#include "base/utf8.h"

static void arena_allocations_are_aligned_and_refuse_past_the_limit(void **state)
{
    struct arena a = ARENA_INIT;
    a.limit = 64 * 1024;
    char *p = arena_alloc(&a, 3), *q = arena_alloc(&a, 5);
    assert_non_null(p);
    assert_non_null(q);
    assert_int_equal((uintptr_t)q % 16, 0);
    assert_null(arena_alloc(&a, 65 * 1024));
    char *big = arena_alloc(&a, 40 * 1024);
    assert_non_null(big);
    assert_null(arena_alloc(&a, 30 * 1024));
    assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
    arena_release(&a);
    assert_null(a.head);
}

static void strbuf_grows_and_stops_at_its_maximum(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "单位");
    strbuf_addf(&sb, "-%d", 42);
    assert_string_equal(sb.buf, "单位-42");
    assert_false(sb.failed);
    strbuf_release(&sb);

    struct strbuf small = STRBUF_INIT;
    small.max = 8;
    strbuf_addstr(&small, "12345678");
    assert_false(small.failed);
    strbuf_addch(&small, '9');
    assert_true(small.failed);
    assert_int_equal(small.len, 8);
    strbuf_release(&small);
}

static void utf8_refuses_overlong_surrogates_and_truncated_sequences(void **state)
{
    assert_true(utf8_valid("张家港", strlen("张家港")));
    assert_false(utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
    assert_false(utf8_valid("\xED\xA0\x80", 3));     /* surrogate U+D800 */
    assert_false(utf8_valid("\xE5\xBC", 2));         /* truncated */
    assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* past U+10FFFF */
    assert_int_equal(utf8_count("张家港市", strlen("张家港市")), 4);
    assert_true(utf8_has_control("a\tb", 3));
    assert_true(utf8_has_control("\xC2\x85", 2)); /* NEL, a C1 control */
    assert_false(utf8_has_control("正常", strlen("正常")));
    assert_true(utf8_is_blank(" \xE3\x80\x80 ", 5)); /* ideographic space */
    assert_false(utf8_is_blank(" 镇 ", strlen(" 镇 ")));
}

static void json_escape_writes_valid_json_for_any_bytes(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    json_escape(&sb, "a\"b\\\n\xFF镇", 9);
    assert_string_equal(sb.buf, "\"a\\\"b\\\\\\u000a\xEF\xBF\xBD镇\"");
    strbuf_release(&sb);
}

static void dates_round_trip_and_refuse_impossible_days(void **state)
{
    struct date d;
    assert_int_equal(date_parse_iso("2020-03-09", 10, &d), 0);
    assert_int_equal(date_to_days(d), 18330);
    struct date back = date_from_days(18330);
    assert_int_equal(back.year, 2020);
    assert_int_equal(back.month, 3);
    assert_int_equal(back.day, 9);
    assert_int_equal(date_parse_iso("2020-02-29", 10, &d), 0);
    assert_int_equal(date_parse_iso("2019-02-29", 10, &d), -1);
    assert_int_equal(date_parse_iso("2100-02-29", 10, &d), -1);
    assert_int_equal(date_parse_iso("2020-13-01", 10, &d), -1);
    assert_int_equal(date_parse_iso("2020-3-9", 8, &d), -1);
    assert_int_equal(date_to_days((struct date){1970, 1, 1}), 0);
    assert_int_equal(date_to_days((struct date){1969, 12, 31}), -1);
    char buf[11];
    date_format_iso((struct date){2026, 11, 5}, buf);
    assert_string_equal(buf, "2026-11-05");
}

static void money_formats_fen_in_wan_and_yi_with_half_away_from_zero_rounding(void **state)
{
    char buf[64];
    assert_int_equal(money_format(123456789, MONEY_WAN, 2, buf, sizeof(buf)), 6);
    assert_string_equal(buf, "123.46"); /* 1,234,567.89 元 */
    money_format(123449999, MONEY_WAN, 2, buf, sizeof(buf));
    assert_string_equal(buf, "123.45");
    money_format(-123456789, MONEY_WAN, 2, buf, sizeof(buf));
    assert_string_equal(buf, "-123.46");
    money_format(123456789012345, MONEY_YUAN, 2, buf, sizeof(buf));
    assert_string_equal(buf, "1,234,567,890,123.45");
    money_format(1000000000000, MONEY_YI, 2, buf, sizeof(buf));
    assert_string_equal(buf, "100.00");
    money_format(0, MONEY_WAN, 2, buf, sizeof(buf));
    assert_string_equal(buf, "0.00");
    money_format(-1, MONEY_WAN, 2, buf, sizeof(buf));
    assert_string_equal(buf, "0.00"); /* -0.0001 万元 rounds to zero, shown without a sign */
    money_format(INT64_MIN, MONEY_YUAN, 0, buf, sizeof(buf));
    assert_string_equal(buf, "-92,233,720,368,547,758");
    money_format_auto(1500000000000, buf, sizeof(buf));
    assert_string_equal(buf, "150.00亿元");
    money_format_auto(5000000, buf, sizeof(buf));
    assert_string_equal(buf, "5.00万元");
    assert_int_equal(money_format(123456789, MONEY_WAN, 2, buf, 4), -1);
}

static void errors_carry_both_languages_and_the_field(void **state)
{
    struct error e;
    assert_int_equal(error_set(&e, ERR_TOO_LONG, "name", "最长 %d 个字", "at most %d characters", 100), -1);
    assert_string_equal(e.message_zh, "最长 100 个字");
    assert_string_equal(e.message_en, "at most 100 characters");
    assert_string_equal(e.field, "name");
    assert_string_equal(error_code_name(e.code), "too_long");
}

static void an_error_can_be_given_another_code_and_field_with_its_own_texts(void **state)
{
    struct error e;
    error_set(&e, ERR_INVALID_VALUE, "tags", "标签不能为空", "a tag must not be blank");
    assert_int_equal(error_set_text(&e, ERR_BAD_QUERY, "tag", e.message_zh, e.message_en), -1);
    assert_string_equal(e.message_zh, "标签不能为空");
    assert_string_equal(e.message_en, "a tag must not be blank");
    assert_string_equal(e.field, "tag");
    assert_int_equal(e.code, ERR_BAD_QUERY);
    error_set_text(&e, ERR_NOT_FOUND, e.field, e.message_en, e.message_zh);
    assert_string_equal(e.field, "tag");
    assert_string_equal(e.message_zh, "a tag must not be blank");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocations_are_aligned_and_refuse_past_the_limit),
        cmocka_unit_test(strbuf_grows_and_stops_at_its_maximum),
        cmocka_unit_test(utf8_refuses_overlong_surrogates_and_truncated_sequences),
        cmocka_unit_test(json_escape_writes_valid_json_for_any_bytes),
        cmocka_unit_test(dates_round_trip_and_refuse_impossible_days),
        cmocka_unit_test(money_formats_fen_in_wan_and_yi_with_half_away_from_zero_rounding),
        cmocka_unit_test(errors_carry_both_languages_and_the_field),
        cmocka_unit_test(an_error_can_be_given_another_code_and_field_with_its_own_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
