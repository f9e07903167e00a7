/*
 * Appraisal results: computed now (the office), one subject's explanation leaf by leaf, the
 * what-if, publishing (the results frozen as served), versions, appeals and the public notices.
 * A published version is served from its frozen text, never computed again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_escape.h"
#include "http/appraisal_json.h"
#include "http/handlers.h"
#include "http/input.h"
#include "http/worker.h"
#include "base/banned.h"

struct computed {
    struct appr_loaded in;
    struct appr_score *scores;
    struct appr_result *results;
};

static int compute(const struct appr_loaded *in, struct arena *a, struct computed *c, struct error *e)
{
    c->in = *in;
    size_t ns = in->s.n_subjects;
    c->scores = arena_alloc(a, (ns * in->n_leaves + 1) * sizeof(*c->scores));
    c->results = arena_alloc(a, (ns + 1) * sizeof(*c->results));
    if (!c->scores || !c->results ||
        appr_compute(&in->scheme, in->subjects, ns, in->s.n_groups, in->values, c->scores, c->results) != 0)
        return error_set(e, ERR_INTERNAL, NULL, "计算考核结果时内存不足",
                         "out of memory computing the results");
    return 0;
}

static const char *veto_name(enum appr_veto v)
{
    return v == APPR_VETO_LOWEST ? "lowest" : v == APPR_VETO_BAR_TOP ? "bar_top" : "none";
}

static void item_json(struct strbuf *sb, const struct computed *c, size_t i)
{
    const struct appr_subject_row *x = &c->in.s.subjects[i];
    const struct appr_result *res = &c->results[i];
    strbuf_addf(sb, "{\"subject_id\":%lld,\"name\":", (long long)x->id);
    json_escape(sb, x->name, strlen(x->name));
    strbuf_addf(sb, ",\"group_id\":%lld,\"leaf_sum\":", (long long)x->group_id);
    appr_json_points(sb, res->leaf_sum);
    strbuf_addstr(sb, ",\"bonus\":");
    appr_json_points(sb, res->bonus);
    strbuf_addstr(sb, ",\"deduction\":");
    appr_json_points(sb, res->deduction);
    strbuf_addstr(sb, ",\"total\":");
    appr_json_points(sb, res->total);
    strbuf_addf(sb, ",\"rank\":%d,\"grade\":%zu,\"grade_name\":", res->rank, res->grade);
    const char *grade = c->in.s.grades[res->grade].name;
    json_escape(sb, grade, strlen(grade));
    strbuf_addf(sb, ",\"veto\":\"%s\",\"errors\":%zu}", veto_name(c->in.subjects[i].veto), res->n_errors);
}

/* A subject's place in the answer: by group, then rank, then the structure's order (qsort needs no context).
 */
struct place {
    size_t group;
    int rank;
    size_t index;
};

