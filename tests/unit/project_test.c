/*
 * Unit tests for the project library's rules in src/domain: the credit code, enterprise and
 * project fields, industries, milestones, stages and pools, size classes, months, warnings
 * and medians.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <stdbool.h>

#include "base/date.h"
#include "domain/enterprise.h"
#include "domain/industry.h"
#include "domain/project.h"
#include "domain/stats.h"
#include "domain/warning.h"

static int32_t day(int y, int m, int d)
{
    return (int32_t)date_to_days((struct date){y, m, d});
}

#define has(haystack, needle) assert_non_null(strstr((haystack), (needle)))

static int credit(const char *code, struct error *e)
{
    error_clear(e);
    return credit_code_check(code, strlen(code), e);
}

/* ---- the unified social credit code (GB 32100-2015) */

static void credit_codes_of_real_enterprises_pass(void **state)
{
    struct error e;
    assert_int_equal(credit("914403001922038216", &e), 0); /* 华为技术有限公司 */
    assert_int_equal(credit("91330100716105852F", &e), 0); /* 阿里巴巴（中国）有限公司 */
    assert_int_equal(credit("9144030071526726XG", &e), 0); /* 深圳市腾讯计算机系统有限公司 */
    assert_int_equal(credit("91110108551385082Q", &e), 0); /* 北京小米科技有限责任公司 */
    assert_int_equal(credit("91110000600001760P", &e), 0);
    assert_int_equal(credit("123205004660000125", &e), 0); /* a public institution (12), computed */
}

static void the_check_character_is_31_minus_the_weighted_sum_mod_31(void **state)
{
    /* expected values computed apart from the code under test (weights 3^(i−1) mod 31) */
    assert_int_equal(credit_code_check_char("91320582MA1N4L2K7"), 'Q');
    assert_int_equal(credit_code_check_char("91320582000000004"), 'Y'); /* value 30, the last character */
    assert_int_equal(credit_code_check_char("91320582000000014"), '0'); /* sum ≡ 0: 31 is written 0 */
    assert_int_equal(credit_code_check_char("9132058200000001I"), 0);  /* not from the alphabet */
    assert_int_equal(credit_code_check_char("913205820000"), 0);       /* shorter than 17 */
}

static void credit_codes_refuse_each_letter_the_standard_leaves_out(void **state)
{
    struct error e;
    const char *const letters = "IOZSV";
    for (int i = 0; letters[i]; i++) {
        char code[] = "91320582MA1N4L2K7Q";
        code[11] = letters[i]; /* character 12 */
        assert_int_equal(credit(code, &e), -1);
        assert_string_equal(e.field, "credit_code");
        char zh[64], en[64];
        snprintf(zh, sizeof(zh), "第 12 位“%c”不可用", letters[i]);
        snprintf(en, sizeof(en), "character 12 '%c' is not allowed", letters[i]);
        has(e.message_zh, zh);
        has(e.message_en, en);
        has(e.message_en, "I, O, Z, S, V");
    }
}

static void credit_codes_refuse_lower_case_instead_of_converting_it(void **state)
{
    struct error e;
    assert_int_equal(credit("91330100716105852f", &e), -1);
    has(e.message_zh, "第 18 位“f”是小写字母，字母应大写（F）");
    has(e.message_en, "character 18 'f' is lower case");
    assert_int_equal(credit("91320582ma1N4L2K7Q", &e), -1);
    has(e.message_en, "character 9 'm' is lower case");
    /* a lower-case letter whose capital is left out too is simply not allowed */
    assert_int_equal(credit("91320582MA1N4L2KiQ", &e), -1);
    has(e.message_en, "character 17 'i' is not allowed");
}

static void credit_codes_refuse_a_wrong_length_or_a_blank(void **state)
{
    struct error e;
    assert_int_equal(credit("91330100716105852", &e), -1);
    has(e.message_zh, "应为 18 位，这里是 17 位");
    has(e.message_en, "18 characters, not 17");
    assert_int_equal(credit("91330100716105852FF", &e), -1);
    has(e.message_en, "18 characters, not 19");
    assert_int_equal(credit("", &e), -1);
    has(e.message_zh, "不能为空");
    assert_int_equal(credit("\xE3\x80\x80 ", &e), -1); /* U+3000 and a space */
    has(e.message_zh, "不能为空");
    assert_int_equal(credit("9133010071610585\xEF\xBC\x92" "F", &e), -1); /* a full-width 2: 18 characters */
    has(e.message_en, "character 17 is not a digit or a capital letter");
    assert_int_equal(credit("91330100716105852-", &e), -1);
    has(e.message_zh, "第 18 位不是数字或大写字母");
}

