/* A goal worked out; see benchmark_goal_view.h. */
#include <stdio.h>
#include <string.h>

#include "base/decimal.h"
#include "http/benchmark_goal_view.h"
#include "http/benchmark_json.h"
#include "base/banned.h"

static int no_memory(struct error *e)
{
    return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
}

static struct bm_opt at(const struct bm_matrix *m, size_t c, int year)
{
    if (c >= m->n_cities || year < m->year_from || year >= m->year_from + (int)m->n_years)
        return (struct bm_opt){0, false};
    return m->values[c * m->n_years + (size_t)(year - m->year_from)];
}

static const char *explain_year(struct arena *a, const struct bm_goal *g, const struct goal_year *y)
{
    char req[32], act[32], v[DEC_TEXT_MAX] = "—", t[DEC_TEXT_MAX] = "—", buf[512];
    bm_format_percent(req, sizeof(req), y->status.required_rate);
    bm_format_percent(act, sizeof(act), y->actual_rate);
    if (y->value.has)
        dec_format(y->value.v, v);
    if (y->target.has)
        dec_format(y->target.v, t);
    const char *verdict = "";
    switch (y->status.state) {
    case BM_GOAL_ACHIEVED:
        verdict = "已达成";
        break;
    case BM_GOAL_ON_TRACK:
        verdict = "实际增速不低于所需增速，正常推进";
        break;
    case BM_GOAL_BEHIND:
        verdict = y->year >= g->year ? "目标年未达成" : "实际增速低于所需增速，滞后";
        break;
    case BM_GOAL_UNKNOWN:
        verdict = "数据不足，无法判断 / not enough data";
        break;
    }
    snprintf(buf, sizeof(buf),
             "%d 年本市 %s，%s目标 %s；所需年均增速 %s（到 %d 年），近 %d 年实际年均增速 %s：%s", y->year, v,
             g->peer_city_id ? "按对标城市近年增速推算的" : "", t, req, g->year, g->cagr_years, act, verdict);
    return arena_strndup(a, buf, strlen(buf));
}

int goal_view_compute(struct store *st, int64_t tenant, const struct bm_goal *g, const struct bm_city *known,
                      size_t n_known, struct arena *a, struct goal_view *out, struct error *e)
{
    *out = (struct goal_view){0};
    if (store_bm_indicator_get(st, tenant, g->indicator_id, a, &out->indicator, e) != 0)
        return -1;
    out->targets = arena_calloc(a, (g->n_units + 1) * sizeof(*out->targets));
    out->years = arena_calloc(a, ((size_t)(g->year - g->base_year) + 2) * sizeof(*out->years));
    if (!out->targets || !out->years)
        return no_memory(e);
    struct bm_city *listed;
    const struct bm_city *cities = known;
    size_t n_cities = n_known;
    if (!known) {
        if (store_bm_cities_list(st, tenant, a, &listed, &n_cities, e) != 0)
            return -1;
        cities = listed;
    }
    int64_t ids[2] = {0, g->peer_city_id};
    for (size_t c = 0; c < n_cities; c++) {
        if (cities[c].is_self)
            ids[0] = cities[c].id;
        if (cities[c].id == g->peer_city_id)
            out->peer_name = cities[c].name;
    }
    if (!ids[0])
        return 0; /* no city is this city: nothing to measure */
    struct bm_matrix m;
    if (store_bm_matrix(st, tenant, &g->indicator_id, 1, ids, g->peer_city_id ? 2 : 1,
                        g->base_year - g->cagr_years, g->year, 0, a, &m, e) != 0)
        return -1;
    enum bm_direction d = out->indicator.direction;
    for (int year = g->base_year; year <= g->year; year++) {
        struct bm_opt v = at(&m, 0, year);
        if (!v.has)
            continue;
        struct goal_year *y = &out->years[out->n_years++];
        y->year = year;
        y->value = v;
        y->actual_rate = bm_cagr(at(&m, 0, year - g->cagr_years), v, g->cagr_years);
        struct bm_goal_in in = {
            .direction = d, .year = year, .target_year = g->year, .value = v, .actual_rate = y->actual_rate};
        if (g->peer_city_id) {
            struct bm_opt p = at(&m, 1, year);
            struct bm_fig rate = bm_cagr(at(&m, 1, year - g->cagr_years), p, g->cagr_years);
            struct bm_fig then = rate.status == BM_OK ? bm_projected(p.v, rate.v, g->year - year) : rate;
            y->target = (struct bm_opt){then.v, then.status == BM_OK};
            in.reference = p;
            in.strict = true;
        } else {
            y->target = (struct bm_opt){g->target_value, g->has_target_value};
            in.reference = y->target;
        }
        in.target = y->target;
        y->status = bm_goal_assess(&in);
        if (!(y->formula = explain_year(a, g, y)))
            return no_memory(e);
    }
    out->total = out->n_years ? out->years[out->n_years - 1].target
                              : (struct bm_opt){g->target_value, g->has_target_value && !g->peer_city_id};
    if (!out->total.has || g->n_units == 0)
        return 0;
    if (g->split == BM_SPLIT_SAME) {
        for (size_t k = 0; k < g->n_units; k++)
            out->targets[k] = out->total;
        return 0;
    }
    int64_t *weights = arena_alloc(a, (g->n_units + 1) * sizeof(*weights));
    int64_t *parts = arena_alloc(a, (g->n_units + 1) * sizeof(*parts));
    if (!weights || !parts)
        return no_memory(e);
    for (size_t k = 0; k < g->n_units; k++)
        weights[k] = g->units[k].weight;
    int64_t quantum = 1;
    for (int k = out->indicator.decimals; k < DEC_DIGITS; k++)
        quantum *= 10;
    size_t bad;
    if (bm_decompose(out->total.v, weights, g->n_units, quantum, parts, &bad) != 0)
        return 0; /* weights the store let through but no split fits: the targets stay empty */
    for (size_t k = 0; k < g->n_units; k++)
        out->targets[k] = (struct bm_opt){parts[k], true};
    return 0;
}

