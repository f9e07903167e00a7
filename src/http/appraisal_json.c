/* The appraisal's JSON in and out; see appraisal_json.h. */
#include "http/appraisal_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"
#include "base/json_escape.h"
#include "base/utf8.h"
#include "http/input.h"
#include "base/banned.h"

#define INDICATORS_MAX 2000
#define SUBJECTS_MAX 10000
#define GROUPS_MAX 50
#define NAME_MAX_CHARS 100
#define DEPTH_MAX 8

void appr_field(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, size, fmt, ap);
    va_end(ap);
}

static void join_path(char *out, size_t size, const char *path, const char *key)
{
    appr_field(out, size, "%s%s%s", path ? path : "", path && *path ? "." : "", key);
}

/* The text of a JSON number or string, for the decimal parsers: reals by their shortest round trip. */
static int number_text(json_t *v, char *buf, size_t size)
{
    if (json_is_integer(v)) {
        appr_field(buf, size, "%lld", (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        /* a binary double: the shortest decimal that reads back as the same double is what was sent */
        double d = json_real_value(v);
        for (int digits = 15; digits <= 17; digits++) {
            appr_field(buf, size, "%.*g", digits, d);
            if (strtod(buf, NULL) == d)
                break;
        }
    } else if (json_is_string(v) && json_string_length(v) < size) {
        appr_field(buf, size, "%s", json_string_value(v));
    } else {
        return -1;
    }
    return 0;
}

static int read_number(json_t *obj, const char *key, const char *path, bool nullable, bool *is_null,
                       int64_t *out, bool points, struct error *e)
{
    char field[96];
    join_path(field, sizeof(field), path, key);
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    if (is_null)
        *is_null = false;
    if (json_is_null(v)) {
        if (nullable) {
            *is_null = true;
            return 1;
        }
        return error_set(e, ERR_WRONG_TYPE, field, "字段“%s”应为数值", "field \"%s\" must be a number",
                         field);
    }
    char text[64];
    if (number_text(v, text, sizeof(text)) != 0)
        return error_set(e, ERR_WRONG_TYPE, field, "字段“%s”应为数值", "field \"%s\" must be a number",
                         field);
    int rc = points ? points_parse(text, strlen(text), out) : dec_parse(text, strlen(text), false, out);
    if (rc != 0)
        return points ? error_set(e, ERR_INVALID_VALUE, field, "“%s”应为至多两位小数的分值（“%s”）",
                                  "\"%s\" must be points with at most 2 decimals (\"%s\")", field, text)
                      : error_set(e, ERR_INVALID_VALUE, field,
                                  "“%s”应为至多六位小数、绝对值不超过一万亿的数（“%s”）",
                                  "\"%s\" must be a number with at most 6 decimals, at most 10^12 (\"%s\")",
                                  field, text);
    return 1;
}

int appr_input_decimal(json_t *obj, const char *key, const char *path, bool nullable, bool *is_null,
                       int64_t *out, struct error *e)
{
    return read_number(obj, key, path, nullable, is_null, out, false, e);
}

int appr_input_points(json_t *obj, const char *key, const char *path, bool nullable, bool *is_null,
                      int64_t *out, struct error *e)
{
    return read_number(obj, key, path, nullable, is_null, out, true, e);
}

int appr_input_text(json_t *obj, const char *key, const char *path, size_t max, bool required,
                    const char **out, struct error *e)
{
    char field[96];
    join_path(field, sizeof(field), path, key);
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            return error_set(e, ERR_MISSING_FIELD, field, "缺少必填字段“%s”", "missing required field \"%s\"",
                             field);
        return 0;
    }
    if (json_is_null(v) && !required)
        return 0;
    if (!json_is_string(v))
        return error_set(e, ERR_WRONG_TYPE, field, "字段“%s”应为字符串", "field \"%s\" must be a string",
                         field);
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (utf8_count(s, len) > max)
        return error_set(e, ERR_TOO_LONG, field, "“%s”至多 %zu 个字", "\"%s\" is at most %zu characters",
                         field, max);
    if (required && utf8_is_blank(s, len))
        return error_set(e, ERR_INVALID_VALUE, field, "“%s”不能为空", "\"%s\" must not be blank", field);
    if (utf8_has_control(s, len))
        return error_set(e, ERR_INVALID_VALUE, field, "“%s”不能含控制字符",
                         "\"%s\" must not hold control characters", field);
    *out = s;
    return 1;
}

int appr_only_fields(json_t *obj, const char *const *allowed, const char *path, struct error *e)
{
    if (input_only_fields(obj, allowed, e) == 0)
        return 0;
    if (path && *path) {
        char inner[sizeof(e->field)];
        memcpy(inner, e->field, sizeof(inner));
        appr_field(e->field, sizeof(e->field), "%.40s.%.20s", path, inner);
    }
    return -1;
}

void appr_json_decimal(struct strbuf *sb, int64_t v)
{
    char buf[DEC_TEXT_MAX];
    strbuf_add(sb, buf, (size_t)dec_format(v, buf));
}

void appr_json_points(struct strbuf *sb, int64_t v)
{
    char buf[DEC_TEXT_MAX];
    strbuf_add(sb, buf, (size_t)points_format(v, buf));
}

static void json_opt_decimal(struct strbuf *sb, bool has, int64_t v)
{
    if (has)
        appr_json_decimal(sb, v);
    else
        strbuf_addstr(sb, "null");
}

static void json_opt_points(struct strbuf *sb, bool has, int64_t v)
{
    if (has)
        appr_json_points(sb, v);
    else
        strbuf_addstr(sb, "null");
}

void appr_json_scheme_summary(struct strbuf *sb, const struct appr_scheme_row *s)
{
    strbuf_addf(sb, "{\"id\":%lld,\"year\":%d,\"kind_id\":%lld,\"kind_name\":", (long long)s->id, s->year,
                (long long)s->kind_id);
    json_escape(sb, s->kind_name, strlen(s->kind_name));
    strbuf_addstr(sb, ",\"name\":");
    json_escape(sb, s->name, strlen(s->name));
    strbuf_addf(sb, ",\"subject_type\":\"%s\",\"state\":\"%s\",\"revision\":%d,\"published_version\":",
                s->enterprises ? "enterprise" : "unit", appr_scheme_state_name(s->state), s->revision);
    if (s->published_version)
        strbuf_addf(sb, "%d", s->published_version);
    else
        strbuf_addstr(sb, "null");
    strbuf_addstr(sb, ",\"published_at\":");
    json_escape_or_null(sb, s->published_at);
    strbuf_addf(sb, ",\"subject_count\":%lld,\"leaf_count\":%lld,\"bonus_cap\":", (long long)s->subject_count,
                (long long)s->leaf_count);
    json_opt_points(sb, s->has_bonus_cap, s->bonus_cap);
    strbuf_addstr(sb, ",\"deduction_cap\":");
    json_opt_points(sb, s->has_deduction_cap, s->deduction_cap);
    strbuf_addf(sb, ",\"appeal_days\":%d,\"issuing_office\":", s->appeal_days);
    json_escape(sb, s->issuing_office, strlen(s->issuing_office));
    strbuf_addstr(sb, ",\"notice_title\":");
    json_escape(sb, s->notice_title, strlen(s->notice_title));
    strbuf_addf(sb, ",\"created_at\":\"%s\",\"updated_at\":\"%s\"}", s->created_at, s->updated_at);
}

static void json_leaf(struct strbuf *sb, const struct appr_leaf *l)
{
    bool ratio = l->method == APPR_RATIO, rank = l->method == APPR_RANK, eff = l->method == APPR_EFFICACY;
    strbuf_addstr(sb, ",\"full_marks\":");
    appr_json_points(sb, l->full_marks);
    strbuf_addf(sb, ",\"method\":\"%s\",\"direction\":\"%s\",\"cap\":", appr_method_name(l->method),
                l->direction == APPR_LOWER ? "lower" : "higher");
    json_opt_decimal(sb, ratio, l->cap);
    strbuf_addstr(sb, ",\"floor\":");
    json_opt_decimal(sb, ratio && l->has_floor, l->floor);
    strbuf_addstr(sb, ",\"step\":");
    json_opt_points(sb, rank && l->has_step, l->step);
    strbuf_addstr(sb, ",\"min_score\":");
    json_opt_points(sb, rank, l->min_score);
    strbuf_addstr(sb, ",\"base\":");
    json_opt_decimal(sb, eff, l->base);
    strbuf_addstr(sb, ",\"disallowed\":");
    json_opt_decimal(sb, eff && l->has_bounds, l->disallowed);
    strbuf_addstr(sb, ",\"satisfactory\":");
    json_opt_decimal(sb, eff && l->has_bounds, l->satisfactory);
    strbuf_addstr(sb, ",\"bands\":");
    if (l->method == APPR_BAND) {
        strbuf_addch(sb, '[');
        for (size_t b = 0; b < l->n_bands; b++) {
            strbuf_addstr(sb, b ? ",{\"threshold\":" : "{\"threshold\":");
            appr_json_decimal(sb, l->bands[b].threshold);
            strbuf_addstr(sb, ",\"factor\":");
            appr_json_decimal(sb, l->bands[b].factor);
            strbuf_addch(sb, '}');
        }
        strbuf_addch(sb, ']');
    } else {
        strbuf_addstr(sb, "null");
    }
    strbuf_addstr(sb, ",\"trim\":");
    if (l->method == APPR_SURVEY && l->trim >= 0)
        strbuf_addf(sb, "%d", l->trim);
    else
        strbuf_addstr(sb, "null");
}

static void json_source(struct strbuf *sb, const struct appr_indicator_row *x)
{
    strbuf_addf(sb, ",\"source\":\"%s\",\"source_min\":", appr_source_name(x->source));
    if (x->source == APPR_SOURCE_STARTED_COUNT || x->source == APPR_SOURCE_STARTED_AMOUNT)
        strbuf_addf(sb, "%lld", (long long)x->source_min);
    else
        strbuf_addstr(sb, "null");
}

/* Node i and its subtree; returns the index after the subtree. */
static size_t json_node(struct strbuf *sb, const struct appr_structure *s, size_t i)
{
    const struct appr_indicator_row *x = &s->indicators[i];
    strbuf_addf(sb, "{\"id\":%lld,\"name\":", (long long)x->id);
    json_escape(sb, x->name, strlen(x->name));
    strbuf_addf(sb, ",\"kind\":\"%s\"", appr_node_kind_name(x->kind));
    if (x->kind == APPR_LEAF) {
        json_leaf(sb, &x->leaf);
        json_source(sb, x);
    }
    if (x->kind == APPR_VETO_ITEM)
        strbuf_addf(sb, ",\"veto_mode\":\"%s\"", x->veto_mode == APPR_VETO_LOWEST ? "lowest" : "bar_top");
    strbuf_addstr(sb, ",\"children\":[");
    size_t next = i + 1;
    bool first = true;
    while (next < s->n_indicators && s->indicators[next].parent_index == (long)i) {
        if (!first)
            strbuf_addch(sb, ',');
        first = false;
        next = json_node(sb, s, next);
    }
    strbuf_addstr(sb, "]}");
    return next;
}

void appr_json_structure(struct strbuf *sb, const struct appr_structure *s)
{
    appr_json_scheme_summary(sb, &s->scheme);
    sb->len--; /* reopen the summary's object */
    strbuf_addstr(sb, ",\"groups\":[");
    for (size_t i = 0; i < s->n_groups; i++) {
        strbuf_addf(sb, "%s{\"id\":%lld,\"name\":", i ? "," : "", (long long)s->groups[i].id);
        json_escape(sb, s->groups[i].name, strlen(s->groups[i].name));
        strbuf_addch(sb, '}');
    }
    strbuf_addstr(sb, "],\"subjects\":[");
    for (size_t i = 0; i < s->n_subjects; i++) {
        const struct appr_subject_row *x = &s->subjects[i];
        strbuf_addf(sb, "%s{\"id\":%lld,\"group_id\":%lld,\"unit_id\":", i ? "," : "", (long long)x->id,
                    (long long)x->group_id);
        if (x->unit_id)
            strbuf_addf(sb, "%lld", (long long)x->unit_id);
        else
            strbuf_addstr(sb, "null");
        strbuf_addstr(sb, ",\"enterprise_id\":");
        if (x->enterprise_id)
            strbuf_addf(sb, "%lld", (long long)x->enterprise_id);
        else
            strbuf_addstr(sb, "null");
        strbuf_addstr(sb, ",\"name\":");
        json_escape(sb, x->name, strlen(x->name));
        strbuf_addf(sb, ",\"state\":\"%s\"}", appr_subject_state_name(x->state));
    }
    strbuf_addstr(sb, "],\"indicators\":[");
    bool first = true;
    for (size_t i = 0; i < s->n_indicators;) {
        if (!first)
            strbuf_addch(sb, ',');
        first = false;
        i = json_node(sb, s, i);
    }
    strbuf_addstr(sb, "],\"grades\":[");
    for (size_t i = 0; i < s->n_grades; i++) {
        strbuf_addstr(sb, i ? ",{\"name\":" : "{\"name\":");
        json_escape(sb, s->grades[i].name, strlen(s->grades[i].name));
        strbuf_addstr(sb, ",\"min_score\":");
        json_opt_points(sb, s->grades[i].grade.has_min, s->grades[i].grade.min_score);
        strbuf_addstr(sb, ",\"quota\":");
        json_opt_decimal(sb, s->grades[i].grade.has_quota, s->grades[i].grade.quota);
        strbuf_addch(sb, '}');
    }
    strbuf_addstr(sb, "]}");
}

/* ---- parsing a structure */

struct parse {
    struct arena *a;
    struct appr_structure *out;
    size_t cap_indicators;
};

static int read_id(json_t *obj, const char *path, int64_t *id, struct error *e)
{
    char field[96];
    join_path(field, sizeof(field), path, "id");
    json_t *v = json_object_get(obj, "id");
    *id = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return error_set(e, ERR_WRONG_TYPE, field, "“%s”应为正整数", "\"%s\" must be a positive integer",
                         field);
    *id = json_integer_value(v);
    return 0;
}

static int need_object(json_t *v, const char *path, struct error *e)
{
    return json_is_object(v)
               ? 0
               : error_set(e, ERR_WRONG_TYPE, path, "“%s”应为对象", "\"%s\" must be an object", path);
}

static int read_choice(json_t *obj, const char *key, const char *path, const char *const *choices,
                       int fallback, int *out, struct error *e)
{
    char field[96];
    join_path(field, sizeof(field), path, key);
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        if (fallback < 0)
            return error_set(e, ERR_MISSING_FIELD, field, "缺少必填字段“%s”", "missing required field \"%s\"",
                             field);
        *out = fallback;
        return 0;
    }
    for (int i = 0; json_is_string(v) && choices[i]; i++)
        if (strcmp(choices[i], json_string_value(v)) == 0) {
            *out = i;
            return 0;
        }
    char list[160] = "";
    for (int i = 0; choices[i]; i++)
        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "", choices[i]);
    return error_set(e, ERR_INVALID_VALUE, field, "“%s”应为 %s 之一", "\"%s\" must be one of %s", field,
                     list);
}