static int by_group_rank(const void *pa, const void *pb)
{
    const struct place *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static size_t *ranked(const struct computed *c, struct arena *a)
{
    size_t n = c->in.s.n_subjects;
    struct place *places = arena_alloc(a, (n + 1) * sizeof(*places));
    size_t *order = arena_alloc(a, (n + 1) * sizeof(size_t));
    if (!places || !order)
        return NULL;
    for (size_t i = 0; i < n; i++)
        places[i] = (struct place){c->in.s.subjects[i].group_index, c->results[i].rank, i};
    qsort(places, n, sizeof(*places), by_group_rank);
    for (size_t i = 0; i < n; i++)
        order[i] = places[i].index;
    return order;
}

static int results_json(struct strbuf *sb, const struct computed *c, struct arena *a, const int *before_rank,
                        const int64_t *before_total, const size_t *before_grade)
{
    size_t *order = ranked(c, a);
    if (!order)
        return -1;
    const struct appr_structure *s = &c->in.s;
    strbuf_addf(sb, "{\"scheme_id\":%lld,\"name\":", (long long)s->scheme.id);
    json_escape(sb, s->scheme.name, strlen(s->scheme.name));
    strbuf_addf(sb, ",\"year\":%d,\"groups\":[", s->scheme.year);
    for (size_t g = 0; g < s->n_groups; g++) {
        size_t size = 0;
        for (size_t i = 0; i < s->n_subjects; i++)
            size += s->subjects[i].group_index == g;
        strbuf_addf(sb, "%s{\"id\":%lld,\"name\":", g ? "," : "", (long long)s->groups[g].id);
        json_escape(sb, s->groups[g].name, strlen(s->groups[g].name));
        strbuf_addf(sb, ",\"size\":%zu}", size);
    }
    strbuf_addstr(sb, "],\"grades\":[");
    for (size_t g = 0; g < s->n_grades; g++) {
        strbuf_addstr(sb, g ? ",{\"name\":" : "{\"name\":");
        json_escape(sb, s->grades[g].name, strlen(s->grades[g].name));
        strbuf_addch(sb, '}');
    }
    strbuf_addstr(sb, "],\"items\":[");
    for (size_t k = 0; k < s->n_subjects; k++) {
        size_t i = order[k];
        if (k)
            strbuf_addch(sb, ',');
        item_json(sb, c, i);
        if (before_rank) {
            sb->len--;
            strbuf_addstr(sb, ",\"before\":{\"total\":");
            appr_json_points(sb, before_total[i]);
            strbuf_addf(sb, ",\"rank\":%d,\"grade\":%zu}}", before_rank[i], before_grade[i]);
        }
    }
    strbuf_addstr(sb, "]}");
    return sb->failed ? -1 : 0;
}

static void leaf_path(struct strbuf *sb, const struct appr_structure *s, size_t i)
{
    long chain[16];
    size_t n = 0;
    for (long at = (long)i; at >= 0 && n < 16; at = s->indicators[at].parent_index)
        chain[n++] = at;
    struct strbuf p = STRBUF_INIT;
    while (n-- > 0) {
        strbuf_addstr(&p, s->indicators[chain[n]].name);
        if (n)
            strbuf_addstr(&p, " / ");
    }
    json_escape(sb, p.buf ? p.buf : "", p.len);
    strbuf_release(&p);
}

/* One subject's explanation: its result and every leaf with inputs, method, formula and score. */
static int detail_json(struct strbuf *sb, const struct computed *c, size_t i, struct arena *a)
{
    const struct appr_loaded *in = &c->in;
    size_t ns = in->s.n_subjects, group = in->s.subjects[i].group_index;
    size_t *members = arena_alloc(a, (ns + 1) * sizeof(size_t));
    struct appr_value *column = arena_alloc(a, (ns + 1) * sizeof(struct appr_value));
    if (!members || !column)
        return -1;
    size_t n = 0, me = 0;
    for (size_t k = 0; k < ns; k++)
        if (in->s.subjects[k].group_index == group) {
            if (k == i)
                me = n;
            members[n++] = k;
        }
    item_json(sb, c, i);
    sb->len--;
    strbuf_addstr(sb, ",\"leaves\":[");
    struct strbuf formula = STRBUF_INIT;
    for (size_t l = 0; l < in->n_leaves; l++) {
        const struct appr_leaf *leaf = &in->leaves[l];
        const struct appr_value *v = &in->values[i * in->n_leaves + l];
        const struct appr_score *sc = &c->scores[i * in->n_leaves + l];
        for (size_t k = 0; k < n; k++)
            column[k] = in->values[members[k] * in->n_leaves + l];
        strbuf_reset(&formula);
        appr_explain_leaf(leaf, column, n, me, &formula);
        size_t x = in->leaf_of[l];
        strbuf_addf(sb, "%s{\"indicator_id\":%lld,\"path\":", l ? "," : "",
                    (long long)in->s.indicators[x].id);
        leaf_path(sb, &in->s, x);
        strbuf_addf(sb, ",\"method\":\"%s\",\"full_marks\":", appr_method_name(leaf->method));
        appr_json_points(sb, leaf->full_marks);
        strbuf_addstr(sb, ",\"target\":");
        if (v->has_target)
            appr_json_decimal(sb, v->target);
        else
            strbuf_addstr(sb, "null");
        strbuf_addstr(sb, ",\"actual\":");
        if (v->has_actual)
            appr_json_decimal(sb, v->actual);
        else
            strbuf_addstr(sb, "null");
        strbuf_addstr(sb, ",\"ratings\":");
        if (v->n_ratings) {
            for (size_t k = 0; k < v->n_ratings; k++) {
                strbuf_addch(sb, k ? ',' : '[');
                appr_json_decimal(sb, v->ratings[k]);
            }
            strbuf_addch(sb, ']');
        } else {
            strbuf_addstr(sb, "null");
        }
        strbuf_addstr(sb, ",\"score\":");
        appr_json_points(sb, sc->points);
        strbuf_addf(sb, ",\"status\":\"%s\",\"formula\":", appr_status_name(sc->status));
        json_escape(sb, formula.buf ? formula.buf : "", formula.len);
        strbuf_addch(sb, '}');
    }
    bool failed = formula.failed;
    strbuf_release(&formula);
    strbuf_addstr(sb, "],\"items\":[");
    bool first = true;
    for (size_t k = 0; k < in->n_items; k++) {
        if (in->item_subject[k] != i)
            continue;
        const struct appr_item_row *it = &in->items[k];
        const char *kind = "bonus";
        for (size_t x = 0; x < in->s.n_indicators; x++)
            if (in->s.indicators[x].id == it->indicator_id)
                kind = appr_node_kind_name(in->s.indicators[x].kind);
        strbuf_addf(sb, "%s{\"indicator_id\":%lld,\"kind\":\"%s\",\"points\":", first ? "" : ",",
                    (long long)it->indicator_id, kind);
        appr_json_points(sb, it->points);
        strbuf_addstr(sb, ",\"reason\":");
        json_escape(sb, it->reason, strlen(it->reason));
        strbuf_addch(sb, '}');
        first = false;
    }
    strbuf_addstr(sb, "]}");
    return failed || sb->failed ? -1 : 0;
}

/*
 * Results, one subject's explanation and the what-if run on a worker (worker.h): the first after
 * a change reads every value of the scheme (hundreds of milliseconds for a province's), which
 * must not stall an event loop. The worker's connection keeps the computation (store_appr_cached).
 */
enum appr_job_kind { JOB_RESULTS, JOB_SUBJECT, JOB_SIMULATE };

struct appr_job {
    enum appr_job_kind kind;
    int64_t tenant, scheme_id, subject_id;
    json_t *body; /* the what-if's changes */
    struct arena arena;
    struct strbuf sb;
    struct error error;
};

/* The scheme computed: kept by the worker's connection while its data is unchanged, borrowed. */
static int load_computed(struct store *st, const struct appr_job *j, struct computed *c, struct error *e)
{
    struct appr_cached *kept;
    if (store_appr_cached(st, j->tenant, j->scheme_id, &kept, e) != 0)
        return -1;
    const struct appr_loaded *in = &kept->in;
    if (!kept->computed) {
        if (appr_compute(&in->scheme, in->subjects, in->s.n_subjects, in->s.n_groups, in->values,
                         kept->scores, kept->results) != 0)
            return error_set(e, ERR_INTERNAL, NULL, "计算考核结果时内存不足",
                             "out of memory computing the results");
        kept->computed = true;
    }
    *c = (struct computed){*in, kept->scores, kept->results};
    return 0;
}

static size_t find_subject(const struct appr_structure *s, int64_t id)
{
    for (size_t i = 0; i < s->n_subjects; i++)
        if (s->subjects[i].id == id)
            return i;
    return SIZE_MAX;
}

static int no_memory(struct error *e)
{
    return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
}

/* A what-if works on copies of the kept scores and results, and puts back every value it changed. */
struct changed_value {
    struct appr_value *at, before;
};

static int own_copies(struct arena *a, struct computed *c, struct error *e)
{
    size_t ns = c->in.s.n_subjects, nl = c->in.n_leaves;
    struct appr_score *scores = arena_alloc(a, (ns * nl + 1) * sizeof(*scores));
    struct appr_result *results = arena_alloc(a, (ns + 1) * sizeof(*results));
    if (!scores || !results)
        return no_memory(e);
    memcpy(scores, c->scores, ns * nl * sizeof(*scores));
    memcpy(results, c->results, ns * sizeof(*results));
    c->scores = scores;
    c->results = results;
    return 0;
}

/* One change of the what-if applied: the leaf rescored over the subject's group. */
static int apply_change(json_t *o, const char *path, struct computed *c, struct changed_value *changed,
                        size_t *n, struct error *e)
{
    static const char *const change_fields[] = {"subject_id", "indicator_id", "actual", "target", NULL};
    if (!json_is_object(o))
        return error_set(e, ERR_WRONG_TYPE, path, "“%s”应为对象", "\"%s\" must be an object", path);
    if (appr_only_fields(o, change_fields, path, e) != 0)
        return -1;
    json_t *sj = json_object_get(o, "subject_id"), *ij = json_object_get(o, "indicator_id");
    size_t si = json_is_integer(sj) ? find_subject(&c->in.s, json_integer_value(sj)) : SIZE_MAX;
    size_t l = SIZE_MAX;
    for (size_t x = 0; json_is_integer(ij) && x < c->in.n_leaves; x++)
        if (c->in.s.indicators[c->in.leaf_of[x]].id == json_integer_value(ij))
            l = x;
    if (si == SIZE_MAX || l == SIZE_MAX) {
        char field[64];
        appr_field(field, sizeof(field), "%s.%s", path, si == SIZE_MAX ? "subject_id" : "indicator_id");
        return si == SIZE_MAX ? error_set(e, ERR_INVALID_VALUE, field, "本方案没有该考核对象",
                                          "the scheme has no such subject")
                              : error_set(e, ERR_INVALID_VALUE, field, "本方案没有该计分指标",
                                          "the scheme has no such scored leaf");
    }
    struct appr_value *v = &c->in.values[si * c->in.n_leaves + l];
    changed[(*n)++] = (struct changed_value){v, *v};
    bool null;
    int64_t x;
    int got = appr_input_decimal(o, "actual", path, true, &null, &x, e);
    if (got > 0) {
        v->has_actual = !null;
        v->actual = null ? 0 : x;
    }
    if (got >= 0 && (got = appr_input_decimal(o, "target", path, true, &null, &x, e)) > 0) {
        v->has_target = !null;
        v->target = null ? 0 : x;
    }
    if (got < 0)
        return -1;
    return appr_update_leaf(&c->in.scheme, c->in.subjects, c->in.s.n_subjects, c->in.values, l,
                            c->in.subjects[si].group, c->scores, c->results) == 0
               ? 0
               : no_memory(e);
}

static int simulate(struct appr_job *j, struct computed *c, struct error *e)
{
    static const char *const fields[] = {"changes", NULL};
    json_t *changes = json_object_get(j->body, "changes");
    if (input_only_fields(j->body, fields, e) != 0)
        return -1;
    if (!json_is_array(changes) || json_array_size(changes) > 1000)
        return error_set(e, changes ? ERR_WRONG_TYPE : ERR_MISSING_FIELD, "changes",
                         "changes 应为至多 1000 项的数组",
                         "changes must be an array of at most 1000 changes");
    size_t ns = c->in.s.n_subjects, n_changed = 0;
    int *before_rank = arena_alloc(&j->arena, (ns + 1) * sizeof(int));
    int64_t *before_total = arena_alloc(&j->arena, (ns + 1) * sizeof(int64_t));
    size_t *before_grade = arena_alloc(&j->arena, (ns + 1) * sizeof(size_t));
    struct changed_value *changed = arena_alloc(&j->arena, (json_array_size(changes) + 1) * sizeof(*changed));
    if (!before_rank || !before_total || !before_grade || !changed || own_copies(&j->arena, c, e) != 0)
        return no_memory(e);
    for (size_t i = 0; i < ns; i++) {
        before_rank[i] = c->results[i].rank;
        before_total[i] = c->results[i].total;
        before_grade[i] = c->results[i].grade;
    }
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < json_array_size(changes); k++) {
        char path[40];
        appr_field(path, sizeof(path), "changes[%zu]", k);
        rc = apply_change(json_array_get(changes, k), path, c, changed, &n_changed, e);
    }
    if (rc == 0 && results_json(&j->sb, c, &j->arena, before_rank, before_total, before_grade) != 0)
        rc = no_memory(e);
    while (n_changed > 0) { /* what is kept is as it was, whatever happened */
        n_changed--;
        *changed[n_changed].at = changed[n_changed].before;
    }
    return rc;
}

