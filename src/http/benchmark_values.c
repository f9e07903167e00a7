/* Benchmarking's values: listed by filter, written in batches (all or nothing). */
#include <stdio.h>
#include <string.h>

#include "http/appraisal_json.h"
#include "http/benchmark_json.h"
#include "http/handlers.h"
#include "base/banned.h"

#define VALUES_PUT_MAX 10000
#define LIST_LIMIT_DEFAULT 1000
#define LIST_LIMIT_MAX 10000
#define SOURCE_MAX_CHARS 100
#define NOTE_MAX_CHARS 500

int handle_bm_values_list(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "indicator_id"}, {.name = "city_id"}, {.name = "from"}, {.name = "to"},
                              {.name = "quarter"},      {.name = "limit"},   {.name = NULL}};
    if (input_query(r, q, e) != 0)
        return -1;
    struct bm_values_filter f = {.quarter = -1};
    int64_t quarter = -1, limit = LIST_LIMIT_DEFAULT;
    if ((q[0].value && input_query_int(&q[0], 1, INT64_MAX, &f.indicator_id, e) != 0) ||
        (q[1].value && input_query_int(&q[1], 1, INT64_MAX, &f.city_id, e) != 0) ||
        (q[2].value && bm_query_year(&q[2], &f.year_from, e) != 0) ||
        (q[3].value && bm_query_year(&q[3], &f.year_to, e) != 0) ||
        (q[4].value && input_query_int(&q[4], 0, 4, &quarter, e) != 0) ||
        (q[5].value && input_query_int(&q[5], 1, LIST_LIMIT_MAX, &limit, e) != 0))
        return -1;
    f.quarter = (int)quarter;
    struct bm_value *items;
    size_t n;
    bool more;
    if (store_bm_values_list(r->store, r->tenant, &f, (size_t)limit, &r->arena, &items, &n, &more, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        const struct bm_value *v = &items[i];
        strbuf_addf(&sb, "%s{\"indicator_id\":%lld,\"city_id\":%lld,\"year\":%d,\"quarter\":%d,\"value\":",
                    i ? "," : "", (long long)v->indicator_id, (long long)v->city_id, v->year, v->quarter);
        bm_json_opt(&sb, (struct bm_opt){v->value, v->has_value});
        strbuf_addstr(&sb, ",\"source\":");
        bm_json_text(&sb, v->source);
        strbuf_addstr(&sb, ",\"note\":");
        bm_json_text(&sb, v->note);
        strbuf_addstr(&sb, ",\"updated_at\":");
        bm_json_text(&sb, v->updated_at);
        strbuf_addch(&sb, '}');
    }
    strbuf_addf(&sb, "],\"more\":%s}", more ? "true" : "false");
    return bm_respond(r, 200, &sb, e);
}

static int read_int_field(json_t *item, const char *key, const char *path, bool required, int64_t min,
                          int64_t max, int64_t *out, struct error *e)
{
    char field[64];
    appr_field(field, sizeof(field), "%s.%s", path, key);
    json_t *v = json_object_get(item, key);
    if (!v)
        return required ? error_set(e, ERR_MISSING_FIELD, field, "缺少必填字段“%s”",
                                    "missing required field \"%s\"", field)
                        : 0;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return error_set(e, ERR_INVALID_VALUE, field, "“%s”应为 %lld 到 %lld 的整数",
                         "\"%s\" must be an integer from %lld to %lld", field, (long long)min,
                         (long long)max);
    *out = json_integer_value(v);
    return 1;
}

static int read_value(json_t *item, const char *path, struct bm_value *v, struct error *e)
{
    static const char *const fields[] = {"indicator_id", "city_id", "year", "quarter",
                                         "value",        "source",  "note", NULL};
    if (!json_is_object(item))
        return error_set(e, ERR_WRONG_TYPE, path, "“%s”应为对象", "\"%s\" must be an object", path);
    if (appr_only_fields(item, fields, path, e) != 0)
        return -1;
    int64_t year = 0, quarter = 0;
    *v = (struct bm_value){0};
    if (read_int_field(item, "indicator_id", path, true, 1, INT64_MAX, &v->indicator_id, e) < 0 ||
        read_int_field(item, "city_id", path, true, 1, INT64_MAX, &v->city_id, e) < 0 ||
        read_int_field(item, "year", path, true, BM_YEAR_MIN, BM_YEAR_MAX, &year, e) < 0 ||
        read_int_field(item, "quarter", path, false, 0, 4, &quarter, e) < 0)
        return -1;
    v->year = (int)year;
    v->quarter = (int)quarter;
    bool is_null = false;
    int got = appr_input_decimal(item, "value", path, true, &is_null, &v->value, e);
    if (got < 0)
        return -1;
    if (got == 0) {
        char field[64];
        appr_field(field, sizeof(field), "%s.value", path);
        return error_set(e, ERR_MISSING_FIELD, field, "缺少必填字段“%s”（null 表示删除）",
                         "missing required field \"%s\" (null deletes)", field);
    }
    v->has_value = !is_null;
    if (appr_input_text(item, "source", path, SOURCE_MAX_CHARS, false, &v->source, e) < 0 ||
        appr_input_text(item, "note", path, NOTE_MAX_CHARS, false, &v->note, e) < 0)
        return -1;
    return 0;
}

int handle_bm_values_put(struct request *r, struct error *e)
{
    static const char *const fields[] = {"values", NULL};
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    json_t *list = json_object_get(body, "values");
    int rc = input_only_fields(body, fields, e);
    if (rc == 0 && !json_is_array(list))
        rc = error_set(e, list ? ERR_WRONG_TYPE : ERR_MISSING_FIELD, "values", "“values”应为数组",
                       "\"values\" must be an array");
    size_t n = rc == 0 ? json_array_size(list) : 0;
    if (rc == 0 && n > VALUES_PUT_MAX)
        rc = error_set(e, ERR_TOO_LARGE, "values", "一次至多写入 %d 个数值", "at most %d values in one call",
                       VALUES_PUT_MAX);
    struct bm_value *values = rc == 0 ? arena_alloc(&r->arena, (n + 1) * sizeof(*values)) : NULL;
    if (rc == 0 && !values)
        rc = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char path[32];
        appr_field(path, sizeof(path), "values[%zu]", i);
        rc = read_value(json_array_get(list, i), path, &values[i], e);
    }
    size_t written = 0;
    if (rc == 0)
        rc = store_bm_values_put(r->store, r->tenant, &r->actor, values, n, "api", &written, e);
    json_decref(body);
    if (rc != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "{\"written\":%zu}", written);
    return bm_respond(r, 200, &sb, e);
}
