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

static int by_id(const void *a, const void *b)
{
    int64_t x = ((const struct appr_id_at *)a)->id, y = ((const struct appr_id_at *)b)->id;
    return x < y ? -1 : x > y;
}

static size_t find_id(const struct appr_id_at *map, size_t n, int64_t id)
{
    struct appr_id_at key = {id, 0};
    const struct appr_id_at *hit = bsearch(&key, map, n, sizeof(*map), by_id);
    return hit ? hit->at : SIZE_MAX;
}

static int parse_ratings(const char *text, size_t len, struct arena *a, struct appr_value *to)
{
    size_t count = 1;
    for (size_t k = 0; k < len; k++)
        count += text[k] == ',';
    int64_t *r = arena_alloc(a, count * sizeof(int64_t));
    if (!r)
        return -1;
    uint32_t n = 0;
    for (const char *p = text, *end = text + len; p < end && n < count;) {
        int64_t v = 0;
        bool negative = *p == '-';
        p += negative;
        while (p < end && *p >= '0' && *p <= '9')
            v = v * 10 + (*p++ - '0');
        r[n++] = negative ? -v : v;
        p += p < end && *p == ',';
    }
    to->ratings = r;
    to->n_ratings = n;
    return 0;
}

/*
 * Every value of the scheme (subject_id 0) or of one subject, read straight into the engine's
 * matrix (a province's scheme has millions), with the vetoes they trigger.
 */
static int load_values(struct db *db, int64_t tenant, int64_t scheme_id, int64_t subject_id, struct arena *a,
                       struct appr_loaded *o, const struct appr_maps *m, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db,
                   subject_id ? "SELECT subject_id, indicator_id, target, actual, ratings"
                                " FROM appraisal_values WHERE tenant_id = ?1 AND scheme_id = ?2"
                                " AND subject_id = ?3"
                              : "SELECT subject_id, indicator_id, target, actual, ratings"
                                " FROM appraisal_values WHERE tenant_id = ?1 AND scheme_id = ?2",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, scheme_id);
    if (subject_id)
        db_bind_int64(s, 3, subject_id);
    size_t ns = o->s.n_subjects, ni = o->s.n_indicators, si = SIZE_MAX;
    int64_t last_subject = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        int64_t subject = db_column_int64(s, 0);
        if (subject != last_subject) { /* rows come subject by subject */
            si = find_id(m->subjects, ns, subject);
            last_subject = subject;
        }
        size_t ii = find_id(m->indicators, ni, db_column_int64(s, 1));
        if (si == SIZE_MAX || ii == SIZE_MAX)
            continue;
        const struct appr_indicator_row *x = &o->s.indicators[ii];
        if (x->kind == APPR_VETO_ITEM) {
            if (!db_column_is_null(s, 3) && db_column_int64(s, 3) != 0 &&
                (x->veto_mode == APPR_VETO_LOWEST || o->subjects[si].veto == APPR_VETO_NONE))
                o->subjects[si].veto = x->veto_mode;
            continue;
        }
        if (m->leaf_at[ii] < 0)
            continue;
        struct appr_value *to = &o->values[si * o->n_leaves + (size_t)m->leaf_at[ii]];
        to->has_target = !db_column_is_null(s, 2);
        to->target = db_column_int64(s, 2);
        to->has_actual = !db_column_is_null(s, 3);
        to->actual = db_column_int64(s, 3);
        size_t len;
        const char *ratings = db_column_text(s, 4, &len);
        if (ratings && len && parse_ratings(ratings, len, a, to) != 0) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* Every bonus and deduction item of the scheme, and each subject's sums of them. */
static int load_items(struct db *db, int64_t tenant, int64_t scheme_id, struct arena *a,
                      struct appr_loaded *o, const struct appr_maps *m, struct error *e)
{
    int64_t *item_subjects;
    size_t ns = o->s.n_subjects, ni = o->s.n_indicators;
    if (appr_items_read(db, tenant, scheme_id, 0, a, &o->items, &item_subjects, &o->n_items, e) != 0)
        return -1;
    o->item_subject = arena_alloc(a, (o->n_items + 1) * sizeof(size_t));
    if (!o->item_subject)
        return store_no_memory(e);
    for (size_t i = 0; i < ns; i++)
        o->subjects[i].bonus = o->subjects[i].deduction = 0;
    for (size_t k = 0; k < o->n_items; k++) {
        size_t si = o->item_subject[k] = find_id(m->subjects, ns, item_subjects[k]);
        size_t ii = find_id(m->indicators, ni, o->items[k].indicator_id);
        if (si == SIZE_MAX || ii == SIZE_MAX)
            continue;
        if (o->s.indicators[ii].kind == APPR_BONUS)
            o->subjects[si].bonus += o->items[k].points;
        else if (o->s.indicators[ii].kind == APPR_DEDUCTION)
            o->subjects[si].deduction += o->items[k].points;
    }
    return 0;
}

