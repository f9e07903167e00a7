/* Appraisal kinds and schemes, and a scheme's states; see store_appraisal.h. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "store/store_appraisal_internal.h"
#include "base/banned.h"

static const char *const scheme_states[] = {"draft", "open", "published"};
static const char *const node_kinds[APPR_NODE_KIND_COUNT] = {"node", "leaf", "bonus", "deduction", "veto"};
static const char *const subject_states[] = {"draft", "submitted", "returned", "accepted"};

const char *appr_scheme_state_name(enum appr_scheme_state s)
{
    return scheme_states[s];
}

const char *appr_node_kind_name(enum appr_node_kind k)
{
    return node_kinds[k];
}

int appr_node_kind_parse(const char *s, enum appr_node_kind *out)
{
    for (int k = 0; k < APPR_NODE_KIND_COUNT; k++)
        if (strcmp(node_kinds[k], s) == 0) {
            *out = (enum appr_node_kind)k;
            return 0;
        }
    return -1;
}

const char *appr_subject_state_name(enum appr_subject_state s)
{
    return subject_states[s];
}

int appr_subject_state_parse(const char *s, enum appr_subject_state *out)
{
    for (int k = 0; k < 4; k++)
        if (strcmp(subject_states[k], s) == 0) {
            *out = (enum appr_subject_state)k;
            return 0;
        }
    return -1;
}

int store_appraisal_kinds_seed(struct db *db, int64_t tenant, struct error *e)
{
    static const char *const kinds[][2] = {
        {"performance", "绩效管理"}, {"civilisation", "精神文明建设"}, {"enterprise", "优秀企业"}};
    for (size_t i = 0; i < 3; i++) {
        int64_t id;
        if (store_next_id(db, tenant, "appraisal_kinds", &id, e) != 0)
            return -1;
        struct db_stmt *s = db_prepare(
            db, "INSERT INTO appraisal_kinds (tenant_id, id, code, name) VALUES (?1, ?2, ?3, ?4)", e);
        if (!s)
            return -1;
        db_bind_int64(s, 1, tenant);
        db_bind_int64(s, 2, id);
        db_bind_text(s, 3, kinds[i][0]);
        db_bind_text(s, 4, kinds[i][1]);
        int rc = db_step(s, e);
        db_reset(s);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* ---- kinds */

struct kinds_ctx {
    int64_t tenant;
    const struct actor *who;
    const char *code, *name;
    struct arena *a;
    struct appr_kind *items, *out;
    size_t n;
};