static void credit_codes_need_a_division_code_naming_a_province(void **state)
{
    struct error e;
    assert_int_equal(credit("91990000MA1N4L2K7B", &e), -1); /* check character right, province 99 absent */
    has(e.message_zh, "省级代码 99 不存在");
    has(e.message_en, "division code 990000 names no province 99");
    assert_int_equal(credit("91160000MA1N4L2K79", &e), -1); /* just past 15 */
    assert_int_equal(credit("91240000MA1N4L2K7P", &e), -1); /* just past 23 */
    assert_int_equal(credit("91710000MA1N4L2K7W", &e), 0);  /* 台湾 */
    assert_int_equal(credit("91810000MA1N4L2K7K", &e), 0);  /* 香港 */
    assert_int_equal(credit("91820000MA1N4L2K7P", &e), 0);  /* 澳门 */
    assert_int_equal(credit("9132A582MA1N4L2K7L", &e), -1);
    has(e.message_zh, "第 3–8 位（登记管理机关行政区划码）应为 6 位数字，第 5 位“A”不是数字");
    has(e.message_en, "character 5 'A' is not");
}

static void credit_codes_with_a_wrong_check_character_say_the_expected_one(void **state)
{
    struct error e;
    assert_int_equal(credit("91330100716105852G", &e), -1);
    assert_string_equal(e.field, "credit_code");
    has(e.message_zh, "校验位应为 F，而不是 G");
    has(e.message_en, "should be F, not G");
    assert_int_equal(credit("914403001922038210", &e), -1);
    has(e.message_zh, "校验位应为 6");
}

/* ---- enterprise and project fields */

static void enterprise_names_and_ownership(void **state)
{
    struct error e;
    char name[101 * 3];
    for (int i = 0; i < 101; i++)
        memcpy(name + i * 3, "企", 3);
    assert_int_equal(enterprise_check_name(name, 300, &e), 0);
    assert_int_equal(enterprise_check_name(name, 303, &e), -1);
    assert_int_equal(e.code, ERR_TOO_LONG);
    assert_string_equal(e.field, "name");
    assert_int_equal(enterprise_check_name("\xE3\x80\x80", 3, &e), -1); /* the ideographic space alone */
    has(e.message_zh, "企业名称不能为空");
    assert_int_equal(enterprise_check_name("a\tb", 3, &e), -1);
    has(e.message_en, "control characters");
    enum ownership o;
    assert_int_equal(ownership_parse("hmt", 3, &o), 0);
    assert_int_equal(o, OWNERSHIP_HMT);
    assert_int_equal(ownership_parse("HMT", 3, &o), -1);
    assert_string_equal(ownership_name(OWNERSHIP_FOREIGN), "foreign");
    assert_string_equal(ownership_label_zh(OWNERSHIP_HMT), "港澳台");
}

static void project_fields_keep_their_limits(void **state)
{
    struct error e;
    assert_int_equal(project_check_code("XM-2026_001", 11, &e), 0);
    assert_int_equal(project_check_code("XM 001", 6, &e), -1);
    assert_int_equal(project_check_code("", 0, &e), -1);
    assert_int_equal(project_check_code("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", 33, &e), -1);
    assert_int_equal(e.code, ERR_TOO_LONG);
    assert_int_equal(project_check_name(" ", 1, &e), -1);
    assert_int_equal(project_check_text("", 0, "description", &e), 0);
    assert_int_equal(project_check_text("第一行\n\t第二行", 20, "description", &e), 0);
    assert_int_equal(project_check_text("a\r\nb", 4, "progress", &e), 0); /* pasted from Windows */
    assert_int_equal(project_check_text("a\rb", 3, "progress", &e), -1);
    assert_int_equal(project_check_text("a\r", 2, "progress", &e), -1);
    assert_string_equal(e.field, "progress");
    char text[PROJECT_TEXT_MAX + 1];
    memset(text, 'x', sizeof(text));
    assert_int_equal(project_check_text(text, PROJECT_TEXT_MAX, "description", &e), 0);
    assert_int_equal(project_check_text(text, PROJECT_TEXT_MAX + 1, "description", &e), -1);
    assert_int_equal(project_check_amount(-1, "total_investment", &e), -1);
    assert_string_equal(e.field, "total_investment");
    assert_int_equal(project_check_amount(0, "total_investment", &e), 0);
    assert_int_equal(project_check_amount(PROJECT_AMOUNT_MAX, "total_investment", &e), 0);
    assert_int_equal(project_check_amount(PROJECT_AMOUNT_MAX + 1, "total_investment", &e), -1);
}