static int parse_leaf(json_t *o, const char *path, struct appr_leaf *l, struct error *e)
{
    static const char *const methods[] = {"ratio", "rank", "efficacy", "band", "check", "survey", NULL};
    static const char *const dirs[] = {"higher", "lower", NULL};
    int method, dir;
    int64_t w;
    bool null;
    if (read_choice(o, "method", path, methods, -1, &method, e) != 0)
        return -1;
    int got = appr_input_points(o, "full_marks", path, false, NULL, &w, e);
    if (got < 0)
        return -1;
    if (got == 0) {
        char field[96];
        join_path(field, sizeof(field), path, "full_marks");
        return error_set(e, ERR_MISSING_FIELD, field, "计分指标须有分值（full_marks）",
                         "a leaf needs its full marks");
    }
    appr_leaf_init(l, (enum appr_method)method, w);
    if (read_choice(o, "direction", path, dirs, 0, &dir, e) != 0)
        return -1;
    l->direction = (enum appr_direction)dir;
    int64_t v;
    if ((got = appr_input_decimal(o, "cap", path, true, &null, &v, e)) < 0)
        return -1;
    if (got && !null)
        l->cap = v;
    if ((got = appr_input_decimal(o, "floor", path, true, &null, &l->floor, e)) < 0)
        return -1;
    l->has_floor = got && !null;
    if ((got = appr_input_points(o, "step", path, true, &null, &l->step, e)) < 0)
        return -1;
    l->has_step = got && !null;
    if ((got = appr_input_points(o, "min_score", path, true, &null, &v, e)) < 0)
        return -1;
    if (got && !null)
        l->min_score = v;
    if ((got = appr_input_decimal(o, "base", path, true, &null, &v, e)) < 0)
        return -1;
    if (got && !null)
        l->base = v;
    bool null_s;
    int got_d = appr_input_decimal(o, "disallowed", path, true, &null, &l->disallowed, e);
    int got_s =
        got_d < 0 ? -1 : appr_input_decimal(o, "satisfactory", path, true, &null_s, &l->satisfactory, e);
    if (got_s < 0)
        return -1;
    bool has_d = got_d && !null, has_s = got_s && !null_s;
    if (has_d != has_s) {
        char field[96];
        join_path(field, sizeof(field), path, has_d ? "satisfactory" : "disallowed");
        return error_set(e, ERR_MISSING_FIELD, field, "不允许值与满意值须同时给出",
                         "disallowed and satisfactory go together");
    }
    l->has_bounds = has_d;
    json_t *bands = json_object_get(o, "bands");
    if (bands && !json_is_null(bands)) {
        char field[96];
        join_path(field, sizeof(field), path, "bands");
        if (!json_is_array(bands) || json_array_size(bands) > APPR_BANDS_MAX)
            return error_set(e, ERR_INVALID_VALUE, field, "“%s”应为至多 %d 档的数组",
                             "\"%s\" must be an array of at most %d bands", field, APPR_BANDS_MAX);
        l->n_bands = json_array_size(bands);
        for (size_t b = 0; b < l->n_bands; b++) {
            char item[96];
            appr_field(item, sizeof(item), "%s[%zu]", field, b);
            json_t *x = json_array_get(bands, b);
            if (need_object(x, item, e) != 0 ||
                appr_input_decimal(x, "threshold", item, false, NULL, &l->bands[b].threshold, e) != 1 ||
                appr_input_decimal(x, "factor", item, false, NULL, &l->bands[b].factor, e) != 1) {
                if (e->code == ERR_NONE)
                    error_set(e, ERR_MISSING_FIELD, item, "每一档须有 threshold 和 factor",
                              "each band needs a threshold and a factor");
                return -1;
            }
        }
    }
    json_t *trim = json_object_get(o, "trim");
    if (trim && !json_is_null(trim)) {
        char field[96];
        join_path(field, sizeof(field), path, "trim");
        if (!json_is_integer(trim) || json_integer_value(trim) < 0 || json_integer_value(trim) > 100)
            return error_set(e, ERR_INVALID_VALUE, field, "“%s”应为 0 到 100 的整数",
                             "\"%s\" must be an integer 0..100", field);
        l->trim = (int)json_integer_value(trim);
    }
    if (appr_leaf_check(l, e) != 0) {
        char inner[sizeof(e->field)];
        memcpy(inner, e->field, sizeof(inner));
        appr_field(e->field, sizeof(e->field), "%.40s.%.20s", path, inner);
        return -1;
    }
    return 0;
}

