/* Goals (目标): list, create, read, change, delete, their status over the years, their split among units, and
 * the units' targets sent into an appraisal scheme. */
#include <stdio.h>
#include <string.h>

#include "base/decimal.h"
#include "http/appraisal_json.h"
#include "http/benchmark_goal_view.h"
#include "http/benchmark_json.h"
#include "http/benchmark_views.h"
#include "http/export.h"
#include "http/handlers.h"
#include "base/banned.h"

#define NAME_MAX_CHARS 100
#define NOTE_MAX_CHARS 500
#define UNITS_MAX 500
#define CAGR_YEARS_DEFAULT 5 /* as the comparisons' */

static int goal_id(struct request *r, int64_t *id, struct error *e)
{
    return bm_path_id(r, 0, "目标不存在", "no such goal", id, e);
}

/* Which of the goal's units the caller sees: all, or (a scoped role) those in its subtree. */
static int visible_units(struct store *st, int64_t tenant, int64_t scope, const struct bm_goal *g,
                         struct arena *a, bool **out, struct error *e)
{
    bool *visible = arena_alloc(a, (g->n_units + 1) * sizeof(*visible));
    if (!visible)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t k = 0; k < g->n_units; k++) {
        visible[k] = true;
        if (scope) {
            struct unit u;
            struct error ignored = {0};
            visible[k] = store_unit_get(st, tenant, scope, g->units[k].unit_id, a, &u, &ignored) == 0;
        }
    }
    *out = visible;
    return 0;
}

static int goal_out(struct request *r, struct strbuf *sb, const struct bm_goal *g,
                    const struct bm_city *cities, size_t n_cities, bool with_history, struct error *e)
{
    struct goal_view v;
    bool *visible;
    if (goal_view_compute(r->store, r->tenant, g, cities, n_cities, &r->arena, &v, e) != 0 ||
        visible_units(r->store, r->tenant, r->scope, g, &r->arena, &visible, e) != 0)
        return -1;
    goal_json(sb, g, &v, visible, with_history);
    return 0;
}

static int answer_goal(struct request *r, int status, const struct bm_goal *g, struct error *e)
{
    struct strbuf sb = STRBUF_INIT;
    if (goal_out(r, &sb, g, NULL, 0, true, e) != 0) {
        strbuf_release(&sb);
        return -1;
    }
    return bm_respond(r, status, &sb, e);
}

