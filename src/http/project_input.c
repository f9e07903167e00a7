/* A project's fields from JSON; see project_input.h. */
#include "http/project_input.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/utf8.h"
#include "domain/industry.h"
#include "http/input.h"
#include "base/banned.h"

#define PLAN_YEAR_MAX 2100

static const char *const writable[] = {"code",
                                       "name",
                                       "enterprise_id",
                                       "unit_id",
                                       "carrier_id",
                                       "industry_code",
                                       "category",
                                       "source",
                                       "tags",
                                       "total_investment",
                                       "foreign_investment",
                                       "talent_tier",
                                       "major_technology",
                                       "major_industrialisation",
                                       "major_market",
                                       "energy_use",
                                       "land_area",
                                       "annual_output",
                                       "description",
                                       "milestones",
                                       "plans",
                                       NULL};

static int read_id(json_t *obj, const char *field, bool nullable, int64_t *out, struct error *e)
{
    bool is_null = false;
    int got = input_integer(obj, field, nullable, &is_null, out, e);
    if (got == 1 && !is_null && *out <= 0)
        return error_set(e, ERR_INVALID_VALUE, field, "“%s”应为正整数编号", "\"%s\" must be a positive id",
                         field);
    return got;
}

static int read_amount(json_t *obj, const char *field, bool nullable, int64_t *out, struct error *e)
{
    bool is_null = false;
    int got = input_integer(obj, field, nullable, &is_null, out, e);
    if (got == 1 && is_null)
        *out = -1;
    else if (got == 1 && project_check_amount(*out, field, e) != 0)
        return -1;
    return got;
}

static int read_text(json_t *obj, const char *field, const char **out, struct error *e)
{
    size_t len;
    int got = input_string(obj, field, false, out, &len, e);
    if (got == 1 && project_check_text(*out, len, field, e) != 0)
        return -1;
    return got;
}

#define READ_ENUM(field, parse, target, zh, en)                                                              \
    do {                                                                                                     \
        const char *s_;                                                                                      \
        size_t len_;                                                                                         \
        int got_ = input_string(obj, field, false, &s_, &len_, e);                                           \
        if (got_ < 0)                                                                                        \
            return -1;                                                                                       \
        if (got_ && parse(s_, len_, &(target)) != 0)                                                         \
            return error_set(e, ERR_INVALID_VALUE, field, zh, en);                                           \
        have = got_ == 1;                                                                                    \
    } while (0)

/* ["外资","沪苏对接"] as "|外资|沪苏对接|". */
static int read_tags(json_t *obj, struct arena *a, const char **out, struct error *e)
{
    json_t *v = json_object_get(obj, "tags");
    if (!v)
        return 0;
    if (!json_is_array(v))
        return error_set(e, ERR_WRONG_TYPE, "tags", "“tags”应为字符串数组",
                         "\"tags\" must be an array of strings");
    if (json_array_size(v) > PROJECT_TAGS_MAX)
        return error_set(e, ERR_INVALID_VALUE, "tags", "标签最多 %d 个", "at most %d tags", PROJECT_TAGS_MAX);
    struct strbuf sb = STRBUF_INIT;
    size_t i;
    json_t *t;
    json_array_foreach(v, i, t)
    {
        if (!json_is_string(t)) {
            strbuf_release(&sb);
            return error_set(e, ERR_WRONG_TYPE, "tags", "“tags”应为字符串数组",
                             "\"tags\" must be an array of strings");
        }
        const char *s = json_string_value(t);
        size_t len = json_string_length(t);
        if (project_check_tag(s, len, e) != 0) {
            strbuf_release(&sb);
            return -1;
        }
        char needle[PROJECT_TAG_MAX * 4 + 3];
        snprintf(needle, sizeof(needle), "|%s|", s);
        if (sb.buf && strstr(sb.buf, needle)) {
            strbuf_release(&sb);
            return error_set(e, ERR_INVALID_VALUE, "tags", "标签“%s”重复", "tag \"%s\" is given twice", s);
        }
        strbuf_addstr(&sb, sb.len ? "" : "|");
        strbuf_add(&sb, s, len);
        strbuf_addch(&sb, '|');
    }
    *out = sb.failed ? NULL : arena_strndup(a, sb.buf ? sb.buf : "", sb.len);
    strbuf_release(&sb);
    return *out ? 1 : error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
}