static int parse_source(json_t *o, const char *path, struct appr_indicator_row *x, struct error *e)
{
    static const char *const sources[] = {
        "entered",        "invest_completion",  "started_count",          "started_amount",
        "foreign_signed", "problem_close_rate", "signed_to_started_days", NULL};
    int source;
    if (read_choice(o, "source", path, sources, APPR_SOURCE_ENTERED, &source, e) != 0)
        return -1;
    x->source = (enum appr_source)source;
    json_t *min = json_object_get(o, "source_min");
    if (min && !json_is_null(min)) {
        char field[96];
        join_path(field, sizeof(field), path, "source_min");
        if (!json_is_integer(min) || json_integer_value(min) < 0 ||
            json_integer_value(min) > 100000000000000000LL)
            return error_set(e, ERR_INVALID_VALUE, field, "“%s”应为不小于 0 的金额（分）",
                             "\"%s\" must be an amount in fen, 0 or more", field);
        x->source_min = json_integer_value(min);
    }
    return 0;
}

static const char *const node_keys[] = {"id",        "name",      "kind",       "children",     "full_marks",
                                        "method",    "direction", "cap",        "floor",        "step",
                                        "min_score", "base",      "disallowed", "satisfactory", "bands",
                                        "trim",      "veto_mode", "source",     "source_min",   NULL};

