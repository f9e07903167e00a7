/* Benchmarking's indicator catalogue and cities: list, create, change, delete. */
#include <string.h>

#include "http/appraisal_json.h"
#include "http/benchmark_json.h"
#include "http/handlers.h"
#include "base/banned.h"

#define NAME_MAX_CHARS 50
#define UNIT_MAX_CHARS 20
#define NOTE_MAX_CHARS 500
#define SORT_ORDER_MAX 100000

static bool is_code(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 32 || s[0] < 'a' || s[0] > 'z')
        return false;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

/* An integer field in [min, max]: 1 present, 0 absent, -1 wrong. */
static int read_int(json_t *body, const char *key, int min, int max, int *out, struct error *e)
{
    int64_t v;
    int got = input_integer(body, key, false, NULL, &v, e);
    if (got == 1 && (v < min || v > max))
        return error_set(e, ERR_INVALID_VALUE, key, "“%s”应为 %d 到 %d 的整数",
                         "\"%s\" must be an integer from %d to %d", key, min, max);
    if (got == 1)
        *out = (int)v;
    return got;
}

/*
 * A text field of at most max characters: 1 present, 0 absent (or null), -1 wrong. needed: absence is an
 * error (a create's required field); nonblank: blank is refused whenever it is given.
 */
static int read_text(json_t *body, const char *key, size_t max, bool needed, bool nonblank, const char **out,
                     struct error *e)
{
    if (!json_object_get(body, key))
        return needed ? error_set(e, ERR_MISSING_FIELD, key, "缺少必填字段“%s”",
                                  "missing required field \"%s\"", key)
                      : 0;
    return appr_input_text(body, key, NULL, max, nonblank, out, e);
}

static int read_choice(json_t *body, const char *key, int (*parse)(const char *, int *), int *out,
                       const char *zh, const char *en, struct error *e)
{
    const char *s;
    size_t len;
    int got = input_string(body, key, false, &s, &len, e);
    if (got == 1 && parse(s, out) != 0)
        return error_set_text(e, ERR_INVALID_VALUE, key, zh, en);
    return got;
}

static int parse_direction(const char *s, int *out)
{
    enum bm_direction d;
    if (bm_direction_parse(s, &d) != 0)
        return -1;
    *out = (int)d;
    return 0;
}

static int parse_kind(const char *s, int *out)
{
    enum bm_kind k;
    if (bm_kind_parse(s, &k) != 0)
        return -1;
    *out = (int)k;
    return 0;
}

static int read_indicator(json_t *body, bool create, struct bm_indicator_input *in, struct error *e)
{
    static const char *const fields[] = {"code",     "name", "unit",       "direction", "kind",
                                         "decimals", "note", "sort_order", NULL};
    *in = (struct bm_indicator_input){0};
    int direction = 0, kind = 0, got;
    if (input_only_fields(body, fields, e) != 0)
        return -1;
    if ((got = read_text(body, "code", 32, create, true, &in->code, e)) < 0)
        return -1;
    if ((in->has_code = got) && !is_code(in->code))
        return error_set(
            e, ERR_INVALID_VALUE, "code", "代码应为小写字母开头的字母、数字或下划线（至多 32 个）",
            "the code must be a lowercase letter then letters, digits or underscores (at most 32)");
    if ((got = read_text(body, "name", NAME_MAX_CHARS, create, true, &in->name, e)) < 0)
        return -1;
    in->has_name = got;
    if ((got = read_text(body, "unit", UNIT_MAX_CHARS, create, false, &in->unit, e)) < 0)
        return -1;
    in->has_unit = got;
    if ((got = read_choice(body, "direction", parse_direction, &direction, "direction 应为 higher 或 lower",
                           "direction must be higher or lower", e)) < 0)
        return -1;
    if (!got && create)
        return error_set(e, ERR_MISSING_FIELD, "direction", "缺少必填字段“direction”",
                         "missing required field \"direction\"");
    in->has_direction = got;
    in->direction = (enum bm_direction)direction;
    if ((got = read_choice(body, "kind", parse_kind, &kind, "kind 应为 stock、flow 或 ratio",
                           "kind must be stock, flow or ratio", e)) < 0)
        return -1;
    if (!got && create)
        return error_set(e, ERR_MISSING_FIELD, "kind", "缺少必填字段“kind”",
                         "missing required field \"kind\"");
    in->has_kind = got;
    in->kind = (enum bm_kind)kind;
    in->decimals = 2;
    if ((got = read_int(body, "decimals", 0, BM_DECIMALS_MAX, &in->decimals, e)) < 0)
        return -1;
    in->has_decimals = got || create;
    if ((got = read_text(body, "note", NOTE_MAX_CHARS, false, false, &in->note, e)) < 0)
        return -1;
    in->has_note = got;
    if ((got = read_int(body, "sort_order", 0, SORT_ORDER_MAX, &in->sort_order, e)) < 0)
        return -1;
    in->has_sort_order = got;
    return 0;
}