/* maps: where the values went, kept by a caller that reads subjects again (or NULL). */
static int load(struct db *db, int64_t tenant, int64_t scheme_id, struct arena *a, struct appr_loaded *o,
                struct appr_maps *keep, struct error *e)
{
    *o = (struct appr_loaded){0};
    struct appr_structure *s = &o->s;
    if (appr_structure_read(db, tenant, scheme_id, 0, a, s, e) != 0)
        return -1;
    size_t ni = s->n_indicators, ns = s->n_subjects;
    struct appr_maps m = {arena_alloc(a, (ni + 1) * sizeof(long)),
                          arena_alloc(a, (ns + 1) * sizeof(struct appr_id_at)),
                          arena_alloc(a, (ni + 1) * sizeof(struct appr_id_at))};
    o->leaf_of = arena_alloc(a, (ni + 1) * sizeof(size_t));
    o->leaves = arena_alloc(a, (ni + 1) * sizeof(struct appr_leaf));
    o->grades = arena_alloc(a, (s->n_grades + 1) * sizeof(struct appr_grade));
    o->subjects = arena_calloc(a, (ns + 1) * sizeof(struct appr_subject));
    if (!m.leaf_at || !m.subjects || !m.indicators || !o->leaf_of || !o->leaves || !o->grades || !o->subjects)
        return store_no_memory(e);
    for (size_t i = 0; i < ni; i++) {
        m.leaf_at[i] = -1;
        m.indicators[i] = (struct appr_id_at){s->indicators[i].id, i};
        if (s->indicators[i].kind == APPR_LEAF) {
            m.leaf_at[i] = (long)o->n_leaves;
            o->leaf_of[o->n_leaves] = i;
            o->leaves[o->n_leaves++] = s->indicators[i].leaf;
        }
    }
    for (size_t i = 0; i < ns; i++) {
        m.subjects[i] = (struct appr_id_at){s->subjects[i].id, i};
        o->subjects[i].group = s->subjects[i].group_index;
    }
    qsort(m.subjects, ns, sizeof(*m.subjects), by_id);
    qsort(m.indicators, ni, sizeof(*m.indicators), by_id);
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
    if (ns && o->n_leaves > SIZE_MAX / sizeof(struct appr_value) / ns)
        return store_no_memory(e);
    o->values = arena_calloc(a, (ns * o->n_leaves + 1) * sizeof(struct appr_value));
    if (!o->values)
        return store_no_memory(e);
    if (load_values(db, tenant, scheme_id, 0, a, o, &m, e) != 0 ||
        load_items(db, tenant, scheme_id, a, o, &m, e) != 0)
        return -1;
    if (keep)
        *keep = m;
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

/* ---- what a connection keeps */

/* A computation kept may hold a province's scheme: far more than a request's arena. */
#define APPR_CACHE_LIMIT ((size_t)1 << 30)

void store_appr_cache_release(struct store *st)
{
    arena_release(&st->appraisal.arena);
    st->appraisal = (struct appr_cache_slot){0};
}

struct cached_ctx {
    int64_t tenant, scheme_id, data_rev;
    struct appr_cache_slot *slot;
    bool fresh;
};

/* What the kept computation depends on: the scheme's data revision (subjects have their own). */
static int read_stamp(struct db *db, struct cached_ctx *c, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db, "SELECT data_rev FROM appraisal_schemes WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->scheme_id);
    int rc = db_step(s, e);
    if (rc == 1)
        c->data_rev = db_column_int64(s, 0);
    db_reset(s);
    if (rc == 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "考核方案不存在", "no such appraisal scheme");
    return rc < 0 ? -1 : 0;
}

#define SUBJECT_RELOADS_MAX 1000

/* Each subject's data revision, by its index in the structure kept; changed: the subjects whose differ. */
static int subject_revs(struct db *db, struct cached_ctx *c, int64_t *revs, bool *changed, struct error *e)
{
    struct appr_cache_slot *slot = c->slot;
    struct db_stmt *s = db_prepare(
        db, "SELECT id, data_rev FROM appraisal_subjects WHERE tenant_id = ?1 AND scheme_id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->scheme_id);
    size_t ns = slot->kept.in.s.n_subjects, seen = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        size_t si = find_id(slot->maps.subjects, ns, db_column_int64(s, 0));
        if (si == SIZE_MAX)
            continue;
        int64_t rev = db_column_int64(s, 1);
        if (changed)
            changed[si] = rev != slot->subject_revs[si];
        revs[si] = rev;
        seen++;
    }
    db_reset(s);
    if (rc < 0)
        return -1;
    /* a subject added or removed without the scheme's revision: read everything again */
    return seen == ns ? 0 : 1;
}

/* The subjects whose data changed, read again; the kept computation to be made again. */
static int reload_subjects(struct db *db, struct cached_ctx *c, int64_t *revs, bool *changed, struct error *e)
{
    struct appr_cache_slot *slot = c->slot;
    struct appr_loaded *in = &slot->kept.in;
    size_t any = 0;
    for (size_t i = 0; i < in->s.n_subjects; i++) {
        if (!changed[i])
            continue;
        memset(&in->values[i * in->n_leaves], 0, in->n_leaves * sizeof(*in->values));
        in->subjects[i].veto = APPR_VETO_NONE;
        if (load_values(db, c->tenant, c->scheme_id, in->s.subjects[i].id, &slot->arena, in, &slot->maps,
                        e) != 0)
            return -1;
        any++;
    }
    if (!any)
        return 0;
    if (load_items(db, c->tenant, c->scheme_id, &slot->arena, in, &slot->maps, e) != 0)
        return -1;
    memcpy(slot->subject_revs, revs, in->s.n_subjects * sizeof(*revs));
    slot->reloads += any;
    slot->kept.computed = false;
    return 0;
}

static int cached_read(struct db *db, void *ctx, struct error *e)
{
    struct cached_ctx *c = ctx;
    struct appr_cache_slot *slot = c->slot;
    if (read_stamp(db, c, e) != 0)
        return -1;
    if (slot->used && slot->tenant == c->tenant && slot->scheme_id == c->scheme_id &&
        slot->data_rev == c->data_rev &&
        slot->reloads < SUBJECT_RELOADS_MAX) {
        struct arena scratch = ARENA_INIT;
        size_t ns = slot->kept.in.s.n_subjects;
        int64_t *revs = arena_alloc(&scratch, (ns + 1) * sizeof(*revs));
        bool *changed = arena_calloc(&scratch, (ns + 1) * sizeof(*changed));
        int rc = !revs || !changed ? store_no_memory(e) : subject_revs(db, c, revs, changed, e);
        if (rc == 0)
            rc = reload_subjects(db, c, revs, changed, e);
        arena_release(&scratch);
        if (rc <= 0)
            return rc;
    }
    arena_release(&slot->arena);
    *slot = (struct appr_cache_slot){.arena = {.limit = APPR_CACHE_LIMIT}};
    struct appr_cached *k = &slot->kept;
    if (load(db, c->tenant, c->scheme_id, &slot->arena, &k->in, &slot->maps, e) != 0)
        return -1;
    size_t ns = k->in.s.n_subjects;
    k->scores = arena_alloc(&slot->arena, (ns * k->in.n_leaves + 1) * sizeof(*k->scores));
    k->results = arena_alloc(&slot->arena, (ns + 1) * sizeof(*k->results));
    slot->subject_revs = arena_alloc(&slot->arena, (ns + 1) * sizeof(*slot->subject_revs));
    if (!k->scores || !k->results || !slot->subject_revs)
        return store_no_memory(e);
    if (subject_revs(db, c, slot->subject_revs, NULL, e) < 0)
        return -1;
    c->fresh = true;
    return 0;
}

int store_appr_cached(struct store *st, int64_t tenant, int64_t scheme_id, struct appr_cached **out,
                      struct error *e)
{
    struct cached_ctx c = {.tenant = tenant, .scheme_id = scheme_id, .slot = &st->appraisal};
    if (db_read(st->db, cached_read, &c, e) != 0) {
        store_appr_cache_release(st);
        return -1;
    }
    if (c.fresh) {
        st->appraisal.used = true;
        st->appraisal.tenant = tenant;
        st->appraisal.scheme_id = scheme_id;
        st->appraisal.data_rev = c.data_rev;
    }
    *out = &st->appraisal.kept;
    return 0;
}

static int publish(struct db *db, void *ctx, struct error *e)
{
    struct load_ctx *c = ctx;
    struct appr_loaded in;
    if (load(db, c->tenant, c->scheme_id, c->a, &in, NULL, e) != 0)
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