static int parse_nodes(struct parse *p, json_t *list, const char *path, long parent, int depth,
                       struct error *e)
{
    if (!json_is_array(list))
        return error_set(e, ERR_WRONG_TYPE, path, "“%s”应为数组", "\"%s\" must be an array", path);
    if (depth > DEPTH_MAX)
        return error_set(e, ERR_INVALID_VALUE, path, "指标体系至多 %d 层",
                         "the indicator tree is at most %d deep", DEPTH_MAX);
    static const char *const kinds[] = {"node", "leaf", "bonus", "deduction", "veto", NULL};
    static const char *const vetoes[] = {"none", "bar_top", "lowest", NULL};
    for (size_t i = 0; i < json_array_size(list); i++) {
        char item[96];
        appr_field(item, sizeof(item), "%s[%zu]", path, i);
        json_t *o = json_array_get(list, i);
        if (need_object(o, item, e) != 0)
            return -1;
        if (appr_only_fields(o, node_keys, item, e) != 0)
            return -1;
        struct appr_indicator_row *x =
            arena_grow(p->a, p->out->indicators, p->out->n_indicators, &p->cap_indicators, sizeof(*x));
        if (!x || p->out->n_indicators >= INDICATORS_MAX)
            return x ? error_set(e, ERR_TOO_LARGE, "indicators", "指标至多 %d 个", "at most %d indicators",
                                 INDICATORS_MAX)
                     : error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
        p->out->indicators = x;
        size_t index = p->out->n_indicators++;
        x += index;
        *x = (struct appr_indicator_row){.parent_index = parent, .veto_mode = APPR_VETO_BAR_TOP};
        int kind, veto;
        if (read_id(o, item, &x->id, e) != 0 ||
            appr_input_text(o, "name", item, NAME_MAX_CHARS, true, &x->name, e) < 0 ||
            read_choice(o, "kind", item, kinds, -1, &kind, e) != 0)
            return -1;
        x->kind = (enum appr_node_kind)kind;
        if (x->kind == APPR_LEAF &&
            (parse_leaf(o, item, &x->leaf, e) != 0 || parse_source(o, item, x, e) != 0))
            return -1;
        if (x->kind == APPR_VETO_ITEM) {
            if (read_choice(o, "veto_mode", item, vetoes, APPR_VETO_BAR_TOP, &veto, e) != 0)
                return -1;
            x->veto_mode = veto == APPR_VETO_LOWEST ? APPR_VETO_LOWEST : APPR_VETO_BAR_TOP;
        }
        json_t *children = json_object_get(o, "children");
        if (children && !json_is_null(children) && json_array_size(children) > 0) {
            char field[96];
            appr_field(field, sizeof(field), "%s.children", item);
            if (x->kind != APPR_NODE)
                return error_set(e, ERR_INVALID_VALUE, field, "只有指标分组（node）可以有下级指标",
                                 "only a node may have children");
            if (parse_nodes(p, children, field, (long)index, depth + 1, e) != 0)
                return -1;
        }
    }
    return 0;
}