static int answer_indicator(struct request *r, int status, const struct bm_indicator *in, struct error *e)
{
    struct strbuf sb = STRBUF_INIT;
    bm_json_indicator(&sb, in);
    return bm_respond(r, status, &sb, e);
}

int handle_bm_indicators_list(struct request *r, struct error *e)
{
    struct bm_indicator *items;
    size_t n;
    if (bm_no_query(r, e) != 0)
        return -1;
    if (store_bm_indicators_list(r->store, r->tenant, &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        bm_json_indicator(&sb, &items[i]);
    }
    strbuf_addstr(&sb, "]}");
    return bm_respond(r, 200, &sb, e);
}

int handle_bm_indicator_create(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    struct bm_indicator_input in;
    struct bm_indicator out;
    int rc = read_indicator(body, true, &in, e) == 0 &&
                     store_bm_indicator_create(r->store, r->tenant, &r->actor, &in, &r->arena, &out, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    return rc == 0 ? answer_indicator(r, 201, &out, e) : -1;
}

int handle_bm_indicator_update(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    if (bm_path_id(r, 0, "对标指标不存在", "no such benchmark indicator", &id, e) != 0 ||
        input_json_object(r, &body, e) != 0)
        return -1;
    struct bm_indicator_input in;
    struct bm_indicator out;
    int rc =
        read_indicator(body, false, &in, e) == 0 &&
                store_bm_indicator_update(r->store, r->tenant, &r->actor, id, &in, &r->arena, &out, e) == 0
            ? 0
            : -1;
    json_decref(body);
    return rc == 0 ? answer_indicator(r, 200, &out, e) : -1;
}

int handle_bm_indicator_delete(struct request *r, struct error *e)
{
    int64_t id;
    if (bm_path_id(r, 0, "对标指标不存在", "no such benchmark indicator", &id, e) != 0 ||
        store_bm_indicator_delete(r->store, r->tenant, &r->actor, id, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}

static int read_city(json_t *body, bool create, struct bm_city_input *in, struct error *e)
{
    static const char *const fields[] = {"name", "division_code", "is_self", "note", "sort_order", NULL};
    *in = (struct bm_city_input){0};
    int got;
    if (input_only_fields(body, fields, e) != 0)
        return -1;
    if ((got = read_text(body, "name", NAME_MAX_CHARS, create, true, &in->name, e)) < 0)
        return -1;
    in->has_name = got;
    if ((got = read_text(body, "division_code", 12, false, false, &in->division_code, e)) < 0)
        return -1;
    in->has_division_code = got;
    if ((got = input_boolean(body, "is_self", &in->is_self, e)) < 0)
        return -1;
    in->has_is_self = got;
    if ((got = read_text(body, "note", NOTE_MAX_CHARS, false, false, &in->note, e)) < 0)
        return -1;
    in->has_note = got;
    if ((got = read_int(body, "sort_order", 0, SORT_ORDER_MAX, &in->sort_order, e)) < 0)
        return -1;
    in->has_sort_order = got;
    return 0;
}

static int answer_city(struct request *r, int status, const struct bm_city *c, struct error *e)
{
    struct strbuf sb = STRBUF_INIT;
    bm_json_city(&sb, c);
    return bm_respond(r, status, &sb, e);
}

int handle_bm_cities_list(struct request *r, struct error *e)
{
    struct bm_city *items;
    size_t n;
    if (bm_no_query(r, e) != 0)
        return -1;
    if (store_bm_cities_list(r->store, r->tenant, &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        bm_json_city(&sb, &items[i]);
    }
    strbuf_addstr(&sb, "]}");
    return bm_respond(r, 200, &sb, e);
}

int handle_bm_city_create(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    struct bm_city_input in;
    struct bm_city out;
    int rc = read_city(body, true, &in, e) == 0 &&
                     store_bm_city_create(r->store, r->tenant, &r->actor, &in, &r->arena, &out, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    return rc == 0 ? answer_city(r, 201, &out, e) : -1;
}

int handle_bm_city_update(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    if (bm_path_id(r, 0, "对标城市不存在", "no such benchmark city", &id, e) != 0 ||
        input_json_object(r, &body, e) != 0)
        return -1;
    struct bm_city_input in;
    struct bm_city out;
    int rc = read_city(body, false, &in, e) == 0 &&
                     store_bm_city_update(r->store, r->tenant, &r->actor, id, &in, &r->arena, &out, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    return rc == 0 ? answer_city(r, 200, &out, e) : -1;
}

int handle_bm_city_delete(struct request *r, struct error *e)
{
    int64_t id;
    if (bm_path_id(r, 0, "对标城市不存在", "no such benchmark city", &id, e) != 0 ||
        store_bm_city_delete(r->store, r->tenant, &r->actor, id, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}
