/*
 * The appraisal's spreadsheets: the results computed now and a published version's, as .xlsx;
 * the notice (通报) of a version; the data-entry template of the caller's subjects (its import is
 * POST …/data/import, import_endpoint.c). Each file is made on a worker with the worker's store
 * connection (export.h); a published version is read from its frozen texts, never computed again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "http/export.h"
#include "http/handlers.h"
#include "io/appraisal_sheets.h"
#include "base/banned.h"

struct sheet_job {
    int64_t tenant, scope, scheme_id;
    int version; /* 0: computed now */
};

static int no_memory(struct error *e)
{
    return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
}

/* ---- computed now */

/* A subject's place in the sheet: by group, then rank, then the scheme's order (no global for qsort). */
struct place {
    size_t group;
    int rank;
    size_t i;
};

static int by_place(const void *pa, const void *pb)
{
    const struct place *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The scheme computed now: kept by the worker's connection while its data is unchanged (store_appr_cached).
 */
static int computed_sheet(struct store *st, const struct sheet_job *j, struct arena *a,
                          struct appr_sheet *out, struct error *e)
{
    struct appr_cached *kept;
    if (store_appr_cached(st, j->tenant, j->scheme_id, &kept, e) != 0)
        return -1;
    if (!kept->computed) {
        const struct appr_loaded *k = &kept->in;
        if (appr_compute(&k->scheme, k->subjects, k->s.n_subjects, k->s.n_groups, k->values, kept->scores,
                         kept->results) != 0)
            return no_memory(e);
        kept->computed = true;
    }
    const struct appr_loaded in = kept->in;
    const struct appr_score *scores = kept->scores;
    const struct appr_result *results = kept->results;
    size_t ns = in.s.n_subjects, nl = in.n_leaves;
    struct appr_sheet_row *rows = arena_alloc(a, (ns + 1) * sizeof(*rows));
    struct place *order = arena_alloc(a, (ns + 1) * sizeof(*order));
    const char **groups = arena_alloc(a, (in.s.n_groups + 1) * sizeof(*groups));
    const char **leaves = arena_alloc(a, (nl + 1) * sizeof(*leaves));
    if (!rows || !order || !groups || !leaves)
        return no_memory(e);
    for (size_t g = 0; g < in.s.n_groups; g++)
        groups[g] = in.s.groups[g].name;
    for (size_t l = 0; l < nl; l++)
        if (!(leaves[l] = appr_indicator_path(&in.s, in.leaf_of[l], a)))
            return no_memory(e);
    for (size_t i = 0; i < ns; i++)
        order[i] = (struct place){in.s.subjects[i].group_index, results[i].rank, i};
    qsort(order, ns, sizeof(*order), by_place);
    for (size_t k = 0; k < ns; k++) {
        size_t i = order[k].i;
        int64_t *sc = arena_alloc(a, (nl + 1) * sizeof(int64_t));
        if (!sc)
            return no_memory(e);
        for (size_t l = 0; l < nl; l++)
            sc[l] = scores[i * nl + l].points;
        const struct appr_result *r = &results[i];
        rows[k] = (struct appr_sheet_row){.name = in.s.subjects[i].name,
                                          .group = in.s.subjects[i].group_index,
                                          .rank = r->rank,
                                          .scores = sc,
                                          .leaf_sum = r->leaf_sum,
                                          .bonus = r->bonus,
                                          .deduction = r->deduction,
                                          .total = r->total,
                                          .grade = in.s.grades[r->grade].name,
                                          .veto = in.subjects[i].veto};
    }
    char note[160];
    char now[32];
    date_now_iso(now, sizeof(now));
    snprintf(note, sizeof(note), "按当前数据计算，未发布（%.10s）", now);
    *out = (struct appr_sheet){.title = in.s.scheme.name,
                               .note = arena_strndup(a, note, strlen(note)),
                               .groups = groups,
                               .n_groups = in.s.n_groups,
                               .leaves = leaves,
                               .n_leaves = nl,
                               .rows = rows,
                               .n_rows = ns};
    return out->note ? 0 : no_memory(e);
}

/* ---- a published version, from its frozen JSON */

static int64_t json_points(json_t *v)
{
    double d = json_number_value(v) * 100.0; /* written with two decimals: exact once rounded */
    return (int64_t)(d < 0 ? d - 0.5 : d + 0.5);
}

static const char *json_text(json_t *o, const char *key, struct arena *a)
{
    json_t *v = json_object_get(o, key);
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    return arena_strndup(a, s, strlen(s));
}

static enum appr_veto veto_parse(const char *s)
{
    return strcmp(s, "lowest") == 0    ? APPR_VETO_LOWEST
           : strcmp(s, "bar_top") == 0 ? APPR_VETO_BAR_TOP
                                       : APPR_VETO_NONE;
}

static int damaged(struct error *e)
{
    return error_set(e, ERR_INTERNAL, NULL, "已发布的结果无法读取", "the published results cannot be read");
}

/* Each subject's frozen leaves: the paths (from the first) and the scores by the first's leaves. */
static int frozen_leaves(struct store *st, const struct sheet_job *j, json_t *items, struct arena *a,
                         struct appr_sheet *out, struct appr_sheet_row *rows, struct error *e)
{
    size_t n = json_array_size(items);
    json_t *first = NULL;
    int64_t *ids = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *text;
        int64_t subject = json_integer_value(json_object_get(json_array_get(items, i), "subject_id"));
        if (store_appr_version_get(st, j->tenant, j->scheme_id, j->version, subject, a, &text, e) != 0)
            return -1;
        json_t *detail = json_loads(text, 0, NULL);
        json_t *leaves = json_object_get(detail, "leaves");
        if (!json_is_array(leaves)) {
            json_decref(detail);
            json_decref(first);
            return damaged(e);
        }
        if (!first) {
            first = json_incref(leaves);
            out->n_leaves = json_array_size(leaves);
            const char **paths = arena_alloc(a, (out->n_leaves + 1) * sizeof(*paths));
            ids = arena_alloc(a, (out->n_leaves + 1) * sizeof(*ids));
            if (!paths || !ids) {
                json_decref(detail);
                json_decref(first);
                return no_memory(e);
            }
            for (size_t l = 0; l < out->n_leaves; l++) {
                json_t *leaf = json_array_get(leaves, l);
                paths[l] = json_text(leaf, "path", a);
                ids[l] = json_integer_value(json_object_get(leaf, "indicator_id"));
            }
            out->leaves = paths;
        }
        int64_t *sc = arena_calloc(a, (out->n_leaves + 1) * sizeof(int64_t));
        if (!sc) {
            json_decref(detail);
            json_decref(first);
            return no_memory(e);
        }
        size_t k;
        json_t *leaf;
        json_array_foreach(leaves, k, leaf)
        {
            json_int_t id = json_integer_value(json_object_get(leaf, "indicator_id"));
            for (size_t l = 0; l < out->n_leaves; l++)
                if (ids[l] == id)
                    sc[l] = json_points(json_object_get(leaf, "score"));
        }
        rows[i].scores = sc;
        json_decref(detail);
    }
    json_decref(first);
    return 0;
}

