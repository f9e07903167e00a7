/*
 * Honour lists (表彰名单): 优秀企业 and 先进单位 derived from a published version's frozen results
 * (read here, the entries picked by domain/award.h, the store checking them and keeping a copy),
 * 先进个人 from nominations within per-unit quotas; adjustments with a reason; publication; the
 * export; the public lists by year and in the notice of the version they came from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_escape.h"
#include "http/appraisal_json.h"
#include "http/export.h"
#include "http/handlers.h"
#include "http/input.h"
#include "io/award_sheet.h"
#include "base/banned.h"

#define QUOTA_ITEMS_MAX 2000
#define NAME_CHARS 100
#define REASON_CHARS 500
#define DEEDS_CHARS 2000

static int respond_sb(struct request *r, int status, struct strbuf *sb, struct error *e)
{
    int rc = respond_strbuf(r, status, sb, e);
    strbuf_release(sb);
    return rc;
}

static int list_id(struct request *r, int64_t *id, struct error *e)
{
    if (input_id(r->params[0], id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "表彰名单不存在", "no such honour list");
    return 0;
}

/* What the caller sees: the office every list; a reporter also the drafts of person lists. */
static enum award_visibility visibility(const struct request *r)
{
    enum role role = r->session ? r->session->user.role : ROLE_ENTERPRISE;
    return role_may(role, ACTION_APPRAISAL_MANAGE)   ? AWARD_SEE_ALL
           : role_may(role, ACTION_APPRAISAL_REPORT) ? AWARD_SEE_NOMINATING
                                                     : AWARD_SEE_PUBLISHED;
}

/* An integer field of obj at path: 1 present, 0 absent (missing_field when required), -1 refused. */
static int int_field(json_t *obj, const char *key, const char *path, bool required, int64_t min, int64_t max,
                     int64_t *out, struct error *e)
{
    char field[96];
    appr_field(field, sizeof(field), "%s%s%s", path ? path : "", path ? "." : "", key);
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            return error_set(e, ERR_MISSING_FIELD, field, "缺少必填字段“%s”", "missing required field \"%s\"",
                             field);
        return 0;
    }
    if (!json_is_integer(v))
        return error_set(e, ERR_WRONG_TYPE, field, "字段“%s”应为整数", "field \"%s\" must be an integer",
                         field);
    json_int_t x = json_integer_value(v);
    if (x < min || x > max)
        return error_set(e, ERR_INVALID_VALUE, field, "“%s”应为 %lld 到 %lld", "\"%s\" must be %lld to %lld",
                         field, (long long)min, (long long)max);
    *out = (int64_t)x;
    return 1;
}

/* ---- the frozen results of a version, as candidates */

struct version_view {
    json_t *root; /* owns the strings below; json_decref when done */
    struct award_candidate *c;
    size_t n;
    const char **grades; /* the version's grades, best first */
    size_t n_grades;
};

static int read_version(struct request *r, int64_t scheme_id, int version, struct version_view *v,
                        struct error *e)
{
    *v = (struct version_view){0};
    const char *text;
    if (store_appr_version_get(r->store, r->tenant, scheme_id, version, 0, &r->arena, &text, e) != 0)
        return error_set(e, ERR_INVALID_VALUE, "version", "该方案没有已发布的第 %d 版结果",
                         "the scheme has no published version %d", version);
    v->root = json_loads(text, 0, NULL);
    json_t *groups = json_object_get(v->root, "groups"), *grades = json_object_get(v->root, "grades"),
           *items = json_object_get(v->root, "items");
    if (!json_is_array(groups) || !json_is_array(grades) || !json_is_array(items))
        goto bad;
    v->c = arena_calloc(&r->arena, (json_array_size(items) + 1) * sizeof(*v->c));
    v->grades = arena_calloc(&r->arena, (json_array_size(grades) + 1) * sizeof(char *));
    if (!v->c || !v->grades)
        goto bad;
    size_t i;
    json_t *x;
    json_array_foreach(grades, i, x) v->grades[v->n_grades++] = json_string_value(json_object_get(x, "name"));
    json_array_foreach(items, i, x)
    {
        struct award_candidate *c = &v->c[v->n++];
        json_int_t group = json_integer_value(json_object_get(x, "group_id"));
        c->subject_id = json_integer_value(json_object_get(x, "subject_id"));
        c->name = json_string_value(json_object_get(x, "name"));
        c->grade_name = json_string_value(json_object_get(x, "grade_name"));
        c->rank = (int)json_integer_value(json_object_get(x, "rank"));
        double total = json_number_value(json_object_get(x, "total"));
        c->total = (int64_t)(total * 100 + (total < 0 ? -0.5 : 0.5)); /* written with two decimals */
        size_t g;
        json_t *gx;
        json_array_foreach(groups, g, gx) if (json_integer_value(json_object_get(gx, "id")) == group)
        {
            c->group = g;
            c->group_name = json_string_value(json_object_get(gx, "name"));
        }
        if (!c->name || !c->grade_name)
            goto bad;
    }
    return 0;
bad:
    json_decref(v->root);
    v->root = NULL;
    return error_set(e, ERR_INTERNAL, NULL, "已发布的结果无法读取", "the published results cannot be read");
}