/* On a worker. */
static void appr_job_run(struct store *st, void *arg)
{
    struct appr_job *j = arg;
    struct computed c;
    struct error *e = &j->error;
    error_clear(e);
    j->arena.limit = (size_t)256 << 20; /* copies of a province's scores for a what-if */
    if (load_computed(st, j, &c, e) != 0)
        return;
    if (j->kind == JOB_RESULTS) {
        if (results_json(&j->sb, &c, &j->arena, NULL, NULL, NULL) != 0)
            no_memory(e);
    } else if (j->kind == JOB_SUBJECT) {
        size_t i = find_subject(&c.in.s, j->subject_id);
        if (i == SIZE_MAX)
            error_set(e, ERR_NOT_FOUND, NULL, "考核对象不存在", "no such subject in this scheme");
        else if (detail_json(&j->sb, &c, i, &j->arena) != 0)
            no_memory(e);
    } else {
        simulate(j, &c, e);
    }
}

static void appr_job_drop(void *arg)
{
    struct appr_job *j = arg;
    json_decref(j->body);
    strbuf_release(&j->sb);
    arena_release(&j->arena);
}

/* Back on the loop. */
static int appr_job_done(struct request *r, void *arg, struct error *e)
{
    struct appr_job *j = arg;
    int rc = j->error.code == ERR_NONE ? respond_strbuf(r, 200, &j->sb, e) : (*e = j->error, -1);
    appr_job_drop(j);
    return rc;
}