static void tags_are_short_and_hold_no_separators(void **state)
{
    struct error e;
    assert_int_equal(project_check_tag("新能源", 9, &e), 0);
    assert_int_equal(project_check_tag("a|b", 3, &e), -1);
    has(e.message_en, "'|' or ','");
    assert_int_equal(project_check_tag("a,b", 3, &e), -1);
    assert_int_equal(project_check_tag("\xE3\x80\x80", 3, &e), -1);
    assert_int_equal(project_check_tag("", 0, &e), -1);
    assert_int_equal(project_check_tag("12345678901234567890", 20, &e), 0);
    assert_int_equal(project_check_tag("123456789012345678901", 21, &e), -1);
    assert_int_equal(e.code, ERR_TOO_LONG);
}

static void enumerations_parse_their_names_only(void **state)
{
    enum project_category c;
    enum project_source s;
    enum talent_tier t;
    enum project_pool p;
    enum milestone m;
    assert_int_equal(category_parse("tech_talent", 11, &c), 0);
    assert_int_equal(c, CAT_TECH_TALENT);
    assert_int_equal(category_parse("科技人才", 12, &c), -1);
    assert_string_equal(category_label_zh(CAT_SOCIAL), "社会民生");
    assert_int_equal(source_parse("foreign", 7, &s), 0);
    assert_int_equal(s, SOURCE_FOREIGN);
    assert_int_equal(talent_tier_parse("provincial", 10, &t), 0);
    assert_int_equal(t, TALENT_PROVINCIAL);
    assert_string_equal(talent_tier_label_zh(TALENT_NONE), "无");
    assert_int_equal(pool_parse("construction", 12, &p), 0);
    assert_int_equal(p, POOL_CONSTRUCTION);
    assert_int_equal(pool_parse("construct", 9, &p), -1);
    assert_int_equal(milestone_parse("full_capacity", 13, &m), 0);
    assert_int_equal(m, MS_FULL_CAPACITY);
    assert_string_equal(milestone_label_zh(MS_REGISTERED), "注册");
}

/* ---- industries (GB/T 4754-2017) */

static void the_industry_table_is_embedded_whole(void **state)
{
    size_t n, per_level[5] = {0};
    const struct industry *all = industry_all(&n);
    for (size_t i = 0; i < n; i++) {
        per_level[all[i].level]++;
        assert_ptr_equal(industry_find(all[i].code, strlen(all[i].code)), &all[i]); /* the index finds each */
        assert_true((all[i].parent == NULL) == (all[i].level == 1));
    }
    assert_int_equal(per_level[1], 20);
    assert_int_equal(per_level[2], 97);
    assert_int_equal(per_level[3], 473);
    assert_int_equal(per_level[4], 1381);
    assert_string_equal(all[0].code, "A");
    assert_string_equal(all[0].name, "农、林、牧、渔业");
}

static void industries_are_found_by_code_with_their_section(void **state)
{
    const struct industry *d = industry_find("3741", 4);
    assert_non_null(d);
    assert_string_equal(d->name, "飞机制造");
    assert_string_equal(d->parent, "374");
    assert_string_equal(industry_section("3741", 4)->code, "C");
    assert_string_equal(industry_section("C", 1)->code, "C");
    assert_null(industry_section("9999", 4));
    /* rows with a quoted description (commas inside) and the rows after them */
    assert_string_equal(industry_find("51", 2)->name, "批发业");
    assert_string_equal(industry_find("511", 3)->parent, "51");
    assert_string_equal(industry_find("7212", 4)->name, "投资与资产管理");
    assert_null(industry_find("3", 1)); /* the start of codes is not a code */
    assert_null(industry_find("37411", 5));
}

static void unknown_industry_codes_are_refused_by_name(void **state)
{
    struct error e;
    assert_int_equal(industry_check("6513", 4, "industry_code", &e), 0);
    assert_int_equal(industry_check("6514", 4, "industry_code", &e), -1);
    assert_string_equal(e.field, "industry_code");
    has(e.message_zh, "行业代码 6514 不在");
    has(e.message_en, "industry code 6514 is not in GB/T 4754-2017");
    assert_int_equal(industry_check("", 0, "industry_code", &e), -1);
    assert_int_equal(industry_check("65131", 5, "industry_code", &e), -1);
}

/* ---- milestones, stages, pools */

static struct milestones no_dates(void)
{
    struct milestones m;
    for (int i = 0; i < MS_COUNT; i++)
        m.planned[i] = m.actual[i] = DAY_NONE;
    return m;
}