static int parse_groups(struct parse *p, json_t *list, struct error *e)
{
    if (!json_is_array(list) || json_array_size(list) > GROUPS_MAX)
        return error_set(e, ERR_WRONG_TYPE, "groups", "groups 应为至多 %d 个组别的数组",
                         "groups must be an array of at most %d groups", GROUPS_MAX);
    size_t n = json_array_size(list);
    if (!(p->out->groups = arena_calloc(p->a, (n + 1) * sizeof(*p->out->groups))))
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    static const char *const keys[] = {"id", "name", NULL};
    for (size_t i = 0; i < n; i++) {
        char item[48];
        appr_field(item, sizeof(item), "groups[%zu]", i);
        json_t *o = json_array_get(list, i);
        if (need_object(o, item, e) != 0 || appr_only_fields(o, keys, item, e) != 0 ||
            read_id(o, item, &p->out->groups[i].id, e) != 0 ||
            appr_input_text(o, "name", item, NAME_MAX_CHARS, true, &p->out->groups[i].name, e) < 0)
            return -1;
    }
    p->out->n_groups = n;
    return 0;
}

static int read_ref(json_t *o, const char *key, const char *path, int64_t *out, struct error *e)
{
    char field[96];
    join_path(field, sizeof(field), path, key);
    json_t *v = json_object_get(o, key);
    *out = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return error_set(e, ERR_WRONG_TYPE, field, "“%s”应为正整数", "\"%s\" must be a positive integer",
                         field);
    *out = json_integer_value(v);
    return 0;
}