static int defer_job(struct request *r, enum appr_job_kind kind, int64_t subject_id, json_t *body,
                     struct error *e)
{
    int64_t id;
    struct appr_job *j = arena_calloc(&r->arena, sizeof(*j));
    if (appr_scheme_id(r, &id, e) != 0 || !j) {
        json_decref(body);
        return j ? -1 : no_memory(e);
    }
    *j = (struct appr_job){.kind = kind,
                           .tenant = r->tenant,
                           .scheme_id = id,
                           .subject_id = subject_id,
                           .body = body,
                           .sb = STRBUF_INIT};
    int rc = request_defer_dropping(r, appr_job_run, appr_job_done, appr_job_drop, j, e);
    if (rc < 0)
        json_decref(body);
    return rc;
}

int handle_appr_results(struct request *r, struct error *e)
{
    return defer_job(r, JOB_RESULTS, 0, NULL, e);
}

int handle_appr_result_subject(struct request *r, struct error *e)
{
    int64_t subject;
    if (input_id(r->params[1], &subject) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "考核对象不存在", "no such subject in this scheme");
    return defer_job(r, JOB_SUBJECT, subject, NULL, e);
}

int handle_appr_simulate(struct request *r, struct error *e)
{
    json_t *body;
    return input_json_object(r, &body, e) == 0 ? defer_job(r, JOB_SIMULATE, 0, body, e) : -1;
}