static int frozen_sheet(struct store *st, const struct sheet_job *j, struct arena *a, struct appr_sheet *out,
                        struct error *e)
{
    const char *text;
    if (store_appr_version_get(st, j->tenant, j->scheme_id, j->version, 0, a, &text, e) != 0)
        return -1;
    json_t *root = json_loads(text, 0, NULL);
    json_t *groups = json_object_get(root, "groups"), *items = json_object_get(root, "items");
    if (!json_is_array(groups) || !json_is_array(items)) {
        json_decref(root);
        return damaged(e);
    }
    size_t ng = json_array_size(groups), n = json_array_size(items);
    const char **names = arena_alloc(a, (ng + 1) * sizeof(*names));
    int64_t *group_ids = arena_alloc(a, (ng + 1) * sizeof(*group_ids));
    struct appr_sheet_row *rows = arena_calloc(a, (n + 1) * sizeof(*rows));
    char note[160];
    snprintf(note, sizeof(note), "第 %d 版（已发布）", j->version);
    *out = (struct appr_sheet){.title = json_text(root, "name", a),
                               .note = arena_strndup(a, note, strlen(note)),
                               .groups = names,
                               .n_groups = ng,
                               .rows = rows,
                               .n_rows = n};
    if (!names || !group_ids || !rows || !out->title || !out->note) {
        json_decref(root);
        return no_memory(e);
    }
    for (size_t g = 0; g < ng; g++) {
        json_t *x = json_array_get(groups, g);
        names[g] = json_text(x, "name", a);
        group_ids[g] = json_integer_value(json_object_get(x, "id"));
    }
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(items, i);
        int64_t gid = json_integer_value(json_object_get(x, "group_id"));
        size_t g = 0;
        while (g < ng && group_ids[g] != gid)
            g++;
        rows[i] =
            (struct appr_sheet_row){.name = json_text(x, "name", a),
                                    .group = g,
                                    .rank = (int)json_integer_value(json_object_get(x, "rank")),
                                    .leaf_sum = json_points(json_object_get(x, "leaf_sum")),
                                    .bonus = json_points(json_object_get(x, "bonus")),
                                    .deduction = json_points(json_object_get(x, "deduction")),
                                    .total = json_points(json_object_get(x, "total")),
                                    .grade = json_text(x, "grade_name", a),
                                    .veto = veto_parse(json_string_value(json_object_get(x, "veto"))
                                                           ? json_string_value(json_object_get(x, "veto"))
                                                           : "")};
    }
    int rc = frozen_leaves(st, j, items, a, out, rows, e);
    json_decref(root);
    return rc;
}