static int read_day(json_t *step, const char *kind, const char *field, int32_t *out, struct error *e)
{
    json_t *v = json_object_get(step, kind);
    if (!v)
        return 0;
    struct date d;
    if (json_is_null(v)) {
        *out = DAY_NONE;
        return 1;
    }
    if (!json_is_string(v) || date_parse_iso(json_string_value(v), json_string_length(v), &d) != 0)
        return error_set(e, ERR_INVALID_VALUE, field, "“%s”应为 YYYY-MM-DD 格式的日期或 null",
                         "\"%s\" must be a date YYYY-MM-DD or null", field);
    *out = (int32_t)date_to_days(d);
    return 1;
}

/* {"started":{"planned":"2026-03-01","actual":null},…}: only the steps and kinds given. */
static int read_milestones(json_t *obj, struct project_input *in, struct error *e)
{
    json_t *v = json_object_get(obj, "milestones");
    if (!v)
        return 0;
    if (!json_is_object(v))
        return error_set(e, ERR_WRONG_TYPE, "milestones", "“milestones”应为对象",
                         "\"milestones\" must be an object");
    const char *key;
    json_t *step;
    json_object_foreach(v, key, step)
    {
        enum milestone m;
        char field[64];
        snprintf(field, sizeof(field), "milestones.%.40s", key);
        if (milestone_parse(key, strlen(key), &m) != 0)
            return error_set(e, ERR_UNKNOWN_FIELD, field, "未知的节点“%s”", "unknown milestone \"%s\"", key);
        if (!json_is_object(step))
            return error_set(e, ERR_WRONG_TYPE, field, "“%s”应为对象 {planned, actual}",
                             "\"%s\" must be an object {planned, actual}", field);
        static const char *const kinds[] = {"planned", "actual", NULL};
        if (input_only_fields(step, kinds, e) != 0) {
            snprintf(e->field, sizeof(e->field), "%s", field);
            return -1;
        }
        char planned[80], actual[80];
        snprintf(planned, sizeof(planned), "%s.planned", field);
        snprintf(actual, sizeof(actual), "%s.actual", field);
        int got;
        if ((got = read_day(step, "planned", planned, &in->v.ms.planned[m], e)) < 0)
            return -1;
        in->has_planned[m] = got;
        if ((got = read_day(step, "actual", actual, &in->v.ms.actual[m], e)) < 0)
            return -1;
        in->has_actual[m] = got;
    }
    return 1;
}

/* {"2025": 300000000, "2026": null}. */
static int read_plans(json_t *obj, struct project_input *in, struct error *e)
{
    json_t *v = json_object_get(obj, "plans");
    if (!v)
        return 0;
    if (!json_is_object(v))
        return error_set(e, ERR_WRONG_TYPE, "plans", "“plans”应为对象 {年份: 金额}",
                         "\"plans\" must be an object {year: amount}");
    if (json_object_size(v) > PROJECT_PLANS_MAX)
        return error_set(e, ERR_INVALID_VALUE, "plans", "一次最多 %d 个年度计划",
                         "at most %d yearly plans at once", PROJECT_PLANS_MAX);
    const char *key;
    json_t *amount;
    json_object_foreach(v, key, amount)
    {
        char field[40];
        snprintf(field, sizeof(field), "plans.%.20s", key);
        int year = 0;
        bool digits = strlen(key) == 4;
        for (const char *k = key; digits && *k; k++) {
            digits = *k >= '0' && *k <= '9';
            year = year * 10 + (*k - '0');
        }
        if (!digits || year < PROJECT_YEAR_MIN || year > PLAN_YEAR_MAX)
            return error_set(e, ERR_INVALID_VALUE, field, "年度应为 %d 到 %d 之间的四位年份",
                             "the year must be four digits from %d to %d", PROJECT_YEAR_MIN, PLAN_YEAR_MAX);
        struct plan_change *pc = &in->plans[in->n_plans++];
        *pc = (struct plan_change){.year = year, .remove = json_is_null(amount)};
        if (!pc->remove) {
            if (!json_is_integer(amount))
                return error_set(e, ERR_WRONG_TYPE, field, "“%s”应为整数（分）或 null",
                                 "\"%s\" must be an integer (fen) or null", field);
            pc->amount = (int64_t)json_integer_value(amount);
            if (project_check_amount(pc->amount, field, e) != 0)
                return -1;
        }
    }
    return 1;
}

