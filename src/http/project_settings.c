/* The project office's settings: warning rules per year, size thresholds, and recomputing the warnings. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "http/handlers.h"
#include "http/input.h"
#include "base/banned.h"

#define RULES_YEAR_MAX 2100

static int path_year(struct request *r, int *year, struct error *e)
{
    int64_t v;
    if (input_id(r->params[0], &v) != 0 || v < PROJECT_YEAR_MIN || v > RULES_YEAR_MAX)
        return error_set(e, ERR_NOT_FOUND, NULL, "年度应为 %d 到 %d 之间的年份",
                         "the year must be from %d to %d", PROJECT_YEAR_MIN, RULES_YEAR_MAX);
    *year = (int)v;
    return 0;
}

static int respond_rules(struct request *r, int year, const struct warning_rules *w, struct error *e)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb,
                "{\"year\":%d,\"milestone_red_days\":%d,\"invest_red_pct\":%d,\"invest_yellow_pct\":%d,"
                "\"invest_from_month\":%d,\"problem_red_days\":%d}",
                year, w->milestone_red_days, w->invest_red_pct, w->invest_yellow_pct, w->invest_from_month,
                w->problem_red_days);
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_warning_rules_get(struct request *r, struct error *e)
{
    int year = 0;
    struct warning_rules w;
    if (path_year(r, &year, e) != 0 || store_warning_rules_get(r->store, r->tenant, year, &w, e) != 0)
        return -1;
    return respond_rules(r, year, &w, e);
}

static const char *const rule_fields[] = {"milestone_red_days", "invest_red_pct",   "invest_yellow_pct",
                                          "invest_from_month",  "problem_red_days", NULL};

/* Every rule is required: a PUT states the whole year's rules. */
static int read_rules(json_t *body, struct warning_rules *w, struct error *e)
{
    int *slots[] = {&w->milestone_red_days, &w->invest_red_pct, &w->invest_yellow_pct, &w->invest_from_month,
                    &w->problem_red_days};
    if (input_only_fields(body, rule_fields, e) != 0)
        return -1;
    for (size_t i = 0; rule_fields[i]; i++) {
        int64_t v;
        int got = input_integer(body, rule_fields[i], false, NULL, &v, e);
        if (got < 0)
            return -1;
        if (got == 0)
            return error_set(e, ERR_MISSING_FIELD, rule_fields[i], "缺少必填字段“%s”",
                             "missing required field \"%s\"", rule_fields[i]);
        if (v < 0 || v > 100000)
            return error_set(e, ERR_INVALID_VALUE, rule_fields[i], "“%s”超出范围", "\"%s\" is out of range",
                             rule_fields[i]);
        *slots[i] = (int)v;
    }
    return warning_rules_check(w, e);
}

int handle_warning_rules_put(struct request *r, struct error *e)
{
    int year = 0;
    json_t *body;
    if (path_year(r, &year, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    struct warning_rules w;
    int rc = read_rules(body, &w, e);
    json_decref(body);
    if (rc != 0 || store_warning_rules_set(r->store, r->tenant, year, &w, &r->actor, e) != 0)
        return -1;
    return respond_rules(r, year, &w, e);
}

static int respond_sizes(struct request *r, const struct size_classes *s, struct error *e)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"thresholds\":[");
    for (size_t i = 0; i < s->n; i++)
        strbuf_addf(&sb, "%s%lld", i ? "," : "", (long long)s->threshold[i]);
    strbuf_addstr(&sb, "],\"labels\":[");
    for (size_t k = 0; k <= s->n; k++) {
        char label[64];
        size_class_label(s, (int)k, label, sizeof(label));
        strbuf_addf(&sb, "%s\"%s\"", k ? "," : "", label);
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_size_classes_get(struct request *r, struct error *e)
{
    struct size_classes s;
    if (store_size_classes_get(r->store, r->tenant, &s, e) != 0)
        return -1;
    return respond_sizes(r, &s, e);
}

static const char *const size_fields[] = {"thresholds", NULL};

int handle_size_classes_put(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    struct size_classes s = {0};
    int rc = input_only_fields(body, size_fields, e);
    json_t *t = json_object_get(body, "thresholds");
    if (rc == 0 && !t)
        rc = error_set(e, ERR_MISSING_FIELD, "thresholds", "缺少必填字段“thresholds”",
                       "missing required field \"thresholds\"");
    if (rc == 0 && (!json_is_array(t) || json_array_size(t) == 0 || json_array_size(t) > SIZE_THRESHOLDS_MAX))
        rc = error_set(e, ERR_INVALID_VALUE, "thresholds", "“thresholds”应为 1 到 %d 个金额（分）的数组",
                       "\"thresholds\" must be an array of 1 to %d amounts (fen)", SIZE_THRESHOLDS_MAX);
    for (size_t i = 0; rc == 0 && i < json_array_size(t); i++) {
        json_t *v = json_array_get(t, i);
        if (!json_is_integer(v))
            rc = error_set(e, ERR_WRONG_TYPE, "thresholds", "“thresholds”的每一项应为整数（分）",
                           "each of \"thresholds\" must be an integer (fen)");
        else
            s.threshold[s.n++] = (int64_t)json_integer_value(v);
    }
    json_decref(body);
    if (rc != 0 || size_classes_check(&s, e) != 0 ||
        store_size_classes_set(r->store, r->tenant, &s, &r->actor, e) != 0)
        return -1;
    return respond_sizes(r, &s, e);
}

int handle_warnings_recompute(struct request *r, struct error *e)
{
    struct warning_counts c;
    int64_t started = clock_micros();
    if (store_warnings_recompute(r->store, r->tenant, &c, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "{\"projects\":%lld,\"green\":%lld,\"yellow\":%lld,\"red\":%lld,\"ms\":%lld}",
                (long long)c.projects, (long long)c.green, (long long)c.yellow, (long long)c.red,
                (long long)((clock_micros() - started) / 1000));
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}
