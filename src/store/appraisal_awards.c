/*
 * Honour lists (表彰名单) in the store; see store_awards.h. A derived list's entries are copies of
 * the results they came from (name, group, total, rank, grade), so a list reads the same after the
 * scheme moves on; a person list's entries are its approved nominations, read as they are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "store/store_appraisal_internal.h"
#include "base/banned.h"

static const char *const source_names[] = {"derived", "added", "nominated"};
static const char *const nomination_states[] = {"submitted", "approved", "rejected"};

const char *award_source_name(enum award_source s)
{
    return source_names[s];
}

const char *award_nomination_state_name(enum award_nomination_state s)
{
    return nomination_states[s];
}

static int not_found(struct error *e)
{
    return error_set(e, ERR_NOT_FOUND, NULL, "表彰名单不存在", "no such honour list");
}

static int log_change(struct db *db, int64_t tenant, const struct actor *who, const char *action,
                      const char *resource, int64_t id, struct changes *ch, struct error *e)
{
    const char *text = changes_finish(ch);
    int rc = text ? audit_append(db, tenant, who, action, resource, id, text, e) : store_no_memory(e);
    strbuf_release(&ch->sb);
    return rc;
}

/* Grades picked, joined by newlines (a grade's name holds no control character). */
static const char *grades_text(const char *const *grades, size_t n, struct strbuf *sb)
{
    strbuf_reset(sb);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(sb, '\n');
        strbuf_addstr(sb, grades[i]);
    }
    return sb->failed ? NULL : sb->buf ? sb->buf : "";
}

static int split_grades(const char *text, struct arena *a, const char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!text || !*text)
        return 0;
    size_t count = 1;
    for (const char *p = text; *p; p++)
        count += *p == '\n';
    const char **g = arena_alloc(a, count * sizeof(char *));
    if (!g)
        return -1;
    const char *start = text;
    for (const char *p = text;; p++)
        if (*p == '\n' || !*p) {
            if (!(g[(*n)++] = arena_strndup(a, start, (size_t)(p - start))))
                return -1;
            if (!*p)
                break;
            start = p + 1;
        }
    *out = g;
    return 0;
}

/* ---- reading lists */

#define LIST_COLUMNS                                                                                         \
    "l.id, l.scheme_id, l.year, l.kind, l.state, l.name, s.name, l.version, l.grades,"                       \
    " CASE WHEN l.kind = 'person' THEN (SELECT count(*) FROM award_nominations n WHERE n.tenant_id ="        \
    " l.tenant_id AND n.list_id = l.id AND n.state = 'approved') ELSE (SELECT count(*) FROM award_entries x" \
    " WHERE x.tenant_id = l.tenant_id AND x.list_id = l.id AND x.removed = 0) END,"                          \
    " iso(l.created_at), iso(l.updated_at), iso(l.published_at), l.published_by"                             \
    " FROM award_lists l LEFT JOIN appraisal_schemes s ON s.tenant_id = l.tenant_id AND s.id = l.scheme_id"

/* Which lists a caller sees: ?2 is the visibility. */
#define VISIBLE "(?2 = 2 OR l.state = 'published' OR (?2 = 1 AND l.kind = 'person'))"

static int read_list_row(struct db_stmt *s, struct arena *a, struct award_list_row *o, struct error *e)
{
    enum award_kind kind = AWARD_PERSON;
    award_kind_parse(db_column_text(s, 3, NULL), &kind);
    *o = (struct award_list_row){
        .id = db_column_int64(s, 0),
        .scheme_id = db_column_is_null(s, 1) ? 0 : db_column_int64(s, 1),
        .year = (int)db_column_int64(s, 2),
        .kind = kind,
        .state =
            strcmp(db_column_text(s, 4, NULL), "published") == 0 ? AWARD_LIST_PUBLISHED : AWARD_LIST_DRAFT,
        .name = store_text(s, 5, a),
        .scheme_name = store_text(s, 6, a),
        .version = db_column_is_null(s, 7) ? 0 : (int)db_column_int64(s, 7),
        .entry_count = db_column_int64(s, 9),
        .created_at = store_text(s, 10, a),
        .updated_at = store_text(s, 11, a),
        .published_at = store_text(s, 12, a),
        .published_by = store_text(s, 13, a),
    };
    if (!o->name || !o->created_at || !o->updated_at || !o->published_by ||
        split_grades(db_column_text(s, 8, NULL), a, &o->grades, &o->n_grades) != 0)
        return store_no_memory(e);
    return 0;
}

static int read_list(struct db *db, int64_t tenant, int64_t id, enum award_visibility see, struct arena *a,
                     struct award_list_row *out, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db, "SELECT " LIST_COLUMNS " WHERE l.tenant_id = ?1 AND l.id = ?3 AND " VISIBLE, e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, see);
    db_bind_int64(s, 3, id);
    int rc = db_step(s, e);
    if (rc == 1)
        rc = read_list_row(s, a, out, e) == 0 ? 1 : -1;
    db_reset(s);
    if (rc == 0)
        return not_found(e);
    return rc < 0 ? -1 : 0;
}

struct lists_ctx {
    int64_t tenant, id, scope, scheme_id, *tenant_out, entry_id;
    int year, version;
    enum award_visibility see;
    const char *division_code, *reason;
    const struct actor *who;
    const struct award_list_input *in;
    const struct award_candidate *candidate;
    struct arena *a;
    struct award_list_row *rows;
    struct award_list *lists, *out;
    size_t n;
};

