/* The speed report, the cockpit and the yearly targets, as JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/json_escape.h"
#include "http/export.h"
#include "http/handlers.h"
#include "io/stats_report.h"
#include "http/input.h"
#include "base/banned.h"

#define STATS_YEAR_MAX 2100

static const char *const speed_names[SPEED_COUNT] = {"signed_started", "started_completed", "started_production"};
static const char *const step_names[STEP_COUNT] = {"signed", "started", "completed", "production"};

/* ?year= (default: this year). */
static int read_year(const struct query_param *q, int *year, struct error *e)
{
    int64_t v = date_from_days(date_today()).year;
    if (q->value && input_query_int(q, PROJECT_YEAR_MIN, STATS_YEAR_MAX, &v, e) != 0)
        return -1;
    *year = (int)v;
    return 0;
}

/* Twice a median as the number it stands for (12.5), or null. */
static void median(struct strbuf *sb, const char *key, int64_t median2)
{
    strbuf_addstr(sb, key);
    if (median2 < 0)
        strbuf_addstr(sb, "null");
    else
        strbuf_addf(sb, median2 % 2 ? "%lld.5" : "%lld", (long long)(median2 / 2));
}

static void name(struct strbuf *sb, const char *key, const char *value)
{
    strbuf_addstr(sb, key);
    if (value)
        json_escape(sb, value, strlen(value));
    else
        strbuf_addstr(sb, "null");
}

static void optional(struct strbuf *sb, const char *key, int64_t value)
{
    strbuf_addstr(sb, key);
    if (value < 0)
        strbuf_addstr(sb, "null");
    else
        strbuf_add_int(sb, value);
}

static void stats_row_json(struct strbuf *sb, const struct stats_row *r)
{
    name(sb, "{\"key\":", r->key);
    strbuf_addstr(sb, *r->key ? ",\"total\":false" : ",\"total\":true");
    name(sb, ",\"label\":", r->label);
    strbuf_addf(sb, ",\"projects\":%lld", (long long)r->projects);
    for (int k = 0; k < STEP_COUNT; k++) {
        const struct stats_count *c = &r->steps[k];
        strbuf_addf(sb, ",\"%s\":{\"count\":%lld,\"amount\":%lld", step_names[k], (long long)c->count,
                    (long long)c->amount);
        optional(sb, ",\"target_count\":", c->target_count);
        optional(sb, ",\"target_amount\":", c->target_amount);
        strbuf_addch(sb, '}');
    }
    strbuf_addstr(sb, ",\"months\":[");
    for (int m = 0; m < 12; m++)
        strbuf_addf(sb, "%s%lld", m ? "," : "", (long long)r->month_amount[m]);
    strbuf_addf(sb, "],\"invested\":%lld,\"plan\":%lld", (long long)r->invested, (long long)r->plan);
    optional(sb, ",\"investment_target\":", r->investment_target);
    strbuf_addstr(sb, ",\"speed\":{");
    for (int k = 0; k < SPEED_COUNT; k++) {
        const struct stats_speed_figure *f = &r->speed[k];
        strbuf_addf(sb, "%s\"%s\":{\"n\":%lld", k ? "," : "", speed_names[k], (long long)f->n);
        median(sb, ",\"median\":", f->median2);
        strbuf_addf(sb, ",\"last_n\":%lld", (long long)f->last_n);
        median(sb, ",\"last_median\":", f->last_median2);
        strbuf_addch(sb, '}');
    }
    strbuf_addf(sb, "},\"problems\":{\"closed\":%lld", (long long)r->problems_closed);
    median(sb, ",\"median_days\":", r->problems_close_median2);
    strbuf_addf(sb, ",\"open_overdue\":%lld}}", (long long)r->problems_open_overdue);
}