static int send_built(struct request *r, int status, struct strbuf *sb, int built, struct error *e)
{
    int rc = built == 0 ? respond_strbuf(r, status, sb, e) : no_memory(e);
    strbuf_release(sb);
    return rc;
}

/* Inside the publishing transaction: computes, refuses data errors, freezes the texts (appraisal_json.h). */
int appr_freeze(const struct appr_loaded *in, struct arena *a, void *ctx, struct appr_frozen *out,
                struct error *e)
{
    (void)ctx;
    struct computed c;
    if (compute(in, a, &c, e) != 0)
        return -1;
    for (size_t i = 0; i < in->s.n_subjects; i++)
        if (c.results[i].n_errors)
            return error_set(e, ERR_INVALID_STATE, NULL,
                             "“%s”有 %zu 项指标数据有误（见其计分说明），不能发布",
                             "\"%s\" has %zu leaves with data errors (see its explanation): the results "
                             "cannot be published",
                             in->s.subjects[i].name, c.results[i].n_errors);
    struct strbuf sb = STRBUF_INIT;
    int rc = results_json(&sb, &c, a, NULL, NULL, NULL);
    out->results = rc == 0 ? arena_strndup(a, sb.buf, sb.len) : NULL;
    out->details = arena_alloc(a, (in->s.n_subjects + 1) * sizeof(char *));
    for (size_t i = 0; out->results && out->details && i < in->s.n_subjects; i++) {
        strbuf_reset(&sb);
        if (detail_json(&sb, &c, i, a) != 0 || !(out->details[i] = arena_strndup(a, sb.buf, sb.len)))
            rc = -1;
    }
    strbuf_release(&sb);
    return rc == 0 && out->results && out->details
               ? 0
               : error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
}