static int read_entries(struct db *db, int64_t tenant, struct award_list *l, int64_t scope, bool listed_only,
                        struct arena *a, struct error *e)
{
    bool person = l->list.kind == AWARD_PERSON;
    struct db_stmt *s = db_prepare(
        db,
        person ? "SELECT n.id, 0, n.unit_id, 0, 'nominated', 0, n.name, u.name, NULL, NULL, 0, 0, n.position,"
                 " n.deeds, '' FROM award_nominations n JOIN units u ON u.tenant_id = n.tenant_id AND u.id ="
                 " n.unit_id WHERE n.tenant_id = ?1 AND n.list_id = ?2 AND n.state = 'approved' AND ?3 >= 0"
                 " AND (?4 = 0 OR EXISTS (SELECT 1 FROM units sc WHERE sc.tenant_id = ?1 AND sc.id = ?4"
                 " AND u.path >= sc.path AND u.path < sc.path || '~')) ORDER BY u.path, n.id"
               : "SELECT x.id, x.subject_id, x.unit_id, x.enterprise_id, x.source, x.removed, x.name, NULL,"
                 " x.group_name, x.grade_name, x.total, x.rank, NULL, NULL, x.reason FROM award_entries x"
                 " WHERE x.tenant_id = ?1 AND x.list_id = ?2 AND (?3 = 0 OR x.removed = 0) AND ?4 >= 0"
                 " ORDER BY x.sort_order, x.id",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, l->list.id);
    db_bind_int64(s, 3, listed_only);
    db_bind_int64(s, 4, scope);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct award_entry_row *x = arena_grow(a, l->entries, l->n_entries, &cap, sizeof(*x));
        if (!x) {
            db_reset(s);
            return store_no_memory(e);
        }
        l->entries = x;
        x += l->n_entries++;
        const char *source = db_column_text(s, 4, NULL);
        *x = (struct award_entry_row){
            .id = db_column_int64(s, 0),
            .subject_id = db_column_int64(s, 1),
            .unit_id = db_column_is_null(s, 2) ? 0 : db_column_int64(s, 2),
            .enterprise_id = db_column_is_null(s, 3) ? 0 : db_column_int64(s, 3),
            .source = strcmp(source, "derived") == 0 ? AWARD_DERIVED
                      : strcmp(source, "added") == 0 ? AWARD_ADDED
                                                     : AWARD_NOMINATED,
            .removed = db_column_int64(s, 5) != 0,
            .name = store_text(s, 6, a),
            .unit_name = store_text(s, 7, a),
            .group_name = store_text(s, 8, a),
            .grade_name = store_text(s, 9, a),
            .total = db_column_int64(s, 10),
            .rank = (int)db_column_int64(s, 11),
            .position = store_text(s, 12, a),
            .deeds = store_text(s, 13, a),
            .reason = store_text(s, 14, a),
        };
        if (!x->name || !x->reason) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int list_lists(struct db *db, void *ctx, struct error *e)
{
    struct lists_ctx *c = ctx;
    struct db_stmt *s = db_prepare(db,
                                   "SELECT " LIST_COLUMNS " WHERE l.tenant_id = ?1 AND " VISIBLE
                                   " AND (?3 = 0 OR l.year = ?3) ORDER BY l.year DESC, l.id",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->see);
    db_bind_int64(s, 3, c->year);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct award_list_row *x = arena_grow(c->a, c->rows, c->n, &cap, sizeof(*x));
        if (!x) {
            db_reset(s);
            return store_no_memory(e);
        }
        c->rows = x;
        if (read_list_row(s, c->a, &x[c->n++], e) != 0) {
            db_reset(s);
            return -1;
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_award_lists(struct store *st, int64_t tenant, int year, enum award_visibility see, struct arena *a,
                      struct award_list_row **items, size_t *n, struct error *e)
{
    struct lists_ctx c = {.tenant = tenant, .year = year, .see = see, .a = a};
    if (db_read(st->db, list_lists, &c, e) != 0)
        return -1;
    *items = c.rows;
    *n = c.n;
    return 0;
}

static int get_list(struct db *db, void *ctx, struct error *e)
{
    struct lists_ctx *c = ctx;
    *c->out = (struct award_list){0};
    if (read_list(db, c->tenant, c->id, c->see, c->a, &c->out->list, e) != 0)
        return -1;
    /* a reporter reads a draft person list's entries of its own units only */
    int64_t scope = c->out->list.state == AWARD_LIST_DRAFT ? c->scope : 0;
    return read_entries(db, c->tenant, c->out, scope, false, c->a, e);
}

int store_award_get(struct store *st, int64_t tenant, int64_t id, enum award_visibility see, int64_t scope,
                    struct arena *a, struct award_list *out, struct error *e)
{
    struct lists_ctx c = {.tenant = tenant, .id = id, .see = see, .scope = scope, .a = a, .out = out};
    return db_read(st->db, get_list, &c, e);
}

/* ---- writing lists */

/* The scheme of a derived list (or of a person list's notice), checked against the kind. */
static int check_scheme(struct db *db, int64_t tenant, const struct award_list_input *in, struct arena *a,
                        struct appr_scheme_row *scheme, struct error *e)
{
    if (appr_scheme_read(db, tenant, in->scheme_id, a, scheme, e) != 0)
        return error_set(e, ERR_INVALID_VALUE, "scheme_id", "考核方案不存在", "no such appraisal scheme");
    if (scheme->enterprises != (in->kind == AWARD_ENTERPRISE))
        return in->kind == AWARD_ENTERPRISE
                   ? error_set(e, ERR_INVALID_VALUE, "scheme_id", "优秀企业名单应来自考核企业的方案",
                               "a list of enterprises must come from a scheme of enterprises")
                   : error_set(e, ERR_INVALID_VALUE, "scheme_id",
                               "先进单位、先进个人名单应来自考核单位的方案",
                               "a list of units or of individuals must come from a scheme of units");
    if (in->kind == AWARD_PERSON)
        return 0;
    struct db_stmt *s = db_prepare(
        db, "SELECT 1 FROM appraisal_versions WHERE tenant_id = ?1 AND scheme_id = ?2 AND version = ?3", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, in->scheme_id);
    db_bind_int64(s, 3, in->version);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return error_set(e, ERR_INVALID_VALUE, "version", "该方案没有已发布的第 %d 版结果",
                         "the scheme has no published version %d", in->version);
    return 0;
}

/* The unit or enterprise of a subject of the scheme (0, 0 when it is no longer one). */
static int subject_of(struct db *db, int64_t tenant, int64_t scheme_id, int64_t subject_id, int64_t *unit,
                      int64_t *enterprise, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT unit_id, enterprise_id FROM appraisal_subjects WHERE tenant_id = ?1 AND id = ?2"
                   " AND scheme_id = ?3",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, subject_id);
    db_bind_int64(s, 3, scheme_id);
    int rc = db_step(s, e);
    *unit = rc == 1 && !db_column_is_null(s, 0) ? db_column_int64(s, 0) : 0;
    *enterprise = rc == 1 && !db_column_is_null(s, 1) ? db_column_int64(s, 1) : 0;
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int insert_entry(struct db *db, int64_t tenant, int64_t list, int64_t scheme_id, int64_t id, int order,
                        const struct award_candidate *c, bool added, const char *reason, struct error *e)
{
    int64_t unit, enterprise;
    if (subject_of(db, tenant, scheme_id, c->subject_id, &unit, &enterprise, e) != 0)
        return -1;
    struct db_stmt *s = db_prepare(db,
                                   "INSERT INTO award_entries (tenant_id, id, list_id, sort_order, "
                                   "subject_id, unit_id, enterprise_id, name,"
                                   " group_name, total, rank, grade_name, source, removed, reason) VALUES "
                                   "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                                   " ?9, ?10, ?11, ?12, ?13, 0, ?14)",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    db_bind_int64(s, 3, list);
    db_bind_int64(s, 4, order);
    db_bind_int64(s, 5, c->subject_id);
    if (unit)
        db_bind_int64(s, 6, unit);
    else
        db_bind_null(s, 6);
    if (enterprise)
        db_bind_int64(s, 7, enterprise);
    else
        db_bind_null(s, 7);
    db_bind_text(s, 8, c->name ? c->name : "");
    db_bind_text(s, 9, c->group_name ? c->group_name : "");
    db_bind_int64(s, 10, c->total);
    db_bind_int64(s, 11, c->rank);
    db_bind_text(s, 12, c->grade_name ? c->grade_name : "");
    db_bind_text(s, 13, added ? "added" : "derived");
    db_bind_text(s, 14, reason ? reason : "");
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int insert_entries(struct db *db, int64_t tenant, int64_t list, const struct award_list_input *in,
                          struct error *e)
{
    int64_t next;
    if (store_sequence_peek(db, tenant, "award_entries", &next, e) != 0)
        return -1;
    for (size_t i = 0; i < in->n_entries; i++)
        if (insert_entry(db, tenant, list, in->scheme_id, next++, (int)i, &in->entries[i], false, NULL, e) !=
            0)
            return -1;
    return store_sequence_set(db, tenant, "award_entries", next, e);
}

static int name_taken(struct db *db, int64_t tenant, int year, const char *name, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db, "SELECT 1 FROM award_lists WHERE tenant_id = ?1 AND year = ?2 AND name = ?3", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, year);
    db_bind_text(s, 3, name);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc == 1)
        return error_set(e, ERR_DUPLICATE, "name", "%d 年已有名为“%s”的表彰名单",
                         "%d already has an honour list named \"%s\"", year, name);
    return rc;
}

static int create_list(struct db *db, void *ctx, struct error *e)
{
    struct lists_ctx *c = ctx;
    const struct award_list_input *in = c->in;
    struct appr_scheme_row scheme = {0};
    bool has_scheme = in->scheme_id != 0;
    if (has_scheme && check_scheme(db, c->tenant, in, c->a, &scheme, e) != 0)
        return -1;
    int year = in->year ? in->year : scheme.year;
    if (has_scheme && in->kind != AWARD_PERSON && in->year && in->year != scheme.year)
        return error_set(e, ERR_INVALID_VALUE, "year", "名单的年度应为方案的年度（%d）",
                         "the list's year must be the scheme's (%d)", scheme.year);
    if (name_taken(db, c->tenant, year, in->name, e) != 0)
        return -1;
    if (store_next_id(db, c->tenant, "award_lists", &c->id, e) != 0)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct strbuf grades = STRBUF_INIT;
    const char *gtext = grades_text(in->grades, in->n_grades, &grades);
    struct db_stmt *s = gtext ? db_prepare(db,
                                           "INSERT INTO award_lists (tenant_id, id, year, kind, name, state,"
                                           " scheme_id, version, grades, created_at, updated_at)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?7, ?8, ?9, ?9)",
                                           e)
                              : NULL;
    if (!s) {
        strbuf_release(&grades);
        return gtext ? -1 : store_no_memory(e);
    }
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_int64(s, 3, year);
    db_bind_text(s, 4, award_kind_name(in->kind));
    db_bind_text(s, 5, in->name);
    if (has_scheme)
        db_bind_int64(s, 6, in->scheme_id);
    else
        db_bind_null(s, 6);
    if (in->kind != AWARD_PERSON)
        db_bind_int64(s, 7, in->version);
    else
        db_bind_null(s, 7);
    db_bind_text(s, 8, gtext);
    db_bind_text(s, 9, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || insert_entries(db, c->tenant, c->id, in, e) != 0) {
        strbuf_release(&grades);
        return -1;
    }
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "kind", NULL, award_kind_name(in->kind));
    changes_int(&ch, "year", true, 0, false, year);
    changes_text(&ch, "name", NULL, in->name);
    if (has_scheme)
        changes_int(&ch, "scheme_id", true, 0, false, in->scheme_id);
    if (in->kind != AWARD_PERSON) {
        changes_int(&ch, "version", true, 0, false, in->version);
        changes_text(&ch, "grades", NULL, gtext);
        changes_int(&ch, "entries", true, 0, false, (int64_t)in->n_entries);
    }
    strbuf_release(&grades);
    return log_change(db, c->tenant, c->who, "create", "award_list", c->id, &ch, e);
}

int store_award_create(struct store *st, int64_t tenant, const struct actor *who,
                       const struct award_list_input *in, int64_t *id, struct error *e)
{
    struct lists_ctx c = {.tenant = tenant, .who = who, .in = in};
    struct arena a = ARENA_INIT;
    c.a = &a;
    int rc = db_write_tenant(st->db, tenant, create_list, &c, e);
    arena_release(&a);
    *id = c.id;
    return rc;
}

/* The list for a write: it must be a draft (and, when derived is set, a derived one). */
static int draft_list(struct db *db, struct lists_ctx *c, int derived, struct award_list_row *l,
                      struct error *e)
{
    if (read_list(db, c->tenant, c->id, AWARD_SEE_ALL, c->a, l, e) != 0)
        return -1;
    if (l->state != AWARD_LIST_DRAFT)
        return error_set(e, ERR_INVALID_STATE, NULL, "名单已发布，不能再改动",
                         "the list is published: it cannot change");
    if (derived > 0 && l->kind == AWARD_PERSON)
        return error_set(e, ERR_INVALID_STATE, NULL, "先进个人名单由推荐审核产生，不能直接增删",
                         "a list of individuals is made of approved nominations, not changed directly");
    if (derived < 0 && l->kind != AWARD_PERSON)
        return error_set(e, ERR_INVALID_STATE, NULL, "只有先进个人名单有推荐名额和推荐",
                         "only a list of individuals has quotas and nominations");
    return 0;
}

static int delete_list(struct db *db, void *ctx, struct error *e)
{
    struct lists_ctx *c = ctx;
    struct award_list_row l;
    if (draft_list(db, c, 0, &l, e) != 0)
        return -1;
    static const char *const deletes[] = {
        "DELETE FROM award_nominations WHERE tenant_id = ?1 AND list_id = ?2",
        "DELETE FROM award_quotas WHERE tenant_id = ?1 AND list_id = ?2",
        "DELETE FROM award_entries WHERE tenant_id = ?1 AND list_id = ?2",
        "DELETE FROM award_lists WHERE tenant_id = ?1 AND id = ?2",
    };
    for (size_t i = 0; i < sizeof(deletes) / sizeof(deletes[0]); i++)
        if (store_exec_ints(db, deletes[i], e, 2, c->tenant, c->id) != 0)
            return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "name", l.name, NULL);
    changes_text(&ch, "kind", award_kind_name(l.kind), NULL);
    return log_change(db, c->tenant, c->who, "delete", "award_list", c->id, &ch, e);
}

