/*
 * What computing and publishing an appraisal reads and writes: the engine's input laid out for
 * domain/appraisal.h in one snapshot, published versions (the results frozen as served, never
 * changed), public notices and appeals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "store/store_appraisal_internal.h"
#include "base/banned.h"

static size_t subject_index(const struct appr_structure *s, int64_t id)
{
    for (size_t i = 0; i < s->n_subjects; i++)
        if (s->subjects[i].id == id)
            return i;
    return SIZE_MAX;
}

static int load(struct db *db, int64_t tenant, int64_t scheme_id, struct arena *a, struct appr_loaded *o,
                struct error *e)
{
    *o = (struct appr_loaded){0};
    struct appr_structure *s = &o->s;
    if (appr_structure_read(db, tenant, scheme_id, 0, a, s, e) != 0)
        return -1;
    size_t ni = s->n_indicators, ns = s->n_subjects;
    long *leaf_at = arena_alloc(a, (ni + 1) * sizeof(long)); /* indicator index → leaf index, or -1 */
    o->leaf_of = arena_alloc(a, (ni + 1) * sizeof(size_t));
    o->leaves = arena_alloc(a, (ni + 1) * sizeof(struct appr_leaf));
    o->grades = arena_alloc(a, (s->n_grades + 1) * sizeof(struct appr_grade));
    o->subjects = arena_calloc(a, (ns + 1) * sizeof(struct appr_subject));
    o->value_rows = arena_calloc(a, (ns * ni + 1) * sizeof(struct appr_value_row *));
    if (!leaf_at || !o->leaf_of || !o->leaves || !o->grades || !o->subjects || !o->value_rows)
        return store_no_memory(e);
    for (size_t i = 0; i < ni; i++) {
        leaf_at[i] = -1;
        if (s->indicators[i].kind == APPR_LEAF) {
            leaf_at[i] = (long)o->n_leaves;
            o->leaf_of[o->n_leaves] = i;
            o->leaves[o->n_leaves++] = s->indicators[i].leaf;
        }
    }
    for (size_t g = 0; g < s->n_grades; g++)
        o->grades[g] = s->grades[g].grade;
    o->scheme = (struct appr_scheme){o->leaves,
                                     o->n_leaves,
                                     o->grades,
                                     s->n_grades,
                                     s->scheme.has_bonus_cap,
                                     s->scheme.has_deduction_cap,
                                     s->scheme.bonus_cap,
                                     s->scheme.deduction_cap};
    o->values = arena_calloc(a, (ns * o->n_leaves + 1) * sizeof(struct appr_value));
    if (!o->values)
        return store_no_memory(e);
    for (size_t i = 0; i < ns; i++)
        o->subjects[i].group = s->subjects[i].group_index;
    struct appr_value_row *values;
    int64_t *value_subjects, *item_subjects;
    size_t n_values;
    if (appr_data_read(db, tenant, scheme_id, 0, a, &values, &value_subjects, &n_values, &o->items,
                       &item_subjects, &o->n_items, e) != 0)
        return -1;
    for (size_t v = 0; v < n_values; v++) {
        size_t si = subject_index(s, value_subjects[v]);
        size_t ii = SIZE_MAX;
        for (size_t i = 0; i < ni; i++)
            if (s->indicators[i].id == values[v].indicator_id)
                ii = i;
        if (si == SIZE_MAX || ii == SIZE_MAX)
            continue;
        o->value_rows[si * ni + ii] = &values[v];
        const struct appr_indicator_row *x = &s->indicators[ii];
        if (x->kind == APPR_VETO_ITEM && values[v].has_actual && values[v].actual != 0) {
            if (x->veto_mode == APPR_VETO_LOWEST || o->subjects[si].veto == APPR_VETO_NONE)
                o->subjects[si].veto = x->veto_mode;
        } else if (x->kind == APPR_LEAF) {
            struct appr_value *to = &o->values[si * o->n_leaves + (size_t)leaf_at[ii]];
            *to = (struct appr_value){values[v].has_actual, values[v].has_target, values[v].actual,
                                      values[v].target,     values[v].ratings,    values[v].n_ratings};
        }
    }
    o->item_subject = arena_alloc(a, (o->n_items + 1) * sizeof(size_t));
    if (!o->item_subject)
        return store_no_memory(e);
    for (size_t k = 0; k < o->n_items; k++) {
        size_t si = o->item_subject[k] = subject_index(s, item_subjects[k]);
        const struct appr_indicator_row *x = NULL;
        for (size_t i = 0; i < ni; i++)
            if (s->indicators[i].id == o->items[k].indicator_id)
                x = &s->indicators[i];
        if (si == SIZE_MAX || !x)
            continue;
        if (x->kind == APPR_BONUS)
            o->subjects[si].bonus += o->items[k].points;
        else if (x->kind == APPR_DEDUCTION)
            o->subjects[si].deduction += o->items[k].points;
    }
    return 0;
}