/* Labels the size classes by the tenant's thresholds (the store knows classes by number only). */
static int label_sizes(struct store *st, int64_t tenant, struct arena *a, struct project_stats *s, struct error *e)
{
    struct size_classes sizes;
    if (s->group != GROUP_SIZE_CLASS)
        return 0;
    if (store_size_classes_get(st, tenant, &sizes, e) != 0)
        return -1;
    for (size_t i = 0; i + 1 < s->n; i++) {
        char label[64];
        size_class_label(&sizes, (int)strtol(s->rows[i].key, NULL, 10), label, sizeof(label));
        s->rows[i].label = arena_strndup(a, label, strlen(label));
        if (!s->rows[i].label)
            return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    }
    return 0;
}

/* What the report is of: read from ?year=&group= on the loop, computed wherever it is made. */
struct stats_request {
    int64_t tenant, scope;
    int year;
    enum stats_group group;
};

static int read_stats_request(struct request *r, struct stats_request *sr, struct error *e)
{
    struct query_param q[] = {{.name = "year"}, {.name = "group"}, {.name = NULL}};
    *sr = (struct stats_request){.tenant = r->tenant, .scope = r->scope, .group = GROUP_UNIT};
    if (input_query(r, q, e) != 0 || read_year(&q[0], &sr->year, e) != 0)
        return -1;
    if (q[1].value && stats_group_parse(q[1].value, q[1].len, &sr->group) != 0)
        return error_set(e, ERR_BAD_QUERY, "group", "group 应为 unit、park、industry 或 size_class",
                         "group must be one of unit, park, industry, size_class");
    return 0;
}

static int compute(struct store *st, const struct stats_request *sr, struct arena *a, struct project_stats *out,
                   struct error *e)
{
    if (store_project_stats(st, sr->tenant, sr->scope, sr->year, sr->group, a, out, e) != 0)
        return -1;
    return label_sizes(st, sr->tenant, a, out, e);
}

/* On a worker: the report computed with the worker's connection and written as .xlsx. */
static int write_stats(struct store *st, const char *path, void *ctx, struct error *e)
{
    static const char *const by[GROUP_COUNT] = {"按责任单位", "按载体园区", "按行业门类", "按规模"};
    const struct stats_request *sr = ctx;
    struct arena a = ARENA_INIT;
    struct project_stats s;
    char title[128];
    snprintf(title, sizeof(title), "%d 年项目提速统计（%s）", sr->year, by[sr->group]);
    int rc = compute(st, sr, &a, &s, e);
    if (rc == 0)
        rc = stats_report_write(&s, title, path, e);
    arena_release(&a);
    return rc;
}

int handle_project_stats_export(struct request *r, struct error *e)
{
    struct stats_request *sr = arena_alloc(&r->arena, sizeof(*sr));
    if (!sr)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    if (read_stats_request(r, sr, e) != 0)
        return -1;
    return report_respond(r, write_stats, sr, "project-stats", "项目提速统计", e);
}