static void year_json(struct strbuf *sb, const struct goal_year *y)
{
    strbuf_addf(sb, "{\"year\":%d,\"state\":\"%s\",\"value\":", y->year, bm_goal_state_name(y->status.state));
    bm_json_opt(sb, y->value);
    strbuf_addstr(sb, ",\"target\":");
    bm_json_opt(sb, y->target);
    strbuf_addstr(sb, ",\"required_rate\":");
    bm_json_fig(sb, y->status.required_rate, "");
    strbuf_addstr(sb, ",\"actual_rate\":");
    bm_json_fig(sb, y->actual_rate, "");
    strbuf_addstr(sb, ",\"formula\":");
    bm_json_text(sb, y->formula);
    strbuf_addch(sb, '}');
}

void goal_json(struct strbuf *sb, const struct bm_goal *g, const struct goal_view *v, const bool *visible,
               bool with_history)
{
    strbuf_addf(sb, "{\"id\":%lld,\"name\":", (long long)g->id);
    bm_json_text(sb, g->name);
    strbuf_addf(sb, ",\"indicator_id\":%lld,\"indicator_name\":", (long long)g->indicator_id);
    bm_json_text(sb, v->indicator.name);
    strbuf_addstr(sb, ",\"unit\":");
    bm_json_text(sb, v->indicator.unit);
    strbuf_addf(sb, ",\"decimals\":%d,\"direction\":\"%s\",\"year\":%d,\"base_year\":%d,\"target_value\":",
                v->indicator.decimals, bm_direction_name(v->indicator.direction), g->year, g->base_year);
    bm_json_opt(sb, (struct bm_opt){g->target_value, g->has_target_value});
    strbuf_addstr(sb, ",\"peer_city_id\":");
    if (g->peer_city_id)
        strbuf_addf(sb, "%lld", (long long)g->peer_city_id);
    else
        strbuf_addstr(sb, "null");
    strbuf_addstr(sb, ",\"peer_name\":");
    if (v->peer_name)
        bm_json_text(sb, v->peer_name);
    else
        strbuf_addstr(sb, "null");
    strbuf_addf(sb, ",\"cagr_years\":%d,\"split\":\"%s\",\"total\":", g->cagr_years, bm_split_name(g->split));
    bm_json_opt(sb, v->total);
    strbuf_addstr(sb, ",\"units\":[");
    bool first = true;
    for (size_t k = 0; k < g->n_units; k++) {
        if (!visible[k])
            continue;
        strbuf_addf(sb, "%s{\"unit_id\":%lld,\"unit_name\":", first ? "" : ",",
                    (long long)g->units[k].unit_id);
        bm_json_text(sb, g->units[k].unit_name);
        strbuf_addstr(sb, ",\"weight\":");
        bm_json_opt(sb, (struct bm_opt){g->units[k].weight, true});
        strbuf_addstr(sb, ",\"target\":");
        bm_json_opt(sb, v->targets[k]);
        strbuf_addch(sb, '}');
        first = false;
    }
    strbuf_addstr(sb, "],\"note\":");
    bm_json_text(sb, g->note);
    strbuf_addstr(sb, ",\"created_at\":");
    bm_json_text(sb, g->created_at);
    strbuf_addstr(sb, ",\"updated_at\":");
    bm_json_text(sb, g->updated_at);
    strbuf_addstr(sb, ",\"status\":");
    if (v->n_years)
        year_json(sb, &v->years[v->n_years - 1]);
    else
        strbuf_addstr(sb, "{\"year\":null,\"state\":\"unknown\",\"value\":null,\"target\":null,"
                          "\"required_rate\":null,\"actual_rate\":null,\"formula\":\"本市尚无基年以来的数据 "
                          "/ no value of this city since the base year\"}");
    if (with_history) {
        strbuf_addstr(sb, ",\"history\":[");
        for (size_t k = 0; k < v->n_years; k++) {
            if (k)
                strbuf_addch(sb, ',');
            year_json(sb, &v->years[k]);
        }
        strbuf_addch(sb, ']');
    }
    strbuf_addch(sb, '}');
}

void goal_history_json(struct strbuf *sb, const struct goal_view *v)
{
    strbuf_addstr(sb, "{\"items\":[");
    for (size_t k = 0; k < v->n_years; k++) {
        if (k)
            strbuf_addch(sb, ',');
        year_json(sb, &v->years[k]);
    }
    strbuf_addstr(sb, "]}");
}