static int write_results(struct store *st, const char *path, void *ctx, struct error *e)
{
    const struct sheet_job *j = ctx;
    struct arena a = ARENA_INIT;
    struct appr_sheet s;
    int rc = (j->version ? frozen_sheet(st, j, &a, &s, e) : computed_sheet(st, j, &a, &s, e)) == 0
                 ? appr_results_sheet_write(&s, path, e)
                 : -1;
    arena_release(&a);
    return rc;
}

static struct sheet_job *sheet_job(struct request *r, struct error *e)
{
    struct sheet_job *j = arena_calloc(&r->arena, sizeof(*j));
    if (!j) {
        no_memory(e);
        return NULL;
    }
    j->tenant = r->tenant;
    j->scope = r->scope;
    if (appr_scheme_id(r, &j->scheme_id, e) != 0)
        return NULL;
    return j;
}

static int version_param(struct request *r, struct sheet_job *j, struct error *e)
{
    int64_t v;
    if (input_id(r->params[1], &v) != 0 || v > 100000)
        return error_set(e, ERR_NOT_FOUND, NULL, "没有这一版考核结果", "no such published version");
    j->version = (int)v;
    /* refused on the loop, so that a missing version is a 404 and not a failed download */
    const char *text;
    return store_appr_version_get(r->store, r->tenant, j->scheme_id, j->version, 0, &r->arena, &text, e);
}

static int respond_sheet(struct request *r, report_fn fn, struct sheet_job *j, const char *kind,
                         const char *zh, struct error *e)
{
    char *ascii = arena_alloc(&r->arena, 64);
    if (!ascii)
        return no_memory(e);
    if (j->version)
        snprintf(ascii, 64, "appraisal-%s-%lld-v%d", kind, (long long)j->scheme_id, j->version);
    else
        snprintf(ascii, 64, "appraisal-%s-%lld", kind, (long long)j->scheme_id);
    return report_respond(r, fn, j, ascii, zh, e);
}

/* The scheme's name and a suffix, the file's Chinese name. */
static const char *zh_name(struct request *r, int64_t id, const char *suffix, struct error *e)
{
    struct appr_scheme_row s;
    if (store_appr_scheme_get(r->store, r->tenant, id, &r->arena, &s, e) != 0)
        return NULL;
    size_t n = strlen(s.name) + strlen(suffix) + 1;
    char *out = arena_alloc(&r->arena, n);
    if (!out) {
        no_memory(e);
        return NULL;
    }
    snprintf(out, n, "%s%s", s.name, suffix);
    return out;
}

int handle_appr_results_export(struct request *r, struct error *e)
{
    struct sheet_job *j = sheet_job(r, e);
    const char *zh = j ? zh_name(r, j->scheme_id, "考核结果", e) : NULL;
    return zh ? respond_sheet(r, write_results, j, "results", zh, e) : -1;
}

int handle_appr_version_export(struct request *r, struct error *e)
{
    struct sheet_job *j = sheet_job(r, e);
    if (!j || version_param(r, j, e) != 0)
        return -1;
    const char *zh = zh_name(r, j->scheme_id, "考核结果", e);
    return zh ? respond_sheet(r, write_results, j, "results", zh, e) : -1;
}

/* ---- the notice */

/*
 * The day of a UTC time stamp in China (UTC+8), as a notice dates itself: "2031年3月5日". Every
 * tenant is a Chinese city or county.
 */
static void notice_date(const char *iso, char *buf, size_t size)
{
    struct date d;
    if (!iso || date_parse_iso(iso, 10, &d) != 0) {
        snprintf(buf, size, "%s", iso ? iso : "");
        return;
    }
    int hour = strlen(iso) >= 13 ? (iso[11] - '0') * 10 + (iso[12] - '0') : 0;
    if (hour >= 16)
        d = date_from_days(date_to_days(d) + 1);
    snprintf(buf, size, "%d年%d月%d日", d.year, d.month, d.day);
}

/*
 * The lists printed after the results: the published honour lists (表彰名单) of the version —
 * derived from it, and the lists of individuals attached to the scheme — as the public notice has them.
 */