struct load_ctx {
    int64_t tenant, scheme_id;
    struct arena *a;
    struct appr_loaded *out;
    const struct actor *who;
    appr_freeze_fn make;
    void *make_ctx;
    int version;
};

static int load_read(struct db *db, void *ctx, struct error *e)
{
    struct load_ctx *c = ctx;
    return load(db, c->tenant, c->scheme_id, c->a, c->out, e);
}

int store_appr_load(struct store *st, int64_t tenant, int64_t scheme_id, struct arena *a,
                    struct appr_loaded *out, struct error *e)
{
    struct load_ctx c = {.tenant = tenant, .scheme_id = scheme_id, .a = a, .out = out};
    return db_read(st->db, load_read, &c, e);
}

static int publish(struct db *db, void *ctx, struct error *e)
{
    struct load_ctx *c = ctx;
    struct appr_loaded in;
    if (load(db, c->tenant, c->scheme_id, c->a, &in, e) != 0)
        return -1;
    if (in.s.scheme.state != APPR_SCHEME_OPEN)
        return error_set(e, ERR_INVALID_STATE, NULL, "只有填报阶段的考核方案可以发布",
                         "only a scheme open for data entry can be published");
    for (size_t i = 0; i < in.s.n_subjects; i++)
        if (in.s.subjects[i].state != APPR_SUBJ_ACCEPTED)
            return error_set(e, ERR_INVALID_STATE, NULL, "“%s”的数据尚未审核通过，不能发布",
                             "the data of \"%s\" is not accepted yet: the results cannot be published",
                             in.s.subjects[i].name);
    struct appr_frozen frozen;
    if (c->make(&in, c->a, c->make_ctx, &frozen, e) != 0)
        return -1;
    c->version = in.s.scheme.published_version + 1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s =
        db_prepare(db,
                   "INSERT INTO appraisal_versions (tenant_id, scheme_id, version, published_at,"
                   " published_by, results) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->scheme_id);
    db_bind_int64(s, 3, c->version);
    db_bind_text(s, 4, now);
    db_bind_text(s, 5, c->who->username ? c->who->username : "");
    db_bind_text(s, 6, frozen.results);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    for (size_t i = 0; i < in.s.n_subjects; i++) {
        s = db_prepare(
            db,
            "INSERT INTO appraisal_version_subjects (tenant_id, scheme_id, version, subject_id, detail)"
            " VALUES (?1, ?2, ?3, ?4, ?5)",
            e);
        if (!s)
            return -1;
        db_bind_int64(s, 1, c->tenant);
        db_bind_int64(s, 2, c->scheme_id);
        db_bind_int64(s, 3, c->version);
        db_bind_int64(s, 4, in.s.subjects[i].id);
        db_bind_text(s, 5, frozen.details[i]);
        rc = db_step(s, e);
        db_reset(s);
        if (rc < 0)
            return -1;
    }
    s = db_prepare(
        db,
        "UPDATE appraisal_schemes SET state = 'published', updated_at = ?3 WHERE tenant_id = ?1 AND id = ?2",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->scheme_id);
    db_bind_text(s, 3, now);
    rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "state", "open", "published");
    changes_int(&ch, "version", true, 0, false, c->version);
    const char *text = changes_finish(&ch);
    rc = text ? audit_append(db, c->tenant, c->who, "update", "appraisal_scheme", c->scheme_id, text, e)
              : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

int store_appr_publish(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                       appr_freeze_fn make, void *ctx, struct arena *a, int *version, struct error *e)
{
    struct load_ctx c = {
        .tenant = tenant, .scheme_id = scheme_id, .a = a, .who = who, .make = make, .make_ctx = ctx};
    if (db_write_tenant(st->db, tenant, publish, &c, e) != 0)
        return -1;
    *version = c.version;
    return 0;
}

/* ---- versions and notices */

struct versions_ctx {
    int64_t tenant, scheme_id, subject_id;
    int version;
    const char *division_code;
    struct arena *a;
    struct appr_version_row *items;
    struct appr_notice_row *notices;
    size_t n;
    const char **json;
};

static int list_versions(struct db *db, void *ctx, struct error *e)
{
    struct versions_ctx *c = ctx;
    struct appr_scheme_row scheme;
    if (appr_scheme_read(db, c->tenant, c->scheme_id, c->a, &scheme, e) != 0)
        return -1;
    struct db_stmt *s = db_prepare(db,
                                   "SELECT version, iso(published_at), published_by FROM appraisal_versions"
                                   " WHERE tenant_id = ?1 AND scheme_id = ?2 ORDER BY version",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->scheme_id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct appr_version_row *v = arena_grow(c->a, c->items, c->n, &cap, sizeof(*v));
        if (!v) {
            db_reset(s);
            return store_no_memory(e);
        }
        c->items = v;
        v[c->n++] = (struct appr_version_row){(int)db_column_int64(s, 0), store_text(s, 1, c->a),
                                              store_text(s, 2, c->a)};
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_appr_versions_list(struct store *st, int64_t tenant, int64_t scheme_id, struct arena *a,
                             struct appr_version_row **items, size_t *n, struct error *e)
{
    struct versions_ctx c = {.tenant = tenant, .scheme_id = scheme_id, .a = a};
    if (db_read(st->db, list_versions, &c, e) != 0)
        return -1;
    *items = c.items;
    *n = c.n;
    return 0;
}

static int get_version(struct db *db, void *ctx, struct error *e)
{
    struct versions_ctx *c = ctx;
    struct db_stmt *s = db_prepare(
        db,
        c->subject_id
            ? "SELECT detail FROM appraisal_version_subjects WHERE tenant_id = ?1 AND scheme_id = ?2"
              " AND version = ?3 AND subject_id = ?4"
            : "SELECT results FROM appraisal_versions WHERE tenant_id = ?1 AND scheme_id = ?2"
              " AND version = ?3",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->scheme_id);
    db_bind_int64(s, 3, c->version);
    if (c->subject_id)
        db_bind_int64(s, 4, c->subject_id);
    int rc = db_step(s, e);
    if (rc == 1 && !(*c->json = store_text(s, 0, c->a)))
        rc = store_no_memory(e);
    db_reset(s);
    if (rc == 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "没有这一版考核结果", "no such published version");
    return rc < 0 ? -1 : 0;
}

int store_appr_version_get(struct store *st, int64_t tenant, int64_t scheme_id, int version,
                           int64_t subject_id, struct arena *a, const char **json, struct error *e)
{
    struct versions_ctx c = {.tenant = tenant,
                             .scheme_id = scheme_id,
                             .version = version,
                             .subject_id = subject_id,
                             .a = a,
                             .json = json};
    return db_read(st->db, get_version, &c, e);
}

static int list_notices(struct db *db, void *ctx, struct error *e)
{
    struct versions_ctx *c = ctx;
    struct db_stmt *s = db_prepare(db,
                                   c->division_code ? "SELECT id FROM tenants WHERE division_code = ?1"
                                                    : "SELECT min(id) FROM tenants",
                                   e);
    if (!s)
        return -1;
    if (c->division_code)
        db_bind_text(s, 1, c->division_code);
    int rc = db_step(s, e);
    c->tenant = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc < 0)
        return -1;
    if (c->tenant == 0)
        return error_set(e, ERR_NOT_FOUND, "tenant", "没有这个地区", "no such tenant");
    s = db_prepare(
        db,
        "SELECT v.scheme_id, v.version, CASE WHEN s.notice_title = '' THEN s.name ELSE s.notice_title END,"
        " s.issuing_office, iso(v.published_at) FROM appraisal_versions v JOIN appraisal_schemes s"
        " ON s.tenant_id = v.tenant_id AND s.id = v.scheme_id WHERE v.tenant_id = ?1"
        " AND v.version = (SELECT max(version) FROM appraisal_versions x WHERE x.tenant_id = v.tenant_id"
        " AND x.scheme_id = v.scheme_id) ORDER BY v.published_at DESC, v.scheme_id",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    size_t cap = 0;
    while ((rc = db_step(s, e)) == 1) {
        struct appr_notice_row *n = arena_grow(c->a, c->notices, c->n, &cap, sizeof(*n));
        if (!n) {
            db_reset(s);
            return store_no_memory(e);
        }
        c->notices = n;
        n[c->n++] =
            (struct appr_notice_row){db_column_int64(s, 0), (int)db_column_int64(s, 1),
                                     store_text(s, 2, c->a), store_text(s, 3, c->a), store_text(s, 4, c->a)};
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_appr_notices_list(struct store *st, const char *division_code, struct arena *a,
                            struct appr_notice_row **items, size_t *n, int64_t *tenant, struct error *e)
{
    struct versions_ctx c = {.division_code = division_code, .a = a};
    if (db_read(st->db, list_notices, &c, e) != 0)
        return -1;
    *items = c.notices;
    *n = c.n;
    *tenant = c.tenant;
    return 0;
}

/* ---- appeals */

struct appeals_ctx {
    int64_t tenant, scheme_id, subject_id, scope, id;
    const struct actor *who;
    const char *body;
    bool upheld;
    struct arena *a;
    struct appr_appeal_row *items, *out;
    size_t n;
};

#define APPEAL_COLUMNS                                                                                       \
    "p.id, p.scheme_id, p.subject_id, p.version, coalesce(u.name, en.name), p.body, p.answer, "              \
    "p.raised_by_name,"                                                                                      \
    " iso(p.created_at), iso(p.answered_at), p.state FROM appraisal_appeals p"                               \
    " JOIN appraisal_subjects x ON x.tenant_id = p.tenant_id AND x.id = p.subject_id"                        \
    " LEFT JOIN units u ON u.tenant_id = x.tenant_id AND u.id = x.unit_id"                                   \
    " LEFT JOIN enterprises en ON en.tenant_id = x.tenant_id AND en.id = x.enterprise_id"

static int read_appeals(struct db_stmt *s, struct appeals_ctx *c, struct error *e)
{
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct appr_appeal_row *p = arena_grow(c->a, c->items, c->n, &cap, sizeof(*p));
        if (!p) {
            db_reset(s);
            return store_no_memory(e);
        }
        c->items = p;
        p += c->n++;
        const char *state = db_column_text(s, 10, NULL);
        *p = (struct appr_appeal_row){.id = db_column_int64(s, 0),
                                      .scheme_id = db_column_int64(s, 1),
                                      .subject_id = db_column_int64(s, 2),
                                      .version = (int)db_column_int64(s, 3),
                                      .subject_name = store_text(s, 4, c->a),
                                      .body = store_text(s, 5, c->a),
                                      .answer = store_text(s, 6, c->a),
                                      .raised_by_name = store_text(s, 7, c->a),
                                      .created_at = store_text(s, 8, c->a),
                                      .answered_at = store_text(s, 9, c->a),
                                      .state = strcmp(state, "open") == 0     ? APPR_APPEAL_OPEN
                                               : strcmp(state, "upheld") == 0 ? APPR_APPEAL_UPHELD
                                                                              : APPR_APPEAL_REJECTED};
        if (!p->subject_name || !p->body || !p->answer || !p->created_at) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int list_appeals(struct db *db, void *ctx, struct error *e)
{
    struct appeals_ctx *c = ctx;
    struct appr_scheme_row scheme;
    if (appr_scheme_read(db, c->tenant, c->scheme_id, c->a, &scheme, e) != 0)
        return -1;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT " APPEAL_COLUMNS " WHERE p.tenant_id = ?1 AND p.scheme_id = ?2"
                   " AND (?3 = 0 OR EXISTS (SELECT 1 FROM units sc WHERE sc.tenant_id = ?1"
                   " AND sc.id = ?3 AND u.path >= sc.path AND u.path < sc.path || '~')) ORDER BY p.id",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->scheme_id);
    db_bind_int64(s, 3, c->scope);
    return read_appeals(s, c, e);
}

int store_appr_appeals_list(struct store *st, int64_t tenant, int64_t scheme_id, int64_t scope,
                            struct arena *a, struct appr_appeal_row **items, size_t *n, struct error *e)
{
    struct appeals_ctx c = {.tenant = tenant, .scheme_id = scheme_id, .scope = scope, .a = a};
    if (db_read(st->db, list_appeals, &c, e) != 0)
        return -1;
    *items = c.items;
    *n = c.n;
    return 0;
}

static int read_appeal(struct db *db, struct appeals_ctx *c, int64_t id, struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT " APPEAL_COLUMNS " WHERE p.tenant_id = ?1 AND p.id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, id);
    c->items = NULL;
    c->n = 0;
    if (read_appeals(s, c, e) != 0)
        return -1;
    if (c->n == 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "申诉不存在", "no such appeal");
    *c->out = c->items[0];
    return 0;
}

static int add_appeal(struct db *db, void *ctx, struct error *e)
{
    struct appeals_ctx *c = ctx;
    struct appr_structure s;
    if (appr_structure_read(db, c->tenant, c->scheme_id, c->scope, c->a, &s, e) != 0)
        return -1;
    if (subject_index(&s, c->subject_id) == SIZE_MAX)
        return error_set(e, ERR_NOT_FOUND, "subject_id", "考核对象不存在", "no such subject in this scheme");
    if (s.scheme.state != APPR_SCHEME_PUBLISHED || !s.scheme.published_at)
        return error_set(e, ERR_INVALID_STATE, NULL, "考核结果尚未发布，不能申诉",
                         "the results are not published: no appeal yet");
    struct date published;
    if (date_parse_iso(s.scheme.published_at, 10, &published) != 0)
        return error_set(e, ERR_INTERNAL, NULL, "发布日期无法识别", "the publication date cannot be read");
    /* the day of publication counts as the first day of the window */
    if (date_today() - date_to_days(published) >= s.scheme.appeal_days)
        return error_set(e, ERR_INVALID_STATE, NULL, "申诉期已过（发布后 %d 天内）",
                         "the appeal window has closed (%d days after publication)", s.scheme.appeal_days);
    char now[32];
    date_now_iso(now, sizeof(now));
    if (store_next_id(db, c->tenant, "appraisal_appeals", &c->id, e) != 0)
        return -1;
    struct db_stmt *st =
        db_prepare(db,
                   "INSERT INTO appraisal_appeals (tenant_id, id, scheme_id, version, subject_id, body,"
                   " state, answer, raised_by_name, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                   " 'open', '', ?7, ?8)",
                   e);
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->tenant);
    db_bind_int64(st, 2, c->id);
    db_bind_int64(st, 3, c->scheme_id);
    db_bind_int64(st, 4, s.scheme.published_version);
    db_bind_int64(st, 5, c->subject_id);
    db_bind_text(st, 6, c->body);
    db_bind_text(st, 7, c->who->username ? c->who->username : "");
    db_bind_text(st, 8, now);
    int rc = db_step(st, e);
    db_reset(st);
    if (rc < 0 || read_appeal(db, c, c->id, e) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "subject", NULL, c->out->subject_name);
    changes_text(&ch, "body", NULL, c->body);
    const char *text = changes_finish(&ch);
    rc = text ? audit_append(db, c->tenant, c->who, "create", "appraisal_appeal", c->id, text, e)
              : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

int store_appr_appeal_add(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                          int64_t subject_id, int64_t scope, const char *body, struct arena *a,
                          struct appr_appeal_row *out, struct error *e)
{
    struct appeals_ctx c = {.tenant = tenant,
                            .scheme_id = scheme_id,
                            .subject_id = subject_id,
                            .scope = scope,
                            .who = who,
                            .body = body,
                            .a = a,
                            .out = out};
    return db_write_tenant(st->db, tenant, add_appeal, &c, e);
}

static int answer_appeal(struct db *db, void *ctx, struct error *e)
{
    struct appeals_ctx *c = ctx;
    if (read_appeal(db, c, c->id, e) != 0)
        return -1;
    if (c->out->state != APPR_APPEAL_OPEN)
        return error_set(e, ERR_INVALID_STATE, NULL, "该申诉已答复", "the appeal has been answered");
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s = db_prepare(db,
                                   "UPDATE appraisal_appeals SET state = ?3, answer = ?4, answered_at = ?5"
                                   " WHERE tenant_id = ?1 AND id = ?2",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_text(s, 3, c->upheld ? "upheld" : "rejected");
    db_bind_text(s, 4, c->body);
    db_bind_text(s, 5, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || read_appeal(db, c, c->id, e) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "state", "open", c->upheld ? "upheld" : "rejected");
    changes_text(&ch, "answer", NULL, c->body);
    const char *text = changes_finish(&ch);
    rc = text ? audit_append(db, c->tenant, c->who, "update", "appraisal_appeal", c->id, text, e)
              : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

int store_appr_appeal_answer(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                             bool upheld, const char *answer, struct arena *a, struct appr_appeal_row *out,
                             struct error *e)
{
    struct appeals_ctx c = {
        .tenant = tenant, .id = id, .who = who, .upheld = upheld, .body = answer, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, answer_appeal, &c, e);
}