static bool version_has_grade(const struct version_view *v, const char *name)
{
    for (size_t i = 0; i < v->n_grades; i++)
        if (v->grades[i] && strcmp(v->grades[i], name) == 0)
            return true;
    return false;
}

/* The "grades" field: 1..AWARD_GRADES_MAX distinct grades of the version; absent: fallback (or the top
 * grade). */
static int read_grades(json_t *body, const struct version_view *v, const char *const *fallback,
                       size_t n_fallback, struct arena *a, const char ***out, size_t *n, struct error *e)
{
    json_t *g = json_object_get(body, "grades");
    if (!g) {
        if (n_fallback) {
            for (size_t i = 0; i < n_fallback; i++)
                if (!version_has_grade(v, fallback[i]))
                    return error_set(e, ERR_INVALID_VALUE, "grades", "该版结果没有等次“%s”，请重新选择等次",
                                     "the version has no grade \"%s\": pick the grades again", fallback[i]);
            *out = (const char **)fallback;
            *n = n_fallback;
            return 0;
        }
        if (v->n_grades == 0)
            return error_set(e, ERR_INTERNAL, NULL, "该版结果没有等次", "the version has no grades");
        *out = v->grades;
        *n = 1;
        return 0;
    }
    if (!json_is_array(g) || json_array_size(g) == 0 || json_array_size(g) > AWARD_GRADES_MAX)
        return error_set(e, json_is_array(g) ? ERR_INVALID_VALUE : ERR_WRONG_TYPE, "grades",
                         "grades 应为 1 到 %d 个等次名称的数组",
                         "grades must be an array of 1 to %d grade names", AWARD_GRADES_MAX);
    const char **names = arena_alloc(a, json_array_size(g) * sizeof(char *));
    if (!names)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t i = 0; i < json_array_size(g); i++) {
        char field[32];
        appr_field(field, sizeof(field), "grades[%zu]", i);
        json_t *x = json_array_get(g, i);
        if (!json_is_string(x))
            return error_set(e, ERR_WRONG_TYPE, field, "字段“%s”应为字符串", "field \"%s\" must be a string",
                             field);
        names[i] = json_string_value(x);
        if (!version_has_grade(v, names[i]))
            return error_set(e, ERR_INVALID_VALUE, field, "该版结果没有等次“%s”",
                             "the version has no grade \"%s\"", names[i]);
        for (size_t k = 0; k < i; k++)
            if (strcmp(names[k], names[i]) == 0)
                return error_set(e, ERR_INVALID_VALUE, field, "等次“%s”重复",
                                 "the grade \"%s\" is given twice", names[i]);
    }
    *out = names;
    *n = json_array_size(g);
    return 0;
}

/* The entries of in from the version: its subjects of the grades picked, by group then rank. */
static int derive(struct request *r, const struct version_view *v, struct award_list_input *in,
                  struct error *e)
{
    size_t *picked = arena_alloc(&r->arena, (v->n + 1) * sizeof(size_t));
    struct award_candidate *entries = arena_alloc(&r->arena, (v->n + 1) * sizeof(*entries));
    if (!picked || !entries)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    size_t m = award_derive(v->c, v->n, in->grades, in->n_grades, picked);
    for (size_t i = 0; i < m; i++)
        entries[i] = v->c[picked[i]];
    in->entries = entries;
    in->n_entries = m;
    return 0;
}

/* The version field (absent: the scheme's latest), checked to be published. */
static int read_version_field(struct request *r, json_t *body, int64_t scheme_id, int *version,
                              struct error *e)
{
    int64_t v = 0;
    int got = int_field(body, "version", NULL, false, 1, 100000, &v, e);
    if (got < 0)
        return -1;
    struct appr_scheme_row s;
    if (store_appr_scheme_get(r->store, r->tenant, scheme_id, &r->arena, &s, e) != 0)
        return error_set(e, ERR_INVALID_VALUE, "scheme_id", "考核方案不存在", "no such appraisal scheme");
    if (!got) {
        if (s.published_version == 0)
            return error_set(e, ERR_INVALID_VALUE, "scheme_id", "考核方案“%s”尚未发布结果",
                             "the scheme \"%s\" has no published results", s.name);
        v = s.published_version;
    }
    *version = (int)v;
    return 0;
}

/* ---- JSON out */