static void actual_dates_may_be_equal_but_not_earlier_than_the_step_before(void **state)
{
    struct error e;
    int32_t today = day(2026, 5, 20);
    struct milestones m = no_dates();
    m.actual[MS_NEGOTIATING] = day(2026, 3, 2);
    m.actual[MS_SIGNED] = day(2026, 3, 2);
    assert_int_equal(milestones_check(&m, today, &e), 0);
    m.actual[MS_SIGNED] = day(2026, 3, 1);
    assert_int_equal(milestones_check(&m, today, &e), -1);
    assert_string_equal(e.field, "milestones.signed.actual");
    assert_string_equal(e.message_zh, "签约实际日期 2026-03-01 早于在谈实际日期 2026-03-02");
    assert_string_equal(e.message_en,
                        "the actual date of signed, 2026-03-01, is before the actual date of negotiating, 2026-03-02");
}

static void a_skipped_step_is_passed_over_for_the_nearest_earlier_actual_date(void **state)
{
    struct error e;
    int32_t today = day(2026, 5, 20);
    struct milestones m = no_dates();
    m.actual[MS_NEGOTIATING] = day(2026, 1, 10);
    m.actual[MS_SIGNED] = day(2026, 2, 1);
    m.actual[MS_STARTED] = day(2026, 2, 1); /* registered skipped: compared with signed */
    assert_int_equal(milestones_check(&m, today, &e), 0);
    m.actual[MS_STARTED] = day(2026, 1, 31);
    assert_int_equal(milestones_check(&m, today, &e), -1);
    assert_string_equal(e.field, "milestones.started.actual");
    has(e.message_zh, "早于签约实际日期 2026-02-01");
    /* an infrastructure project never negotiated: no earlier actual date, nothing to compare */
    m = no_dates();
    m.actual[MS_STARTED] = day(2025, 6, 1);
    m.actual[MS_COMPLETED] = day(2026, 5, 1);
    assert_int_equal(milestones_check(&m, today, &e), 0);
}

static void actual_dates_cannot_be_in_the_future(void **state)
{
    struct error e;
    int32_t today = day(2026, 5, 20);
    struct milestones m = no_dates();
    m.actual[MS_STARTED] = today;
    m.planned[MS_COMPLETED] = day(2027, 1, 1); /* a planned date may be */
    assert_int_equal(milestones_check(&m, today, &e), 0);
    m.actual[MS_STARTED] = today + 1;
    assert_int_equal(milestones_check(&m, today, &e), -1);
    assert_string_equal(e.field, "milestones.started.actual");
    assert_string_equal(e.message_zh, "开工实际日期 2026-05-21 晚于今天（2026-05-20）");
    has(e.message_en, "2026-05-21, is after today (2026-05-20)");
}

static void dates_outside_1990_to_30_years_ahead_are_refused(void **state)
{
    struct error e;
    int32_t today = day(2026, 5, 20);
    struct milestones m = no_dates();
    m.planned[MS_SIGNED] = day(1990, 1, 1);
    m.planned[MS_COMPLETED] = day(2056, 12, 31);
    assert_int_equal(milestones_check(&m, today, &e), 0);
    m.planned[MS_COMPLETED] = day(2057, 1, 1);
    assert_int_equal(milestones_check(&m, today, &e), -1);
    assert_string_equal(e.field, "milestones.completed.planned");
    has(e.message_zh, "2057-01-01 不在 1990 年到 2056 年之间");
    m.planned[MS_COMPLETED] = DAY_NONE;
    m.actual[MS_SIGNED] = day(1989, 12, 31);
    assert_int_equal(milestones_check(&m, today, &e), -1);
    assert_string_equal(e.field, "milestones.signed.actual");
}

static void the_stage_is_the_last_step_done_and_gives_the_pool(void **state)
{
    static const enum project_pool pool_of_stage[] = {POOL_RESERVE,      POOL_RESERVE,      POOL_PRELIMINARY,
                                                      POOL_PRELIMINARY,  POOL_CONSTRUCTION, POOL_COMPLETED,
                                                      POOL_PRODUCTION,   POOL_PRODUCTION};
    struct milestones m = no_dates();
    assert_int_equal(project_stage(&m), -1);
    for (int stage = -1; stage < MS_COUNT; stage++) {
        m = no_dates();
        if (stage >= 0)
            m.actual[stage] = day(2026, 1, 1);
        assert_int_equal(project_stage(&m), stage);
        assert_int_equal(project_pool_of(stage), pool_of_stage[stage + 1]);
    }
    m = no_dates();
    m.actual[MS_NEGOTIATING] = m.actual[MS_STARTED] = day(2026, 1, 1); /* signed, registered skipped */
    assert_int_equal(project_stage(&m), MS_STARTED);
    assert_string_equal(pool_name(project_pool_of(project_stage(&m))), "construction");
}

