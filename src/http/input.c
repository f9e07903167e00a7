/* Request input parsing; see input.h. */
#include "http/input.h"

#include <string.h>

#include "base/date.h"
#include "base/utf8.h"
#include "domain/project.h"
#include "base/banned.h"

int input_json_object(struct request *r, json_t **out, struct error *e)
{
    h2o_req_t *req = r->req;
    ssize_t ct = h2o_find_header(&req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
    h2o_iovec_t type = ct >= 0 ? req->headers.entries[ct].value : h2o_iovec_init(NULL, 0);
    size_t type_len = type.len;
    const char *semi = type.base ? memchr(type.base, ';', type.len) : NULL;
    if (semi)
        type_len = (size_t)(semi - type.base);
    while (type_len > 0 && type.base[type_len - 1] == ' ')
        type_len--;
    if (!type.base || !h2o_lcstris(type.base, type_len, H2O_STRLIT("application/json")))
        return error_set(e, ERR_MEDIA_TYPE, NULL, "请求体必须是 JSON（Content-Type: application/json）",
                         "the request body must be JSON (Content-Type: application/json)");
    json_error_t jerr;
    json_t *root = json_loadb(req->entity.base ? req->entity.base : "", req->entity.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return error_set(e, ERR_BAD_JSON, NULL, "请求体不是有效的 JSON（第 %d 行第 %d 列）：%s",
                         "the request body is not valid JSON (line %d, column %d): %s", jerr.line, jerr.column,
                         jerr.text);
    if (!json_is_object(root)) {
        json_decref(root);
        return error_set(e, ERR_BAD_JSON, NULL, "请求体必须是 JSON 对象", "the request body must be a JSON object");
    }
    *out = root;
    return 0;
}

int input_only_fields(json_t *obj, const char *const *allowed, struct error *e)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        bool known = false;
        for (size_t i = 0; allowed[i] && !known; i++)
            known = strcmp(allowed[i], key) == 0;
        if (!known)
            return error_set(e, ERR_UNKNOWN_FIELD, key, "不认识的字段“%s”（或该字段不能修改）",
                             "unknown or read-only field \"%s\"", key);
    }
    return 0;
}

int input_string(json_t *obj, const char *field, bool nullable, const char **out, size_t *len, struct error *e)
{
    json_t *v = json_object_get(obj, field);
    if (!v)
        return 0;
    if (nullable && json_is_null(v)) {
        *out = NULL;
        *len = 0;
        return 1;
    }
    if (!json_is_string(v))
        return error_set(e, ERR_WRONG_TYPE, field, "字段“%s”应为字符串%s", "field \"%s\" must be a string%s", field,
                         nullable ? " / null" : "");
    *out = json_string_value(v);
    *len = json_string_length(v);
    return 1;
}

int input_integer(json_t *obj, const char *field, bool nullable, bool *is_null, int64_t *out, struct error *e)
{
    json_t *v = json_object_get(obj, field);
    if (!v)
        return 0;
    if (is_null)
        *is_null = false;
    if (nullable && json_is_null(v)) {
        *is_null = true;
        *out = 0;
        return 1;
    }
    if (!json_is_integer(v))
        return error_set(e, ERR_WRONG_TYPE, field, "字段“%s”应为整数%s", "field \"%s\" must be an integer%s", field,
                         nullable ? " / null" : "");
    *out = (int64_t)json_integer_value(v);
    return 1;
}

int input_boolean(json_t *obj, const char *field, bool *out, struct error *e)
{
    json_t *v = json_object_get(obj, field);
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return error_set(e, ERR_WRONG_TYPE, field, "字段“%s”应为 true 或 false", "field \"%s\" must be true or false",
                         field);
    *out = json_is_true(v);
    return 1;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes s into the arena ('+' is a space); NULL when an escape is malformed. */
static char *decode(struct arena *a, const char *s, size_t len, size_t *out_len)
{
    char *out = arena_alloc(a, len + 1);
    size_t o = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%') {
            if (i + 2 >= len)
                return NULL;
            int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0)
                return NULL;
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[o++] = s[i] == '+' ? ' ' : s[i];
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

int input_query(struct request *r, struct query_param *params, struct error *e)
{
    const char *q = r->query, *end = q ? q + r->query_len : NULL;
    while (q && q < end) {
        const char *amp = memchr(q, '&', (size_t)(end - q));
        const char *item_end = amp ? amp : end;
        const char *eq = memchr(q, '=', (size_t)(item_end - q));
        const char *name_end = eq ? eq : item_end;
        if (name_end > q) {
            size_t name_len, value_len = 0;
            char *name = decode(&r->arena, q, (size_t)(name_end - q), &name_len);
            if (!name || !utf8_valid(name, name_len) || strlen(name) != name_len)
                return error_set(e, ERR_BAD_QUERY, NULL, "查询参数名编码无效", "a query parameter name is badly encoded");
            char *value = eq ? decode(&r->arena, eq + 1, (size_t)(item_end - eq - 1), &value_len)
                             : arena_strndup(&r->arena, "", 0);
            if (!value || !utf8_valid(value, value_len) || strlen(value) != value_len)
                return error_set(e, ERR_BAD_QUERY, strlen(name) < sizeof(e->field) ? name : NULL,
                                 "查询参数“%.40s”的值编码无效（须为 UTF-8，不能含 NUL）",
                                 "query parameter \"%.40s\" is badly encoded (it must be UTF-8 without NUL)", name);
            struct query_param *p = params;
            while (p->name && strcmp(p->name, name) != 0)
                p++;
            if (!p->name)
                return error_set(e, ERR_BAD_QUERY, name, "不认识的查询参数“%s”", "unknown query parameter \"%s\"",
                                 name);
            if (p->value)
                return error_set(e, ERR_BAD_QUERY, p->name, "查询参数“%s”重复", "query parameter \"%s\" is repeated",
                                 p->name);
            p->value = value;
            p->len = value_len;
        }
        q = amp ? amp + 1 : end;
    }
    return 0;
}

static int parse_decimal(const char *s, size_t len, int64_t *out)
{
    if (len == 0 || len > 18)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int input_query_int(const struct query_param *p, int64_t min, int64_t max, int64_t *out, struct error *e)
{
    if (parse_decimal(p->value, p->len, out) != 0 || *out < min || *out > max)
        return error_set(e, ERR_BAD_QUERY, p->name, "查询参数“%s”应为 %lld 到 %lld 之间的整数",
                         "query parameter \"%s\" must be an integer from %lld to %lld", p->name, (long long)min,
                         (long long)max);
    return 0;
}

int input_id(h2o_iovec_t s, int64_t *out)
{
    return parse_decimal(s.base, s.len, out) == 0 && *out > 0 ? 0 : -1;
}

int input_query_bool(const struct query_param *p, bool *out, struct error *e)
{
    if (strcmp(p->value, "true") != 0 && strcmp(p->value, "false") != 0)
        return error_set(e, ERR_BAD_QUERY, p->name, "%s 应为 true 或 false", "%s must be true or false", p->name);
    *out = strcmp(p->value, "true") == 0;
    return 0;
}

int input_query_month(const struct query_param *p, char month[8], struct error *e)
{
    if (!p->value) {
        month_format(month_of_day((int32_t)date_today()), month);
        return 0;
    }
    if (p->len != 7 || month_parse(p->value, p->len) < 0)
        return error_set(e, ERR_BAD_QUERY, "month", "month 应为 YYYY-MM 格式", "month must be YYYY-MM");
    memcpy(month, p->value, 8);
    return 0;
}