static void kind_json(struct strbuf *sb, enum award_kind k)
{
    strbuf_addf(sb, "\"kind\":\"%s\",\"kind_name\":", award_kind_name(k));
    const char *label = award_kind_label(k);
    json_escape(sb, label, strlen(label));
}

static void opt_id(struct strbuf *sb, const char *key, int64_t v)
{
    if (v)
        strbuf_addf(sb, ",\"%s\":%lld", key, (long long)v);
    else
        strbuf_addf(sb, ",\"%s\":null", key);
}

static void summary_json(struct strbuf *sb, const struct award_list_row *l)
{
    strbuf_addf(sb, "{\"id\":%lld,\"year\":%d,", (long long)l->id, l->year);
    kind_json(sb, l->kind);
    strbuf_addstr(sb, ",\"name\":");
    json_escape(sb, l->name, strlen(l->name));
    strbuf_addf(sb, ",\"state\":\"%s\"", l->state == AWARD_LIST_PUBLISHED ? "published" : "draft");
    opt_id(sb, "scheme_id", l->scheme_id);
    strbuf_addstr(sb, ",\"scheme_name\":");
    json_escape_or_null(sb, l->scheme_name);
    opt_id(sb, "version", l->version);
    strbuf_addstr(sb, ",\"grades\":[");
    for (size_t i = 0; i < l->n_grades; i++) {
        if (i)
            strbuf_addch(sb, ',');
        json_escape(sb, l->grades[i], strlen(l->grades[i]));
    }
    strbuf_addf(sb, "],\"entry_count\":%lld,\"created_at\":\"%s\",\"updated_at\":\"%s\",\"published_at\":",
                (long long)l->entry_count, l->created_at, l->updated_at);
    json_escape_or_null(sb, l->published_at);
    strbuf_addstr(sb, ",\"published_by\":");
    json_escape_or_null(sb, l->state == AWARD_LIST_PUBLISHED ? l->published_by : NULL);
    strbuf_addch(sb, '}');
}

static void entry_json(struct strbuf *sb, const struct award_entry_row *x, bool person)
{
    strbuf_addf(sb, "{\"id\":%lld,\"source\":\"%s\",\"removed\":%s,\"reason\":", (long long)x->id,
                award_source_name(x->source), x->removed ? "true" : "false");
    json_escape(sb, x->reason, strlen(x->reason));
    opt_id(sb, "subject_id", x->subject_id);
    opt_id(sb, "unit_id", x->unit_id);
    opt_id(sb, "enterprise_id", x->enterprise_id);
    strbuf_addstr(sb, ",\"name\":");
    json_escape(sb, x->name, strlen(x->name));
    strbuf_addstr(sb, ",\"unit_name\":");
    json_escape_or_null(sb, x->unit_name);
    strbuf_addstr(sb, ",\"group_name\":");
    json_escape_or_null(sb, x->group_name);
    strbuf_addstr(sb, ",\"total\":");
    if (person)
        strbuf_addstr(sb, "null");
    else
        appr_json_points(sb, x->total);
    if (person)
        strbuf_addstr(sb, ",\"rank\":null");
    else
        strbuf_addf(sb, ",\"rank\":%d", x->rank);
    strbuf_addstr(sb, ",\"grade_name\":");
    json_escape_or_null(sb, x->grade_name);
    strbuf_addstr(sb, ",\"position\":");
    json_escape_or_null(sb, x->position);
    strbuf_addstr(sb, ",\"deeds\":");
    json_escape_or_null(sb, x->deeds);
    strbuf_addch(sb, '}');
}

static void detail_json(struct strbuf *sb, const struct award_list *l)
{
    summary_json(sb, &l->list);
    sb->len--;
    strbuf_addstr(sb, ",\"entries\":[");
    for (size_t i = 0; i < l->n_entries; i++) {
        if (i)
            strbuf_addch(sb, ',');
        entry_json(sb, &l->entries[i], l->list.kind == AWARD_PERSON);
    }
    strbuf_addstr(sb, "]}");
}

