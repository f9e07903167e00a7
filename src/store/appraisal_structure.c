/*
 * A scheme's structure: groups, subjects, the indicator tree (stored in tree order as sort_order,
 * a leaf's settings in columns, its bands as "threshold:factor;…" integers × 10^6) and grades.
 * Writing replaces it: kept ids keep their data, removed items lose theirs.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "store/store_appraisal_internal.h"
#include "base/banned.h"

static const char *const directions[] = {"higher", "lower"};
static const char *const veto_modes[] = {"none", "bar_top", "lowest"};

static int read_groups(struct db *db, int64_t tenant, int64_t id, struct arena *a, struct appr_structure *o,
                       struct error *e)
{
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT id, name FROM appraisal_groups WHERE tenant_id = ?1 AND scheme_id = ?2"
                   " ORDER BY sort_order, id",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct appr_group_row *g = arena_grow(a, o->groups, o->n_groups, &cap, sizeof(*g));
        if (!g || !(g[o->n_groups].name = store_text(s, 1, a))) {
            db_reset(s);
            return store_no_memory(e);
        }
        g[o->n_groups++].id = db_column_int64(s, 0);
        o->groups = g;
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int read_subjects(struct db *db, int64_t tenant, int64_t id, int64_t scope, struct arena *a,
                         struct appr_structure *o, struct error *e)
{
    struct db_stmt *s = db_prepare(
        db,
        "SELECT x.id, x.group_id, coalesce(x.unit_id, 0), coalesce(x.enterprise_id, 0), coalesce(u.name, "
        "en.name),"
        " x.state, x.comment, iso(x.updated_at)"
        " FROM appraisal_subjects x JOIN appraisal_groups g ON g.tenant_id = x.tenant_id AND g.id = "
        "x.group_id"
        " LEFT JOIN units u ON u.tenant_id = x.tenant_id AND u.id = x.unit_id"
        " LEFT JOIN enterprises en ON en.tenant_id = x.tenant_id AND en.id = x.enterprise_id"
        " WHERE x.tenant_id = ?1 AND x.scheme_id = ?2 AND (?3 = 0 OR EXISTS (SELECT 1 FROM units sc"
        " WHERE sc.tenant_id = ?1 AND sc.id = ?3 AND u.path >= sc.path AND u.path < sc.path || '~'))"
        " ORDER BY g.sort_order, x.sort_order, x.id",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    db_bind_int64(s, 3, scope);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct appr_subject_row *x = arena_grow(a, o->subjects, o->n_subjects, &cap, sizeof(*x));
        if (!x) {
            db_reset(s);
            return store_no_memory(e);
        }
        o->subjects = x;
        x += o->n_subjects++;
        *x = (struct appr_subject_row){.id = db_column_int64(s, 0),
                                       .group_id = db_column_int64(s, 1),
                                       .unit_id = db_column_int64(s, 2),
                                       .enterprise_id = db_column_int64(s, 3),
                                       .name = store_text(s, 4, a),
                                       .comment = store_text(s, 6, a),
                                       .updated_at = store_text(s, 7, a)};
        appr_subject_state_parse(db_column_text(s, 5, NULL), &x->state);
        for (size_t g = 0; g < o->n_groups; g++)
            if (o->groups[g].id == x->group_id)
                x->group_index = g;
        if (!x->name || !x->comment || !x->updated_at) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int parse_bands(const char *text, struct appr_leaf *leaf)
{
    leaf->n_bands = 0;
    for (const char *p = text; p && *p && leaf->n_bands < APPR_BANDS_MAX;) {
        char *end;
        long long x = strtoll(p, &end, 10);
        if (*end != ':')
            return -1;
        long long f = strtoll(end + 1, &end, 10);
        leaf->bands[leaf->n_bands++] = (struct appr_band){x, f};
        p = *end == ';' ? end + 1 : end;
    }
    return 0;
}

static void read_leaf(struct db_stmt *s, struct appr_leaf *leaf)
{
    enum appr_method m = APPR_RATIO;
    appr_method_parse(db_column_text(s, 6, NULL), &m);
    appr_leaf_init(leaf, m, db_column_int64(s, 5));
    const char *dir = db_column_text(s, 7, NULL);
    leaf->direction = dir && strcmp(dir, "lower") == 0 ? APPR_LOWER : APPR_HIGHER;
    if (!db_column_is_null(s, 8))
        leaf->cap = db_column_int64(s, 8);
    leaf->has_floor = !db_column_is_null(s, 9);
    leaf->floor = db_column_int64(s, 9);
    leaf->has_step = !db_column_is_null(s, 10);
    leaf->step = db_column_int64(s, 10);
    leaf->min_score = db_column_int64(s, 11);
    if (!db_column_is_null(s, 12))
        leaf->base = db_column_int64(s, 12);
    leaf->has_bounds = !db_column_is_null(s, 13) && !db_column_is_null(s, 14);
    leaf->disallowed = db_column_int64(s, 13);
    leaf->satisfactory = db_column_int64(s, 14);
    parse_bands(db_column_text(s, 15, NULL), leaf);
    if (!db_column_is_null(s, 16))
        leaf->trim = (int)db_column_int64(s, 16);
}

static int read_indicators(struct db *db, int64_t tenant, int64_t id, struct arena *a,
                           struct appr_structure *o, struct error *e)
{
    struct db_stmt *s = db_prepare(
        db,
        "SELECT id, coalesce(parent_id, 0), name, kind, veto_mode, full_marks, method, direction, cap, "
        "floor_value,"
        " step, min_score, base, disallowed, satisfactory, bands, trim_count, source, coalesce(source_min, 0)"
        " FROM appraisal_indicators WHERE tenant_id = ?1 AND scheme_id = ?2 ORDER BY sort_order, id",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct appr_indicator_row *x = arena_grow(a, o->indicators, o->n_indicators, &cap, sizeof(*x));
        if (!x) {
            db_reset(s);
            return store_no_memory(e);
        }
        o->indicators = x;
        x += o->n_indicators++;
        *x = (struct appr_indicator_row){.id = db_column_int64(s, 0),
                                         .parent_id = db_column_int64(s, 1),
                                         .parent_index = -1,
                                         .name = store_text(s, 2, a)};
        appr_node_kind_parse(db_column_text(s, 3, NULL), &x->kind);
        const char *veto = db_column_text(s, 4, NULL);
        x->veto_mode = veto && strcmp(veto, "lowest") == 0 ? APPR_VETO_LOWEST : APPR_VETO_BAR_TOP;
        if (x->kind == APPR_LEAF) {
            read_leaf(s, &x->leaf);
            const char *source = db_column_text(s, 17, NULL);
            if (source)
                appr_source_parse(source, &x->source);
            x->source_min = db_column_int64(s, 18);
        }
        for (size_t p = 0; p + 1 < o->n_indicators; p++)
            if (o->indicators[p].id == x->parent_id)
                x->parent_index = (long)p;
        if (!x->name) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int read_grades(struct db *db, int64_t tenant, int64_t id, struct arena *a, struct appr_structure *o,
                       struct error *e)
{
    struct db_stmt *s = db_prepare(db,
                                   "SELECT name, min_score, quota FROM appraisal_grades WHERE tenant_id = ?1"
                                   " AND scheme_id = ?2 ORDER BY place",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct appr_grade_row *g = arena_grow(a, o->grades, o->n_grades, &cap, sizeof(*g));
        if (!g) {
            db_reset(s);
            return store_no_memory(e);
        }
        o->grades = g;
        g += o->n_grades++;
        *g = (struct appr_grade_row){store_text(s, 0, a),
                                     {!db_column_is_null(s, 1), db_column_int64(s, 1),
                                      !db_column_is_null(s, 2), db_column_int64(s, 2)}};
        if (!g->name) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int appr_structure_read(struct db *db, int64_t tenant, int64_t id, int64_t scope, struct arena *a,
                        struct appr_structure *out, struct error *e)
{
    *out = (struct appr_structure){0};
    return appr_scheme_read(db, tenant, id, a, &out->scheme, e) != 0 ||
                   read_groups(db, tenant, id, a, out, e) != 0 ||
                   read_subjects(db, tenant, id, scope, a, out, e) != 0 ||
                   read_indicators(db, tenant, id, a, out, e) != 0 ||
                   read_grades(db, tenant, id, a, out, e) != 0
               ? -1
               : 0;
}

struct structure_ctx {
    int64_t tenant, id, scope;
    const struct actor *who;
    const struct appr_structure *in;
    struct arena *a;
    struct appr_structure *out;
};

static int get_structure(struct db *db, void *ctx, struct error *e)
{
    struct structure_ctx *c = ctx;
    return appr_structure_read(db, c->tenant, c->id, c->scope, c->a, c->out, e);
}

int store_appr_structure_get(struct store *st, int64_t tenant, int64_t id, int64_t scope, struct arena *a,
                             struct appr_structure *out, struct error *e)
{
    struct structure_ctx c = {.tenant = tenant, .id = id, .scope = scope, .a = a, .out = out};
    return db_read(st->db, get_structure, &c, e);
}

/* ---- writing */