int handle_bm_goals_list(struct request *r, struct error *e)
{
    struct bm_goal *items;
    size_t n;
    if (bm_no_query(r, e) != 0)
        return -1;
    struct bm_city *cities;
    size_t n_cities;
    if (store_bm_goals_list(r->store, r->tenant, &r->arena, &items, &n, e) != 0 ||
        store_bm_cities_list(r->store, r->tenant, &r->arena, &cities, &n_cities, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        if (goal_out(r, &sb, &items[i], cities, n_cities, false, e) != 0) {
            strbuf_release(&sb);
            return -1;
        }
    }
    strbuf_addstr(&sb, "]}");
    return bm_respond(r, 200, &sb, e);
}

static int read_year(json_t *body, const char *key, bool *has, int *out, struct error *e)
{
    int64_t v;
    int got = input_integer(body, key, false, NULL, &v, e);
    if (got < 0)
        return -1;
    if (got && (v < BM_YEAR_MIN || v > BM_YEAR_MAX))
        return error_set(e, ERR_INVALID_VALUE, key, "“%s”应为 %d 到 %d 的年份",
                         "\"%s\" must be a year from %d to %d", key, BM_YEAR_MIN, BM_YEAR_MAX);
    *has = got == 1;
    if (got)
        *out = (int)v;
    return 0;
}

static int read_goal(json_t *body, bool create, struct bm_goal_input *in, struct error *e)
{
    static const char *const fields[] = {"name",         "indicator_id", "year", "base_year", "target_value",
                                         "peer_city_id", "cagr_years",   "note", NULL};
    *in = (struct bm_goal_input){.cagr_years = CAGR_YEARS_DEFAULT};
    if (input_only_fields(body, fields, e) != 0)
        return -1;
    int got = appr_input_text(body, "name", NULL, NAME_MAX_CHARS, create || json_object_get(body, "name"),
                              &in->name, e);
    if (got < 0)
        return -1;
    in->has_name = got == 1;
    bool is_null = false;
    if ((got = input_integer(body, "indicator_id", false, NULL, &in->indicator_id, e)) < 0)
        return -1;
    in->has_indicator = got == 1;
    if (read_year(body, "year", &in->has_year, &in->year, e) != 0 ||
        read_year(body, "base_year", &in->has_base_year, &in->base_year, e) != 0)
        return -1;
    if ((got = appr_input_decimal(body, "target_value", NULL, true, &in->target_value_null, &in->target_value,
                                  e)) < 0)
        return -1;
    in->has_target_value = got == 1;
    if ((got = input_integer(body, "peer_city_id", true, &is_null, &in->peer_city_id, e)) < 0)
        return -1;
    in->has_peer = got == 1;
    if (is_null)
        in->peer_city_id = 0;
    int64_t years;
    if ((got = input_integer(body, "cagr_years", false, NULL, &years, e)) < 0)
        return -1;
    if (got && (years < 1 || years > 20))
        return error_set(e, ERR_INVALID_VALUE, "cagr_years", "cagr_years 应为 1 到 20",
                         "cagr_years must be 1 to 20");
    in->has_cagr_years = got == 1 || create;
    if (got)
        in->cagr_years = (int)years;
    if ((got = appr_input_text(body, "note", NULL, NOTE_MAX_CHARS, false, &in->note, e)) < 0)
        return -1;
    in->has_note = got == 1;
    if (create) {
        static const char *const required[] = {"indicator_id", "year", "base_year"};
        bool has[] = {in->has_indicator, in->has_year, in->has_base_year};
        for (size_t k = 0; k < 3; k++)
            if (!has[k])
                return error_set(e, ERR_MISSING_FIELD, required[k], "缺少必填字段“%s”",
                                 "missing required field \"%s\"", required[k]);
    }
    return 0;
}

int handle_bm_goal_create(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    struct bm_goal_input in;
    struct bm_goal g;
    int rc = read_goal(body, true, &in, e) == 0 &&
                     store_bm_goal_create(r->store, r->tenant, &r->actor, &in, &r->arena, &g, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    return rc == 0 ? answer_goal(r, 201, &g, e) : -1;
}

int handle_bm_goal_get(struct request *r, struct error *e)
{
    int64_t id;
    struct bm_goal g;
    if (bm_no_query(r, e) != 0 || goal_id(r, &id, e) != 0 ||
        store_bm_goal_get(r->store, r->tenant, id, &r->arena, &g, e) != 0)
        return -1;
    return answer_goal(r, 200, &g, e);
}

int handle_bm_goal_history(struct request *r, struct error *e)
{
    int64_t id;
    struct bm_goal g;
    struct goal_view v;
    if (bm_no_query(r, e) != 0 || goal_id(r, &id, e) != 0 ||
        store_bm_goal_get(r->store, r->tenant, id, &r->arena, &g, e) != 0 ||
        goal_view_compute(r->store, r->tenant, &g, NULL, 0, &r->arena, &v, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    goal_history_json(&sb, &v);
    return bm_respond(r, 200, &sb, e);
}

int handle_bm_goal_update(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    if (goal_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    struct bm_goal_input in;
    struct bm_goal g;
    int rc = read_goal(body, false, &in, e) == 0 &&
                     store_bm_goal_update(r->store, r->tenant, &r->actor, id, &in, &r->arena, &g, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    return rc == 0 ? answer_goal(r, 200, &g, e) : -1;
}

int handle_bm_goal_delete(struct request *r, struct error *e)
{
    int64_t id;
    if (goal_id(r, &id, e) != 0 || store_bm_goal_delete(r->store, r->tenant, &r->actor, id, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}

static int read_units(json_t *body, struct arena *a, enum bm_split *split, struct bm_goal_unit **units,
                      size_t *n, struct error *e)
{
    static const char *const fields[] = {"split", "units", NULL};
    static const char *const unit_fields[] = {"unit_id", "weight", NULL};
    const char *s;
    size_t len;
    int got;
    if (input_only_fields(body, fields, e) != 0 ||
        (got = input_string(body, "split", false, &s, &len, e)) < 0)
        return -1;
    if (!got)
        return error_set(e, ERR_MISSING_FIELD, "split", "缺少必填字段“split”",
                         "missing required field \"split\"");
    if (bm_split_parse(s, split) != 0)
        return error_set(e, ERR_INVALID_VALUE, "split", "split 应为 shares、weights 或 same",
                         "split must be shares, weights or same");
    json_t *list = json_object_get(body, "units");
    if (!json_is_array(list))
        return error_set(e, list ? ERR_WRONG_TYPE : ERR_MISSING_FIELD, "units", "“units”应为数组",
                         "\"units\" must be an array");
    *n = json_array_size(list);
    if (*n > UNITS_MAX)
        return error_set(e, ERR_TOO_LARGE, "units", "至多分解到 %d 个单位", "at most %d units", UNITS_MAX);
    if (!(*units = arena_calloc(a, (*n + 1) * sizeof(**units))))
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t k = 0; k < *n; k++) {
        char path[32], field[48];
        appr_field(path, sizeof(path), "units[%zu]", k);
        json_t *item = json_array_get(list, k);
        if (!json_is_object(item))
            return error_set(e, ERR_WRONG_TYPE, path, "“%s”应为对象", "\"%s\" must be an object", path);
        if (appr_only_fields(item, unit_fields, path, e) != 0)
            return -1;
        json_t *id = json_object_get(item, "unit_id");
        appr_field(field, sizeof(field), "%s.unit_id", path);
        if (!json_is_integer(id) || json_integer_value(id) < 1)
            return error_set(e, id ? ERR_INVALID_VALUE : ERR_MISSING_FIELD, field, "“%s”应为单位编号",
                             "\"%s\" must be a unit id", field);
        (*units)[k].unit_id = json_integer_value(id);
        got = appr_input_decimal(item, "weight", path, false, NULL, &(*units)[k].weight, e);
        if (got < 0)
            return -1;
        if (!got && *split != BM_SPLIT_SAME) {
            appr_field(field, sizeof(field), "%s.weight", path);
            return error_set(e, ERR_MISSING_FIELD, field, "缺少必填字段“%s”", "missing required field \"%s\"",
                             field);
        }
    }
    return 0;
}

int handle_bm_goal_units_put(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    if (goal_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    enum bm_split split = BM_SPLIT_WEIGHTS;
    struct bm_goal_unit *units = NULL;
    size_t n = 0;
    struct bm_goal g;
    int rc = read_units(body, &r->arena, &split, &units, &n, e) == 0 &&
                     store_bm_goal_units_put(r->store, r->tenant, &r->actor, id, split, units, n, e) == 0 &&
                     store_bm_goal_get(r->store, r->tenant, id, &r->arena, &g, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    return rc == 0 ? answer_goal(r, 200, &g, e) : -1;
}

int handle_bm_goal_send(struct request *r, struct error *e)
{
    static const char *const fields[] = {"scheme_id", "indicator_id", NULL};
    int64_t id, scheme = 0, leaf = 0;
    json_t *body;
    if (goal_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    int rc = input_only_fields(body, fields, e);
    int got1 = rc == 0 ? input_integer(body, "scheme_id", false, NULL, &scheme, e) : -1;
    int got2 = got1 >= 0 ? input_integer(body, "indicator_id", false, NULL, &leaf, e) : -1;
    json_decref(body);
    if (rc != 0 || got1 < 0 || got2 < 0)
        return -1;
    if (!got1 || !got2)
        return error_set(e, ERR_MISSING_FIELD, got1 ? "indicator_id" : "scheme_id", "缺少必填字段“%s”",
                         "missing required field \"%s\"", got1 ? "indicator_id" : "scheme_id");
    struct bm_goal g;
    struct goal_view v;
    if (store_bm_goal_get(r->store, r->tenant, id, &r->arena, &g, e) != 0 ||
        goal_view_compute(r->store, r->tenant, &g, NULL, 0, &r->arena, &v, e) != 0)
        return -1;
    if (g.n_units == 0 || !v.total.has)
        return error_set(
            e, ERR_INVALID_STATE, "units", g.n_units ? "目标值尚无法确定，不能下达" : "目标尚未分解到单位",
            g.n_units ? "the goal's value is not known yet" : "the goal has no units to send to");
    struct bm_leaf_target *targets = arena_alloc(&r->arena, (g.n_units + 1) * sizeof(*targets));
    if (!targets)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    size_t n = 0;
    for (size_t k = 0; k < g.n_units; k++)
        if (v.targets[k].has)
            targets[n++] = (struct bm_leaf_target){g.units[k].unit_id, v.targets[k].v};
    if (n < g.n_units) /* a split that cannot be made sends nothing rather than part */
        return error_set(e, ERR_INVALID_STATE, "units", "目标值无法按当前的分解分到各单位，未下达",
                         "the goal's value cannot be split as the units are weighted; nothing was sent");
    size_t sent, skipped;
    int64_t *skipped_ids;
    if (store_bm_send_targets(r->store, r->tenant, &r->actor, id, scheme, leaf, targets, n, &r->arena, &sent,
                              &skipped_ids, &skipped, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "{\"sent\":%zu,\"skipped\":[", sent);
    for (size_t k = 0; k < skipped; k++)
        strbuf_addf(&sb, "%s%lld", k ? "," : "", (long long)skipped_ids[k]);
    strbuf_addstr(&sb, "]}");
    return bm_respond(r, 200, &sb, e);
}

static const char *const export_headers[] = {"目标",
                                             "指标",
                                             "计量单位",
                                             "基年",
                                             "目标年",
                                             "目标值",
                                             "对标城市",
                                             "最新年份",
                                             "本市数值",
                                             "届时目标",
                                             "状态",
                                             "所需年均增速（%）",
                                             "实际年均增速（%）",
                                             "分解到单位"};
#define EXPORT_COLUMNS (sizeof(export_headers) / sizeof(export_headers[0]))

static const char *state_label(enum bm_goal_state s)
{
    static const char *const labels[] = {"已达成", "正常推进", "滞后", "无法判断"};
    return (unsigned)s < sizeof(labels) / sizeof(labels[0]) ? labels[s] : "无法判断";
}

struct goals_export {
    int64_t tenant, scope;
};

/* The units' targets as one cell: "张镇 120.00；李镇 80.00" (the units the caller sees). */
static const char *units_text(const struct bm_goal *g, const struct goal_view *v, const bool *visible,
                              struct arena *a)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t k = 0; k < g->n_units; k++) {
        if (!visible[k])
            continue;
        char t[DEC_TEXT_MAX] = "—";
        if (v->targets[k].has)
            dec_format(v->targets[k].v, t);
        strbuf_addf(&sb, "%s%s %s", sb.len ? "；" : "", g->units[k].unit_name, t);
    }
    const char *out = sb.failed ? NULL : arena_strndup(a, sb.buf ? sb.buf : "", sb.len);
    strbuf_release(&sb);
    return out;
}

/* On a worker. */
static int table_start_goals(struct bm_table *t, struct arena *a, size_t n)
{
    return bm_table_start(t, a, "对标赶超目标", "各目标的最新状态与分解", export_headers, EXPORT_COLUMNS, n);
}

static int goals_report(struct store *st, const char *path, void *ctx, struct error *e)
{
    const struct goals_export *x = ctx;
    struct arena a = ARENA_INIT;
    struct bm_goal *items;
    size_t n;
    struct bm_table t;
    struct bm_city *cities = NULL;
    size_t n_cities = 0;
    int rc = store_bm_goals_list(st, x->tenant, &a, &items, &n, e);
    if (rc == 0)
        rc = store_bm_cities_list(st, x->tenant, &a, &cities, &n_cities, e);
    if (rc == 0 && table_start_goals(&t, &a, n) != 0)
        rc = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct bm_goal *g = &items[i];
        struct goal_view v;
        bool *visible;
        if ((rc = goal_view_compute(st, x->tenant, g, cities, n_cities, &a, &v, e)) != 0 ||
            (rc = visible_units(st, x->tenant, x->scope, g, &a, &visible, e)) != 0)
            break;
        const struct goal_year *last = v.n_years ? &v.years[v.n_years - 1] : NULL;
        int d = v.indicator.decimals;
        bm_table_text(&t, i, 0, g->name);
        bm_table_text(&t, i, 1, v.indicator.name);
        bm_table_text(&t, i, 2, v.indicator.unit);
        bm_table_number(&t, i, 3, (struct bm_opt){(int64_t)g->base_year * DEC_SCALE, true}, 0);
        bm_table_number(&t, i, 4, (struct bm_opt){(int64_t)g->year * DEC_SCALE, true}, 0);
        bm_table_number(&t, i, 5, (struct bm_opt){g->target_value, g->has_target_value}, d);
        bm_table_text(&t, i, 6, v.peer_name);
        bm_table_number(&t, i, 7, (struct bm_opt){last ? (int64_t)last->year * DEC_SCALE : 0, last != NULL},
                        0);
        bm_table_number(&t, i, 8, last ? last->value : (struct bm_opt){0, false}, d);
        bm_table_number(&t, i, 9, last ? last->target : (struct bm_opt){0, false}, d);
        bm_table_text(&t, i, 10, state_label(last ? last->status.state : BM_GOAL_UNKNOWN));
        bm_table_fig(&t, i, 11, last ? last->status.required_rate : (struct bm_fig){0, BM_MISSING}, true, 2);
        bm_table_fig(&t, i, 12, last ? last->actual_rate : (struct bm_fig){0, BM_MISSING}, true, 2);
        const char *units = units_text(g, &v, visible, &a);
        if (!units) {
            rc = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
            break;
        }
        bm_table_text(&t, i, 13, units);
    }
    if (rc == 0)
        rc = bm_table_sheet_write(&t, path, e);
    arena_release(&a);
    return rc;
}

int handle_bm_goals_export(struct request *r, struct error *e)
{
    if (bm_no_query(r, e) != 0)
        return -1;
    struct goals_export *x = arena_alloc(&r->arena, sizeof(*x));
    if (!x)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    *x = (struct goals_export){r->tenant, r->scope};
    return report_respond(r, goals_report, x, "benchmark-goals", "对标目标", e);
}