static int with_arena(struct store *st, int64_t tenant, db_tx_fn fn, struct lists_ctx *c, struct error *e)
{
    struct arena a = ARENA_INIT;
    c->a = &a;
    int rc = db_write_tenant(st->db, tenant, fn, c, e);
    arena_release(&a);
    return rc;
}

int store_award_delete(struct store *st, int64_t tenant, const struct actor *who, int64_t id, struct error *e)
{
    struct lists_ctx c = {.tenant = tenant, .id = id, .who = who};
    return with_arena(st, tenant, delete_list, &c, e);
}

static int touch(struct db *db, struct lists_ctx *c, struct error *e)
{
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s =
        db_prepare(db, "UPDATE award_lists SET updated_at = ?3 WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_text(s, 3, now);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int regenerate(struct db *db, void *ctx, struct error *e)
{
    struct lists_ctx *c = ctx;
    struct award_list_row l;
    if (draft_list(db, c, 1, &l, e) != 0)
        return -1;
    struct award_list_input in = *c->in;
    in.kind = l.kind;
    in.scheme_id = l.scheme_id;
    struct appr_scheme_row scheme;
    if (check_scheme(db, c->tenant, &in, c->a, &scheme, e) != 0)
        return -1;
    int64_t adjusted = 0;
    struct db_stmt *s = db_prepare(db,
                                   "SELECT count(*) FROM award_entries WHERE tenant_id = ?1 AND list_id = ?2"
                                   " AND (source = 'added' OR removed = 1)",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    int rc = db_step(s, e);
    adjusted = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc < 0 ||
        store_exec_ints(db, "DELETE FROM award_entries WHERE tenant_id = ?1 AND list_id = ?2", e, 2,
                        c->tenant, c->id) != 0 ||
        insert_entries(db, c->tenant, c->id, &in, e) != 0)
        return -1;
    struct strbuf grades = STRBUF_INIT, before = STRBUF_INIT;
    const char *gtext = grades_text(in.grades, in.n_grades, &grades);
    const char *btext = grades_text(l.grades, l.n_grades, &before);
    char now[32];
    date_now_iso(now, sizeof(now));
    s = gtext && btext ? db_prepare(db,
                                    "UPDATE award_lists SET version = ?3, grades = ?4, updated_at = ?5"
                                    " WHERE tenant_id = ?1 AND id = ?2",
                                    e)
                       : NULL;
    rc = s ? 0 : gtext && btext ? -1 : store_no_memory(e);
    if (s) {
        db_bind_int64(s, 1, c->tenant);
        db_bind_int64(s, 2, c->id);
        db_bind_int64(s, 3, in.version);
        db_bind_text(s, 4, gtext);
        db_bind_text(s, 5, now);
        rc = db_step(s, e) < 0 ? -1 : 0;
        db_reset(s);
    }
    if (rc == 0) {
        struct changes ch = {STRBUF_INIT, 0};
        changes_same_text(&ch, "regenerated", c->reason);
        changes_int(&ch, "version", false, l.version, false, in.version);
        changes_text(&ch, "grades", btext, gtext);
        changes_int(&ch, "entries", false, l.entry_count, false, (int64_t)in.n_entries);
        changes_int(&ch, "adjustments_dropped", true, 0, false, adjusted);
        rc = log_change(db, c->tenant, c->who, "update", "award_list", c->id, &ch, e);
    }
    strbuf_release(&grades);
    strbuf_release(&before);
    return rc;
}

int store_award_regenerate(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                           const struct award_list_input *in, const char *reason, struct error *e)
{
    struct lists_ctx c = {.tenant = tenant, .id = id, .who = who, .in = in, .reason = reason};
    return with_arena(st, tenant, regenerate, &c, e);
}

static int add_entry(struct db *db, void *ctx, struct error *e)
{
    struct lists_ctx *c = ctx;
    struct award_list_row l;
    if (draft_list(db, c, 1, &l, e) != 0)
        return -1;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT id, removed FROM award_entries WHERE tenant_id = ?1 AND list_id = ?2"
                   " AND subject_id = ?3",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_int64(s, 3, c->candidate->subject_id);
    int rc = db_step(s, e);
    int64_t entry = rc == 1 ? db_column_int64(s, 0) : 0;
    bool removed = rc == 1 && db_column_int64(s, 1) != 0;
    db_reset(s);
    if (rc < 0)
        return -1;
    if (entry && !removed)
        return error_set(e, ERR_DUPLICATE, "subject_id", "“%s”已在名单中", "\"%s\" is on the list already",
                         c->candidate->name);
    if (entry) {
        s = db_prepare(
            db, "UPDATE award_entries SET removed = 0, reason = ?3 WHERE tenant_id = ?1 AND id = ?2", e);
        if (!s)
            return -1;
        db_bind_int64(s, 1, c->tenant);
        db_bind_int64(s, 2, entry);
        db_bind_text(s, 3, c->reason);
        rc = db_step(s, e);
        db_reset(s);
    } else {
        int64_t order = 0;
        s = db_prepare(db,
                       "SELECT coalesce(max(sort_order), -1) + 1 FROM award_entries WHERE tenant_id = ?1"
                       " AND list_id = ?2",
                       e);
        if (!s)
            return -1;
        db_bind_int64(s, 1, c->tenant);
        db_bind_int64(s, 2, c->id);
        rc = db_step(s, e);
        order = rc == 1 ? db_column_int64(s, 0) : 0;
        db_reset(s);
        if (rc < 0 || store_next_id(db, c->tenant, "award_entries", &entry, e) != 0 ||
            insert_entry(db, c->tenant, c->id, l.scheme_id, entry, (int)order, c->candidate, true, c->reason,
                         e) != 0)
            return -1;
    }
    if (rc < 0 || touch(db, c, e) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "entry_added", NULL, c->candidate->name);
    changes_same_text(&ch, "reason", c->reason);
    return log_change(db, c->tenant, c->who, "update", "award_list", c->id, &ch, e);
}

int store_award_entry_add(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                          const struct award_candidate *cand, const char *reason, struct error *e)
{
    struct lists_ctx c = {.tenant = tenant, .id = id, .who = who, .candidate = cand, .reason = reason};
    return with_arena(st, tenant, add_entry, &c, e);
}

static int remove_entry(struct db *db, void *ctx, struct error *e)
{
    struct lists_ctx *c = ctx;
    struct award_list_row l;
    if (draft_list(db, c, 1, &l, e) != 0)
        return -1;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT name, removed FROM award_entries WHERE tenant_id = ?1 AND list_id = ?2"
                   " AND id = ?3",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_int64(s, 3, c->entry_id);
    int rc = db_step(s, e);
    const char *name = rc == 1 ? store_text(s, 0, c->a) : NULL;
    bool removed = rc == 1 && db_column_int64(s, 1) != 0;
    db_reset(s);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "名单中没有这一条", "no such entry on the list");
    if (!name)
        return store_no_memory(e);
    if (removed)
        return error_set(e, ERR_INVALID_STATE, NULL, "“%s”已从名单中撤下",
                         "\"%s\" was taken off the list already", name);
    s = db_prepare(db, "UPDATE award_entries SET removed = 1, reason = ?3 WHERE tenant_id = ?1 AND id = ?2",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->entry_id);
    db_bind_text(s, 3, c->reason);
    rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || touch(db, c, e) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "entry_removed", name, NULL);
    changes_same_text(&ch, "reason", c->reason);
    return log_change(db, c->tenant, c->who, "update", "award_list", c->id, &ch, e);
}