static int list_kinds(struct db *db, void *ctx, struct error *e)
{
    struct kinds_ctx *c = ctx;
    struct db_stmt *s =
        db_prepare(db, "SELECT id, code, name FROM appraisal_kinds WHERE tenant_id = ?1 ORDER BY id", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct appr_kind *grown = arena_grow(c->a, c->items, c->n, &cap, sizeof(*grown));
        if (!grown) {
            db_reset(s);
            return store_no_memory(e);
        }
        c->items = grown;
        c->items[c->n++] =
            (struct appr_kind){db_column_int64(s, 0), store_text(s, 1, c->a), store_text(s, 2, c->a)};
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_appr_kinds_list(struct store *st, int64_t tenant, struct arena *a, struct appr_kind **items,
                          size_t *n, struct error *e)
{
    struct kinds_ctx c = {.tenant = tenant, .a = a};
    if (db_read(st->db, list_kinds, &c, e) != 0)
        return -1;
    *items = c.items;
    *n = c.n;
    return 0;
}

static int add_kind(struct db *db, void *ctx, struct error *e)
{
    struct kinds_ctx *c = ctx;
    struct db_stmt *s =
        db_prepare(db, "SELECT 1 FROM appraisal_kinds WHERE tenant_id = ?1 AND (code = ?2 OR name = ?3)", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_text(s, 2, c->code);
    db_bind_text(s, 3, c->name);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc != 0)
        return rc < 0 ? -1
                      : error_set(e, ERR_DUPLICATE, "code", "已有同代码或同名的考核类别",
                                  "a kind of that code or name exists");
    int64_t id;
    if (store_next_id(db, c->tenant, "appraisal_kinds", &id, e) != 0)
        return -1;
    s = db_prepare(db, "INSERT INTO appraisal_kinds (tenant_id, id, code, name) VALUES (?1, ?2, ?3, ?4)", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, id);
    db_bind_text(s, 3, c->code);
    db_bind_text(s, 4, c->name);
    rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "code", NULL, c->code);
    changes_text(&ch, "name", NULL, c->name);
    const char *text = changes_finish(&ch);
    rc = text ? audit_append(db, c->tenant, c->who, "create", "appraisal_kind", id, text, e)
              : store_no_memory(e);
    strbuf_release(&ch.sb);
    *c->out = (struct appr_kind){id, arena_strndup(c->a, c->code, strlen(c->code)),
                                 arena_strndup(c->a, c->name, strlen(c->name))};
    return rc;
}

int store_appr_kind_add(struct store *st, int64_t tenant, const struct actor *who, const char *code,
                        const char *name, struct arena *a, struct appr_kind *out, struct error *e)
{
    struct kinds_ctx c = {.tenant = tenant, .who = who, .code = code, .name = name, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, add_kind, &c, e);
}

/* ---- schemes */

#define SCHEME_COLUMNS                                                                                       \
    "s.id, s.kind_id, s.year, k.name, s.name, s.subject_type, s.state, s.revision, s.bonus_cap, "            \
    "s.deduction_cap,"                                                                                       \
    " s.appeal_days, s.issuing_office, s.notice_title, iso(s.created_at), iso(s.updated_at),"                \
    " (SELECT count(*) FROM appraisal_subjects x WHERE x.tenant_id = s.tenant_id AND x.scheme_id = s.id),"   \
    " (SELECT count(*) FROM appraisal_indicators x WHERE x.tenant_id = s.tenant_id AND x.scheme_id = s.id"   \
    " AND x.kind = 'leaf'),"                                                                                 \
    " (SELECT max(version) FROM appraisal_versions x WHERE x.tenant_id = s.tenant_id AND x.scheme_id = "     \
    "s.id),"                                                                                                 \
    " (SELECT iso(max(published_at)) FROM appraisal_versions x WHERE x.tenant_id = s.tenant_id"              \
    " AND x.scheme_id = s.id)"                                                                               \
    " FROM appraisal_schemes s JOIN appraisal_kinds k ON k.tenant_id = s.tenant_id AND k.id = s.kind_id"

static int read_scheme(struct db_stmt *s, struct arena *a, struct appr_scheme_row *o, struct error *e)
{
    const char *state = db_column_text(s, 6, NULL);
    *o = (struct appr_scheme_row){
        .id = db_column_int64(s, 0),
        .kind_id = db_column_int64(s, 1),
        .year = (int)db_column_int64(s, 2),
        .kind_name = store_text(s, 3, a),
        .name = store_text(s, 4, a),
        .enterprises = strcmp(db_column_text(s, 5, NULL), "enterprise") == 0,
        .state = strcmp(state, "draft") == 0  ? APPR_SCHEME_DRAFT
                 : strcmp(state, "open") == 0 ? APPR_SCHEME_OPEN
                                              : APPR_SCHEME_PUBLISHED,
        .revision = (int)db_column_int64(s, 7),
        .has_bonus_cap = !db_column_is_null(s, 8),
        .bonus_cap = db_column_int64(s, 8),
        .has_deduction_cap = !db_column_is_null(s, 9),
        .deduction_cap = db_column_int64(s, 9),
        .appeal_days = (int)db_column_int64(s, 10),
        .issuing_office = store_text(s, 11, a),
        .notice_title = store_text(s, 12, a),
        .created_at = store_text(s, 13, a),
        .updated_at = store_text(s, 14, a),
        .subject_count = db_column_int64(s, 15),
        .leaf_count = db_column_int64(s, 16),
        .published_version = (int)db_column_int64(s, 17),
        .published_at = store_text(s, 18, a),
    };
    return o->kind_name && o->name && o->issuing_office && o->notice_title && o->updated_at
               ? 0
               : store_no_memory(e);
}

int appr_scheme_read(struct db *db, int64_t tenant, int64_t id, struct arena *a, struct appr_scheme_row *out,
                     struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT " SCHEME_COLUMNS " WHERE s.tenant_id = ?1 AND s.id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    int rc = db_step(s, e);
    if (rc == 1)
        rc = read_scheme(s, a, out, e) == 0 ? 1 : -1;
    db_reset(s);
    if (rc == 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "考核方案不存在", "no such appraisal scheme");
    return rc < 0 ? -1 : 0;
}

struct schemes_ctx {
    int64_t tenant, id, kind_id;
    int year;
    const struct actor *who;
    const struct appr_scheme_input *in;
    const char *name, *reason;
    enum appr_transition transition;
    struct arena *a;
    struct appr_scheme_row *items, *out;
    size_t n;
};

static int list_schemes(struct db *db, void *ctx, struct error *e)
{
    struct schemes_ctx *c = ctx;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT " SCHEME_COLUMNS " WHERE s.tenant_id = ?1 AND (?2 = 0 OR s.year = ?2)"
                   " AND (?3 = 0 OR s.kind_id = ?3) ORDER BY s.year DESC, s.kind_id, s.name, s.id",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->year);
    db_bind_int64(s, 3, c->kind_id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        struct appr_scheme_row *grown = arena_grow(c->a, c->items, c->n, &cap, sizeof(*grown));
        if (!grown || read_scheme(s, c->a, &grown[c->n], e) != 0) {
            db_reset(s);
            return store_no_memory(e);
        }
        c->items = grown;
        c->n++;
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_appr_schemes_list(struct store *st, int64_t tenant, int year, int64_t kind_id, struct arena *a,
                            struct appr_scheme_row **items, size_t *n, struct error *e)
{
    struct schemes_ctx c = {.tenant = tenant, .year = year, .kind_id = kind_id, .a = a};
    if (db_read(st->db, list_schemes, &c, e) != 0)
        return -1;
    *items = c.items;
    *n = c.n;
    return 0;
}

static int get_scheme(struct db *db, void *ctx, struct error *e)
{
    struct schemes_ctx *c = ctx;
    return appr_scheme_read(db, c->tenant, c->id, c->a, c->out, e);
}

int store_appr_scheme_get(struct store *st, int64_t tenant, int64_t id, struct arena *a,
                          struct appr_scheme_row *out, struct error *e)
{
    struct schemes_ctx c = {.tenant = tenant, .id = id, .a = a, .out = out};
    return db_read(st->db, get_scheme, &c, e);
}

static int check_unique_name(struct db *db, int64_t tenant, int64_t id, int year, int64_t kind_id,
                             const char *name, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT 1 FROM appraisal_schemes WHERE tenant_id = ?1 AND year = ?2 AND kind_id = ?3"
                   " AND name = ?4 AND id <> ?5",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, year);
    db_bind_int64(s, 3, kind_id);
    db_bind_text(s, 4, name);
    db_bind_int64(s, 5, id);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc != 0)
        return rc < 0 ? -1
                      : error_set(e, ERR_DUPLICATE, "name", "%d 年同类别已有同名的考核方案",
                                  "a scheme of that name, kind and year exists (%d)", year);
    return 0;
}

