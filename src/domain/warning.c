/*
 * Red/yellow/green warnings; see warning.h. The investment rule compares in integers
 * (actual × 12 × 100 against year_plan × months × percent): amounts are held to
 * PROJECT_AMOUNT_MAX, so every product stays within int64 and no rounding decides a light.
 */
#include "domain/warning.h"

#include <stdio.h>

#include "base/date.h"
#include "base/money.h"
#include "domain/field.h"
#include "base/banned.h"

const struct warning_rules warning_rules_default = {60, 50, 80, 3, 30};

static const char *const level_names[WARN_COUNT] = {"green", "yellow", "red"};
static const char *const level_labels_zh[WARN_COUNT] = {"绿灯", "黄灯", "红灯"};

#define DAYS_MAX 3650

int warning_rules_check(const struct warning_rules *r, struct error *e)
{
    if (r->milestone_red_days < 1 || r->milestone_red_days > DAYS_MAX)
        return error_set(e, ERR_INVALID_VALUE, "milestone_red_days", "节点逾期红灯天数应在 1 到 %d 之间",
                         "milestone_red_days must be between 1 and %d", DAYS_MAX);
    if (r->problem_red_days < 1 || r->problem_red_days > DAYS_MAX)
        return error_set(e, ERR_INVALID_VALUE, "problem_red_days", "问题逾期红灯天数应在 1 到 %d 之间",
                         "problem_red_days must be between 1 and %d", DAYS_MAX);
    if (r->invest_red_pct < 1 || r->invest_red_pct > 100)
        return error_set(e, ERR_INVALID_VALUE, "invest_red_pct", "投资红灯比例应在 1%% 到 100%% 之间",
                         "invest_red_pct must be between 1 and 100");
    if (r->invest_yellow_pct < r->invest_red_pct || r->invest_yellow_pct > 100)
        return error_set(e, ERR_INVALID_VALUE, "invest_yellow_pct", "投资黄灯比例应在红灯比例（%d%%）到 100%% 之间",
                         "invest_yellow_pct must be between invest_red_pct (%d) and 100", r->invest_red_pct);
    if (r->invest_from_month < 1 || r->invest_from_month > 12)
        return error_set(e, ERR_INVALID_VALUE, "invest_from_month", "投资考核起始月份应在 1 到 12 之间",
                         "invest_from_month must be between 1 and 12");
    return 0;
}

static int64_t clamp_amount(int64_t fen)
{
    return fen < 0 ? 0 : fen > PROJECT_AMOUNT_MAX ? PROJECT_AMOUNT_MAX : fen;
}

static void add(struct warning *w, struct warning_reason r)
{
    if (w->n < WARNING_REASONS_MAX)
        w->reasons[w->n++] = r;
}

static void milestone_reasons(const struct warning_rules *r, const struct warning_input *in, struct warning *w)
{
    for (int i = 0; i < MS_COUNT; i++) {
        int32_t planned = in->ms.planned[i];
        if (planned == DAY_NONE || in->ms.actual[i] != DAY_NONE || planned >= in->today)
            continue;
        int64_t days = (int64_t)in->today - planned;
        add(w, (struct warning_reason){.kind = REASON_MILESTONE_OVERDUE,
                                       .level = days > r->milestone_red_days ? WARN_RED : WARN_YELLOW,
                                       .milestone = i,
                                       .days = days});
    }
}

static void investment_reason(const struct warning_rules *r, const struct warning_input *in, struct warning *w)
{
    int m = date_from_days(in->today).month;
    int64_t plan = clamp_amount(in->year_plan), actual = clamp_amount(in->year_to_date);
    if (plan == 0 || m < r->invest_from_month)
        return;
    int64_t have = actual * 12 * 100, due = plan * m; /* ≤ 1.2 × 10^18 and 1.2 × 10^16 */
    enum warning_level level;
    if (have < due * r->invest_red_pct)
        level = WARN_RED;
    else if (have < due * r->invest_yellow_pct)
        level = WARN_YELLOW;
    else
        return;
    add(w, (struct warning_reason){.kind = REASON_INVESTMENT_BEHIND,
                                   .level = level,
                                   .actual = actual,
                                   .plan = due / 12,
                                   .months = m,
                                   .percent = (int)(have / due)});
}