int store_award_entry_remove(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                             int64_t entry_id, const char *reason, struct error *e)
{
    struct lists_ctx c = {.tenant = tenant, .id = id, .who = who, .entry_id = entry_id, .reason = reason};
    return with_arena(st, tenant, remove_entry, &c, e);
}

static int publish(struct db *db, void *ctx, struct error *e)
{
    struct lists_ctx *c = ctx;
    struct award_list_row l;
    if (draft_list(db, c, 0, &l, e) != 0)
        return -1;
    if (l.kind == AWARD_PERSON) {
        struct db_stmt *s = db_prepare(db,
                                       "SELECT count(*) FROM award_nominations WHERE tenant_id = ?1 AND"
                                       " list_id = ?2 AND state = 'submitted'",
                                       e);
        if (!s)
            return -1;
        db_bind_int64(s, 1, c->tenant);
        db_bind_int64(s, 2, c->id);
        int rc = db_step(s, e);
        int64_t open = rc == 1 ? db_column_int64(s, 0) : 0;
        db_reset(s);
        if (rc < 0)
            return -1;
        if (open)
            return error_set(e, ERR_INVALID_STATE, NULL, "还有 %lld 份推荐未审核，不能发布",
                             "%lld nominations are not decided yet: the list cannot be published",
                             (long long)open);
    }
    if (l.entry_count == 0)
        return error_set(e, ERR_INVALID_STATE, NULL, "名单是空的，不能发布",
                         "the list is empty: nothing to publish");
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s =
        db_prepare(db,
                   "UPDATE award_lists SET state = 'published', published_at = ?3, updated_at = ?3,"
                   " published_by = ?4 WHERE tenant_id = ?1 AND id = ?2",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_text(s, 3, now);
    db_bind_text(s, 4, c->who->username ? c->who->username : "");
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "state", "draft", "published");
    changes_int(&ch, "entries", true, 0, false, l.entry_count);
    return log_change(db, c->tenant, c->who, "update", "award_list", c->id, &ch, e);
}