/* Runs a field reader: -1 returns, otherwise has[flag] says whether the field was given. */
#define GIVEN(flag, call)                                                                                    \
    do {                                                                                                     \
        if ((got = (call)) < 0)                                                                              \
            return -1;                                                                                       \
        in->has[flag] = got == 1;                                                                            \
    } while (0)

int project_input_read(json_t *obj, bool create, struct arena *a, struct project_input *in, struct error *e)
{
    *in = (struct project_input){0};
    struct project *v = &in->v;
    if (input_only_fields(obj, writable, e) != 0)
        return -1;
    size_t len;
    int got;
    bool have;
    if ((got = input_string(obj, "code", false, &v->code, &len, e)) < 0 ||
        (got && project_check_code(v->code, len, e) != 0))
        return -1;
    in->has[PF_CODE] = got;
    if ((got = input_string(obj, "name", false, &v->name, &len, e)) < 0 ||
        (got && project_check_name(v->name, len, e) != 0))
        return -1;
    in->has[PF_NAME] = got;
    GIVEN(PF_ENTERPRISE, read_id(obj, "enterprise_id", true, &v->enterprise_id, e));
    GIVEN(PF_UNIT, read_id(obj, "unit_id", false, &v->unit_id, e));
    GIVEN(PF_CARRIER, read_id(obj, "carrier_id", true, &v->carrier_id, e));
    if ((got = input_string(obj, "industry_code", true, &v->industry_code, &len, e)) < 0 ||
        (got && v->industry_code && industry_check(v->industry_code, len, "industry_code", e) != 0))
        return -1;
    in->has[PF_INDUSTRY] = got;
    READ_ENUM("category", category_parse, v->category,
              "项目类别应为 "
              "industry（产业）、infrastructure（基础设施）、social（社会民生）、tech_talent（科技人才）或 "
              "other（其他）",
              "category must be one of industry, infrastructure, social, tech_talent, other");
    in->has[PF_CATEGORY] = have;
    READ_ENUM("source", source_parse, v->source,
              "项目来源应为 domestic（内资）、foreign（外资）或 hmt（港澳台）",
              "source must be one of domestic, foreign, hmt");
    in->has[PF_SOURCE] = have;
    READ_ENUM("talent_tier", talent_tier_parse, v->talent_tier,
              "人才层次应为 none、national（国家级）、provincial（省级）或 municipal（市级）",
              "talent_tier must be one of none, national, provincial, municipal");
    in->has[PF_TALENT_TIER] = have;
    GIVEN(PF_TAGS, read_tags(obj, a, &v->tags, e));
    GIVEN(PF_TOTAL_INVESTMENT, read_amount(obj, "total_investment", false, &v->total_investment, e));
    GIVEN(PF_FOREIGN_INVESTMENT, read_amount(obj, "foreign_investment", false, &v->foreign_investment, e));
    GIVEN(PF_ENERGY_USE, read_amount(obj, "energy_use", true, &v->energy_use, e));
    GIVEN(PF_LAND_AREA, read_amount(obj, "land_area", true, &v->land_area, e));
    GIVEN(PF_ANNUAL_OUTPUT, read_amount(obj, "annual_output", true, &v->annual_output, e));
    GIVEN(PF_MAJOR_TECHNOLOGY, input_boolean(obj, "major_technology", &v->major_technology, e));
    GIVEN(PF_MAJOR_INDUSTRIALISATION,
          input_boolean(obj, "major_industrialisation", &v->major_industrialisation, e));
    GIVEN(PF_MAJOR_MARKET, input_boolean(obj, "major_market", &v->major_market, e));
    GIVEN(PF_DESCRIPTION, read_text(obj, "description", &v->description, e));
    if (read_milestones(obj, in, e) < 0 || read_plans(obj, in, e) < 0)
        return -1;
    if (create) {
        const char *missing = !in->has[PF_CODE]       ? "code"
                              : !in->has[PF_NAME]     ? "name"
                              : !in->has[PF_UNIT]     ? "unit_id"
                              : !in->has[PF_CATEGORY] ? "category"
                              : !in->has[PF_SOURCE]   ? "source"
                                                      : NULL;
        if (missing)
            return error_set(e, ERR_MISSING_FIELD, missing, "缺少必填字段“%s”",
                             "missing required field \"%s\"", missing);
    }
    return 0;
}