int handle_appr_publish(struct request *r, struct error *e)
{
    int64_t id;
    int version = 0;
    if (appr_scheme_id(r, &id, e) != 0 || store_appr_publish(r->store, r->tenant, &r->actor, id, appr_freeze,
                                                             NULL, &r->arena, &version, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "{\"scheme_id\":%lld,\"version\":%d}", (long long)id, version);
    return send_built(r, 200, &sb, 0, e);
}

int handle_appr_versions_list(struct request *r, struct error *e)
{
    int64_t id;
    struct appr_version_row *items;
    size_t n;
    if (appr_scheme_id(r, &id, e) != 0 ||
        store_appr_versions_list(r->store, r->tenant, id, &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        strbuf_addf(&sb, "%s{\"version\":%d,\"published_at\":\"%s\",\"published_by\":", i ? "," : "",
                    items[i].version, items[i].published_at);
        json_escape(&sb, items[i].published_by, strlen(items[i].published_by));
        strbuf_addch(&sb, '}');
    }
    strbuf_addstr(&sb, "]}");
    return send_built(r, 200, &sb, 0, e);
}

static int version_param(h2o_iovec_t p, int *version, struct error *e)
{
    int64_t v;
    if (input_id(p, &v) != 0 || v > 100000)
        return error_set(e, ERR_NOT_FOUND, NULL, "没有这一版考核结果", "no such published version");
    *version = (int)v;
    return 0;
}

static int respond_frozen(struct request *r, int64_t tenant, int64_t id, int version, int64_t subject,
                          struct error *e)
{
    const char *json;
    if (store_appr_version_get(r->store, tenant, id, version, subject, &r->arena, &json, e) != 0)
        return -1;
    respond_bytes(r, 200, "application/json; charset=utf-8", json, strlen(json));
    return 0;
}

int handle_appr_version_get(struct request *r, struct error *e)
{
    int64_t id;
    int version = 0;
    if (appr_scheme_id(r, &id, e) != 0 || version_param(r->params[1], &version, e) != 0)
        return -1;
    return respond_frozen(r, r->tenant, id, version, 0, e);
}

int handle_appr_version_subject(struct request *r, struct error *e)
{
    int64_t id, subject;
    int version = 0;
    if (appr_scheme_id(r, &id, e) != 0 || version_param(r->params[1], &version, e) != 0)
        return -1;
    if (input_id(r->params[2], &subject) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "考核对象不存在", "no such subject in this scheme");
    return respond_frozen(r, r->tenant, id, version, subject, e);
}

/* ---- public notices */

static int notices(struct request *r, struct appr_notice_row **items, size_t *n, int64_t *tenant,
                   struct error *e)
{
    struct query_param q[] = {{.name = "tenant"}, {.name = NULL}};
    if (input_query(r, q, e) != 0)
        return -1;
    return store_appr_notices_list(r->store, q[0].value, &r->arena, items, n, tenant, e);
}

int handle_public_notices(struct request *r, struct error *e)
{
    struct appr_notice_row *items;
    size_t n;
    int64_t tenant;
    if (notices(r, &items, &n, &tenant, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        strbuf_addf(&sb, "%s{\"scheme_id\":%lld,\"version\":%d,\"title\":", i ? "," : "",
                    (long long)items[i].scheme_id, items[i].version);
        json_escape(&sb, items[i].title, strlen(items[i].title));
        strbuf_addstr(&sb, ",\"issuing_office\":");
        json_escape(&sb, items[i].issuing_office, strlen(items[i].issuing_office));
        strbuf_addf(&sb, ",\"published_at\":\"%s\"}", items[i].published_at);
    }
    strbuf_addstr(&sb, "]}");
    return send_built(r, 200, &sb, 0, e);
}

int handle_public_notice(struct request *r, struct error *e)
{
    struct appr_notice_row *items;
    size_t n;
    int64_t tenant, id;
    int version = 0;
    if (input_id(r->params[0], &id) != 0 || version_param(r->params[1], &version, e) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "通报不存在", "no such notice");
    if (notices(r, &items, &n, &tenant, e) != 0)
        return -1;
    /* only what was published: any version of a scheme that has one */
    for (size_t i = 0; i < n; i++)
        if (items[i].scheme_id == id && version <= items[i].version) {
            const char *json, *published_at = items[i].published_at;
            struct appr_version_row *versions;
            size_t n_versions;
            if (store_appr_version_get(r->store, tenant, id, version, 0, &r->arena, &json, e) != 0 ||
                store_appr_versions_list(r->store, tenant, id, &r->arena, &versions, &n_versions, e) != 0)
                return -1;
            for (size_t k = 0; k < n_versions; k++)
                if (versions[k].version == version)
                    published_at = versions[k].published_at;
            struct strbuf sb = STRBUF_INIT;
            strbuf_addstr(&sb, "{\"title\":");
            json_escape(&sb, items[i].title, strlen(items[i].title));
            strbuf_addstr(&sb, ",\"issuing_office\":");
            json_escape(&sb, items[i].issuing_office, strlen(items[i].issuing_office));
            strbuf_addf(&sb,
                        ",\"version\":%d,\"latest_version\":%d,\"published_at\":\"%s\",\"results\":", version,
                        items[i].version, published_at);
            strbuf_addstr(&sb, json);
            strbuf_addstr(&sb, ",\"awards\":");
            if (appr_awards_notice_json(r, &sb, tenant, id, version, e) != 0) {
                strbuf_release(&sb);
                return -1;
            }
            strbuf_addch(&sb, '}');
            return send_built(r, 200, &sb, 0, e);
        }
    return error_set(e, ERR_NOT_FOUND, NULL, "通报不存在", "no such notice");
}

/* ---- appeals */

static void appeal_json(struct strbuf *sb, const struct appr_appeal_row *p)
{
    static const char *const states[] = {"open", "upheld", "rejected"};
    strbuf_addf(sb, "{\"id\":%lld,\"scheme_id\":%lld,\"subject_id\":%lld,\"version\":%d,\"subject_name\":",
                (long long)p->id, (long long)p->scheme_id, (long long)p->subject_id, p->version);
    json_escape(sb, p->subject_name, strlen(p->subject_name));
    strbuf_addstr(sb, ",\"text\":");
    json_escape(sb, p->body, strlen(p->body));
    strbuf_addf(sb, ",\"state\":\"%s\",\"answer\":", states[p->state]);
    json_escape(sb, p->answer, strlen(p->answer));
    strbuf_addstr(sb, ",\"raised_by_name\":");
    json_escape(sb, p->raised_by_name, strlen(p->raised_by_name));
    strbuf_addf(sb, ",\"created_at\":\"%s\",\"answered_at\":", p->created_at);
    json_escape_or_null(sb, p->answered_at);
    strbuf_addch(sb, '}');
}

int handle_appr_appeals_list(struct request *r, struct error *e)
{
    int64_t id;
    struct appr_appeal_row *items;
    size_t n;
    if (appr_scheme_id(r, &id, e) != 0 ||
        store_appr_appeals_list(r->store, r->tenant, id, r->scope, &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        appeal_json(&sb, &items[i]);
    }
    strbuf_addstr(&sb, "]}");
    return send_built(r, 200, &sb, 0, e);
}

int handle_appr_appeal_create(struct request *r, struct error *e)
{
    static const char *const fields[] = {"subject_id", "text", NULL};
    int64_t id, subject = 0;
    json_t *body;
    if (appr_scheme_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    const char *text = NULL;
    struct appr_appeal_row out;
    int got = 0;
    int rc = input_only_fields(body, fields, e) == 0 &&
                     (got = input_integer(body, "subject_id", false, NULL, &subject, e)) >= 0 &&
                     appr_input_text(body, "text", NULL, 2000, true, &text, e) == 1
                 ? 0
                 : -1;
    if (rc == 0 && !got)
        rc = error_set(e, ERR_MISSING_FIELD, "subject_id", "缺少必填字段“subject_id”",
                       "missing required field \"subject_id\"");
    if (rc == 0)
        rc = store_appr_appeal_add(r->store, r->tenant, &r->actor, id, subject, r->scope, text, &r->arena,
                                   &out, e);
    json_decref(body);
    if (rc != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    appeal_json(&sb, &out);
    return send_built(r, 201, &sb, 0, e);
}

int handle_appr_appeal_answer(struct request *r, struct error *e)
{
    static const char *const fields[] = {"decision", "answer", NULL};
    int64_t id;
    json_t *body;
    if (input_id(r->params[0], &id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "申诉不存在", "no such appeal");
    if (input_json_object(r, &body, e) != 0)
        return -1;
    const char *decision = NULL, *answer = NULL;
    struct appr_appeal_row out;
    int rc = input_only_fields(body, fields, e) == 0 &&
                     appr_input_text(body, "decision", NULL, 20, true, &decision, e) == 1 &&
                     appr_input_text(body, "answer", NULL, 2000, true, &answer, e) == 1
                 ? 0
                 : -1;
    if (rc == 0 && strcmp(decision, "upheld") != 0 && strcmp(decision, "rejected") != 0)
        rc = error_set(e, ERR_INVALID_VALUE, "decision", "decision 应为 upheld 或 rejected",
                       "decision must be upheld or rejected");
    if (rc == 0)
        rc = store_appr_appeal_answer(r->store, r->tenant, &r->actor, id, strcmp(decision, "upheld") == 0,
                                      answer, &r->arena, &out, e);
    json_decref(body);
    if (rc != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    appeal_json(&sb, &out);
    return send_built(r, 200, &sb, 0, e);
}

/* A frozen version's items by subject id (borrowed from root). */
static json_t *version_items(struct request *r, int64_t id, int version, json_t **root, struct error *e)
{
    const char *text;
    if (store_appr_version_get(r->store, r->tenant, id, version, 0, &r->arena, &text, e) != 0)
        return NULL;
    *root = json_loads(text, 0, NULL);
    json_t *items = *root ? json_object_get(*root, "items") : NULL;
    if (!json_is_array(items)) {
        json_decref(*root);
        *root = NULL;
        error_set(e, ERR_INTERNAL, NULL, "已发布的结果无法读取", "the published results cannot be read");
        return NULL;
    }
    return items;
}

static void diff_side(struct strbuf *sb, json_t *item)
{
    if (!item) {
        strbuf_addstr(sb, "null");
        return;
    }
    /* the frozen text holds points with two decimals: the double read back is that exactly, to the hundredth */
    double total = json_number_value(json_object_get(item, "total"));
    strbuf_addstr(sb, "{\"total\":");
    appr_json_points(sb, (int64_t)(total * 100 + (total < 0 ? -0.5 : 0.5)));
    strbuf_addf(sb, ",\"rank\":%lld,\"grade_name\":", (long long)json_integer_value(json_object_get(item, "rank")));
    json_t *grade = json_object_get(item, "grade_name");
    json_escape(sb, json_string_value(grade) ? json_string_value(grade) : "", json_string_length(grade));
    strbuf_addch(sb, '}');
}

static bool same_result(json_t *a, json_t *b)
{
    return a && b && json_equal(json_object_get(a, "total"), json_object_get(b, "total")) &&
           json_equal(json_object_get(a, "rank"), json_object_get(b, "rank")) &&
           json_equal(json_object_get(a, "grade_name"), json_object_get(b, "grade_name"));
}

static json_t *item_of(json_t *items, json_int_t subject)
{
    size_t i;
    json_t *x;
    json_array_foreach(items, i,
                       x) if (json_integer_value(json_object_get(x, "subject_id")) == subject) return x;
    return NULL;
}

int handle_appr_version_diff(struct request *r, struct error *e)
{
    int64_t id, from = 0;
    int version = 0;
    struct query_param q[] = {{.name = "from"}, {.name = NULL}};
    if (appr_scheme_id(r, &id, e) != 0 || version_param(r->params[1], &version, e) != 0 ||
        input_query(r, q, e) != 0)
        return -1;
    if (!q[0].value)
        from = version - 1;
    else if (input_query_int(&q[0], 1, 100000, &from, e) != 0)
        return -1;
    if (from < 1)
        return error_set(e, ERR_BAD_QUERY, "from", "第 1 版之前没有可比较的版本",
                         "version 1 has no earlier version");
    json_t *old_root = NULL, *new_root = NULL;
    json_t *old_items = version_items(r, id, (int)from, &old_root, e);
    json_t *new_items = old_items ? version_items(r, id, version, &new_root, e) : NULL;
    if (!new_items) {
        json_decref(old_root);
        return -1;
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "{\"from\":%lld,\"to\":%d,\"items\":[", (long long)from, version);
    bool first = true;
    size_t i;
    json_t *x;
    json_array_foreach(new_items, i, x)
    {
        json_int_t subject = json_integer_value(json_object_get(x, "subject_id"));
        json_t *before = item_of(old_items, subject);
        if (same_result(before, x))
            continue;
        strbuf_addf(&sb, "%s{\"subject_id\":%lld,\"name\":", first ? "" : ",", (long long)subject);
        json_t *name = json_object_get(x, "name");
        json_escape(&sb, json_string_value(name) ? json_string_value(name) : "", json_string_length(name));
        strbuf_addstr(&sb, ",\"from\":");
        diff_side(&sb, before);
        strbuf_addstr(&sb, ",\"to\":");
        diff_side(&sb, x);
        strbuf_addch(&sb, '}');
        first = false;
    }
    strbuf_addstr(&sb, "]}");
    json_decref(old_root);
    json_decref(new_root);
    return send_built(r, 200, &sb, sb.failed ? -1 : 0, e);
}
