/*
 * Each subject's appraisal data (values of leaves and vetoes; bonus and deduction items) and its
 * review state draft → submitted → returned | accepted. Survey ratings are stored as integers ×
 * 10^6 joined by ','.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/decimal.h"
#include "store/store_appraisal_internal.h"
#include "base/banned.h"

struct data_ctx {
    int64_t tenant, scheme_id, subject_id, scope;
    const struct actor *who;
    bool office;
    enum appr_review review;
    const char *comment;
    const struct appr_subject_data *in;
    struct arena *a;
    struct appr_subject_data *out;
    struct appr_subject_row *items;
    size_t n;
};

static int list_subjects(struct db *db, void *ctx, struct error *e)
{
    struct data_ctx *c = ctx;
    struct appr_structure s;
    if (appr_structure_read(db, c->tenant, c->scheme_id, c->scope, c->a, &s, e) != 0)
        return -1;
    c->items = s.subjects;
    c->n = s.n_subjects;
    return 0;
}

int store_appr_subjects_list(struct store *st, int64_t tenant, int64_t scheme_id, int64_t scope,
                             struct arena *a, struct appr_subject_row **items, size_t *n, struct error *e)
{
    struct data_ctx c = {.tenant = tenant, .scheme_id = scheme_id, .scope = scope, .a = a};
    if (db_read(st->db, list_subjects, &c, e) != 0)
        return -1;
    *items = c.items;
    *n = c.n;
    return 0;
}

int appr_ratings_parse(const char *text, struct arena *a, int64_t **out, size_t *n)
{
    *n = 0;
    *out = NULL;
    if (!text || !*text)
        return 0;
    size_t count = 1;
    for (const char *p = text; *p; p++)
        count += *p == ',';
    if (!(*out = arena_alloc(a, count * sizeof(int64_t))))
        return -1;
    for (const char *p = text; *p;) {
        char *end;
        (*out)[(*n)++] = strtoll(p, &end, 10);
        p = *end == ',' ? end + 1 : end;
        if (end == p && *p)
            break;
    }
    return 0;
}

/* Values of one subject. */
static int values_read(struct db *db, int64_t tenant, int64_t scheme_id, int64_t subject_id, struct arena *a,
                       struct appr_value_row **values, int64_t **value_subjects, size_t *n_values,
                       struct error *e)
{
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT subject_id, indicator_id, target, actual, ratings, note FROM appraisal_values"
                   " WHERE tenant_id = ?1 AND scheme_id = ?2 AND (?3 = 0 OR subject_id = ?3)"
                   " ORDER BY subject_id, indicator_id",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, scheme_id);
    db_bind_int64(s, 3, subject_id);
    size_t cap = 0, cap2 = 0;
    *n_values = 0;
    *values = NULL;
    *value_subjects = NULL;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct appr_value_row *v = arena_grow(a, *values, *n_values, &cap, sizeof(*v));
        int64_t *vs = v ? arena_grow(a, *value_subjects, *n_values, &cap2, sizeof(*vs)) : NULL;
        if (!vs) {
            db_reset(s);
            return store_no_memory(e);
        }
        *values = v;
        *value_subjects = vs;
        vs[*n_values] = db_column_int64(s, 0);
        v += (*n_values)++;
        *v = (struct appr_value_row){.indicator_id = db_column_int64(s, 1),
                                     .has_target = !db_column_is_null(s, 2),
                                     .target = db_column_int64(s, 2),
                                     .has_actual = !db_column_is_null(s, 3),
                                     .actual = db_column_int64(s, 3),
                                     .has_ratings = !db_column_is_null(s, 4),
                                     .note = store_text(s, 5, a)};
        if (!v->note || appr_ratings_parse(db_column_text(s, 4, NULL), a, &v->ratings, &v->n_ratings) != 0) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int appr_items_read(struct db *db, int64_t tenant, int64_t scheme_id, int64_t subject_id, struct arena *a,
                    struct appr_item_row **items, int64_t **item_subjects, size_t *n_items, struct error *e)
{
    struct db_stmt *s = db_prepare(
        db,
        "SELECT subject_id, id, indicator_id, points, reason FROM appraisal_items WHERE tenant_id = ?1"
        " AND scheme_id = ?2 AND (?3 = 0 OR subject_id = ?3) ORDER BY subject_id, id",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, scheme_id);
    db_bind_int64(s, 3, subject_id);
    size_t cap = 0, cap2 = 0;
    int rc;
    *n_items = 0;
    *items = NULL;
    *item_subjects = NULL;
    while ((rc = db_step(s, e)) == 1) {
        struct appr_item_row *it = arena_grow(a, *items, *n_items, &cap, sizeof(*it));
        int64_t *is = it ? arena_grow(a, *item_subjects, *n_items, &cap2, sizeof(*is)) : NULL;
        if (!is) {
            db_reset(s);
            return store_no_memory(e);
        }
        *items = it;
        *item_subjects = is;
        is[*n_items] = db_column_int64(s, 0);
        it += (*n_items)++;
        *it = (struct appr_item_row){db_column_int64(s, 1), db_column_int64(s, 2), db_column_int64(s, 3),
                                     store_text(s, 4, a)};
        if (!it->reason) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* The subject within the caller's scope, from the scheme's structure read with that scope. */
static int find_subject(const struct appr_structure *s, int64_t subject_id, struct appr_subject_row **out,
                        struct error *e)
{
    for (size_t i = 0; i < s->n_subjects; i++)
        if (s->subjects[i].id == subject_id) {
            *out = &s->subjects[i];
            return 0;
        }
    return error_set(e, ERR_NOT_FOUND, NULL, "考核对象不存在", "no such subject in this scheme");
}

static int get_data(struct db *db, void *ctx, struct error *e)
{
    struct data_ctx *c = ctx;
    struct appr_structure s;
    struct appr_subject_row *subject = NULL;
    int64_t *vs, *is;
    if (appr_structure_read(db, c->tenant, c->scheme_id, c->scope, c->a, &s, e) != 0 ||
        find_subject(&s, c->subject_id, &subject, e) != 0)
        return -1;
    c->out->subject = *subject;
    return values_read(db, c->tenant, c->scheme_id, c->subject_id, c->a, &c->out->values, &vs,
                       &c->out->n_values, e) == 0 &&
                   appr_items_read(db, c->tenant, c->scheme_id, c->subject_id, c->a, &c->out->items, &is,
                                   &c->out->n_items, e) == 0
               ? 0
               : -1;
}

int store_appr_data_get(struct store *st, int64_t tenant, int64_t scheme_id, int64_t subject_id,
                        int64_t scope, struct arena *a, struct appr_subject_data *out, struct error *e)
{
    struct data_ctx c = {.tenant = tenant,
                         .scheme_id = scheme_id,
                         .subject_id = subject_id,
                         .scope = scope,
                         .a = a,
                         .out = out};
    return db_read(st->db, get_data, &c, e);
}

static const struct appr_indicator_row *indicator_of(const struct appr_structure *s, int64_t id)
{
    for (size_t i = 0; i < s->n_indicators; i++)
        if (s->indicators[i].id == id)
            return &s->indicators[i];
    return NULL;
}

static int check_data(const struct appr_structure *s, const struct appr_subject_data *in, struct error *e)
{
    char field[64];
    for (size_t i = 0; i < in->n_values; i++) {
        const struct appr_indicator_row *x = indicator_of(s, in->values[i].indicator_id);
        snprintf(field, sizeof(field), "values[%zu].indicator_id", i);
        if (!x)
            return error_set(e, ERR_INVALID_VALUE, field, "本方案没有指标 %lld",
                             "the scheme has no indicator %lld", (long long)in->values[i].indicator_id);
        if (x->kind != APPR_LEAF && x->kind != APPR_VETO_ITEM)
            return error_set(e, ERR_INVALID_VALUE, field, "指标“%s”不是计分指标或否决项，不能填写数值",
                             "indicator \"%s\" is not a scored leaf or a veto: it takes no value", x->name);
        for (size_t j = 0; j < i; j++)
            if (in->values[j].indicator_id == in->values[i].indicator_id)
                return error_set(e, ERR_DUPLICATE, field, "指标“%s”填写了两次",
                                 "indicator \"%s\" is given twice", x->name);
        bool computed = x->kind == APPR_LEAF && x->source != APPR_SOURCE_ENTERED;
        if (computed && (in->values[i].has_actual || in->values[i].has_ratings ||
                         (x->source == APPR_SOURCE_INVEST_COMPLETION && in->values[i].has_target))) {
            snprintf(field, sizeof(field), "values[%zu].%s", i,
                     x->source == APPR_SOURCE_INVEST_COMPLETION && !in->values[i].has_actual ? "target"
                                                                                             : "actual");
            return error_set(
                e, ERR_INVALID_VALUE, field, "指标“%s”的数值取自项目库，不能填报（可由考核办重新取数）",
                "indicator \"%s\" is computed from the project library and cannot be entered", x->name);
        }
        if (x->kind == APPR_VETO_ITEM && in->values[i].has_actual && in->values[i].actual != 0 &&
            in->values[i].actual != DEC_SCALE) {
            snprintf(field, sizeof(field), "values[%zu].actual", i);
            return error_set(e, ERR_INVALID_VALUE, field, "否决项的值应为 0 或 1",
                             "a veto's value is 0 or 1");
        }
    }
    for (size_t i = 0; i < in->n_items; i++) {
        const struct appr_indicator_row *x = indicator_of(s, in->items[i].indicator_id);
        snprintf(field, sizeof(field), "items[%zu].indicator_id", i);
        if (!x)
            return error_set(e, ERR_INVALID_VALUE, field, "本方案没有指标 %lld",
                             "the scheme has no indicator %lld", (long long)in->items[i].indicator_id);
        if (x->kind != APPR_BONUS && x->kind != APPR_DEDUCTION)
            return error_set(e, ERR_INVALID_VALUE, field, "指标“%s”不是加分或扣分项",
                             "indicator \"%s\" is not a bonus or deduction item", x->name);
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

static int touch_subject(struct db *db, int64_t tenant, int64_t subject_id, const char *state,
                         const char *comment, struct error *e)
{
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s =
        db_prepare(db,
                   "UPDATE appraisal_subjects SET state = coalesce(?3, state), comment = coalesce(?4,"
                   " comment), updated_at = ?5, data_rev = data_rev + 1 WHERE tenant_id = ?1 AND id = ?2",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, subject_id);
    db_bind_text(s, 3, state);
    db_bind_text(s, 4, comment);
    db_bind_text(s, 5, now);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* The review states as the UI names them (web/src: 草稿, 已提交, 已退回, 已通过). */
static const char *state_label_zh(enum appr_subject_state s)
{
    static const char *const labels[] = {"草稿", "已提交", "已退回", "已通过"};
    return labels[s];
}

int appr_data_writable(const struct appr_structure *s, const struct appr_subject_row *subject, bool office,
                       struct error *e)
{
    if (s->scheme.state != APPR_SCHEME_OPEN)
        return error_set(e, ERR_INVALID_STATE, NULL, "考核方案不在填报阶段",
                         "the scheme is not open for data entry");
    bool may = subject->state == APPR_SUBJ_DRAFT || subject->state == APPR_SUBJ_RETURNED ||
               (office && subject->state == APPR_SUBJ_SUBMITTED);
    if (!may) {
        char zh[256], en[256];
        snprintf(zh, sizeof(zh), "“%s”的数据当前为“%s”状态，不能修改", subject->name,
                 state_label_zh(subject->state));
        snprintf(en, sizeof(en), "the data of \"%s\" is %s and cannot be changed", subject->name,
                 appr_subject_state_name(subject->state));
        return error_set_text(e, ERR_INVALID_STATE, NULL, zh, en);
    }
    return 0;
}

/* Replaces one subject's data (already checked by appr_data_writable and check_data) and logs it. */
static int write_data(struct db *db, int64_t tenant, const struct actor *who, int64_t scheme_id,
                      const struct appr_subject_row *subject, const struct appr_subject_data *in,
                      struct error *e)
{
    int64_t subject_id = subject->id;
    /* values computed from the project library stay; their targets may be entered (below) */
    if (store_exec_ints(
            db,
            "DELETE FROM appraisal_values WHERE tenant_id = ?1 AND subject_id = ?2 AND indicator_id NOT IN"
            " (SELECT id FROM appraisal_indicators WHERE tenant_id = ?1 AND scheme_id = ?3"
            " AND source IS NOT NULL)",
            e, 3, tenant, subject_id, scheme_id) != 0 ||
        store_exec_ints(db, "DELETE FROM appraisal_items WHERE tenant_id = ?1 AND subject_id = ?2", e, 2,
                        tenant, subject_id) != 0)
        return -1;
    struct strbuf ratings = STRBUF_INIT;
    for (size_t i = 0; i < in->n_values; i++) {
        const struct appr_value_row *v = &in->values[i];
        strbuf_reset(&ratings);
        for (size_t r = 0; r < v->n_ratings; r++)
            strbuf_addf(&ratings, "%s%" PRId64, r ? "," : "", v->ratings[r]);
        struct db_stmt *st =
            db_prepare(db,
                       "INSERT INTO appraisal_values (tenant_id, scheme_id, subject_id, indicator_id,"
                       " target, actual, ratings, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                       " ON CONFLICT (tenant_id, scheme_id, subject_id, indicator_id)"
                       " DO UPDATE SET target = excluded.target",
                       e);
        if (!st || ratings.failed) {
            strbuf_release(&ratings);
            return st ? store_no_memory(e) : -1;
        }
        db_bind_int64(st, 1, tenant);
        db_bind_int64(st, 2, scheme_id);
        db_bind_int64(st, 3, subject_id);
        db_bind_int64(st, 4, v->indicator_id);
        bind_opt(st, 5, v->has_target, v->target);
        bind_opt(st, 6, v->has_actual, v->actual);
        db_bind_text(st, 7, v->has_ratings ? (ratings.buf ? ratings.buf : "") : NULL);
        db_bind_text(st, 8, v->note ? v->note : "");
        int rc = db_step(st, e);
        db_reset(st);
        if (rc < 0) {
            strbuf_release(&ratings);
            return -1;
        }
    }
    strbuf_release(&ratings);
    for (size_t i = 0; i < in->n_items; i++) {
        const struct appr_item_row *it = &in->items[i];
        int64_t id;
        if (store_next_id(db, tenant, "appraisal_items", &id, e) != 0)
            return -1;
        struct db_stmt *st = db_prepare(db,
                                        "INSERT INTO appraisal_items (tenant_id, id, scheme_id, subject_id,"
                                        " indicator_id, points, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                        e);
        if (!st)
            return -1;
        db_bind_int64(st, 1, tenant);
        db_bind_int64(st, 2, id);
        db_bind_int64(st, 3, scheme_id);
        db_bind_int64(st, 4, subject_id);
        db_bind_int64(st, 5, it->indicator_id);
        db_bind_int64(st, 6, it->points);
        db_bind_text(st, 7, it->reason ? it->reason : "");
        int rc = db_step(st, e);
        db_reset(st);
        if (rc < 0)
            return -1;
    }
    if (touch_subject(db, tenant, subject_id, NULL, NULL, e) != 0) /* its data_rev too */
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_same_text(&ch, "subject", subject->name);
    changes_int(&ch, "values", true, 0, false, (int64_t)in->n_values);
    changes_int(&ch, "items", true, 0, false, (int64_t)in->n_items);
    const char *text = changes_finish(&ch);
    int rc = text ? audit_append(db, tenant, who, "update", "appraisal_data", subject_id, text, e)
                  : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

static int put_data(struct db *db, void *ctx, struct error *e)
{
    struct data_ctx *c = ctx;
    struct appr_structure s;
    struct appr_subject_row *subject = NULL;
    if (appr_structure_read(db, c->tenant, c->scheme_id, c->scope, c->a, &s, e) != 0 ||
        find_subject(&s, c->subject_id, &subject, e) != 0 ||
        appr_data_writable(&s, subject, c->office, e) != 0 || check_data(&s, c->in, e) != 0)
        return -1;
    return write_data(db, c->tenant, c->who, c->scheme_id, subject, c->in, e);
}

int store_appr_data_put(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                        int64_t subject_id, int64_t scope, bool office, const struct appr_subject_data *in,
                        struct error *e)
{
    struct arena a = ARENA_INIT;
    struct data_ctx c = {.tenant = tenant,
                         .scheme_id = scheme_id,
                         .subject_id = subject_id,
                         .scope = scope,
                         .who = who,
                         .office = office,
                         .in = in,
                         .a = &a};
    int rc = db_write_tenant(st->db, tenant, put_data, &c, e);
    arena_release(&a);
    return rc;
}

static int review(struct db *db, void *ctx, struct error *e)
{
    struct data_ctx *c = ctx;
    struct appr_structure s;
    struct appr_subject_row *subject = NULL;
    if (appr_structure_read(db, c->tenant, c->scheme_id, c->scope, c->a, &s, e) != 0 ||
        find_subject(&s, c->subject_id, &subject, e) != 0)
        return -1;
    if (s.scheme.state != APPR_SCHEME_OPEN)
        return error_set(e, ERR_INVALID_STATE, NULL, "考核方案不在填报阶段",
                         "the scheme is not open for data entry");
    enum appr_subject_state from = subject->state, to;
    bool ok;
    static const char *const names_zh[] = {"提交", "退回", "通过"};
    static const char *const names_en[] = {"submitted", "returned", "accepted"};
    switch (c->review) {
    case APPR_SUBMIT:
        ok = from == APPR_SUBJ_DRAFT || from == APPR_SUBJ_RETURNED;
        to = APPR_SUBJ_SUBMITTED;
        break;
    case APPR_RETURN:
        ok = from == APPR_SUBJ_SUBMITTED || from == APPR_SUBJ_ACCEPTED;
        to = APPR_SUBJ_RETURNED;
        break;
    default:
        ok = from == APPR_SUBJ_SUBMITTED;
        to = APPR_SUBJ_ACCEPTED;
        break;
    }
    if (!ok) {
        char zh[256], en[256];
        snprintf(zh, sizeof(zh), "“%s”的数据当前为“%s”状态，不能%s", subject->name, state_label_zh(from),
                 names_zh[c->review]);
        snprintf(en, sizeof(en), "the data of \"%s\" is %s: it cannot be %s", subject->name,
                 appr_subject_state_name(from), names_en[c->review]);
        return error_set_text(e, ERR_INVALID_STATE, NULL, zh, en);
    }
    if (touch_subject(db, c->tenant, c->subject_id, appr_subject_state_name(to),
                      c->review == APPR_RETURN   ? (c->comment ? c->comment : "")
                      : c->review == APPR_ACCEPT ? ""
                                                 : NULL,
                      e) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_same_text(&ch, "subject", subject->name);
    changes_text(&ch, "state", appr_subject_state_name(from), appr_subject_state_name(to));
    if (c->comment && *c->comment)
        changes_text(&ch, "comment", NULL, c->comment);
    const char *text = changes_finish(&ch);
    int rc = text ? audit_append(db, c->tenant, c->who, "update", "appraisal_data", c->subject_id, text, e)
                  : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

int store_appr_review(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                      int64_t subject_id, int64_t scope, enum appr_review action, const char *comment,
                      struct error *e)
{
    struct arena a = ARENA_INIT;
    struct data_ctx c = {.tenant = tenant,
                         .scheme_id = scheme_id,
                         .subject_id = subject_id,
                         .scope = scope,
                         .who = who,
                         .review = action,
                         .comment = comment,
                         .a = &a};
    int rc = db_write_tenant(st->db, tenant, review, &c, e);
    arena_release(&a);
    return rc;
}

/* ---- a sheet of many subjects' data, imported at once (store_appraisal_sheets.h) */

struct import_ctx {
    int64_t tenant, scheme_id, scope;
    const struct actor *who;
    struct appr_data_import *im;
    struct arena *a;
};

static struct appr_value_row *value_for(struct appr_subject_data *d, int64_t indicator_id, size_t *cap,
                                        struct arena *a)
{
    for (size_t i = 0; i < d->n_values; i++)
        if (d->values[i].indicator_id == indicator_id)
            return &d->values[i];
    struct appr_value_row *v = arena_grow(a, d->values, d->n_values, cap, sizeof(*v));
    if (!v)
        return NULL;
    d->values = v;
    v += d->n_values++;
    *v = (struct appr_value_row){.indicator_id = indicator_id, .note = ""};
    return v;
}

static int64_t points_of(const struct appr_subject_data *d, int64_t indicator_id, size_t *count)
{
    int64_t sum = 0;
    *count = 0;
    for (size_t i = 0; i < d->n_items; i++)
        if (d->items[i].indicator_id == indicator_id) {
            sum += d->items[i].points;
            ++*count;
        }
    return sum;
}

/* The subject's data with the row's cells laid over it (arena-owned). */
static int merge_row(const struct appr_subject_data *old, const struct appr_import_row *row, struct arena *a,
                     struct appr_subject_data *out)
{
    size_t vcap = old->n_values + row->n_cells + 1, icap = old->n_items + row->n_cells + 1;
    *out = *old;
    out->values = arena_alloc(a, vcap * sizeof(*out->values));
    out->items = arena_alloc(a, icap * sizeof(*out->items));
    if (!out->values || !out->items)
        return -1;
    if (old->n_values) /* none: the pointer may be NULL, which memcpy may not take even for 0 bytes */
        memcpy(out->values, old->values, old->n_values * sizeof(*out->values));
    if (old->n_items)
        memcpy(out->items, old->items, old->n_items * sizeof(*out->items));
    for (size_t k = 0; k < row->n_cells; k++) {
        const struct appr_import_cell *cell = &row->cells[k];
        if (cell->set & APPR_SET_POINTS) {
            size_t count;
            int64_t now = points_of(out, cell->indicator_id, &count);
            int64_t want = cell->has_points ? cell->points : 0;
            if (now == want && (count > 0 || want == 0))
                continue; /* the same sum: the items and their reasons are kept */
            size_t kept = 0;
            for (size_t i = 0; i < out->n_items; i++)
                if (out->items[i].indicator_id != cell->indicator_id)
                    out->items[kept++] = out->items[i];
            out->n_items = kept;
            if (want > 0)
                out->items[out->n_items++] =
                    (struct appr_item_row){.indicator_id = cell->indicator_id,
                                           .points = want,
                                           .reason = cell->reason ? cell->reason : ""};
            continue;
        }
        struct appr_value_row *v = value_for(out, cell->indicator_id, &vcap, a);
        if (!v)
            return -1;
        if (cell->set & APPR_SET_TARGET) {
            v->has_target = cell->has_target;
            v->target = cell->has_target ? cell->target : 0;
        }
        if (cell->set & APPR_SET_ACTUAL) {
            v->has_actual = cell->has_actual;
            v->actual = cell->has_actual ? cell->actual : 0;
        }
        if (cell->set & APPR_SET_RATINGS) {
            v->has_ratings = cell->n_ratings > 0;
            v->ratings = (int64_t *)cell->ratings;
            v->n_ratings = cell->n_ratings;
        }
    }
    size_t kept = 0; /* a value left with nothing in it is no value */
    for (size_t i = 0; i < out->n_values; i++) {
        const struct appr_value_row *v = &out->values[i];
        if (v->has_target || v->has_actual || v->has_ratings || (v->note && *v->note))
            out->values[kept++] = *v;
    }
    out->n_values = kept;
    return 0;
}

static bool same_value(const struct appr_value_row *x, const struct appr_value_row *y)
{
    if (x->has_target != y->has_target || x->has_actual != y->has_actual ||
        x->has_ratings != y->has_ratings || (x->has_target && x->target != y->target) ||
        (x->has_actual && x->actual != y->actual) || x->n_ratings != y->n_ratings ||
        strcmp(x->note ? x->note : "", y->note ? y->note : "") != 0)
        return false;
    for (size_t r = 0; r < x->n_ratings; r++)
        if (x->ratings[r] != y->ratings[r])
            return false;
    return true;
}

static bool same_data(const struct appr_subject_data *x, const struct appr_subject_data *y)
{
    if (x->n_values != y->n_values || x->n_items != y->n_items)
        return false;
    for (size_t i = 0; i < x->n_values; i++) {
        size_t j = 0;
        while (j < y->n_values && y->values[j].indicator_id != x->values[i].indicator_id)
            j++;
        if (j == y->n_values || !same_value(&x->values[i], &y->values[j]))
            return false;
    }
    for (size_t i = 0; i < x->n_items; i++) /* merged items keep the old ones' order */
        if (x->items[i].indicator_id != y->items[i].indicator_id || x->items[i].points != y->items[i].points)
            return false;
    return true;
}

/*
 * The entered part of a subject's data, as a PUT gives it (arena copy): a leaf computed from the
 * project library keeps only its entered target (none for investment completion, whose target is
 * computed too); its value is the store's and stays as it is.
 */
static int entered_only(const struct appr_structure *s, struct appr_subject_data *d, struct arena *a)
{
    struct appr_value_row *v = arena_alloc(a, (d->n_values + 1) * sizeof(*v));
    if (!v)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < d->n_values; i++) {
        const struct appr_indicator_row *x = indicator_of(s, d->values[i].indicator_id);
        v[n] = d->values[i];
        if (x && x->kind == APPR_LEAF && x->source != APPR_SOURCE_ENTERED) {
            if (x->source == APPR_SOURCE_INVEST_COMPLETION || !v[n].has_target)
                continue;
            v[n].has_actual = v[n].has_ratings = false;
            v[n].n_ratings = 0;
        }
        n++;
    }
    d->values = v;
    d->n_values = n;
    return 0;
}

static int import_data(struct db *db, void *ctx, struct error *e)
{
    struct import_ctx *c = ctx;
    struct appr_data_import *im = c->im;
    struct appr_structure s;
    struct appr_value_row *values;
    struct appr_item_row *items;
    int64_t *value_subjects, *item_subjects;
    size_t n_values, n_items;
    if (appr_structure_read(db, c->tenant, c->scheme_id, c->scope, c->a, &s, e) != 0 ||
        values_read(db, c->tenant, c->scheme_id, 0, c->a, &values, &value_subjects, &n_values, e) != 0 ||
        appr_items_read(db, c->tenant, c->scheme_id, 0, c->a, &items, &item_subjects, &n_items, e) != 0)
        return -1;
    struct import_refusals refusals = {.errors = &im->errors, .n = &im->n_errors, .a = c->a};
    im->n_errors = 0;
    im->updated = im->unchanged = 0;
    bool *seen = arena_calloc(c->a, (s.n_subjects + 1) * sizeof(bool));
    if (!seen)
        return store_no_memory(e);
    for (size_t r = 0; r < im->n; r++) {
        const struct appr_import_row *row = &im->rows[r];
        size_t at = 0;
        while (at < s.n_subjects && s.subjects[at].id != row->subject_id)
            at++;
        if (at == s.n_subjects) {
            import_refuse(&refusals, r, "subject", "考核对象不存在或不在您的填报范围内",
                          "no such subject in this scheme within your scope");
            continue;
        }
        if (seen[at]) {
            import_refuse(&refusals, r, "subject", "该考核对象在表中出现了两次", "the subject appears twice");
            continue;
        }
        seen[at] = true;
        struct appr_subject_data old = {.subject = s.subjects[at]}, merged;
        /* this subject's stored rows: values and items come ordered by subject */
        for (size_t i = 0; i < n_values; i++)
            if (value_subjects[i] == row->subject_id) {
                if (!old.n_values)
                    old.values = &values[i];
                old.n_values++;
            }
        for (size_t i = 0; i < n_items; i++)
            if (item_subjects[i] == row->subject_id) {
                if (!old.n_items)
                    old.items = &items[i];
                old.n_items++;
            }
        if (merge_row(&old, row, c->a, &merged) != 0 || entered_only(&s, &old, c->a) != 0 ||
            entered_only(&s, &merged, c->a) != 0)
            return store_no_memory(e);
        if (same_data(&merged, &old)) {
            im->actions[r] = IMPORT_UNCHANGED;
            im->unchanged++;
            continue;
        }
        struct error refused;
        if (appr_data_writable(&s, &s.subjects[at], im->office, &refused) != 0 ||
            check_data(&s, &merged, &refused) != 0) {
            import_refuse(&refusals, r, "subject", refused.message_zh, refused.message_en);
            continue;
        }
        im->actions[r] = IMPORT_UPDATE;
        im->updated++;
        if (!im->dry_run && im->n_errors == 0 &&
            write_data(db, c->tenant, c->who, c->scheme_id, &s.subjects[at], &merged, e) != 0)
            return -1;
    }
    if (refusals.failed)
        return store_no_memory(e);
    if (im->n_errors)
        return error_set(e, ERR_INVALID_ROWS, NULL, "有 %zu 行不能导入，未导入任何数据",
                         "%zu rows cannot be imported: nothing was imported", im->n_errors);
    return 0;
}

int store_appr_data_import(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                           int64_t scope, struct appr_data_import *im, struct arena *a, struct error *e)
{
    struct import_ctx c = {
        .tenant = tenant, .scheme_id = scheme_id, .scope = scope, .who = who, .im = im, .a = a};
    /* a dry run writes nothing and need not hold the write lock */
    return im->dry_run ? db_read(st->db, import_data, &c, e)
                       : db_write_tenant(st->db, tenant, import_data, &c, e);
}