int store_award_publish(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                        struct error *e)
{
    struct lists_ctx c = {.tenant = tenant, .id = id, .who = who};
    return with_arena(st, tenant, publish, &c, e);
}

/* ---- quotas */

#define IN_SCOPE(p)                                                                                          \
    " (?" p " = 0 OR EXISTS (SELECT 1 FROM units sc WHERE sc.tenant_id = ?1 AND sc.id = ?" p                 \
    " AND u.path >= sc.path AND u.path < sc.path || '~'))"

struct quotas_ctx {
    int64_t tenant, id, scope, nomination_id;
    enum award_visibility see;
    bool approve;
    const char *reason;
    const struct actor *who;
    const struct award_quota_input *in;
    size_t n_in;
    const struct award_nomination_input *nomination;
    struct arena *a;
    struct award_quota_row *quotas;
    struct award_nomination_row *nominations, *out;
    size_t n;
};

static int person_list(struct db *db, struct quotas_ctx *q, bool draft, struct award_list_row *l,
                       struct error *e)
{
    struct lists_ctx c = {.tenant = q->tenant, .id = q->id, .a = q->a};
    if (draft)
        return draft_list(db, &c, -1, l, e);
    if (read_list(db, q->tenant, q->id, q->see, q->a, l, e) != 0)
        return -1;
    if (l->kind != AWARD_PERSON)
        return error_set(e, ERR_INVALID_STATE, NULL, "只有先进个人名单有推荐名额和推荐",
                         "only a list of individuals has quotas and nominations");
    return 0;
}