static void reports_start_in_the_month_of_the_first_of_signed_registered_started(void **state)
{
    struct milestones m = no_dates();
    m.actual[MS_NEGOTIATING] = day(2025, 11, 3); /* not counted */
    assert_int_equal(project_first_report_month(&m), -1);
    m.actual[MS_STARTED] = day(2026, 4, 1);
    assert_int_equal(project_first_report_month(&m), 2026 * 12 + 3);
    m.actual[MS_REGISTERED] = day(2026, 2, 28);
    assert_int_equal(project_first_report_month(&m), 2026 * 12 + 1);
    m.actual[MS_SIGNED] = day(2026, 3, 15); /* out of order: still the earliest counts */
    assert_int_equal(project_first_report_month(&m), 2026 * 12 + 1);
}

/* ---- size classes */

static void size_classes_change_exactly_at_each_threshold(void **state)
{
    const struct size_classes *s = &size_classes_default;
    for (size_t i = 0; i < s->n; i++) {
        int64_t t = s->threshold[i];
        assert_int_equal(size_class_of(s, t - 1), (int)i);
        assert_int_equal(size_class_of(s, t), (int)i + 1);
        assert_int_equal(size_class_of(s, t + 1), (int)i + 1);
    }
    assert_int_equal(s->threshold[0], 10000000000LL); /* 1 亿元 */
    assert_int_equal(s->threshold[3], 500000000000LL); /* 50 亿元 */
    assert_int_equal(size_class_of(s, 0), 0);
}

static void size_class_labels_name_their_bounds(void **state)
{
    char buf[64];
    static const char *const expected[] = {"1亿元以下", "1亿–5亿元", "5亿–10亿元", "10亿–50亿元", "50亿元以上"};
    for (int k = 0; k <= 4; k++) {
        size_class_label(&size_classes_default, k, buf, sizeof(buf));
        assert_string_equal(buf, expected[k]);
    }
    const struct size_classes small = {3, {500000000LL, 5000000000LL, 15000000000LL}}; /* 500万, 5000万, 1.5亿 */
    size_class_label(&small, 0, buf, sizeof(buf));
    assert_string_equal(buf, "500万元以下");
    size_class_label(&small, 2, buf, sizeof(buf));
    assert_string_equal(buf, "5,000万–1.5亿元");
    size_class_label(&small, 3, buf, sizeof(buf));
    assert_string_equal(buf, "1.5亿元以上");
}

static void size_thresholds_must_ascend_strictly_within_limits(void **state)
{
    struct error e;
    assert_int_equal(size_classes_check(&size_classes_default, &e), 0);
    struct size_classes s = {2, {100, 100}};
    assert_int_equal(size_classes_check(&s, &e), -1);
    has(e.message_en, "threshold 2 must be above threshold 1");
    assert_string_equal(e.field, "thresholds"); /* the field of PUT /api/v1/project-settings/size-classes */
    s = (struct size_classes){2, {100, 99}};
    assert_int_equal(size_classes_check(&s, &e), -1);
    s = (struct size_classes){1, {0}};
    assert_int_equal(size_classes_check(&s, &e), -1);
    s = (struct size_classes){1, {PROJECT_AMOUNT_MAX}};
    assert_int_equal(size_classes_check(&s, &e), 0);
    s = (struct size_classes){1, {PROJECT_AMOUNT_MAX + 1}};
    assert_int_equal(size_classes_check(&s, &e), -1);
    s = (struct size_classes){0, {0}};
    assert_int_equal(size_classes_check(&s, &e), -1);
    s = (struct size_classes){SIZE_THRESHOLDS_MAX, {1, 2, 3, 4, 5, 6, 7, 8}};
    assert_int_equal(size_classes_check(&s, &e), 0);
    s.n = SIZE_THRESHOLDS_MAX + 1;
    assert_int_equal(size_classes_check(&s, &e), -1);
}

/* ---- months */

