/*
 * The project lifecycle: milestone dates and their rules, and the stage and pool that follow
 * from them; see project.h. Steps may be skipped, so an actual date is compared with the actual
 * date of the nearest earlier step that has one, not with the step just before.
 */
#include "domain/project.h"

#include <stdio.h>

#include "base/date.h"
#include "domain/field.h"
#include "base/banned.h"

static const char *const milestone_names[MS_COUNT] = {"negotiating", "signed",     "registered",   "started",
                                                      "completed",   "production", "full_capacity"};
static const char *const milestone_labels_zh[MS_COUNT] = {"在谈", "签约", "注册", "开工", "竣工", "投产", "达产"};
static const char *const pool_names[POOL_COUNT] = {"reserve", "preliminary", "construction", "completed",
                                                   "production"};
static const char *const pool_labels_zh[POOL_COUNT] = {"储备", "前期", "在建", "竣工", "投产"};

const char *milestone_name(enum milestone m)
{
    return m < MS_COUNT ? milestone_names[m] : "";
}

const char *milestone_label_zh(enum milestone m)
{
    return m < MS_COUNT ? milestone_labels_zh[m] : "";
}

int milestone_parse(const char *s, size_t len, enum milestone *out)
{
    int i = field_name_index(milestone_names, MS_COUNT, s, len);
    if (i < 0)
        return -1;
    *out = (enum milestone)i;
    return 0;
}

const char *pool_name(enum project_pool p)
{
    return p < POOL_COUNT ? pool_names[p] : "";
}

const char *pool_label_zh(enum project_pool p)
{
    return p < POOL_COUNT ? pool_labels_zh[p] : "";
}

int pool_parse(const char *s, size_t len, enum project_pool *out)
{
    int i = field_name_index(pool_names, POOL_COUNT, s, len);
    if (i < 0)
        return -1;
    *out = (enum project_pool)i;
    return 0;
}

static int check_range(int step, bool actual, int32_t day, int32_t today, struct error *e)
{
    int last_year = date_from_days(today).year + PROJECT_YEARS_AHEAD;
    struct date d = date_from_days(day);
    if (d.year >= PROJECT_YEAR_MIN && d.year <= last_year)
        return 0;
    char field[48], iso[11], zh[160], en[160];
    const char *kind = actual ? "actual" : "planned";
    snprintf(field, sizeof(field), "milestones.%s.%s", milestone_names[step], kind);
    date_format_iso(d, iso);
    snprintf(zh, sizeof(zh), "%s%s日期 %s 不在 %d 年到 %d 年之间", milestone_labels_zh[step],
             actual ? "实际" : "计划", iso, PROJECT_YEAR_MIN, last_year);
    snprintf(en, sizeof(en), "the %s date of %s, %s, is not between the years %d and %d", kind,
             milestone_names[step], iso, PROJECT_YEAR_MIN, last_year);
    return error_set_text(e, ERR_INVALID_VALUE, field, zh, en);
}

int milestones_check(const struct milestones *m, int32_t today, struct error *e)
{
    int previous = -1; /* the nearest earlier step with an actual date */
    for (int i = 0; i < MS_COUNT; i++) {
        if (m->planned[i] != DAY_NONE && check_range(i, false, m->planned[i], today, e) < 0)
            return -1;
        int32_t actual = m->actual[i];
        if (actual == DAY_NONE)
            continue;
        if (check_range(i, true, actual, today, e) < 0)
            return -1;
        char field[48], iso[11], other[11], zh[160], en[160];
        snprintf(field, sizeof(field), "milestones.%s.actual", milestone_names[i]);
        date_format_iso(date_from_days(actual), iso);
        if (actual > today) {
            date_format_iso(date_from_days(today), other);
            snprintf(zh, sizeof(zh), "%s实际日期 %s 晚于今天（%s）", milestone_labels_zh[i], iso, other);
            snprintf(en, sizeof(en), "the actual date of %s, %s, is after today (%s)", milestone_names[i], iso,
                     other);
            return error_set_text(e, ERR_INVALID_VALUE, field, zh, en);
        }
        if (previous >= 0 && actual < m->actual[previous]) {
            date_format_iso(date_from_days(m->actual[previous]), other);
            snprintf(zh, sizeof(zh), "%s实际日期 %s 早于%s实际日期 %s", milestone_labels_zh[i], iso,
                     milestone_labels_zh[previous], other);
            snprintf(en, sizeof(en), "the actual date of %s, %s, is before the actual date of %s, %s",
                     milestone_names[i], iso, milestone_names[previous], other);
            return error_set_text(e, ERR_INVALID_VALUE, field, zh, en);
        }
        previous = i;
    }
    return 0;
}

int project_stage(const struct milestones *m)
{
    for (int i = MS_COUNT - 1; i >= 0; i--) {
        if (m->actual[i] != DAY_NONE)
            return i;
    }
    return -1;
}

enum project_pool project_pool_of(int stage)
{
    if (stage <= MS_NEGOTIATING)
        return POOL_RESERVE;
    if (stage <= MS_REGISTERED)
        return POOL_PRELIMINARY;
    if (stage == MS_STARTED)
        return POOL_CONSTRUCTION;
    if (stage == MS_COMPLETED)
        return POOL_COMPLETED;
    return POOL_PRODUCTION;
}

int32_t project_first_report_month(const struct milestones *m)
{
    int32_t first = DAY_NONE;
    for (int i = MS_SIGNED; i <= MS_STARTED; i++) {
        if (m->actual[i] != DAY_NONE && (first == DAY_NONE || m->actual[i] < first))
            first = m->actual[i];
    }
    return first == DAY_NONE ? -1 : month_of_day(first);
}