static void problem_reason(const struct warning_rules *r, const struct warning_input *in, struct warning *w)
{
    int64_t most = 0;
    for (size_t i = 0; i < in->n_problem_deadlines; i++) {
        int32_t deadline = in->problem_deadlines[i];
        if (deadline != DAY_NONE && (int64_t)in->today - deadline > most)
            most = (int64_t)in->today - deadline;
    }
    if (most > 0)
        add(w, (struct warning_reason){.kind = REASON_PROBLEM_OVERDUE,
                                       .level = most > r->problem_red_days ? WARN_RED : WARN_YELLOW,
                                       .days = most});
}

void warning_evaluate(const struct warning_rules *r, const struct warning_input *in, struct warning *out)
{
    struct warning found = {.level = WARN_GREEN};
    milestone_reasons(r, in, &found);
    investment_reason(r, in, &found);
    problem_reason(r, in, &found);
    /* red first, otherwise in the order found (steps in order, then investment, then problems) */
    *out = (struct warning){.level = WARN_GREEN};
    for (int level = WARN_RED; level > WARN_GREEN; level--) {
        for (size_t i = 0; i < found.n; i++) {
            if ((int)found.reasons[i].level == level)
                add(out, found.reasons[i]);
        }
    }
    if (out->n > 0)
        out->level = out->reasons[0].level;
}

const char *warning_level_name(enum warning_level l)
{
    return l < WARN_COUNT ? level_names[l] : "";
}

const char *warning_level_label_zh(enum warning_level l)
{
    return l < WARN_COUNT ? level_labels_zh[l] : "";
}

int warning_level_parse(const char *s, size_t len, enum warning_level *out)
{
    int i = field_name_index(level_names, WARN_COUNT, s, len);
    if (i < 0)
        return -1;
    *out = (enum warning_level)i;
    return 0;
}

void warning_reason_text(const struct warning_reason *r, const struct milestones *ms, char *zh, size_t zh_size,
                         char *en, size_t en_size)
{
    const char *day_s = r->days == 1 ? "" : "s";
    switch (r->kind) {
    case REASON_MILESTONE_OVERDUE: {
        enum milestone step = (enum milestone)r->milestone;
        int32_t planned = ms && step < MS_COUNT ? ms->planned[step] : DAY_NONE;
        char iso[11] = "";
        if (planned != DAY_NONE)
            date_format_iso(date_from_days(planned), iso);
        snprintf(zh, zh_size, "%s节点逾期 %lld 天%s%s%s", milestone_label_zh(step), (long long)r->days,
                 *iso ? "（计划 " : "", iso, *iso ? "）" : "");
        snprintf(en, en_size, "%s is %lld day%s overdue%s%s%s", milestone_name(step), (long long)r->days, day_s,
                 *iso ? " (planned " : "", iso, *iso ? ")" : "");
        return;
    }
    case REASON_INVESTMENT_BEHIND: {
        char actual_wan[32], plan_wan[32], actual_yuan[40], plan_yuan[40], months_zh[16];
        money_format(r->actual, MONEY_WAN, 2, actual_wan, sizeof(actual_wan));
        money_format(r->plan, MONEY_WAN, 2, plan_wan, sizeof(plan_wan));
        money_format(r->actual, MONEY_YUAN, 2, actual_yuan, sizeof(actual_yuan));
        money_format(r->plan, MONEY_YUAN, 2, plan_yuan, sizeof(plan_yuan));
        if (r->months > 1)
            snprintf(months_zh, sizeof(months_zh), "1-%d月", r->months);
        else
            snprintf(months_zh, sizeof(months_zh), "1月");
        snprintf(zh, zh_size, "年度投资完成 %d%%（%s累计 %s 万元，应完成 %s 万元）", r->percent, months_zh, actual_wan,
                 plan_wan);
        snprintf(en, en_size, "investment is %d%% of the plan to date (%d month%s: %s yuan, planned %s yuan)",
                 r->percent, r->months, r->months == 1 ? "" : "s", actual_yuan, plan_yuan);
        return;
    }
    case REASON_PROBLEM_OVERDUE:
        snprintf(zh, zh_size, "问题逾期 %lld 天未解决", (long long)r->days);
        snprintf(en, en_size, "a problem is %lld day%s past its deadline, unresolved", (long long)r->days, day_s);
        return;
    }
    snprintf(zh, zh_size, "%s", "");
    snprintf(en, en_size, "%s", "");
}