static void months_are_yyyy_mm_exactly(void **state)
{
    assert_int_equal(month_parse("2026-05", 7), 2026 * 12 + 4);
    assert_int_equal(month_parse("1000-01", 7), 1000 * 12);
    assert_int_equal(month_parse("9999-12", 7), 9999 * 12 + 11);
    static const char *const bad[] = {"2026-5",  "2026-13", "2026-00",  "0999-12",    "2026/05", "2026-05-01",
                                      "202605",  "2026-0a", " 2026-05", "+026-05",    "2026--5", ""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(month_parse(bad[i], strlen(bad[i])), -1);
    char buf[8];
    month_format(2026 * 12 + 4, buf);
    assert_string_equal(buf, "2026-05");
    month_format(2025 * 12 + 11, buf);
    assert_string_equal(buf, "2025-12");
    assert_int_equal(month_of_day(day(2026, 1, 1)), 2026 * 12);
    assert_int_equal(month_of_day(day(2025, 12, 31)), 2025 * 12 + 11);
}

/* ---- warnings */

static struct warning evaluate(const struct warning_input *in)
{
    struct warning w;
    warning_evaluate(&warning_rules_default, in, &w);
    return w;
}

static struct warning_input quiet(int32_t today)
{
    return (struct warning_input){.today = today, .ms = no_dates()};
}

static void warning_rules_are_checked(void **state)
{
    struct error e;
    struct warning_rules r = warning_rules_default;
    assert_int_equal(r.milestone_red_days, 60);
    assert_int_equal(warning_rules_check(&r, &e), 0);
    r.milestone_red_days = 0;
    assert_int_equal(warning_rules_check(&r, &e), -1);
    assert_string_equal(e.field, "milestone_red_days");
    r.milestone_red_days = 3650;
    assert_int_equal(warning_rules_check(&r, &e), 0);
    r.problem_red_days = 3651;
    assert_int_equal(warning_rules_check(&r, &e), -1);
    r = warning_rules_default;
    r.invest_red_pct = 0;
    assert_int_equal(warning_rules_check(&r, &e), -1);
    r.invest_red_pct = r.invest_yellow_pct = 80; /* equal: no yellow band, allowed */
    assert_int_equal(warning_rules_check(&r, &e), 0);
    r.invest_red_pct = 81;
    assert_int_equal(warning_rules_check(&r, &e), -1);
    assert_string_equal(e.field, "invest_yellow_pct");
    r = warning_rules_default;
    r.invest_yellow_pct = 101;
    assert_int_equal(warning_rules_check(&r, &e), -1);
    r = warning_rules_default;
    r.invest_from_month = 13;
    assert_int_equal(warning_rules_check(&r, &e), -1);
    r.invest_from_month = 0;
    assert_int_equal(warning_rules_check(&r, &e), -1);
}

static void an_overdue_step_turns_yellow_after_one_day_and_red_after_sixty(void **state)
{
    int32_t today = day(2026, 10, 15);
    static const struct {
        int days;
        enum warning_level level;
    } cases[] = {{0, WARN_GREEN}, {1, WARN_YELLOW}, {60, WARN_YELLOW}, {61, WARN_RED}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct warning_input in = quiet(today);
        in.ms.planned[MS_STARTED] = today - cases[i].days;
        struct warning w = evaluate(&in);
        assert_int_equal(w.level, cases[i].level);
        assert_int_equal(w.n, cases[i].days > 0);
        if (w.n) {
            assert_int_equal(w.reasons[0].kind, REASON_MILESTONE_OVERDUE);
            assert_int_equal(w.reasons[0].milestone, MS_STARTED);
            assert_int_equal(w.reasons[0].days, cases[i].days);
        }
        in.ms.actual[MS_STARTED] = in.ms.planned[MS_STARTED]; /* done: not overdue however late */
        assert_int_equal(evaluate(&in).n, 0);
    }
}

static void a_step_passed_over_by_a_later_one_is_not_overdue(void **state)
{
    int32_t today = day(2026, 10, 15);
    struct warning_input in = quiet(today);
    in.ms.planned[MS_REGISTERED] = today - 100;
    assert_int_equal(evaluate(&in).level, WARN_RED);
    in.ms.actual[MS_STARTED] = today - 10; /* started without a registration date: registration was skipped */
    assert_int_equal(evaluate(&in).n, 0);
    in.ms.planned[MS_COMPLETED] = today - 5; /* a step after the stage still counts */
    struct warning w = evaluate(&in);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.reasons[0].milestone, MS_COMPLETED);
}

static struct warning_input investing(int32_t today, int64_t year_plan, int64_t year_to_date)
{
    struct warning_input in = quiet(today);
    in.year_plan = year_plan;
    in.year_to_date = year_to_date;
    return in;
}

static void investment_is_red_below_50_and_yellow_below_80_percent_of_the_plan_to_date(void **state)
{
    int32_t may = day(2026, 5, 20);
    int64_t plan = 1200000; /* to date in May: 500,000 fen */
    struct warning_input in = investing(may, plan, 250000); /* exactly 50% */
    struct warning w = evaluate(&in);
    assert_int_equal(w.level, WARN_YELLOW);
    assert_int_equal(w.reasons[0].kind, REASON_INVESTMENT_BEHIND);
    assert_int_equal(w.reasons[0].percent, 50);
    assert_int_equal(w.reasons[0].plan, 500000);
    assert_int_equal(w.reasons[0].months, 5);
    in.year_to_date = 249999;
    assert_int_equal(evaluate(&in).level, WARN_RED);
    assert_int_equal(evaluate(&in).reasons[0].percent, 49);
    in.year_to_date = 400000; /* exactly 80% */
    assert_int_equal(evaluate(&in).n, 0);
    in.year_to_date = 399999;
    assert_int_equal(evaluate(&in).level, WARN_YELLOW);
    /* compared exactly: a plan to date of 416.67 fen makes 208 fen red (a rounded 416 would not) */
    in = investing(may, 1000, 208);
    assert_int_equal(evaluate(&in).level, WARN_RED);
    in.year_to_date = 209;
    assert_int_equal(evaluate(&in).level, WARN_YELLOW);
    /* the largest amounts allowed do not overflow */
    in = investing(day(2026, 12, 31), PROJECT_AMOUNT_MAX, PROJECT_AMOUNT_MAX / 2);
    assert_int_equal(evaluate(&in).level, WARN_YELLOW);
}