static int respond_award(struct request *r, int status, int64_t id, struct error *e)
{
    struct award_list l;
    if (store_award_get(r->store, r->tenant, id, visibility(r), r->scope, &r->arena, &l, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    detail_json(&sb, &l);
    return respond_sb(r, status, &sb, e);
}

/* ---- lists */

int handle_award_lists(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "year"}, {.name = NULL}};
    int64_t year = 0;
    if (input_query(r, q, e) != 0 || (q[0].value && input_query_int(&q[0], 2000, 2100, &year, e) != 0))
        return -1;
    struct award_list_row *items;
    size_t n;
    if (store_award_lists(r->store, r->tenant, (int)year, visibility(r), &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        summary_json(&sb, &items[i]);
    }
    strbuf_addstr(&sb, "]}");
    return respond_sb(r, 200, &sb, e);
}

int handle_award_get(struct request *r, struct error *e)
{
    int64_t id;
    return list_id(r, &id, e) == 0 ? respond_award(r, 200, id, e) : -1;
}

static int read_create(struct request *r, json_t *body, struct award_list_input *in, struct version_view *v,
                       struct error *e)
{
    static const char *const fields[] = {"kind", "name", "year", "scheme_id", "version", "grades", NULL};
    const char *kind = NULL;
    int64_t year = 0, scheme = 0;
    *in = (struct award_list_input){0};
    if (input_only_fields(body, fields, e) != 0 ||
        appr_input_text(body, "kind", NULL, 20, true, &kind, e) != 1)
        return -1;
    if (award_kind_parse(kind, &in->kind) != 0)
        return error_set(e, ERR_INVALID_VALUE, "kind",
                         "kind 应为 enterprise（优秀企业）、unit（先进单位）或 person（先进个人）",
                         "kind must be enterprise, unit or person");
    bool person = in->kind == AWARD_PERSON;
    if (appr_input_text(body, "name", NULL, NAME_CHARS, true, &in->name, e) != 1)
        return -1;
    int got_year = int_field(body, "year", NULL, false, 2000, 2100, &year, e);
    int got_scheme =
        got_year < 0 ? -1 : int_field(body, "scheme_id", NULL, !person, 1, INT64_MAX, &scheme, e);
    if (got_scheme < 0)
        return -1;
    in->year = (int)year;
    in->scheme_id = scheme;
    if (person) {
        for (const char *const *f = fields + 4; *f; f++)
            if (json_object_get(body, *f))
                return error_set(e, ERR_INVALID_VALUE, *f, "先进个人名单由推荐产生，没有“%s”",
                                 "a list of individuals is nominated: it has no \"%s\"", *f);
        if (!got_year && !got_scheme)
            return error_set(e, ERR_MISSING_FIELD, "year", "缺少必填字段“year”（或 scheme_id）",
                             "missing required field \"year\" (or scheme_id)");
        if (got_scheme) {
            struct appr_scheme_row s;
            if (store_appr_scheme_get(r->store, r->tenant, scheme, &r->arena, &s, e) != 0)
                return error_set(e, ERR_INVALID_VALUE, "scheme_id", "考核方案不存在",
                                 "no such appraisal scheme");
            if (!got_year)
                in->year = s.year;
        }
        return 0;
    }
    if (read_version_field(r, body, scheme, &in->version, e) != 0 ||
        read_version(r, scheme, in->version, v, e) != 0)
        return -1;
    if (read_grades(body, v, NULL, 0, &r->arena, (const char ***)&in->grades, &in->n_grades, e) != 0)
        return -1;
    return derive(r, v, in, e);
}

int handle_award_create(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    struct award_list_input in;
    struct version_view v = {0};
    int64_t id = 0;
    int rc = read_create(r, body, &in, &v, e) == 0 &&
                     store_award_create(r->store, r->tenant, &r->actor, &in, &id, e) == 0
                 ? 0
                 : -1;
    json_decref(v.root);
    json_decref(body);
    return rc == 0 ? respond_award(r, 201, id, e) : -1;
}

int handle_award_delete(struct request *r, struct error *e)
{
    int64_t id;
    if (list_id(r, &id, e) != 0 || store_award_delete(r->store, r->tenant, &r->actor, id, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}

/* The list as the office sees it (for a write that needs its scheme and version). */
static int office_list(struct request *r, int64_t id, struct award_list *l, struct error *e)
{
    return store_award_get(r->store, r->tenant, id, AWARD_SEE_ALL, 0, &r->arena, l, e);
}

static int derived_draft(const struct award_list *l, struct error *e)
{
    if (l->list.kind == AWARD_PERSON)
        return error_set(e, ERR_INVALID_STATE, NULL, "先进个人名单由推荐审核产生，不能直接增删",
                         "a list of individuals is made of approved nominations, not changed directly");
    return 0;
}

int handle_award_regenerate(struct request *r, struct error *e)
{
    static const char *const fields[] = {"reason", "version", "grades", NULL};
    int64_t id;
    json_t *body;
    struct award_list l;
    if (list_id(r, &id, e) != 0 || office_list(r, id, &l, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    const char *reason = NULL;
    struct award_list_input in = {.kind = l.list.kind, .scheme_id = l.list.scheme_id};
    struct version_view v = {0};
    int rc = input_only_fields(body, fields, e) == 0 &&
                     appr_input_text(body, "reason", NULL, REASON_CHARS, true, &reason, e) == 1 &&
                     derived_draft(&l, e) == 0 &&
                     read_version_field(r, body, l.list.scheme_id, &in.version, e) == 0 &&
                     read_version(r, l.list.scheme_id, in.version, &v, e) == 0 &&
                     read_grades(body, &v, l.list.grades, l.list.n_grades, &r->arena,
                                 (const char ***)&in.grades, &in.n_grades, e) == 0 &&
                     derive(r, &v, &in, e) == 0 &&
                     store_award_regenerate(r->store, r->tenant, &r->actor, id, &in, reason, e) == 0
                 ? 0
                 : -1;
    json_decref(v.root);
    json_decref(body);
    return rc == 0 ? respond_award(r, 200, id, e) : -1;
}

int handle_award_entry_add(struct request *r, struct error *e)
{
    static const char *const fields[] = {"subject_id", "reason", NULL};
    int64_t id, subject = 0;
    json_t *body;
    struct award_list l;
    if (list_id(r, &id, e) != 0 || office_list(r, id, &l, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    const char *reason = NULL;
    struct version_view v = {0};
    int rc = input_only_fields(body, fields, e) == 0 &&
                     int_field(body, "subject_id", NULL, true, 1, INT64_MAX, &subject, e) == 1 &&
                     appr_input_text(body, "reason", NULL, REASON_CHARS, true, &reason, e) == 1 &&
                     derived_draft(&l, e) == 0 &&
                     read_version(r, l.list.scheme_id, l.list.version, &v, e) == 0
                 ? 0
                 : -1;
    const struct award_candidate *c = NULL;
    for (size_t i = 0; rc == 0 && i < v.n; i++)
        if (v.c[i].subject_id == subject)
            c = &v.c[i];
    if (rc == 0 && !c)
        rc = error_set(e, ERR_INVALID_VALUE, "subject_id", "第 %d 版结果中没有该考核对象",
                       "no such subject in version %d of the results", l.list.version);
    if (rc == 0)
        rc = store_award_entry_add(r->store, r->tenant, &r->actor, id, c, reason, e);
    json_decref(v.root);
    json_decref(body);
    return rc == 0 ? respond_award(r, 200, id, e) : -1;
}

int handle_award_entry_remove(struct request *r, struct error *e)
{
    static const char *const fields[] = {"reason", NULL};
    int64_t id, entry;
    json_t *body;
    if (list_id(r, &id, e) != 0)
        return -1;
    if (input_id(r->params[1], &entry) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "名单中没有这一条", "no such entry on the list");
    if (input_json_object(r, &body, e) != 0)
        return -1;
    const char *reason = NULL;
    int rc = input_only_fields(body, fields, e) == 0 &&
                     appr_input_text(body, "reason", NULL, REASON_CHARS, true, &reason, e) == 1 &&
                     store_award_entry_remove(r->store, r->tenant, &r->actor, id, entry, reason, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    return rc == 0 ? respond_award(r, 200, id, e) : -1;
}

int handle_award_publish(struct request *r, struct error *e)
{
    int64_t id;
    if (list_id(r, &id, e) != 0 || store_award_publish(r->store, r->tenant, &r->actor, id, e) != 0)
        return -1;
    return respond_award(r, 200, id, e);
}

/* ---- export */

static int write_sheet(struct store *st, const char *path, void *ctx, struct error *e)
{
    return award_sheet_write(ctx, path, e);
}

int handle_award_export(struct request *r, struct error *e)
{
    int64_t id;
    struct award_list *l = arena_alloc(&r->arena, sizeof(*l));
    char *ascii = arena_alloc(&r->arena, 48);
    if (!l || !ascii)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    if (list_id(r, &id, e) != 0 ||
        store_award_get(r->store, r->tenant, id, visibility(r), r->scope, &r->arena, l, e) != 0)
        return -1;
    snprintf(ascii, 48, "award-list-%lld", (long long)id);
    return report_respond(r, write_sheet, l, ascii, l->list.name, e);
}

/* ---- quotas */

static void quotas_json(struct strbuf *sb, const struct award_quota_row *q, size_t n)
{
    strbuf_addstr(sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        strbuf_addf(sb, "%s{\"unit_id\":%lld,\"unit_name\":", i ? "," : "", (long long)q[i].unit_id);
        json_escape(sb, q[i].unit_name, strlen(q[i].unit_name));
        strbuf_addf(sb, ",\"quota\":%d,\"nominated\":%d,\"approved\":%d}", q[i].quota, q[i].nominated,
                    q[i].approved);
    }
    strbuf_addstr(sb, "]}");
}

static int respond_quotas(struct request *r, int64_t id, struct error *e)
{
    struct award_quota_row *q;
    size_t n;
    if (store_award_quotas(r->store, r->tenant, id, visibility(r), r->scope, &r->arena, &q, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    quotas_json(&sb, q, n);
    return respond_sb(r, 200, &sb, e);
}

int handle_award_quotas_get(struct request *r, struct error *e)
{
    int64_t id;
    return list_id(r, &id, e) == 0 ? respond_quotas(r, id, e) : -1;
}

/* Quotas from the grades of a scheme's latest version (by_grade, others), then items: into *out. */
static int read_quotas(struct request *r, json_t *body, struct award_quota_input **out, size_t *n_out,
                       struct error *e)
{
    static const char *const fields[] = {"items", "scheme_id", "by_grade", "others", NULL};
    static const char *const item_fields[] = {"unit_id", "quota", NULL};
    static const char *const grade_fields[] = {"grade_name", "quota", NULL};
    if (input_only_fields(body, fields, e) != 0)
        return -1;
    json_t *items = json_object_get(body, "items"), *by_grade = json_object_get(body, "by_grade");
    int64_t scheme = 0, others = 0;
    int got_scheme = int_field(body, "scheme_id", NULL, false, 1, INT64_MAX, &scheme, e);
    if (got_scheme < 0 || int_field(body, "others", NULL, false, 0, AWARD_QUOTA_MAX, &others, e) < 0)
        return -1;
    if (!items && !got_scheme)
        return error_set(e, ERR_MISSING_FIELD, "items", "缺少必填字段“items”（或 scheme_id）",
                         "missing required field \"items\" (or scheme_id)");
    if (items && (!json_is_array(items) || json_array_size(items) > QUOTA_ITEMS_MAX))
        return error_set(e, json_is_array(items) ? ERR_INVALID_VALUE : ERR_WRONG_TYPE, "items",
                         "items 应为至多 %d 项的数组", "items must be an array of at most %d entries",
                         QUOTA_ITEMS_MAX);
    if (!got_scheme && (by_grade || json_object_get(body, "others")))
        return error_set(e, ERR_MISSING_FIELD, "scheme_id", "按等次设名额需要 scheme_id",
                         "quotas by grade need scheme_id");
    if (by_grade && (!json_is_array(by_grade) || json_array_size(by_grade) > AWARD_GRADES_MAX))
        return error_set(e, json_is_array(by_grade) ? ERR_INVALID_VALUE : ERR_WRONG_TYPE, "by_grade",
                         "by_grade 应为至多 %d 项的数组", "by_grade must be an array of at most %d entries",
                         AWARD_GRADES_MAX);
    struct version_view v = {0};
    struct award_grade_quota gq[AWARD_GRADES_MAX];
    size_t n_gq = 0;
    if (got_scheme) {
        struct appr_scheme_row s;
        if (store_appr_scheme_get(r->store, r->tenant, scheme, &r->arena, &s, e) != 0)
            return error_set(e, ERR_INVALID_VALUE, "scheme_id", "考核方案不存在", "no such appraisal scheme");
        if (s.enterprises)
            return error_set(e, ERR_INVALID_VALUE, "scheme_id", "名额按单位的等次设置，应选考核单位的方案",
                             "quotas follow the grades of units: pick a scheme of units");
        if (s.published_version == 0)
            return error_set(e, ERR_INVALID_VALUE, "scheme_id", "考核方案“%s”尚未发布结果",
                             "the scheme \"%s\" has no published results", s.name);
        if (read_version(r, scheme, s.published_version, &v, e) != 0)
            return -1;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && by_grade && i < json_array_size(by_grade); i++) {
        char path[32];
        appr_field(path, sizeof(path), "by_grade[%zu]", i);
        json_t *o = json_array_get(by_grade, i);
        int64_t quota = 0;
        const char *name = NULL;
        if (!json_is_object(o))
            rc = error_set(e, ERR_WRONG_TYPE, path, "“%s”应为对象", "\"%s\" must be an object", path);
        else if (input_only_fields(o, grade_fields, e) != 0 ||
                 appr_input_text(o, "grade_name", path, 30, true, &name, e) != 1 ||
                 int_field(o, "quota", path, true, 0, AWARD_QUOTA_MAX, &quota, e) != 1)
            rc = -1;
        else if (!version_has_grade(&v, name)) {
            char field[48];
            appr_field(field, sizeof(field), "%s.grade_name", path);
            rc = error_set(e, ERR_INVALID_VALUE, field, "该方案的结果没有等次“%s”",
                           "the scheme's results have no grade \"%s\"", name);
        } else {
            for (size_t k = 0; k < n_gq; k++)
                if (strcmp(gq[k].grade_name, name) == 0) {
                    char field[48];
                    appr_field(field, sizeof(field), "%s.grade_name", path);
                    rc = error_set(e, ERR_INVALID_VALUE, field, "等次“%s”重复",
                                   "the grade \"%s\" is given twice", name);
                }
            gq[n_gq++] = (struct award_grade_quota){name, (int)quota};
        }
    }
    size_t n_items = items ? json_array_size(items) : 0;
    struct award_quota_input *in = arena_alloc(&r->arena, (v.n + n_items + 1) * sizeof(*in));
    if (rc == 0 && !in)
        rc = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    size_t n = 0;
    for (size_t i = 0; rc == 0 && i < v.n; i++)
        in[n++] = (struct award_quota_input){
            .subject_id = v.c[i].subject_id,
            .quota = award_quota_of_grade(gq, n_gq, (int)others, v.c[i].grade_name),
            .field = "scheme_id"};
    size_t first_item = n;
    for (size_t i = 0; rc == 0 && i < n_items; i++) {
        char path[32];
        appr_field(path, sizeof(path), "items[%zu]", i);
        json_t *o = json_array_get(items, i);
        int64_t unit = 0, quota = 0;
        if (!json_is_object(o)) {
            rc = error_set(e, ERR_WRONG_TYPE, path, "“%s”应为对象", "\"%s\" must be an object", path);
            break;
        }
        if (input_only_fields(o, item_fields, e) != 0 ||
            int_field(o, "unit_id", path, true, 1, INT64_MAX, &unit, e) != 1 ||
            int_field(o, "quota", path, true, 0, AWARD_QUOTA_MAX, &quota, e) != 1) {
            rc = -1;
            break;
        }
        char *field = arena_alloc(&r->arena, 48);
        if (!field) {
            rc = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
            break;
        }
        appr_field(field, 48, "%s.unit_id", path);
        for (size_t k = first_item; k < n; k++)
            if (in[k].unit_id == unit)
                rc = error_set(e, ERR_INVALID_VALUE, field, "单位重复（与 %s 相同）",
                               "the unit is given twice (as in %s)", in[k].field);
        in[n++] = (struct award_quota_input){.unit_id = unit, .quota = (int)quota, .field = field};
    }
    json_decref(v.root);
    *out = in;
    *n_out = n;
    return rc;
}

int handle_award_quotas_put(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    if (list_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    struct award_quota_input *in = NULL;
    size_t n = 0;
    int rc = read_quotas(r, body, &in, &n, e) == 0 &&
                     store_award_quotas_put(r->store, r->tenant, &r->actor, id, in, n, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    return rc == 0 ? respond_quotas(r, id, e) : -1;
}

/* ---- nominations */

static void nomination_json(struct strbuf *sb, const struct award_nomination_row *x)
{
    strbuf_addf(sb, "{\"id\":%lld,\"list_id\":%lld,\"unit_id\":%lld,\"unit_name\":", (long long)x->id,
                (long long)x->list_id, (long long)x->unit_id);
    json_escape(sb, x->unit_name, strlen(x->unit_name));
    strbuf_addstr(sb, ",\"name\":");
    json_escape(sb, x->name, strlen(x->name));
    strbuf_addstr(sb, ",\"position\":");
    json_escape(sb, x->position, strlen(x->position));
    strbuf_addstr(sb, ",\"deeds\":");
    json_escape(sb, x->deeds, strlen(x->deeds));
    strbuf_addf(sb, ",\"state\":\"%s\",\"reason\":", award_nomination_state_name(x->state));
    json_escape(sb, x->reason, strlen(x->reason));
    strbuf_addstr(sb, ",\"nominated_by\":");
    json_escape(sb, x->nominated_by, strlen(x->nominated_by));
    strbuf_addf(sb, ",\"created_at\":\"%s\",\"decided_by\":", x->created_at);
    json_escape_or_null(sb, x->decided_at ? x->decided_by : NULL);
    strbuf_addstr(sb, ",\"decided_at\":");
    json_escape_or_null(sb, x->decided_at);
    strbuf_addch(sb, '}');
}

int handle_award_nominations(struct request *r, struct error *e)
{
    int64_t id;
    struct award_nomination_row *items;
    size_t n;
    if (list_id(r, &id, e) != 0 || store_award_nominations(r->store, r->tenant, id, visibility(r), r->scope,
                                                           &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        nomination_json(&sb, &items[i]);
    }
    strbuf_addstr(&sb, "]}");
    return respond_sb(r, 200, &sb, e);
}

int handle_award_nominate(struct request *r, struct error *e)
{
    static const char *const fields[] = {"unit_id", "name", "position", "deeds", NULL};
    int64_t id;
    json_t *body;
    if (list_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    struct award_nomination_input in = {0};
    struct award_nomination_row out;
    int rc = input_only_fields(body, fields, e) == 0 &&
                     int_field(body, "unit_id", NULL, true, 1, INT64_MAX, &in.unit_id, e) == 1 &&
                     appr_input_text(body, "name", NULL, 50, true, &in.name, e) == 1 &&
                     appr_input_text(body, "position", NULL, NAME_CHARS, false, &in.position, e) >= 0 &&
                     appr_input_text(body, "deeds", NULL, DEEDS_CHARS, true, &in.deeds, e) == 1 &&
                     store_award_nominate(r->store, r->tenant, &r->actor, id, visibility(r), r->scope, &in,
                                          &r->arena, &out, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    if (rc != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    nomination_json(&sb, &out);
    return respond_sb(r, 201, &sb, e);
}

static int decide(struct request *r, bool approve, struct error *e)
{
    static const char *const fields[] = {"reason", NULL};
    int64_t id, nomination;
    json_t *body;
    if (list_id(r, &id, e) != 0)
        return -1;
    if (input_id(r->params[1], &nomination) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "推荐不存在", "no such nomination");
    if (input_json_object(r, &body, e) != 0)
        return -1;
    const char *reason = NULL;
    struct award_nomination_row out;
    int rc = input_only_fields(body, fields, e) == 0 &&
                     appr_input_text(body, "reason", NULL, REASON_CHARS, !approve, &reason, e) >= 0 &&
                     store_award_decide(r->store, r->tenant, &r->actor, id, nomination, approve, reason,
                                        &r->arena, &out, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    if (rc != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    nomination_json(&sb, &out);
    return respond_sb(r, 200, &sb, e);
}

int handle_award_nomination_approve(struct request *r, struct error *e)
{
    return decide(r, true, e);
}

int handle_award_nomination_reject(struct request *r, struct error *e)
{
    return decide(r, false, e);
}

int handle_award_nomination_withdraw(struct request *r, struct error *e)
{
    int64_t id, nomination;
    if (list_id(r, &id, e) != 0)
        return -1;
    if (input_id(r->params[1], &nomination) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "推荐不存在", "no such nomination");
    if (store_award_withdraw(r->store, r->tenant, &r->actor, id, visibility(r), nomination, r->scope, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}

/* ---- the public */

/* A published list as the public reads it: no ids of people, no deeds, no removed entries. */
static void public_json(struct strbuf *sb, const struct award_list *l)
{
    bool person = l->list.kind == AWARD_PERSON;
    strbuf_addf(sb, "{\"id\":%lld,\"year\":%d,", (long long)l->list.id, l->list.year);
    kind_json(sb, l->list.kind);
    strbuf_addstr(sb, ",\"name\":");
    json_escape(sb, l->list.name, strlen(l->list.name));
    opt_id(sb, "scheme_id", l->list.scheme_id);
    opt_id(sb, "version", l->list.version);
    strbuf_addstr(sb, ",\"published_at\":");
    json_escape_or_null(sb, l->list.published_at);
    strbuf_addstr(sb, ",\"entries\":[");
    for (size_t i = 0; i < l->n_entries; i++) {
        const struct award_entry_row *x = &l->entries[i];
        strbuf_addstr(sb, i ? ",{\"name\":" : "{\"name\":");
        json_escape(sb, x->name, strlen(x->name));
        strbuf_addstr(sb, ",\"unit_name\":");
        json_escape_or_null(sb, x->unit_name);
        strbuf_addstr(sb, ",\"position\":");
        json_escape_or_null(sb, x->position);
        strbuf_addstr(sb, ",\"group_name\":");
        json_escape_or_null(sb, x->group_name);
        strbuf_addstr(sb, ",\"total\":");
        if (person)
            strbuf_addstr(sb, "null");
        else
            appr_json_points(sb, x->total);
        strbuf_addstr(sb, ",\"grade_name\":");
        json_escape_or_null(sb, x->grade_name);
        strbuf_addch(sb, '}');
    }
    strbuf_addstr(sb, "]}");
}

int appr_awards_notice_json(struct request *r, struct strbuf *sb, int64_t tenant, int64_t scheme_id,
                            int version, struct error *e)
{
    struct award_list *lists;
    size_t n;
    if (store_award_published(r->store, tenant, NULL, 0, scheme_id, version, &r->arena, &lists, &n, NULL,
                              e) != 0)
        return -1;
    strbuf_addch(sb, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(sb, ',');
        public_json(sb, &lists[i]);
    }
    strbuf_addch(sb, ']');
    return 0;
}

int handle_public_awards(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "tenant"}, {.name = "year"}, {.name = NULL}};
    int64_t year = -1;
    if (input_query(r, q, e) != 0 || (q[1].value && input_query_int(&q[1], 2000, 2100, &year, e) != 0))
        return -1;
    struct award_list *lists;
    size_t n;
    if (store_award_published(r->store, 0, q[0].value, (int)year, 0, 0, &r->arena, &lists, &n, NULL, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        public_json(&sb, &lists[i]);
    }
    strbuf_addstr(&sb, "]}");
    return respond_sb(r, 200, &sb, e);
}
