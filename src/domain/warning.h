/*
 * Red/yellow/green warnings (红黄绿灯): computed from a project's milestones, its investment
 * against the year's plan and its open problems, by rules a tenant sets per year. Each warning
 * carries the reasons that caused it.
 */
#ifndef DOMAIN_WARNING_H
#define DOMAIN_WARNING_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/project.h"

enum warning_level { WARN_GREEN, WARN_YELLOW, WARN_RED, WARN_COUNT };

struct warning_rules {
    int milestone_red_days;  /* 60: a step overdue more than this many days is red; 1..this yellow */
    int invest_red_pct;      /* 50: year-to-date investment below this % of the year-to-date plan is red */
    int invest_yellow_pct;   /* 80: below this % (and not red) is yellow */
    int invest_from_month;   /* 3: the investment rule applies from this month's report on */
    int problem_red_days;    /* 30: an open problem more than this many days past its deadline is red */
};
extern const struct warning_rules warning_rules_default;
int warning_rules_check(const struct warning_rules *r, struct error *e);

struct warning_input {
    int32_t today;              /* day number */
    struct milestones ms;
    int64_t year_plan;          /* this year's planned investment, fen; 0: no plan, rule not applied */
    int64_t year_to_date;       /* investment reported for this year's months up to today's, fen */
    size_t n_problem_deadlines; /* open (not resolved or confirmed) problems' deadlines, day numbers */
    const int32_t *problem_deadlines;
};

enum warning_reason_kind { REASON_MILESTONE_OVERDUE, REASON_INVESTMENT_BEHIND, REASON_PROBLEM_OVERDUE };

struct warning_reason {
    enum warning_reason_kind kind;
    enum warning_level level;
    int milestone;          /* REASON_MILESTONE_OVERDUE: the step */
    int64_t days;           /* days overdue (milestone, problem) */
    int64_t actual, plan;   /* REASON_INVESTMENT_BEHIND: year to date, fen; plan = year plan × months ÷ 12 */
    int months;             /* REASON_INVESTMENT_BEHIND: elapsed months counted */
    int percent;            /* actual as a whole percent of plan, rounded down */
};

#define WARNING_REASONS_MAX (MS_COUNT + 2)
struct warning {
    enum warning_level level;
    size_t n;
    struct warning_reason reasons[WARNING_REASONS_MAX]; /* every rule that fired, red first */
};

/*
 * A step is overdue when its planned date is before today and it has no actual date; it counts
 * from the day after the planned date. Year-to-date plan = year_plan × m ÷ 12 with m today's
 * month number, applied from invest_from_month on; compared exactly in integers. Only the most
 * overdue open problem gives a reason; one without a deadline (DAY_NONE) is never overdue.
 * Amounts outside [0, PROJECT_AMOUNT_MAX] are taken as the nearest bound.
 */
void warning_evaluate(const struct warning_rules *r, const struct warning_input *in, struct warning *out);

const char *warning_level_name(enum warning_level l);     /* "green", "yellow", "red" */
const char *warning_level_label_zh(enum warning_level l); /* 绿灯, 黄灯, 红灯 */
int warning_level_parse(const char *s, size_t len, enum warning_level *out);
/* A reason as a sentence, for people: "开工节点逾期 75 天（计划 2026-08-01）" / "…". */
void warning_reason_text(const struct warning_reason *r, const struct milestones *ms, char *zh, size_t zh_size,
                         char *en, size_t en_size);

#endif