static int notice_lists(struct store *st, const struct sheet_job *j, struct arena *a,
                        const struct appr_notice_list **lists, size_t *n, struct error *e)
{
    static const char *const subjects[] = {"序号", "名称", "组别", "等次"};
    static const char *const persons[] = {"序号", "姓名", "单位", "职务（职称）"};
    struct award_list *awards;
    size_t n_awards;
    int64_t tenant;
    *lists = NULL;
    *n = 0;
    if (store_award_published(st, j->tenant, NULL, 0, j->scheme_id, j->version, a, &awards, &n_awards,
                              &tenant, e) != 0)
        return -1;
    struct appr_notice_list *out = arena_calloc(a, (n_awards + 1) * sizeof(*out));
    if (!out)
        return no_memory(e);
    for (size_t k = 0; k < n_awards; k++) {
        const struct award_list *l = &awards[k];
        bool person = l->list.kind == AWARD_PERSON;
        const char **cells = arena_calloc(a, (l->n_entries + 1) * 4 * sizeof(char *));
        if (!cells)
            return no_memory(e);
        size_t rows = 0;
        for (size_t r = 0; r < l->n_entries; r++) {
            const struct award_entry_row *x = &l->entries[r];
            if (x->removed)
                continue;
            char number[24];
            snprintf(number, sizeof(number), "%zu", rows + 1);
            const char **row = &cells[rows * 4];
            row[0] = arena_strndup(a, number, strlen(number));
            row[1] = x->name;
            row[2] = person ? x->unit_name : x->group_name;
            row[3] = person ? x->position : x->grade_name;
            if (!row[0])
                return no_memory(e);
            rows++;
        }
        out[k] = (struct appr_notice_list){l->list.name, person ? persons : subjects, 4, cells, rows};
    }
    *lists = out;
    *n = n_awards;
    return 0;
}

static int write_notice(struct store *st, const char *path, void *ctx, struct error *e)
{
    const struct sheet_job *j = ctx;
    struct arena a = ARENA_INIT;
    struct appr_sheet s;
    struct appr_scheme_row scheme;
    struct appr_version_row *versions;
    size_t n_versions;
    struct appr_notice n = {0};
    char date[40] = "", title[600], version_note[64] = "";
    int rc =
        store_appr_scheme_get(st, j->tenant, j->scheme_id, &a, &scheme, e) == 0 &&
                store_appr_versions_list(st, j->tenant, j->scheme_id, &a, &versions, &n_versions, e) == 0 &&
                frozen_sheet(st, j, &a, &s, e) == 0 && notice_lists(st, j, &a, &n.lists, &n.n_lists, e) == 0
            ? 0
            : -1;
    if (rc == 0) {
        for (size_t i = 0; i < n_versions; i++)
            if (versions[i].version == j->version)
                notice_date(versions[i].published_at, date, sizeof(date));
        if (*scheme.notice_title)
            snprintf(title, sizeof(title), "%s", scheme.notice_title);
        else
            snprintf(title, sizeof(title), "关于%s结果的通报", scheme.name);
        if (j->version > 1)
            snprintf(version_note, sizeof(version_note), "（第 %d 版）", j->version);
        n.title = title;
        n.issuing_office = scheme.issuing_office;
        n.date = date;
        n.version_note = version_note;
        n.results = &s;
        rc = appr_notice_write(&n, path, e);
    }
    arena_release(&a);
    return rc;
}

int handle_appr_notice_export(struct request *r, struct error *e)
{
    struct sheet_job *j = sheet_job(r, e);
    if (!j || version_param(r, j, e) != 0)
        return -1;
    const char *zh = zh_name(r, j->scheme_id, "考核结果通报", e);
    return zh ? respond_sheet(r, write_notice, j, "notice", zh, e) : -1;
}

/* ---- the data-entry template */

static int write_template(struct store *st, const char *path, void *ctx, struct error *e)
{
    const struct sheet_job *j = ctx;
    struct arena a = ARENA_INIT;
    struct appr_structure s;
    struct appr_data_columns cols;
    struct appr_subject_data *data = NULL;
    int rc = store_appr_structure_get(st, j->tenant, j->scheme_id, j->scope, &a, &s, e) == 0 &&
                     appr_data_columns_make(&s, &a, &cols, e) == 0
                 ? 0
                 : -1;
    if (rc == 0 && !(data = arena_calloc(&a, (s.n_subjects + 1) * sizeof(*data))))
        rc = no_memory(e);
    for (size_t i = 0; rc == 0 && i < s.n_subjects; i++)
        rc = store_appr_data_get(st, j->tenant, j->scheme_id, s.subjects[i].id, j->scope, &a, &data[i], e);
    if (rc == 0)
        rc = appr_data_template_write(&s, &cols, data, path, e);
    arena_release(&a);
    return rc;
}

int handle_appr_data_template(struct request *r, struct error *e)
{
    struct sheet_job *j = sheet_job(r, e);
    const char *zh = j ? zh_name(r, j->scheme_id, "指标数据填报表", e) : NULL;
    return zh ? respond_sheet(r, write_template, j, "data-template", zh, e) : -1;
}