static int parse_subjects(struct parse *p, json_t *list, struct error *e)
{
    if (!json_is_array(list) || json_array_size(list) > SUBJECTS_MAX)
        return error_set(e, ERR_WRONG_TYPE, "subjects", "subjects 应为至多 %d 个对象的数组",
                         "subjects must be an array of at most %d subjects", SUBJECTS_MAX);
    size_t n = json_array_size(list);
    if (!(p->out->subjects = arena_calloc(p->a, (n + 1) * sizeof(*p->out->subjects))))
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    static const char *const keys[] = {"id",       "group", "unit_id", "enterprise_id",
                                       "group_id", "name",  "state",   NULL};
    for (size_t i = 0; i < n; i++) {
        char item[48];
        appr_field(item, sizeof(item), "subjects[%zu]", i);
        json_t *o = json_array_get(list, i);
        struct appr_subject_row *x = &p->out->subjects[i];
        if (need_object(o, item, e) != 0 || appr_only_fields(o, keys, item, e) != 0 ||
            read_id(o, item, &x->id, e) != 0 || read_ref(o, "unit_id", item, &x->unit_id, e) != 0 ||
            read_ref(o, "enterprise_id", item, &x->enterprise_id, e) != 0)
            return -1;
        json_t *g = json_object_get(o, "group");
        if (!json_is_integer(g) || json_integer_value(g) < 0) {
            char field[64];
            appr_field(field, sizeof(field), "%s.group", item);
            return error_set(e,
                             !g                   ? ERR_MISSING_FIELD
                             : json_is_integer(g) ? ERR_INVALID_VALUE
                                                  : ERR_WRONG_TYPE,
                             field, "“%s”应为组别在 groups 中的序号（从 0 起）",
                             "\"%s\" must be the index of its group in groups", field);
        }
        if (!x->unit_id && !x->enterprise_id) {
            char field[64];
            appr_field(field, sizeof(field), "%s.unit_id", item);
            return error_set(e, ERR_MISSING_FIELD, field,
                             "考核对象须给出 unit_id（单位）或 enterprise_id（企业）",
                             "a subject needs its unit_id (or enterprise_id)");
        }
        x->group_index = (size_t)json_integer_value(g);
    }
    p->out->n_subjects = n;
    return 0;
}