static int read_quotas(struct db *db, struct quotas_ctx *c, struct error *e)
{
    struct db_stmt *s = db_prepare(
        db,
        "SELECT q.unit_id, u.name, q.quota, (SELECT count(*) FROM award_nominations n WHERE n.tenant_id ="
        " q.tenant_id AND n.list_id = q.list_id AND n.unit_id = q.unit_id AND n.state <> 'rejected'),"
        " (SELECT count(*) FROM award_nominations n WHERE n.tenant_id = q.tenant_id AND n.list_id = q.list_id"
        " AND n.unit_id = q.unit_id AND n.state = 'approved') FROM award_quotas q JOIN units u ON "
        "u.tenant_id ="
        " q.tenant_id AND u.id = q.unit_id WHERE q.tenant_id = ?1 AND q.list_id = ?2 AND" IN_SCOPE(
            "3") " ORDER BY u.path",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_int64(s, 3, c->scope);
    size_t cap = 0;
    int rc;
    c->quotas = NULL;
    c->n = 0;
    while ((rc = db_step(s, e)) == 1) {
        struct award_quota_row *x = arena_grow(c->a, c->quotas, c->n, &cap, sizeof(*x));
        if (!x) {
            db_reset(s);
            return store_no_memory(e);
        }
        c->quotas = x;
        x[c->n++] = (struct award_quota_row){db_column_int64(s, 0), store_text(s, 1, c->a),
                                             (int)db_column_int64(s, 2), (int)db_column_int64(s, 3),
                                             (int)db_column_int64(s, 4)};
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int get_quotas(struct db *db, void *ctx, struct error *e)
{
    struct quotas_ctx *c = ctx;
    struct award_list_row l;
    return person_list(db, c, false, &l, e) == 0 ? read_quotas(db, c, e) : -1;
}

int store_award_quotas(struct store *st, int64_t tenant, int64_t id, enum award_visibility see, int64_t scope,
                       struct arena *a, struct award_quota_row **items, size_t *n, struct error *e)
{
    struct quotas_ctx c = {.tenant = tenant, .id = id, .see = see, .scope = scope, .a = a};
    if (db_read(st->db, get_quotas, &c, e) != 0)
        return -1;
    *items = c.quotas;
    *n = c.n;
    return 0;
}

static int unit_exists(struct db *db, int64_t tenant, int64_t unit, int64_t scope, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db, "SELECT 1 FROM units u WHERE u.tenant_id = ?1 AND u.id = ?2 AND" IN_SCOPE("3"), e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, unit);
    db_bind_int64(s, 3, scope);
    int rc = db_step(s, e);
    db_reset(s);
    return rc;
}

static int put_quotas(struct db *db, void *ctx, struct error *e)
{
    struct quotas_ctx *c = ctx;
    struct award_list_row l;
    if (person_list(db, c, true, &l, e) != 0)
        return -1;
    int64_t *units = arena_alloc(c->a, (c->n_in + 1) * sizeof(int64_t));
    int *quotas = arena_alloc(c->a, (c->n_in + 1) * sizeof(int));
    const char **fields = arena_alloc(c->a, (c->n_in + 1) * sizeof(char *));
    if (!units || !quotas || !fields)
        return store_no_memory(e);
    size_t n = 0;
    for (size_t i = 0; i < c->n_in; i++) {
        const struct award_quota_input *q = &c->in[i];
        int64_t unit = q->unit_id;
        if (q->subject_id) {
            struct db_stmt *s = db_prepare(db,
                                           "SELECT unit_id FROM appraisal_subjects WHERE tenant_id = ?1 AND "
                                           "id = ?2 AND unit_id IS NOT NULL",
                                           e);
            if (!s)
                return -1;
            db_bind_int64(s, 1, c->tenant);
            db_bind_int64(s, 2, q->subject_id);
            int rc = db_step(s, e);
            unit = rc == 1 ? db_column_int64(s, 0) : 0;
            db_reset(s);
            if (rc < 0)
                return -1;
        } else {
            int rc = unit_exists(db, c->tenant, unit, 0, e);
            if (rc < 0)
                return -1;
            if (rc == 0)
                unit = 0;
        }
        if (!unit)
            return error_set(e, ERR_INVALID_VALUE, q->field, "单位不存在", "no such unit");
        size_t k = 0;
        while (k < n && units[k] != unit)
            k++;
        if (k == n)
            n++;
        units[k] = unit;
        quotas[k] = q->quota;
        fields[k] = q->field;
    }
    /* no unit below what the office approved already */
    struct quotas_ctx all = *c;
    all.scope = 0;
    if (read_quotas(db, &all, e) != 0)
        return -1;
    struct db_stmt *s = db_prepare(db,
                                   "SELECT unit_id, count(*) FROM award_nominations WHERE tenant_id = ?1 AND"
                                   " list_id = ?2 AND state = 'approved' GROUP BY unit_id",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        int64_t unit = db_column_int64(s, 0), approved = db_column_int64(s, 1);
        size_t k = 0;
        while (k < n && units[k] != unit)
            k++;
        if (k == n || quotas[k] < approved) {
            db_reset(s);
            return error_set(e, ERR_INVALID_STATE, k == n ? "items" : fields[k],
                             "该单位已有 %lld 名推荐人选审核通过，名额不能少于此数",
                             "the unit has %lld approved nominations: its quota cannot be lower",
                             (long long)approved);
        }
    }
    db_reset(s);
    if (rc < 0 || store_exec_ints(db, "DELETE FROM award_quotas WHERE tenant_id = ?1 AND list_id = ?2", e, 2,
                                  c->tenant, c->id) != 0)
        return -1;
    struct strbuf text = STRBUF_INIT, before = STRBUF_INIT;
    for (size_t k = 0; k < all.n; k++)
        strbuf_addf(&before, "%s%lld:%d", k ? "," : "", (long long)all.quotas[k].unit_id,
                    all.quotas[k].quota);
    for (size_t k = 0; k < n; k++) {
        if (quotas[k] == 0)
            continue;
        strbuf_addf(&text, "%s%lld:%d", text.len ? "," : "", (long long)units[k], quotas[k]);
        if (store_exec_ints(
                db, "INSERT INTO award_quotas (tenant_id, list_id, unit_id, quota) VALUES (?1, ?2, ?3, ?4)",
                e, 4, c->tenant, c->id, units[k], (int64_t)quotas[k]) != 0) {
            strbuf_release(&text);
            strbuf_release(&before);
            return -1;
        }
    }
    rc = text.failed || before.failed ? store_no_memory(e)
                                      : touch(db, &(struct lists_ctx){.tenant = c->tenant, .id = c->id}, e);
    if (rc == 0) {
        struct changes ch = {STRBUF_INIT, 0};
        changes_text(&ch, "quotas", before.buf ? before.buf : "", text.buf ? text.buf : "");
        rc = log_change(db, c->tenant, c->who, "update", "award_list", c->id, &ch, e);
    }
    strbuf_release(&text);
    strbuf_release(&before);
    return rc;
}

int store_award_quotas_put(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                           const struct award_quota_input *in, size_t n, struct error *e)
{
    struct quotas_ctx c = {.tenant = tenant, .id = id, .who = who, .in = in, .n_in = n};
    struct arena a = ARENA_INIT;
    c.a = &a;
    int rc = db_write_tenant(st->db, tenant, put_quotas, &c, e);
    arena_release(&a);
    return rc;
}

/* ---- nominations */

#define NOMINATION_COLUMNS                                                                                   \
    "n.id, n.list_id, n.unit_id, n.state, u.name, n.name, n.position, n.deeds, n.reason, n.nominated_by,"    \
    " iso(n.created_at), n.decided_by, iso(n.decided_at) FROM award_nominations n JOIN units u ON"           \
    " u.tenant_id = n.tenant_id AND u.id = n.unit_id"

static int read_nominations(struct db_stmt *s, struct quotas_ctx *c, struct error *e)
{
    size_t cap = 0;
    int rc;
    c->nominations = NULL;
    c->n = 0;
    while ((rc = db_step(s, e)) == 1) {
        struct award_nomination_row *x = arena_grow(c->a, c->nominations, c->n, &cap, sizeof(*x));
        if (!x) {
            db_reset(s);
            return store_no_memory(e);
        }
        c->nominations = x;
        x += c->n++;
        const char *state = db_column_text(s, 3, NULL);
        *x = (struct award_nomination_row){
            .id = db_column_int64(s, 0),
            .list_id = db_column_int64(s, 1),
            .unit_id = db_column_int64(s, 2),
            .state = strcmp(state, "approved") == 0   ? AWARD_NOM_APPROVED
                     : strcmp(state, "rejected") == 0 ? AWARD_NOM_REJECTED
                                                      : AWARD_NOM_SUBMITTED,
            .unit_name = store_text(s, 4, c->a),
            .name = store_text(s, 5, c->a),
            .position = store_text(s, 6, c->a),
            .deeds = store_text(s, 7, c->a),
            .reason = store_text(s, 8, c->a),
            .nominated_by = store_text(s, 9, c->a),
            .created_at = store_text(s, 10, c->a),
            .decided_by = store_text(s, 11, c->a),
            .decided_at = store_text(s, 12, c->a),
        };
        if (!x->unit_name || !x->name || !x->position || !x->deeds || !x->reason || !x->nominated_by ||
            !x->created_at || !x->decided_by) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int list_nominations(struct db *db, void *ctx, struct error *e)
{
    struct quotas_ctx *c = ctx;
    struct award_list_row l;
    if (person_list(db, c, false, &l, e) != 0)
        return -1;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT " NOMINATION_COLUMNS
                   " WHERE n.tenant_id = ?1 AND n.list_id = ?2 AND" IN_SCOPE("3") " ORDER BY u.path, n.id",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_int64(s, 3, c->scope);
    return read_nominations(s, c, e);
}

int store_award_nominations(struct store *st, int64_t tenant, int64_t id, enum award_visibility see,
                            int64_t scope, struct arena *a, struct award_nomination_row **items, size_t *n,
                            struct error *e)
{
    struct quotas_ctx c = {.tenant = tenant, .id = id, .see = see, .scope = scope, .a = a};
    if (db_read(st->db, list_nominations, &c, e) != 0)
        return -1;
    *items = c.nominations;
    *n = c.n;
    return 0;
}

/* The nomination of the list (in scope), into c->out; not found otherwise. */
static int read_nomination(struct db *db, struct quotas_ctx *c, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT " NOMINATION_COLUMNS " WHERE n.tenant_id = ?1 AND n.list_id = ?2 AND"
                   " n.id = ?4 AND" IN_SCOPE("3"),
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_int64(s, 3, c->scope);
    db_bind_int64(s, 4, c->nomination_id);
    if (read_nominations(s, c, e) != 0)
        return -1;
    if (c->n == 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "推荐不存在", "no such nomination");
    *c->out = c->nominations[0];
    return 0;
}

/* The unit's quota and its nominations (not rejected, and approved). */
static int unit_usage(struct db *db, struct quotas_ctx *c, int64_t unit, int *quota, int *used, int *approved,
                      struct error *e)
{
    struct db_stmt *s = db_prepare(
        db,
        "SELECT (SELECT quota FROM award_quotas WHERE tenant_id = ?1 AND list_id = ?2 AND unit_id = ?3),"
        " (SELECT count(*) FROM award_nominations WHERE tenant_id = ?1 AND list_id = ?2 AND unit_id = ?3"
        " AND state <> 'rejected'), (SELECT count(*) FROM award_nominations WHERE tenant_id = ?1 AND"
        " list_id = ?2 AND unit_id = ?3 AND state = 'approved')",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_int64(s, 3, unit);
    int rc = db_step(s, e);
    *quota = rc == 1 && !db_column_is_null(s, 0) ? (int)db_column_int64(s, 0) : 0;
    *used = rc == 1 ? (int)db_column_int64(s, 1) : 0;
    *approved = rc == 1 ? (int)db_column_int64(s, 2) : 0;
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int nominate(struct db *db, void *ctx, struct error *e)
{
    struct quotas_ctx *c = ctx;
    struct award_list_row l;
    if (read_list(db, c->tenant, c->id, c->see, c->a, &l, e) != 0 || person_list(db, c, true, &l, e) != 0)
        return -1;
    const struct award_nomination_input *in = c->nomination;
    int rc = unit_exists(db, c->tenant, in->unit_id, c->scope, e);
    if (rc <= 0)
        return rc < 0 ? -1
                      : error_set(e, ERR_INVALID_VALUE, "unit_id", "单位不存在或不在您的管理范围内",
                                  "no such unit within your scope");
    int quota, used, approved;
    if (unit_usage(db, c, in->unit_id, &quota, &used, &approved, e) != 0)
        return -1;
    if (!award_quota_allows(quota, used))
        return quota == 0 ? error_set(e, ERR_INVALID_STATE, "unit_id", "该单位在本名单没有推荐名额",
                                      "the unit has no quota of nominations on this list")
                          : error_set(e, ERR_INVALID_STATE, "unit_id", "该单位的 %d 个推荐名额已用完",
                                      "the unit's quota of %d nominations is used up", quota);
    char now[32];
    date_now_iso(now, sizeof(now));
    if (store_next_id(db, c->tenant, "award_nominations", &c->nomination_id, e) != 0)
        return -1;
    struct db_stmt *s = db_prepare(
        db,
        "INSERT INTO award_nominations (tenant_id, id, list_id, unit_id, name, position, deeds, state,"
        " reason, nominated_by, created_at, decided_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
        " 'submitted', '', ?8, ?9, '')",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->nomination_id);
    db_bind_int64(s, 3, c->id);
    db_bind_int64(s, 4, in->unit_id);
    db_bind_text(s, 5, in->name);
    db_bind_text(s, 6, in->position ? in->position : "");
    db_bind_text(s, 7, in->deeds);
    db_bind_text(s, 8, c->who->username ? c->who->username : "");
    db_bind_text(s, 9, now);
    rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || read_nomination(db, c, e) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_int(&ch, "list_id", true, 0, false, c->id);
    changes_text(&ch, "unit", NULL, c->out->unit_name);
    changes_text(&ch, "name", NULL, in->name);
    changes_text(&ch, "position", NULL, in->position);
    changes_text(&ch, "deeds", NULL, in->deeds);
    return log_change(db, c->tenant, c->who, "create", "award_nomination", c->nomination_id, &ch, e);
}

int store_award_nominate(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                         enum award_visibility see, int64_t scope, const struct award_nomination_input *in,
                         struct arena *a, struct award_nomination_row *out, struct error *e)
{
    struct quotas_ctx c = {.tenant = tenant,
                           .id = id,
                           .see = see,
                           .scope = scope,
                           .who = who,
                           .nomination = in,
                           .a = a,
                           .out = out};
    return db_write_tenant(st->db, tenant, nominate, &c, e);
}

static int decide(struct db *db, void *ctx, struct error *e)
{
    struct quotas_ctx *c = ctx;
    struct award_list_row l;
    if (read_nomination(db, c, e) != 0 || person_list(db, c, true, &l, e) != 0)
        return -1;
    enum award_nomination_state was = c->out->state,
                                to = c->approve ? AWARD_NOM_APPROVED : AWARD_NOM_REJECTED;
    if (was == to)
        return error_set(e, ERR_INVALID_STATE, NULL, c->approve ? "该推荐已审核通过" : "该推荐已被退回",
                         c->approve ? "the nomination is approved already"
                                    : "the nomination is rejected already");
    if (c->approve) {
        int quota, used, approved;
        if (unit_usage(db, c, c->out->unit_id, &quota, &used, &approved, e) != 0)
            return -1;
        if (!award_quota_allows(quota, approved))
            return error_set(e, ERR_INVALID_STATE, NULL, "“%s”的 %d 个名额已全部审核通过，不能再通过",
                             "\"%s\" has all its %d places approved already", c->out->unit_name, quota);
    }
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s = db_prepare(db,
                                   "UPDATE award_nominations SET state = ?3, reason = ?4, decided_by = ?5,"
                                   " decided_at = ?6 WHERE tenant_id = ?1 AND id = ?2",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->nomination_id);
    db_bind_text(s, 3, award_nomination_state_name(to));
    db_bind_text(s, 4, c->reason ? c->reason : "");
    db_bind_text(s, 5, c->who->username ? c->who->username : "");
    db_bind_text(s, 6, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || read_nomination(db, c, e) != 0 ||
        touch(db, &(struct lists_ctx){.tenant = c->tenant, .id = c->id}, e) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "state", award_nomination_state_name(was), award_nomination_state_name(to));
    if (c->reason)
        changes_same_text(&ch, "reason", c->reason);
    return log_change(db, c->tenant, c->who, "update", "award_nomination", c->nomination_id, &ch, e);
}

int store_award_decide(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                       int64_t nomination_id, bool approve, const char *reason, struct arena *a,
                       struct award_nomination_row *out, struct error *e)
{
    struct quotas_ctx c = {.tenant = tenant,
                           .id = id,
                           .nomination_id = nomination_id,
                           .approve = approve,
                           .reason = reason,
                           .who = who,
                           .a = a,
                           .out = out};
    return db_write_tenant(st->db, tenant, decide, &c, e);
}

static int withdraw(struct db *db, void *ctx, struct error *e)
{
    struct quotas_ctx *c = ctx;
    struct award_list_row l;
    struct award_nomination_row row;
    c->out = &row;
    if (read_list(db, c->tenant, c->id, c->see, c->a, &l, e) != 0 || read_nomination(db, c, e) != 0 ||
        person_list(db, c, true, &l, e) != 0)
        return -1;
    if (row.state != AWARD_NOM_SUBMITTED)
        return error_set(e, ERR_INVALID_STATE, NULL, "推荐已审核，不能撤回",
                         "the nomination is decided: it cannot be withdrawn");
    if (store_exec_ints(db, "DELETE FROM award_nominations WHERE tenant_id = ?1 AND id = ?2", e, 2, c->tenant,
                        c->nomination_id) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "unit", row.unit_name, NULL);
    changes_text(&ch, "name", row.name, NULL);
    return log_change(db, c->tenant, c->who, "delete", "award_nomination", c->nomination_id, &ch, e);
}

int store_award_withdraw(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                         enum award_visibility see, int64_t nomination_id, int64_t scope, struct error *e)
{
    struct quotas_ctx c = {
        .tenant = tenant, .id = id, .see = see, .nomination_id = nomination_id, .scope = scope, .who = who};
    struct arena a = ARENA_INIT;
    c.a = &a;
    int rc = db_write_tenant(st->db, tenant, withdraw, &c, e);
    arena_release(&a);
    return rc;
}

/* ---- the public */

static int published(struct db *db, void *ctx, struct error *e)
{
    struct lists_ctx *c = ctx;
    if (!c->tenant) {
        struct db_stmt *s = db_prepare(db,
                                       c->division_code ? "SELECT id FROM tenants WHERE division_code = ?1"
                                                        : "SELECT min(id) FROM tenants",
                                       e);
        if (!s)
            return -1;
        if (c->division_code)
            db_bind_text(s, 1, c->division_code);
        int rc = db_step(s, e);
        c->tenant = rc == 1 && !db_column_is_null(s, 0) ? db_column_int64(s, 0) : 0;
        db_reset(s);
        if (rc < 0)
            return -1;
        if (c->tenant == 0)
            return error_set(e, ERR_NOT_FOUND, "tenant", "没有这个地区", "no such tenant");
    }
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT " LIST_COLUMNS " WHERE l.tenant_id = ?1 AND ?2 >= 0 AND"
                   " l.state = 'published' AND (?3 < 0 OR (?3 > 0 AND l.year = ?3) OR (?3 = 0 AND"
                   " l.scheme_id = ?4 AND (l.kind = 'person' OR l.version = ?5)))"
                   " ORDER BY l.year DESC, l.id",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, 0);
    db_bind_int64(s, 3, c->year);
    db_bind_int64(s, 4, c->scheme_id);
    db_bind_int64(s, 5, c->version);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct award_list *x = arena_grow(c->a, c->lists, c->n, &cap, sizeof(*x));
        if (!x) {
            db_reset(s);
            return store_no_memory(e);
        }
        c->lists = x;
        x += c->n++;
        *x = (struct award_list){0};
        if (read_list_row(s, c->a, &x->list, e) != 0) {
            db_reset(s);
            return -1;
        }
    }
    db_reset(s);
    for (size_t i = 0; rc == 0 && i < c->n; i++)
        if (read_entries(db, c->tenant, &c->lists[i], 0, true, c->a, e) != 0)
            return -1;
    return rc < 0 ? -1 : 0;
}

int store_award_published(struct store *st, int64_t tenant, const char *division_code, int year,
                          int64_t scheme_id, int version, struct arena *a, struct award_list **lists,
                          size_t *n, int64_t *tenant_out, struct error *e)
{
    struct lists_ctx c = {.tenant = tenant,
                          .division_code = division_code,
                          .year = year,
                          .scheme_id = scheme_id,
                          .version = version,
                          .a = a};
    if (db_read(st->db, published, &c, e) != 0)
        return -1;
    *lists = c.lists;
    *n = c.n;
    if (tenant_out)
        *tenant_out = c.tenant;
    return 0;
}