static void investment_counts_from_the_third_month_and_only_with_a_plan(void **state)
{
    struct warning_input in = investing(day(2026, 2, 28), 1200000, 0);
    assert_int_equal(evaluate(&in).n, 0); /* February: not yet */
    in.today = day(2026, 3, 1);
    struct warning w = evaluate(&in);
    assert_int_equal(w.level, WARN_RED);
    assert_int_equal(w.reasons[0].months, 3);
    in.year_plan = 0; /* no plan: the rule does not apply */
    assert_int_equal(evaluate(&in).n, 0);
}

static void an_open_problem_past_its_deadline_is_yellow_then_red_after_thirty_days(void **state)
{
    int32_t today = day(2026, 5, 20);
    static const struct {
        int days;
        enum warning_level level;
    } cases[] = {{0, WARN_GREEN}, {1, WARN_YELLOW}, {30, WARN_YELLOW}, {31, WARN_RED}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int32_t deadline = today - cases[i].days;
        struct warning_input in = quiet(today);
        in.n_problem_deadlines = 1;
        in.problem_deadlines = &deadline;
        struct warning w = evaluate(&in);
        assert_int_equal(w.level, cases[i].level);
        if (cases[i].days > 0)
            assert_int_equal(w.reasons[0].days, cases[i].days);
    }
    /* only the most overdue problem gives a reason; a problem without a deadline is never overdue */
    const int32_t deadlines[] = {today - 5, today - 40, DAY_NONE, today - 2, today + 3};
    struct warning_input in = quiet(today);
    in.n_problem_deadlines = 5;
    in.problem_deadlines = deadlines;
    struct warning w = evaluate(&in);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.reasons[0].kind, REASON_PROBLEM_OVERDUE);
    assert_int_equal(w.reasons[0].days, 40);
    assert_int_equal(w.level, WARN_RED);
}

static void reasons_come_red_first_and_the_level_is_the_worst(void **state)
{
    int32_t today = day(2026, 5, 20);
    int32_t deadline = today - 31;
    struct warning_input in = investing(today, 1200000, 300000); /* 60%: yellow */
    in.ms.planned[MS_SIGNED] = today - 10;  /* yellow */
    in.ms.planned[MS_STARTED] = today - 61; /* red */
    in.n_problem_deadlines = 1;
    in.problem_deadlines = &deadline; /* red */
    struct warning w = evaluate(&in);
    assert_int_equal(w.level, WARN_RED);
    assert_int_equal(w.n, 4);
    assert_int_equal(w.reasons[0].kind, REASON_MILESTONE_OVERDUE);
    assert_int_equal(w.reasons[0].milestone, MS_STARTED);
    assert_int_equal(w.reasons[1].kind, REASON_PROBLEM_OVERDUE);
    assert_int_equal(w.reasons[2].kind, REASON_MILESTONE_OVERDUE);
    assert_int_equal(w.reasons[2].milestone, MS_SIGNED);
    assert_int_equal(w.reasons[3].kind, REASON_INVESTMENT_BEHIND);
    in.ms.planned[MS_STARTED] = DAY_NONE;
    in.n_problem_deadlines = 0;
    assert_int_equal(evaluate(&in).level, WARN_YELLOW);
}