static int exists(struct db *db, const char *sql, int64_t tenant, int64_t id, struct error *e)
{
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    int rc = db_step(s, e);
    db_reset(s);
    return rc;
}

/* The ids a scheme's table holds now. */
static int existing_ids(struct db *db, int64_t tenant, int64_t scheme, const char *table, struct arena *a,
                        int64_t **ids, size_t *n, struct error *e)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE tenant_id = ?1 AND scheme_id = ?2", table);
    struct db_stmt *s = db_prepare(db, sql, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, scheme);
    size_t cap = 0;
    *n = 0;
    *ids = NULL;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        int64_t *grown = arena_grow(a, *ids, *n, &cap, sizeof(*grown));
        if (!grown) {
            db_reset(s);
            return store_no_memory(e);
        }
        *ids = grown;
        grown[(*n)++] = db_column_int64(s, 0);
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static bool holds(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

static int check_structure(struct db *db, int64_t tenant, const struct appr_structure *in, struct error *e)
{
    if (in->n_groups == 0)
        return error_set(e, ERR_INVALID_VALUE, "groups", "至少需要一个组别", "at least one group is needed");
    for (size_t i = 0; i < in->n_subjects; i++) {
        const struct appr_subject_row *x = &in->subjects[i];
        char field[64];
        if (x->group_index >= in->n_groups) {
            snprintf(field, sizeof(field), "subjects[%zu].group", i);
            return error_set(e, ERR_INVALID_VALUE, field, "组别序号 %zu 超出组别列表",
                             "group %zu is not in the list", x->group_index);
        }
        bool enterprise = in->scheme.enterprises;
        snprintf(field, sizeof(field), "subjects[%zu].%s", i, enterprise ? "enterprise_id" : "unit_id");
        int64_t ref = enterprise ? x->enterprise_id : x->unit_id;
        if ((enterprise ? x->unit_id : x->enterprise_id) != 0 || ref <= 0)
            return enterprise ? error_set(e, ERR_INVALID_VALUE, field, "本方案的考核对象须为企业",
                                          "this scheme's subjects are enterprises")
                              : error_set(e, ERR_INVALID_VALUE, field, "本方案的考核对象须为单位",
                                          "this scheme's subjects are units");
        int rc = exists(db,
                        enterprise ? "SELECT 1 FROM enterprises WHERE tenant_id = ?1 AND id = ?2"
                                   : "SELECT 1 FROM units WHERE tenant_id = ?1 AND id = ?2",
                        tenant, ref, e);
        if (rc < 0)
            return -1;
        if (rc == 0)
            return error_set(e, ERR_INVALID_VALUE, field, "编号 %lld 的考核对象不存在",
                             "no unit or enterprise %lld", (long long)ref);
        for (size_t j = 0; j < i; j++)
            if ((enterprise ? in->subjects[j].enterprise_id : in->subjects[j].unit_id) == ref)
                return error_set(e, ERR_DUPLICATE, field,
                                 "与第 %zu 个考核对象重复（每个对象只能在一个组别中出现一次）",
                                 "the same as subject %zu (a subject is in one group, once)", j + 1);
    }
    for (size_t i = 0; i < in->n_indicators; i++) {
        const struct appr_indicator_row *x = &in->indicators[i];
        char field[64];
        snprintf(field, sizeof(field), "indicators[%zu]", i);
        if (x->parent_index >= (long)i ||
            (x->parent_index >= 0 && in->indicators[x->parent_index].kind != APPR_NODE))
            return error_set(e, ERR_INVALID_VALUE, field, "只有指标分组（node）可以有下级指标",
                             "only a node may have children");
        if (x->kind == APPR_LEAF && appr_leaf_check(&x->leaf, e) != 0) {
            char inner[sizeof(e->field)];
            memcpy(inner, e->field, sizeof(inner));
            size_t used = strlen(field);
            memcpy(e->field, field, used);
            e->field[used] = '.';
            snprintf(e->field + used + 1, sizeof(e->field) - used - 1, "%.40s", inner);
            return -1;
        }
    }
    struct appr_grade grades[APPR_GRADES_MAX];
    if (in->n_grades > APPR_GRADES_MAX)
        return error_set(e, ERR_INVALID_VALUE, "grades", "等次至多 %d 个", "at most %d grades",
                         APPR_GRADES_MAX);
    for (size_t i = 0; i < in->n_grades; i++)
        grades[i] = in->grades[i].grade;
    return appr_grades_check(grades, in->n_grades, e);
}

static int unknown_id(const char *what, size_t i, int64_t id, struct error *e)
{
    char field[64];
    snprintf(field, sizeof(field), "%s[%zu].id", what, i);
    return error_set(e, ERR_INVALID_VALUE, field, "本方案没有编号为 %lld 的项", "the scheme has no item %lld",
                     (long long)id);
}

static int write_groups(struct db *db, int64_t tenant, int64_t scheme, const struct appr_structure *in,
                        int64_t *group_ids, struct error *e)
{
    for (size_t i = 0; i < in->n_groups; i++) {
        const struct appr_group_row *g = &in->groups[i];
        int64_t id = g->id;
        if (!id && store_next_id(db, tenant, "appraisal_groups", &id, e) != 0)
            return -1;
        struct db_stmt *s = db_prepare(
            db,
            g->id ? "UPDATE appraisal_groups SET name = ?4, sort_order = ?5 WHERE tenant_id = ?1 AND id = ?2"
                    " AND scheme_id = ?3"
                  : "INSERT INTO appraisal_groups (tenant_id, id, scheme_id, name, sort_order)"
                    " VALUES (?1, ?2, ?3, ?4, ?5)",
            e);
        if (!s)
            return -1;
        db_bind_int64(s, 1, tenant);
        db_bind_int64(s, 2, id);
        db_bind_int64(s, 3, scheme);
        db_bind_text(s, 4, g->name);
        db_bind_int64(s, 5, (int64_t)i);
        int rc = db_step(s, e);
        db_reset(s);
        if (rc < 0)
            return -1;
        group_ids[i] = id;
    }
    return 0;
}

static void bind_ref(struct db_stmt *s, int i, int64_t id)
{
    if (id)
        db_bind_int64(s, i, id);
    else
        db_bind_null(s, i);
}

static int write_subjects(struct db *db, int64_t tenant, int64_t scheme, const struct appr_structure *in,
                          const int64_t *group_ids, struct error *e)
{
    char now[32];
    date_now_iso(now, sizeof(now));
    /* a unit may move from one kept subject to another: clear the kept ones' references first */
    if (store_exec_ints(
            db,
            "UPDATE appraisal_subjects SET unit_id = NULL, enterprise_id = NULL WHERE tenant_id = ?1"
            " AND scheme_id = ?2",
            e, 2, tenant, scheme) != 0)
        return -1;
    for (size_t i = 0; i < in->n_subjects; i++) {
        const struct appr_subject_row *x = &in->subjects[i];
        int64_t id = x->id;
        if (!id && store_next_id(db, tenant, "appraisal_subjects", &id, e) != 0)
            return -1;
        struct db_stmt *s = db_prepare(db,
                                       x->id ? "UPDATE appraisal_subjects SET group_id = ?4, unit_id = ?5, "
                                               "enterprise_id = ?6, sort_order = ?7"
                                               " WHERE tenant_id = ?1 AND id = ?2 AND scheme_id = ?3"
                                             : "INSERT INTO appraisal_subjects (tenant_id, id, scheme_id, "
                                               "group_id, unit_id, enterprise_id,"
                                               " sort_order, state, comment, updated_at) VALUES (?1, ?2, ?3, "
                                               "?4, ?5, ?6, ?7, 'draft', '', ?8)",
                                       e);
        if (!s)
            return -1;
        db_bind_int64(s, 1, tenant);
        db_bind_int64(s, 2, id);
        db_bind_int64(s, 3, scheme);
        db_bind_int64(s, 4, group_ids[x->group_index]);
        bind_ref(s, 5, x->unit_id);
        bind_ref(s, 6, x->enterprise_id);
        db_bind_int64(s, 7, (int64_t)i);
        if (!x->id)
            db_bind_text(s, 8, now);
        int rc = db_step(s, e);
        db_reset(s);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static void bind_opt(struct db_stmt *s, int i, bool has, int64_t v)
{
    if (has)
        db_bind_int64(s, i, v);
    else
        db_bind_null(s, i);
}

static int write_indicators(struct db *db, int64_t tenant, int64_t scheme, const struct appr_structure *in,
                            int64_t *ids, struct error *e)
{
    for (size_t i = 0; i < in->n_indicators; i++) {
        const struct appr_indicator_row *x = &in->indicators[i];
        ids[i] = x->id;
        if (!ids[i] && store_next_id(db, tenant, "appraisal_indicators", &ids[i], e) != 0)
            return -1;
        struct db_stmt *s = db_prepare(
            db,
            x->id
                ? "UPDATE appraisal_indicators SET parent_id = ?4, sort_order = ?5, name = ?6, kind = ?7,"
                  " full_marks = ?8, method = ?9, direction = ?10, cap = ?11, floor_value = ?12, step = ?13,"
                  " min_score = ?14, base = ?15, disallowed = ?16, satisfactory = ?17, bands = ?18,"
                  " trim_count = ?19, veto_mode = ?20, source = ?21, source_min = ?22"
                  " WHERE tenant_id = ?1 AND id = ?2 AND scheme_id = ?3"
                : "INSERT INTO appraisal_indicators (tenant_id, id, scheme_id, parent_id, sort_order, name,"
                  " kind, full_marks, method, direction, cap, floor_value, step, min_score, base, disallowed,"
                  " satisfactory, bands, trim_count, veto_mode, source, source_min) VALUES (?1, ?2, ?3, ?4, "
                  "?5,"
                  " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
            e);
        if (!s)
            return -1;
        bool leaf = x->kind == APPR_LEAF;
        const struct appr_leaf *l = &x->leaf;
        char bands[APPR_BANDS_MAX * 44 + 1] = "";
        size_t used = 0;
        for (size_t b = 0; leaf && b < l->n_bands; b++)
            used += (size_t)snprintf(bands + used, sizeof(bands) - used, "%s%" PRId64 ":%" PRId64,
                                     b ? ";" : "", l->bands[b].threshold, l->bands[b].factor);
        db_bind_int64(s, 1, tenant);
        db_bind_int64(s, 2, ids[i]);
        db_bind_int64(s, 3, scheme);
        bind_ref(s, 4, x->parent_index >= 0 ? ids[x->parent_index] : 0);
        db_bind_int64(s, 5, (int64_t)i);
        db_bind_text(s, 6, x->name);
        db_bind_text(s, 7, appr_node_kind_name(x->kind));
        bind_opt(s, 8, leaf, l->full_marks);
        db_bind_text(s, 9, leaf ? appr_method_name(l->method) : NULL);
        db_bind_text(s, 10, leaf ? directions[l->direction] : NULL);
        bind_opt(s, 11, leaf, l->cap);
        bind_opt(s, 12, leaf && l->has_floor, l->floor);
        bind_opt(s, 13, leaf && l->has_step, l->step);
        bind_opt(s, 14, leaf, l->min_score);
        bind_opt(s, 15, leaf, l->base);
        bind_opt(s, 16, leaf && l->has_bounds, l->disallowed);
        bind_opt(s, 17, leaf && l->has_bounds, l->satisfactory);
        db_bind_text(s, 18, leaf && l->n_bands ? bands : NULL);
        bind_opt(s, 19, leaf, l->trim);
        db_bind_text(s, 20, x->kind == APPR_VETO_ITEM ? veto_modes[x->veto_mode] : NULL);
        bool computed = leaf && x->source != APPR_SOURCE_ENTERED;
        db_bind_text(s, 21, computed ? appr_source_name(x->source) : NULL);
        bind_opt(s, 22, computed && x->source_min > 0, x->source_min);
        int rc = db_step(s, e);
        db_reset(s);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Values and items of subjects and indicators that are gone, or that no longer fit their indicator's kind. */
static int drop_stale_data(struct db *db, int64_t tenant, int64_t scheme, struct error *e)
{
    return store_exec_ints(
               db,
               "DELETE FROM appraisal_values WHERE tenant_id = ?1 AND scheme_id = ?2 AND indicator_id IN"
               " (SELECT id FROM appraisal_indicators i WHERE i.tenant_id = ?1 AND i.scheme_id = ?2"
               " AND i.kind NOT IN ('leaf', 'veto'))",
               e, 2, tenant, scheme) != 0 ||
                   store_exec_ints(
                       db,
                       "DELETE FROM appraisal_items WHERE tenant_id = ?1 AND scheme_id = ?2 AND"
                       " indicator_id IN (SELECT id FROM appraisal_indicators i WHERE i.tenant_id = ?1"
                       " AND i.scheme_id = ?2 AND i.kind NOT IN ('bonus', 'deduction'))",
                       e, 2, tenant, scheme) != 0
               ? -1
               : 0;
}

static int remove_missing(struct db *db, int64_t tenant, const int64_t *old, size_t n_old,
                          const int64_t *kept, size_t n_kept, const char *const *sqls, struct error *e)
{
    for (size_t i = 0; i < n_old; i++) {
        if (holds(kept, n_kept, old[i]))
            continue;
        for (size_t q = 0; sqls[q]; q++)
            if (store_exec_ints(db, sqls[q], e, 2, tenant, old[i]) != 0)
                return -1;
    }
    return 0;
}

int appr_structure_write(struct db *db, int64_t tenant, int64_t id, const struct appr_structure *in,
                         struct error *e)
{
    if (check_structure(db, tenant, in, e) != 0)
        return -1;
    struct arena a = ARENA_INIT;
    int64_t *old_groups, *old_subjects, *old_indicators;
    size_t n_groups, n_subjects, n_indicators;
    int rc = -1;
    int64_t *group_ids = arena_alloc(&a, (in->n_groups + 1) * sizeof(int64_t));
    int64_t *indicator_ids = arena_alloc(&a, (in->n_indicators + 1) * sizeof(int64_t));
    int64_t *subject_ids = arena_alloc(&a, (in->n_subjects + 1) * sizeof(int64_t));
    if (!group_ids || !indicator_ids || !subject_ids) {
        store_no_memory(e);
        goto out;
    }
    if (existing_ids(db, tenant, id, "appraisal_groups", &a, &old_groups, &n_groups, e) != 0 ||
        existing_ids(db, tenant, id, "appraisal_subjects", &a, &old_subjects, &n_subjects, e) != 0 ||
        existing_ids(db, tenant, id, "appraisal_indicators", &a, &old_indicators, &n_indicators, e) != 0)
        goto out;
    for (size_t i = 0; i < in->n_groups; i++)
        if (in->groups[i].id && !holds(old_groups, n_groups, in->groups[i].id)) {
            unknown_id("groups", i, in->groups[i].id, e);
            goto out;
        }
    for (size_t i = 0; i < in->n_subjects; i++) {
        subject_ids[i] = in->subjects[i].id;
        if (subject_ids[i] && !holds(old_subjects, n_subjects, subject_ids[i])) {
            unknown_id("subjects", i, subject_ids[i], e);
            goto out;
        }
    }
    for (size_t i = 0; i < in->n_indicators; i++) {
        indicator_ids[i] = in->indicators[i].id;
        if (indicator_ids[i] && !holds(old_indicators, n_indicators, indicator_ids[i])) {
            unknown_id("indicators", i, indicator_ids[i], e);
            goto out;
        }
    }
    static const char *const drop_subject[] = {
        "DELETE FROM appraisal_values WHERE tenant_id = ?1 AND subject_id = ?2",
        "DELETE FROM appraisal_items WHERE tenant_id = ?1 AND subject_id = ?2",
        "DELETE FROM appraisal_appeals WHERE tenant_id = ?1 AND subject_id = ?2",
        "DELETE FROM appraisal_evidence WHERE tenant_id = ?1 AND subject_id = ?2",
        "DELETE FROM appraisal_subjects WHERE tenant_id = ?1 AND id = ?2", NULL};
    static const char *const drop_indicator[] = {
        "DELETE FROM appraisal_values WHERE tenant_id = ?1 AND indicator_id = ?2",
        "DELETE FROM appraisal_items WHERE tenant_id = ?1 AND indicator_id = ?2",
        "UPDATE appraisal_evidence SET indicator_id = NULL WHERE tenant_id = ?1 AND indicator_id = ?2",
        "DELETE FROM appraisal_indicators WHERE tenant_id = ?1 AND id = ?2", NULL};
    static const char *const drop_group[] = {"DELETE FROM appraisal_groups WHERE tenant_id = ?1 AND id = ?2",
                                             NULL};
    if (remove_missing(db, tenant, old_subjects, n_subjects, subject_ids, in->n_subjects, drop_subject, e) !=
            0 ||
        remove_missing(db, tenant, old_indicators, n_indicators, indicator_ids, in->n_indicators,
                       drop_indicator, e) != 0 ||
        write_groups(db, tenant, id, in, group_ids, e) != 0 ||
        write_subjects(db, tenant, id, in, group_ids, e) != 0 ||
        remove_missing(db, tenant, old_groups, n_groups, group_ids, in->n_groups, drop_group, e) != 0 ||
        write_indicators(db, tenant, id, in, indicator_ids, e) != 0 ||
        appr_delete_rows(db, tenant, id, "appraisal_grades", e) != 0 ||
        drop_stale_data(db, tenant, id, e) != 0 || appr_touch(db, tenant, id, e) != 0)
        goto out;
    for (size_t i = 0; i < in->n_grades; i++) {
        struct db_stmt *s =
            db_prepare(db,
                       "INSERT INTO appraisal_grades (tenant_id, scheme_id, place, name, min_score, quota)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                       e);
        if (!s)
            goto out;
        db_bind_int64(s, 1, tenant);
        db_bind_int64(s, 2, id);
        db_bind_int64(s, 3, (int64_t)i);
        db_bind_text(s, 4, in->grades[i].name);
        bind_opt(s, 5, in->grades[i].grade.has_min, in->grades[i].grade.min_score);
        bind_opt(s, 6, in->grades[i].grade.has_quota, in->grades[i].grade.quota);
        int step = db_step(s, e);
        db_reset(s);
        if (step < 0)
            goto out;
    }
    rc = 0;
out:
    arena_release(&a);
    return rc;
}

static int put_structure(struct db *db, void *ctx, struct error *e)
{
    struct structure_ctx *c = ctx;
    struct appr_scheme_row scheme;
    if (appr_scheme_read(db, c->tenant, c->id, c->a, &scheme, e) != 0)
        return -1;
    if (scheme.state != APPR_SCHEME_DRAFT)
        return error_set(e, ERR_INVALID_STATE, NULL, "考核方案已开始填报，结构已锁定：修改须先“修订”为新版本",
                         "the scheme is open for data entry and its structure is locked: revise it first");
    struct appr_structure in = *c->in;
    in.scheme = scheme;
    if (appr_structure_write(db, c->tenant, c->id, &in, e) != 0)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s =
        db_prepare(db, "UPDATE appraisal_schemes SET updated_at = ?3 WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_text(s, 3, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_int(&ch, "groups", true, 0, false, (int64_t)in.n_groups);
    changes_int(&ch, "subjects", true, 0, false, (int64_t)in.n_subjects);
    changes_int(&ch, "indicators", true, 0, false, (int64_t)in.n_indicators);
    changes_int(&ch, "grades", true, 0, false, (int64_t)in.n_grades);
    const char *text = changes_finish(&ch);
    rc = text ? audit_append(db, c->tenant, c->who, "update", "appraisal_scheme", c->id, text, e)
              : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

int store_appr_structure_put(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                             const struct appr_structure *in, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct structure_ctx c = {.tenant = tenant, .id = id, .who = who, .in = in, .a = &a};
    int rc = db_write_tenant(st->db, tenant, put_structure, &c, e);
    arena_release(&a);
    return rc;
}