static int parse_grades(struct parse *p, json_t *list, struct error *e)
{
    if (!json_is_array(list) || json_array_size(list) > APPR_GRADES_MAX)
        return error_set(e, ERR_WRONG_TYPE, "grades", "grades 应为至多 %d 个等次的数组",
                         "grades must be an array of at most %d grades", APPR_GRADES_MAX);
    size_t n = json_array_size(list);
    if (!(p->out->grades = arena_calloc(p->a, (n + 1) * sizeof(*p->out->grades))))
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    static const char *const keys[] = {"name", "min_score", "quota", NULL};
    for (size_t i = 0; i < n; i++) {
        char item[48];
        appr_field(item, sizeof(item), "grades[%zu]", i);
        json_t *o = json_array_get(list, i);
        struct appr_grade_row *g = &p->out->grades[i];
        bool null;
        int got;
        if (need_object(o, item, e) != 0 || appr_only_fields(o, keys, item, e) != 0 ||
            appr_input_text(o, "name", item, 20, true, &g->name, e) < 0)
            return -1;
        if ((got = appr_input_points(o, "min_score", item, true, &null, &g->grade.min_score, e)) < 0)
            return -1;
        g->grade.has_min = got && !null;
        if ((got = appr_input_decimal(o, "quota", item, true, &null, &g->grade.quota, e)) < 0)
            return -1;
        g->grade.has_quota = got && !null;
    }
    p->out->n_grades = n;
    return 0;
}

int appr_parse_structure(json_t *body, struct arena *a, struct appr_structure *out, struct error *e)
{
    static const char *const keys[] = {"groups", "subjects", "indicators", "grades", NULL};
    *out = (struct appr_structure){0};
    if (input_only_fields(body, keys, e) != 0)
        return -1;
    for (size_t i = 0; keys[i]; i++)
        if (!json_object_get(body, keys[i]))
            return error_set(e, ERR_MISSING_FIELD, keys[i], "缺少必填字段“%s”",
                             "missing required field \"%s\"", keys[i]);
    struct parse p = {.a = a, .out = out};
    return parse_groups(&p, json_object_get(body, "groups"), e) != 0 ||
                   parse_subjects(&p, json_object_get(body, "subjects"), e) != 0 ||
                   parse_nodes(&p, json_object_get(body, "indicators"), "indicators", -1, 0, e) != 0 ||
                   parse_grades(&p, json_object_get(body, "grades"), e) != 0
               ? -1
               : 0;
}