static void reasons_read_as_sentences(void **state)
{
    char zh[256], en[256];
    struct warning_input in = quiet(day(2026, 10, 15));
    in.ms.planned[MS_STARTED] = day(2026, 8, 1);
    struct warning w = evaluate(&in);
    warning_reason_text(&w.reasons[0], &in.ms, zh, sizeof(zh), en, sizeof(en));
    assert_string_equal(zh, "开工节点逾期 75 天（计划 2026-08-01）");
    assert_string_equal(en, "started is 75 days overdue (planned 2026-08-01)");
    in = investing(day(2026, 5, 20), 12000000000LL, 2100000000LL); /* 1.2 亿 a year, 2,100 万 to date */
    w = evaluate(&in);
    warning_reason_text(&w.reasons[0], &in.ms, zh, sizeof(zh), en, sizeof(en));
    assert_string_equal(zh, "年度投资完成 42%（1-5月累计 2,100.00 万元，应完成 5,000.00 万元）");
    has(en, "42% of the plan to date");
    struct warning_reason problem = {.kind = REASON_PROBLEM_OVERDUE, .level = WARN_RED, .days = 31};
    warning_reason_text(&problem, NULL, zh, sizeof(zh), en, sizeof(en));
    assert_string_equal(zh, "问题逾期 31 天未解决");
    assert_string_equal(en, "a problem is 31 days past its deadline, unresolved");
    enum warning_level l;
    assert_int_equal(warning_level_parse("yellow", 6, &l), 0);
    assert_int_equal(l, WARN_YELLOW);
    assert_string_equal(warning_level_label_zh(WARN_RED), "红灯");
}

/* ---- medians */

static void medians_are_twice_the_middle_of_sorted_values(void **state)
{
    int64_t out = -1;
    assert_false(median_twice(NULL, 0, &out));
    int64_t one[] = {7};
    assert_true(median_twice(one, 1, &out));
    assert_int_equal(out, 14);
    int64_t two[] = {9, 4};
    assert_true(median_twice(two, 2, &out));
    assert_int_equal(out, 13); /* 6.5 days, exactly */
    int64_t odd[] = {30, 1, 12, 5, 100};
    assert_true(median_twice(odd, 5, &out));
    assert_int_equal(out, 24);
    int64_t even[] = {8, 2, 40, 6};
    assert_true(median_twice(even, 4, &out));
    assert_int_equal(out, 14);
    int64_t huge[] = {INT64_MAX, INT64_MAX - 1};
    assert_true(median_twice(huge, 2, &out));
    assert_int_equal(out, INT64_MAX); /* held at the limit, not wrapped */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(credit_codes_of_real_enterprises_pass),
        cmocka_unit_test(the_check_character_is_31_minus_the_weighted_sum_mod_31),
        cmocka_unit_test(credit_codes_refuse_each_letter_the_standard_leaves_out),
        cmocka_unit_test(credit_codes_refuse_lower_case_instead_of_converting_it),
        cmocka_unit_test(credit_codes_refuse_a_wrong_length_or_a_blank),
        cmocka_unit_test(credit_codes_need_a_division_code_naming_a_province),
        cmocka_unit_test(credit_codes_with_a_wrong_check_character_say_the_expected_one),
        cmocka_unit_test(enterprise_names_and_ownership),
        cmocka_unit_test(project_fields_keep_their_limits),
        cmocka_unit_test(tags_are_short_and_hold_no_separators),
        cmocka_unit_test(enumerations_parse_their_names_only),
        cmocka_unit_test(the_industry_table_is_embedded_whole),
        cmocka_unit_test(industries_are_found_by_code_with_their_section),
        cmocka_unit_test(unknown_industry_codes_are_refused_by_name),
        cmocka_unit_test(actual_dates_may_be_equal_but_not_earlier_than_the_step_before),
        cmocka_unit_test(a_skipped_step_is_passed_over_for_the_nearest_earlier_actual_date),
        cmocka_unit_test(a_step_passed_over_by_a_later_one_is_not_overdue),
        cmocka_unit_test(actual_dates_cannot_be_in_the_future),
        cmocka_unit_test(dates_outside_1990_to_30_years_ahead_are_refused),
        cmocka_unit_test(the_stage_is_the_last_step_done_and_gives_the_pool),
        cmocka_unit_test(reports_start_in_the_month_of_the_first_of_signed_registered_started),
        cmocka_unit_test(size_classes_change_exactly_at_each_threshold),
        cmocka_unit_test(size_class_labels_name_their_bounds),
        cmocka_unit_test(size_thresholds_must_ascend_strictly_within_limits),
        cmocka_unit_test(months_are_yyyy_mm_exactly),
        cmocka_unit_test(warning_rules_are_checked),
        cmocka_unit_test(an_overdue_step_turns_yellow_after_one_day_and_red_after_sixty),
        cmocka_unit_test(investment_is_red_below_50_and_yellow_below_80_percent_of_the_plan_to_date),
        cmocka_unit_test(investment_counts_from_the_third_month_and_only_with_a_plan),
        cmocka_unit_test(an_open_problem_past_its_deadline_is_yellow_then_red_after_thirty_days),
        cmocka_unit_test(reasons_come_red_first_and_the_level_is_the_worst),
        cmocka_unit_test(reasons_read_as_sentences),
        cmocka_unit_test(medians_are_twice_the_middle_of_sorted_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