static int check_kind(struct db *db, int64_t tenant, int64_t kind_id, struct error *e)
{
    struct db_stmt *s = db_prepare(db, "SELECT 1 FROM appraisal_kinds WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, kind_id);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc == 0)
        return error_set(e, ERR_INVALID_VALUE, "kind_id", "考核类别 %lld 不存在", "no appraisal kind %lld",
                         (long long)kind_id);
    return rc < 0 ? -1 : 0;
}

static void bind_cap(struct db_stmt *s, int i, bool is_null, int64_t v)
{
    if (is_null)
        db_bind_null(s, i);
    else
        db_bind_int64(s, i, v);
}

static int log_scheme(struct db *db, struct schemes_ctx *c, const char *action,
                      const struct appr_scheme_row *before, const struct appr_scheme_row *after,
                      struct error *e)
{
    struct changes ch = {STRBUF_INIT, 0};
    char year[16];
    snprintf(year, sizeof(year), "%d", after->year);
    if (!before) {
        changes_text(&ch, "year", NULL, year);
        changes_text(&ch, "kind", NULL, after->kind_name);
    }
    if (!before || strcmp(before->name, after->name) != 0)
        changes_text(&ch, "name", before ? before->name : NULL, after->name);
    if (!before || before->has_bonus_cap != after->has_bonus_cap || before->bonus_cap != after->bonus_cap)
        changes_int(&ch, "bonus_cap", !before || !before->has_bonus_cap, before ? before->bonus_cap : 0,
                    !after->has_bonus_cap, after->bonus_cap);
    if (!before || before->has_deduction_cap != after->has_deduction_cap ||
        before->deduction_cap != after->deduction_cap)
        changes_int(&ch, "deduction_cap", !before || !before->has_deduction_cap,
                    before ? before->deduction_cap : 0, !after->has_deduction_cap, after->deduction_cap);
    if (!before || before->appeal_days != after->appeal_days)
        changes_int(&ch, "appeal_days", !before, before ? before->appeal_days : 0, false, after->appeal_days);
    if (!before || strcmp(before->issuing_office, after->issuing_office) != 0)
        changes_text(&ch, "issuing_office", before ? before->issuing_office : NULL, after->issuing_office);
    if (!before || strcmp(before->notice_title, after->notice_title) != 0)
        changes_text(&ch, "notice_title", before ? before->notice_title : NULL, after->notice_title);
    int rc = 0;
    if (ch.n > 0 || !before) {
        const char *text = changes_finish(&ch);
        rc = text ? audit_append(db, c->tenant, c->who, action, "appraisal_scheme", after->id, text, e)
                  : store_no_memory(e);
    }
    strbuf_release(&ch.sb);
    return rc;
}

static int insert_scheme(struct db *db, int64_t tenant, int64_t id, const struct appr_scheme_input *in,
                         struct error *e)
{
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s = db_prepare(
        db,
        "INSERT INTO appraisal_schemes (tenant_id, id, year, kind_id, name, subject_type, state, revision,"
        " bonus_cap, deduction_cap, appeal_days, issuing_office, notice_title, created_at, updated_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', 1, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_int64(s, 2, id);
    db_bind_int64(s, 3, in->year);
    db_bind_int64(s, 4, in->kind_id);
    db_bind_text(s, 5, in->name);
    db_bind_text(s, 6, in->enterprises ? "enterprise" : "unit");
    bind_cap(s, 7, !in->has_bonus_cap || in->bonus_cap_null, in->bonus_cap);
    bind_cap(s, 8, !in->has_deduction_cap || in->deduction_cap_null, in->deduction_cap);
    db_bind_int64(s, 9, in->has_appeal_days ? in->appeal_days : 7);
    db_bind_text(s, 10, in->has_issuing_office ? in->issuing_office : "");
    db_bind_text(s, 11, in->has_notice_title ? in->notice_title : "");
    db_bind_text(s, 12, now);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int create_scheme(struct db *db, void *ctx, struct error *e)
{
    struct schemes_ctx *c = ctx;
    if (check_kind(db, c->tenant, c->in->kind_id, e) != 0 ||
        check_unique_name(db, c->tenant, 0, c->in->year, c->in->kind_id, c->in->name, e) != 0 ||
        store_next_id(db, c->tenant, "appraisal_schemes", &c->id, e) != 0 ||
        insert_scheme(db, c->tenant, c->id, c->in, e) != 0 ||
        appr_scheme_read(db, c->tenant, c->id, c->a, c->out, e) != 0)
        return -1;
    return log_scheme(db, c, "create", NULL, c->out, e);
}

int store_appr_scheme_create(struct store *st, int64_t tenant, const struct actor *who,
                             const struct appr_scheme_input *in, struct arena *a, struct appr_scheme_row *out,
                             struct error *e)
{
    struct schemes_ctx c = {.tenant = tenant, .who = who, .in = in, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, create_scheme, &c, e);
}

static int update_scheme(struct db *db, void *ctx, struct error *e)
{
    struct schemes_ctx *c = ctx;
    const struct appr_scheme_input *in = c->in;
    struct appr_scheme_row before;
    if (appr_scheme_read(db, c->tenant, c->id, c->a, &before, e) != 0)
        return -1;
    if (before.state == APPR_SCHEME_PUBLISHED)
        return error_set(e, ERR_INVALID_STATE, NULL, "已发布的考核方案不能修改，请先重新开放",
                         "a published scheme cannot be changed: reopen it first");
    const char *name = in->has_name ? in->name : before.name;
    if (in->has_name && check_unique_name(db, c->tenant, c->id, before.year, before.kind_id, name, e) != 0)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s =
        db_prepare(db,
                   "UPDATE appraisal_schemes SET name = ?3, bonus_cap = ?4, deduction_cap = ?5,"
                   " appeal_days = ?6, issuing_office = ?7, notice_title = ?8, updated_at = ?9"
                   " WHERE tenant_id = ?1 AND id = ?2",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_text(s, 3, name);
    if (in->has_bonus_cap)
        bind_cap(s, 4, in->bonus_cap_null, in->bonus_cap);
    else
        bind_cap(s, 4, !before.has_bonus_cap, before.bonus_cap);
    if (in->has_deduction_cap)
        bind_cap(s, 5, in->deduction_cap_null, in->deduction_cap);
    else
        bind_cap(s, 5, !before.has_deduction_cap, before.deduction_cap);
    db_bind_int64(s, 6, in->has_appeal_days ? in->appeal_days : before.appeal_days);
    db_bind_text(s, 7, in->has_issuing_office ? in->issuing_office : before.issuing_office);
    db_bind_text(s, 8, in->has_notice_title ? in->notice_title : before.notice_title);
    db_bind_text(s, 9, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || appr_scheme_read(db, c->tenant, c->id, c->a, c->out, e) != 0)
        return -1;
    /* a kept computation holds the caps and the scheme's name (the results say it), not the notice's texts */
    bool kept = strcmp(c->out->name, before.name) != 0 || c->out->has_bonus_cap != before.has_bonus_cap ||
                c->out->bonus_cap != before.bonus_cap ||
                c->out->has_deduction_cap != before.has_deduction_cap ||
                c->out->deduction_cap != before.deduction_cap;
    if (kept && appr_touch(db, c->tenant, c->id, e) != 0)
        return -1;
    return log_scheme(db, c, "update", &before, c->out, e);
}

int store_appr_scheme_update(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                             const struct appr_scheme_input *in, struct arena *a, struct appr_scheme_row *out,
                             struct error *e)
{
    struct schemes_ctx c = {.tenant = tenant, .who = who, .id = id, .in = in, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, update_scheme, &c, e);
}

int appr_touch(struct db *db, int64_t tenant, int64_t scheme_id, struct error *e)
{
    return store_exec_ints(
        db, "UPDATE appraisal_schemes SET data_rev = data_rev + 1 WHERE tenant_id = ?1 AND id = ?2", e, 2,
        tenant, scheme_id);
}

int store_appraisal_names_changed(struct db *db, int64_t tenant, struct error *e)
{
    return store_exec_ints(db, "UPDATE appraisal_schemes SET data_rev = data_rev + 1 WHERE tenant_id = ?1", e, 1,
                           tenant);
}

int appr_touch_subject(struct db *db, int64_t tenant, int64_t subject_id, struct error *e)
{
    return store_exec_ints(
        db, "UPDATE appraisal_subjects SET data_rev = data_rev + 1 WHERE tenant_id = ?1 AND id = ?2", e, 2,
        tenant, subject_id);
}

/* Deletes the scheme's rows of table (its structure or data). */
int appr_delete_rows(struct db *db, int64_t tenant, int64_t scheme_id, const char *table, struct error *e)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE tenant_id = ?1 AND scheme_id = ?2", table);
    return store_exec_ints(db, sql, e, 2, tenant, scheme_id);
}

static int delete_scheme(struct db *db, void *ctx, struct error *e)
{
    struct schemes_ctx *c = ctx;
    struct appr_scheme_row before;
    if (appr_scheme_read(db, c->tenant, c->id, c->a, &before, e) != 0)
        return -1;
    if (before.state != APPR_SCHEME_DRAFT || before.published_version)
        return error_set(e, ERR_INVALID_STATE, NULL, "只能删除草稿状态的考核方案",
                         "only a draft scheme can be deleted");
    static const char *const tables[] = {"appraisal_evidence", "appraisal_items", "appraisal_values", "appraisal_appeals",
                                         "appraisal_subjects", "appraisal_groups", "appraisal_indicators",
                                         "appraisal_grades"};
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
        if (appr_delete_rows(db, c->tenant, c->id, tables[i], e) != 0)
            return -1;
    if (store_exec_ints(db, "DELETE FROM appraisal_schemes WHERE tenant_id = ?1 AND id = ?2", e, 2, c->tenant,
                        c->id) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "name", before.name, NULL);
    const char *text = changes_finish(&ch);
    int rc = text ? audit_append(db, c->tenant, c->who, "delete", "appraisal_scheme", c->id, text, e)
                  : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

int store_appr_scheme_delete(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                             struct error *e)
{
    struct arena a = ARENA_INIT;
    struct schemes_ctx c = {.tenant = tenant, .who = who, .id = id, .a = &a};
    int rc = db_write_tenant(st->db, tenant, delete_scheme, &c, e);
    arena_release(&a);
    return rc;
}

static int copy_scheme(struct db *db, void *ctx, struct error *e)
{
    struct schemes_ctx *c = ctx;
    struct appr_structure from;
    if (appr_structure_read(db, c->tenant, c->id, 0, c->a, &from, e) != 0)
        return -1;
    struct appr_scheme_input in = {
        .year = c->year,
        .kind_id = from.scheme.kind_id,
        .name = c->name ? c->name : from.scheme.name,
        .enterprises = from.scheme.enterprises,
        .has_bonus_cap = true,
        .bonus_cap_null = !from.scheme.has_bonus_cap,
        .bonus_cap = from.scheme.bonus_cap,
        .has_deduction_cap = true,
        .deduction_cap_null = !from.scheme.has_deduction_cap,
        .deduction_cap = from.scheme.deduction_cap,
        .has_appeal_days = true,
        .appeal_days = from.scheme.appeal_days,
        .has_issuing_office = true,
        .issuing_office = from.scheme.issuing_office,
        .has_notice_title = true,
        .notice_title = from.scheme.notice_title,
    };
    int64_t new_id;
    if (check_unique_name(db, c->tenant, 0, in.year, in.kind_id, in.name, e) != 0 ||
        store_next_id(db, c->tenant, "appraisal_schemes", &new_id, e) != 0 ||
        insert_scheme(db, c->tenant, new_id, &in, e) != 0)
        return -1;
    /* the copy's items are new: no ids, parents and groups by index */
    for (size_t i = 0; i < from.n_groups; i++)
        from.groups[i].id = 0;
    for (size_t i = 0; i < from.n_subjects; i++)
        from.subjects[i].id = 0;
    for (size_t i = 0; i < from.n_indicators; i++)
        from.indicators[i].id = 0;
    if (appr_structure_write(db, c->tenant, new_id, &from, e) != 0 ||
        appr_scheme_read(db, c->tenant, new_id, c->a, c->out, e) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    char from_id[24];
    snprintf(from_id, sizeof(from_id), "%lld", (long long)c->id);
    changes_text(&ch, "copied_from", NULL, from_id);
    changes_text(&ch, "name", NULL, c->out->name);
    const char *text = changes_finish(&ch);
    int rc = text ? audit_append(db, c->tenant, c->who, "create", "appraisal_scheme", new_id, text, e)
                  : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

int store_appr_scheme_copy(struct store *st, int64_t tenant, const struct actor *who, int64_t id, int year,
                           const char *name, struct arena *a, struct appr_scheme_row *out, struct error *e)
{
    struct schemes_ctx c = {
        .tenant = tenant, .who = who, .id = id, .year = year, .name = name, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, copy_scheme, &c, e);
}

/* The structure can be opened for data entry: groups, subjects, leaves, and each group with a subject. */
static int check_complete(const struct appr_structure *s, struct error *e)
{
    size_t leaves = 0;
    for (size_t i = 0; i < s->n_indicators; i++)
        leaves += s->indicators[i].kind == APPR_LEAF;
    if (s->n_subjects == 0 || leaves == 0 || s->n_grades == 0)
        return error_set(e, ERR_INVALID_STATE, NULL, "方案尚不完整：须有考核对象、计分指标和等次",
                         "the scheme is not complete: it needs subjects, scored leaves and grades");
    return 0;
}

static int move_scheme(struct db *db, void *ctx, struct error *e)
{
    struct schemes_ctx *c = ctx;
    struct appr_structure s;
    if (appr_structure_read(db, c->tenant, c->id, 0, c->a, &s, e) != 0)
        return -1;
    static const enum appr_scheme_state from[] = {APPR_SCHEME_DRAFT, APPR_SCHEME_OPEN, APPR_SCHEME_PUBLISHED};
    static const char *const to[] = {"open", "draft", "open"};
    static const char *const actions[] = {"open", "revise", "reopen"};
    if (s.scheme.state != from[c->transition])
        return error_set(e, ERR_INVALID_STATE, NULL, "考核方案当前为“%s”状态，不能%s",
                         "the scheme is %s: it cannot be %s", appr_scheme_state_name(s.scheme.state),
                         c->transition == APPR_OPEN     ? "opened"
                         : c->transition == APPR_REVISE ? "revised"
                                                        : "reopened");
    if (c->transition == APPR_OPEN && check_complete(&s, e) != 0)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *st =
        db_prepare(db,
                   "UPDATE appraisal_schemes SET state = ?3, revision = revision + ?4, updated_at = ?5"
                   " WHERE tenant_id = ?1 AND id = ?2",
                   e);
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->tenant);
    db_bind_int64(st, 2, c->id);
    db_bind_text(st, 3, to[c->transition]);
    db_bind_int64(st, 4, c->transition == APPR_REVISE);
    db_bind_text(st, 5, now);
    int rc = db_step(st, e);
    db_reset(st);
    if (rc < 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_text(&ch, "state", appr_scheme_state_name(s.scheme.state), to[c->transition]);
    changes_text(&ch, "action", NULL, actions[c->transition]);
    if (c->reason && *c->reason)
        changes_text(&ch, "reason", NULL, c->reason);
    const char *text = changes_finish(&ch);
    rc = text ? audit_append(db, c->tenant, c->who, "update", "appraisal_scheme", c->id, text, e)
              : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

int store_appr_scheme_transition(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                                 enum appr_transition t, const char *reason, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct schemes_ctx c = {
        .tenant = tenant, .who = who, .id = id, .transition = t, .reason = reason, .a = &a};
    int rc = db_write_tenant(st->db, tenant, move_scheme, &c, e);
    arena_release(&a);
    return rc;
}