int handle_project_stats(struct request *r, struct error *e)
{
    struct stats_request sr;
    struct project_stats s;
    if (read_stats_request(r, &sr, e) != 0 || compute(r->store, &sr, &r->arena, &s, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "{\"year\":%d,\"group\":\"%s\",\"rows\":[", s.year, stats_group_name(s.group));
    for (size_t i = 0; i < s.n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        stats_row_json(&sb, &s.rows[i]);
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

static void lights_json(struct strbuf *sb, const char *key, const struct cockpit_lights *l, size_t n)
{
    strbuf_addstr(sb, key);
    for (size_t i = 0; i < n; i++) {
        strbuf_addf(sb, "%s{\"unit_id\":%lld", i ? "," : "", (long long)l[i].unit_id);
        name(sb, ",\"unit_name\":", l[i].unit_name);
        strbuf_addf(sb, ",\"green\":%lld,\"yellow\":%lld,\"red\":%lld}", (long long)l[i].count[WARN_GREEN],
                    (long long)l[i].count[WARN_YELLOW], (long long)l[i].count[WARN_RED]);
    }
    strbuf_addch(sb, ']');
}

int handle_cockpit(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "year"}, {.name = NULL}};
    int year;
    struct cockpit c;
    if (input_query(r, q, e) != 0 || read_year(&q[0], &year, e) != 0 ||
        store_cockpit(r->store, r->tenant, r->scope, year, &r->arena, &c, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "{\"year\":%d,\"pipeline\":[", c.year);
    for (int p = 0; p < POOL_COUNT; p++)
        strbuf_addf(&sb, "%s{\"pool\":\"%s\",\"count\":%lld,\"amount\":%lld}", p ? "," : "",
                    pool_name((enum project_pool)p), (long long)c.pool_count[p], (long long)c.pool_amount[p]);
    strbuf_addf(&sb, "],\"year_plan\":%lld,\"months\":[", (long long)c.year_plan);
    int64_t cumulative = 0;
    for (int m = 0; m < 12; m++) {
        cumulative += c.month_amount[m];
        strbuf_addf(&sb, "%s{\"month\":\"%04d-%02d\",\"amount\":%lld,\"cumulative\":%lld,\"plan_to_date\":%lld}",
                    m ? "," : "", c.year, m + 1, (long long)c.month_amount[m], (long long)cumulative,
                    (long long)(c.year_plan / 12 * (m + 1) + c.year_plan % 12 * (m + 1) / 12));
    }
    strbuf_addf(&sb, "],\"invested\":%lld,\"lights\":{\"green\":%lld,\"yellow\":%lld,\"red\":%lld}",
                (long long)cumulative, (long long)c.lights[WARN_GREEN], (long long)c.lights[WARN_YELLOW],
                (long long)c.lights[WARN_RED]);
    lights_json(&sb, ",\"by_unit\":[", c.by_unit, c.n_units);
    lights_json(&sb, ",\"by_park\":[", c.by_park, c.n_parks);
    strbuf_addstr(&sb, ",\"lagging\":[");
    for (size_t i = 0; i < c.n_lagging; i++) {
        const struct project *p = &c.lagging[i];
        strbuf_addf(&sb, "%s{\"id\":%lld", i ? "," : "", (long long)p->id);
        name(&sb, ",\"code\":", p->code);
        name(&sb, ",\"name\":", p->name);
        name(&sb, ",\"unit_name\":", p->unit_name);
        strbuf_addf(&sb, ",\"total_investment\":%lld", (long long)p->total_investment);
        optional(&sb, ",\"year_plan\":", p->year_plan);
        strbuf_addf(&sb, ",\"year_to_date\":%lld,\"warning\":\"%s\"", (long long)p->year_to_date,
                    warning_level_name(p->warning));
        strbuf_addf(&sb, ",\"warning_reasons\":%s}", p->warning_reasons ? p->warning_reasons : "[]");
    }
    strbuf_addstr(&sb, "],\"speed\":[");
    for (int y = 0; y < c.speed_years; y++) {
        strbuf_addf(&sb, "%s{\"year\":%d", y ? "," : "", c.speed[y].year);
        for (int k = 0; k < SPEED_COUNT; k++) {
            strbuf_addf(&sb, ",\"%s\":{\"n\":%lld", speed_names[k], (long long)c.speed[y].n[k]);
            median(&sb, ",\"median\":", c.speed[y].median2[k]);
            strbuf_addch(&sb, '}');
        }
        strbuf_addch(&sb, '}');
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

static int path_year(struct request *r, int *year, struct error *e)
{
    int64_t v;
    if (input_id(r->params[0], &v) != 0 || v < PROJECT_YEAR_MIN || v > STATS_YEAR_MAX)
        return error_set(e, ERR_NOT_FOUND, NULL, "年度应为 %d 到 %d 之间的年份", "the year must be from %d to %d",
                         PROJECT_YEAR_MIN, STATS_YEAR_MAX);
    *year = (int)v;
    return 0;
}

static int respond_targets(struct request *r, int year, struct error *e)
{
    struct project_target *items;
    size_t n;
    if (store_targets_get(r->store, r->tenant, r->scope, year, &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "{\"year\":%d,\"targets\":[", year);
    for (size_t i = 0; i < n; i++)
        strbuf_addf(&sb, "%s{\"unit_id\":%lld,\"measure\":\"%s\",\"count\":%lld,\"amount\":%lld}", i ? "," : "",
                    (long long)items[i].unit_id, items[i].measure, (long long)items[i].count,
                    (long long)items[i].amount);
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_targets_get(struct request *r, struct error *e)
{
    int year = 0;
    if (path_year(r, &year, e) != 0)
        return -1;
    return respond_targets(r, year, e);
}

#define TARGETS_MAX 2000

static const char *const measures[] = {"signed", "started", "completed", "production", "investment", NULL};

/* One {"unit_id","measure","count","amount"} of the PUT's list, checked. */
static int read_target(json_t *t, size_t i, struct project_target *out, struct error *e)
{
    static const char *const fields[] = {"unit_id", "measure", "count", "amount", NULL};
    char field[32];
    snprintf(field, sizeof(field), "targets[%zu]", i);
    if (!json_is_object(t))
        return error_set(e, ERR_WRONG_TYPE, field, "“%s”应为对象", "\"%s\" must be an object", field);
    if (input_only_fields(t, fields, e) != 0)
        return -1;
    const char *measure = NULL;
    size_t len;
    int64_t *ints[] = {&out->unit_id, &out->count, &out->amount};
    const char *int_fields[] = {"unit_id", "count", "amount"};
    *out = (struct project_target){0};
    for (int k = 0; k < 3; k++) {
        int got = input_integer(t, int_fields[k], false, NULL, ints[k], e);
        if (got < 0)
            return -1;
        if (*ints[k] < 0 || (k == 2 && project_check_amount(*ints[k], "amount", e) != 0) ||
            (k == 1 && *ints[k] > 1000000))
            return error_set(e, ERR_INVALID_VALUE, field, "%s 的 %s 超出范围", "%s: %s is out of range", field,
                             int_fields[k]);
    }
    int got = input_string(t, "measure", false, &measure, &len, e);
    if (got < 0)
        return -1;
    for (size_t k = 0; got && measures[k]; k++)
        if (strcmp(measures[k], measure) == 0)
            out->measure = measures[k];
    if (!out->measure)
        return error_set(e, ERR_INVALID_VALUE, field, "%s 的 measure 应为 signed、started、completed、production 或 investment",
                         "%s: measure must be one of signed, started, completed, production, investment", field);
    return 0;
}

int handle_targets_put(struct request *r, struct error *e)
{
    static const char *const fields[] = {"targets", NULL};
    int year = 0;
    json_t *body;
    if (path_year(r, &year, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    json_t *list = json_object_get(body, "targets");
    int rc = input_only_fields(body, fields, e);
    if (rc == 0 && (!json_is_array(list) || json_array_size(list) > TARGETS_MAX))
        rc = error_set(e, ERR_WRONG_TYPE, "targets", "“targets”应为至多 %d 项的数组",
                       "\"targets\" must be an array of at most %d items", TARGETS_MAX);
    size_t n = rc == 0 ? json_array_size(list) : 0;
    struct project_target *items = arena_alloc(&r->arena, (n + 1) * sizeof(*items));
    if (rc == 0 && !items)
        rc = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = read_target(json_array_get(list, i), i, &items[i], e);
        for (size_t k = 0; rc == 0 && k < i; k++)
            if (items[k].unit_id == items[i].unit_id && strcmp(items[k].measure, items[i].measure) == 0)
                rc = error_set(e, ERR_DUPLICATE, "targets", "单位 %lld 的 %s 目标给了两次",
                               "unit %lld's %s target is given twice", (long long)items[i].unit_id, items[i].measure);
    }
    json_decref(body);
    if (rc != 0 || store_targets_set(r->store, r->tenant, year, items, n, &r->actor, e) != 0)
        return -1;
    return respond_targets(r, year, e);
}
