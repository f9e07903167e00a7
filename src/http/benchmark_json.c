/* Benchmarking's JSON in and out; see benchmark_json.h. */
#include "http/benchmark_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/decimal.h"
#include "base/json_escape.h"
#include "http/appraisal_json.h"
#include "base/banned.h"

void bm_json_text(struct strbuf *sb, const char *s)
{
    json_escape(sb, s ? s : "", s ? strlen(s) : 0);
}

void bm_json_opt(struct strbuf *sb, struct bm_opt v)
{
    if (v.has)
        appr_json_decimal(sb, v.v);
    else
        strbuf_addstr(sb, "null");
}

void bm_json_fig(struct strbuf *sb, struct bm_fig f, const char *formula)
{
    strbuf_addstr(sb, "{\"value\":");
    bm_json_opt(sb, (struct bm_opt){f.v, f.status == BM_OK});
    strbuf_addstr(sb, ",\"status\":\"");
    strbuf_addstr(sb, bm_status_name(f.status));
    strbuf_addstr(sb, "\",\"formula\":");
    bm_json_text(sb, formula);
    strbuf_addch(sb, '}');
}

void bm_json_indicator(struct strbuf *sb, const struct bm_indicator *in)
{
    strbuf_addf(sb, "{\"id\":%lld,\"code\":", (long long)in->id);
    bm_json_text(sb, in->code);
    strbuf_addstr(sb, ",\"name\":");
    bm_json_text(sb, in->name);
    strbuf_addstr(sb, ",\"unit\":");
    bm_json_text(sb, in->unit);
    strbuf_addf(
        sb,
        ",\"direction\":\"%s\",\"kind\":\"%s\",\"decimals\":%d,\"builtin\":%s,\"sort_order\":%d,\"note\":",
        bm_direction_name(in->direction), bm_kind_name(in->kind), in->decimals,
        in->builtin ? "true" : "false", in->sort_order);
    bm_json_text(sb, in->note);
    strbuf_addch(sb, '}');
}

void bm_json_city(struct strbuf *sb, const struct bm_city *c)
{
    strbuf_addf(sb, "{\"id\":%lld,\"name\":", (long long)c->id);
    bm_json_text(sb, c->name);
    strbuf_addstr(sb, ",\"division_code\":");
    bm_json_text(sb, c->division_code);
    strbuf_addf(sb, ",\"is_self\":%s,\"demo\":%s,\"sort_order\":%d,\"note\":", c->is_self ? "true" : "false",
                c->demo ? "true" : "false", c->sort_order);
    bm_json_text(sb, c->note);
    strbuf_addch(sb, '}');
}

void bm_format_percent(char *buf, size_t size, struct bm_fig f)
{
    if (f.status != BM_OK) {
        snprintf(buf, size, "—");
        return;
    }
    int64_t h = (f.v >= 0 ? f.v + 50 : f.v - 50) / 100; /* percent × 100 */
    uint64_t mag = h < 0 ? (uint64_t)0 - (uint64_t)h : (uint64_t)h;
    /* by hand, not snprintf: a series has one for every city and year ("-12.05%") */
    char t[32];
    size_t at = sizeof(t);
    t[--at] = '%';
    t[--at] = (char)('0' + mag % 10);
    t[--at] = (char)('0' + mag / 10 % 10);
    t[--at] = '.';
    mag /= 100;
    do {
        t[--at] = (char)('0' + mag % 10);
        mag /= 10;
    } while (mag);
    if (h < 0)
        t[--at] = '-';
    size_t len = sizeof(t) - at;
    if (size == 0)
        return;
    if (len >= size)
        len = size - 1;
    memcpy(buf, t + at, len);
    buf[len] = '\0';
}

int bm_query_ids(const struct query_param *p, size_t max, struct arena *a, int64_t **ids, size_t *n,
                 struct error *e)
{
    const char *s = p->value;
    size_t count = 0, len = strlen(s);
    int64_t *out = arena_alloc(a, (max + 1) * sizeof(*out));
    if (!out)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t at = 0; at <= len;) {
        size_t end = at;
        while (end < len && s[end] != ',')
            end++;
        int64_t id = 0;
        bool ok = end > at && end - at <= 18;
        for (size_t k = at; ok && k < end; k++)
            ok = s[k] >= '0' && s[k] <= '9';
        for (size_t k = at; ok && k < end; k++)
            id = id * 10 + (s[k] - '0');
        for (size_t k = 0; ok && k < count; k++)
            ok = out[k] != id;
        if (!ok || id == 0 || count == max)
            return error_set(e, ERR_BAD_QUERY, p->name, "参数 %s 应为至多 %zu 个互不相同的编号，以逗号分隔",
                             "parameter %s must be at most %zu distinct ids separated by commas", p->name,
                             max);
        out[count++] = id;
        at = end + 1;
    }
    *ids = out;
    *n = count;
    return 0;
}

int bm_no_query(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = NULL}};
    return input_query(r, q, e);
}

int bm_this_year(void)
{
    char now[32];
    date_now_iso(now, sizeof(now));
    return atoi(now);
}

int bm_query_year(const struct query_param *p, int *out, struct error *e)
{
    int64_t v;
    if (input_query_int(p, BM_YEAR_MIN, BM_YEAR_MAX, &v, e) != 0)
        return -1;
    *out = (int)v;
    return 0;
}

int bm_path_id(struct request *r, size_t i, const char *zh, const char *en, int64_t *out, struct error *e)
{
    if (input_id(r->params[i], out) != 0)
        return error_set_text(e, ERR_NOT_FOUND, NULL, zh, en);
    return 0;
}

int bm_respond(struct request *r, int status, struct strbuf *sb, struct error *e)
{
    int rc = respond_strbuf(r, status, sb, e);
    strbuf_release(sb);
    return rc;
}
