/*
 * Evidence files (佐证材料) of an appraisal subject; see store_appraisal_sheets.h. A file is seen by
 * whoever sees its subject (the structure read with the caller's scope) and changed only while
 * the subject's data may be (appr_data_writable).
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "store/store_appraisal_internal.h"
#include "base/banned.h"

#define EVIDENCE_COLUMNS                                                                                     \
    "id, scheme_id, subject_id, indicator_id, file_name, content_type, size, uploaded_by, iso(created_at)"

struct evidence_ctx {
    int64_t tenant, scheme_id, subject_id, scope, id;
    bool office;
    const struct actor *who;
    const struct appr_evidence *in;
    const void *data;
    size_t len;
    struct arena *a;
    struct appr_evidence *out, *items;
    size_t n;
};

static int read_row(struct db_stmt *s, struct arena *a, struct appr_evidence *x)
{
    *x = (struct appr_evidence){.id = db_column_int64(s, 0),
                                .scheme_id = db_column_int64(s, 1),
                                .subject_id = db_column_int64(s, 2),
                                .indicator_id = db_column_is_null(s, 3) ? 0 : db_column_int64(s, 3),
                                .file_name = store_text(s, 4, a),
                                .content_type = store_text(s, 5, a),
                                .size = db_column_int64(s, 6),
                                .uploaded_by = store_text(s, 7, a),
                                .created_at = store_text(s, 8, a)};
    return x->file_name && x->content_type && x->uploaded_by && x->created_at ? 0 : -1;
}

/* The subject in the scheme's structure read with the caller's scope: not found outside it. */
static int subject_in_scope(struct db *db, const struct evidence_ctx *c, int64_t scheme_id,
                            int64_t subject_id, struct appr_structure *s, struct appr_subject_row **out,
                            struct error *e)
{
    if (appr_structure_read(db, c->tenant, scheme_id, c->scope, c->a, s, e) != 0)
        return -1;
    for (size_t i = 0; i < s->n_subjects; i++)
        if (s->subjects[i].id == subject_id) {
            *out = &s->subjects[i];
            return 0;
        }
    return error_set(e, ERR_NOT_FOUND, NULL, "考核对象不存在", "no such subject in this scheme");
}

static int count_files(struct db *db, const struct evidence_ctx *c, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db, "SELECT count(*) FROM appraisal_evidence WHERE tenant_id = ?1 AND subject_id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->subject_id);
    int rc = db_step(s, e);
    int64_t n = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc < 0)
        return -1;
    if (n >= APPR_EVIDENCE_PER_SUBJECT_MAX)
        return error_set(e, ERR_TOO_LARGE, "file", "每个考核对象最多 %d 个佐证材料",
                         "a subject holds at most %d evidence files", APPR_EVIDENCE_PER_SUBJECT_MAX);
    return 0;
}

static int add_evidence(struct db *db, void *ctx, struct error *e)
{
    struct evidence_ctx *c = ctx;
    struct appr_structure s;
    struct appr_subject_row *subject = NULL;
    if (subject_in_scope(db, c, c->scheme_id, c->subject_id, &s, &subject, e) != 0)
        return -1;
    const struct appr_indicator_row *indicator = NULL;
    if (c->in->indicator_id) {
        for (size_t i = 0; i < s.n_indicators; i++)
            if (s.indicators[i].id == c->in->indicator_id)
                indicator = &s.indicators[i];
        if (!indicator || indicator->kind == APPR_NODE)
            return error_set(e, ERR_INVALID_VALUE, "indicator_id", "本方案没有该计分指标、加分、扣分或否决项",
                             "the scheme has no such leaf, bonus, deduction or veto");
    }
    int64_t id;
    if (appr_data_writable(&s, subject, c->office, e) != 0 || count_files(db, c, e) != 0 ||
        store_next_id(db, c->tenant, "appraisal_evidence", &id, e) != 0)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *st =
        db_prepare(db,
                   "INSERT INTO appraisal_evidence (tenant_id, id, scheme_id, subject_id,"
                   " indicator_id, file_name, content_type, size, data, uploaded_by, created_at)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                   e);
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->tenant);
    db_bind_int64(st, 2, id);
    db_bind_int64(st, 3, c->scheme_id);
    db_bind_int64(st, 4, c->subject_id);
    if (indicator)
        db_bind_int64(st, 5, indicator->id);
    else
        db_bind_null(st, 5);
    db_bind_text(st, 6, c->in->file_name);
    db_bind_text(st, 7, c->in->content_type);
    db_bind_int64(st, 8, (int64_t)c->len);
    db_bind_blob(st, 9, c->data, c->len);
    db_bind_text(st, 10, c->who->username);
    db_bind_text(st, 11, now);
    int rc = db_step(st, e);
    db_reset(st);
    if (rc < 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_same_text(&ch, "subject", subject->name);
    changes_int(&ch, "evidence", true, 0, false, id);
    changes_text(&ch, "file_name", NULL, c->in->file_name);
    changes_int(&ch, "size", true, 0, false, (int64_t)c->len);
    const char *text = changes_finish(&ch);
    rc = text ? audit_append(db, c->tenant, c->who, "create", "appraisal_data", c->subject_id, text, e)
              : store_no_memory(e);
    strbuf_release(&ch.sb);
    if (rc != 0)
        return -1;
    *c->out =
        (struct appr_evidence){.id = id,
                               .scheme_id = c->scheme_id,
                               .subject_id = c->subject_id,
                               .indicator_id = indicator ? indicator->id : 0,
                               .size = (int64_t)c->len,
                               .file_name = arena_strndup(c->a, c->in->file_name, strlen(c->in->file_name)),
                               .content_type = c->in->content_type,
                               .uploaded_by = arena_strndup(c->a, c->who->username, strlen(c->who->username)),
                               .created_at = arena_strndup(c->a, now, strlen(now))};
    return c->out->file_name && c->out->uploaded_by && c->out->created_at ? 0 : store_no_memory(e);
}

int store_appr_evidence_add(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                            int64_t subject_id, int64_t scope, bool office, const struct appr_evidence *in,
                            const void *data, size_t len, struct arena *a, struct appr_evidence *out,
                            struct error *e)
{
    struct evidence_ctx c = {.tenant = tenant,
                             .scheme_id = scheme_id,
                             .subject_id = subject_id,
                             .scope = scope,
                             .office = office,
                             .who = who,
                             .in = in,
                             .data = data,
                             .len = len,
                             .a = a,
                             .out = out};
    return db_write_tenant(st->db, tenant, add_evidence, &c, e);
}

static int list_evidence(struct db *db, void *ctx, struct error *e)
{
    struct evidence_ctx *c = ctx;
    struct appr_structure s;
    struct appr_subject_row *subject = NULL;
    if (subject_in_scope(db, c, c->scheme_id, c->subject_id, &s, &subject, e) != 0)
        return -1;
    struct db_stmt *st = db_prepare(db,
                                    "SELECT " EVIDENCE_COLUMNS " FROM appraisal_evidence WHERE tenant_id = ?1"
                                    " AND scheme_id = ?2 AND subject_id = ?3 ORDER BY id",
                                    e);
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->tenant);
    db_bind_int64(st, 2, c->scheme_id);
    db_bind_int64(st, 3, c->subject_id);
    c->items = arena_alloc(c->a, APPR_EVIDENCE_PER_SUBJECT_MAX * sizeof(*c->items));
    int rc = c->items ? 0 : store_no_memory(e);
    while (rc == 0 && c->n < APPR_EVIDENCE_PER_SUBJECT_MAX && (rc = db_step(st, e)) == 1)
        rc = read_row(st, c->a, &c->items[c->n++]) == 0 ? 0 : store_no_memory(e);
    db_reset(st);
    return rc < 0 ? -1 : 0;
}

int store_appr_evidence_list(struct store *st, int64_t tenant, int64_t scheme_id, int64_t subject_id,
                             int64_t scope, struct arena *a, struct appr_evidence **items, size_t *n,
                             struct error *e)
{
    struct evidence_ctx c = {
        .tenant = tenant, .scheme_id = scheme_id, .subject_id = subject_id, .scope = scope, .a = a};
    if (db_read(st->db, list_evidence, &c, e) != 0)
        return -1;
    *items = c.items;
    *n = c.n;
    return 0;
}

/* The file's row (with its bytes when want_data) if its subject is in scope; its structure in *s. */
static int find_evidence(struct db *db, struct evidence_ctx *c, bool want_data, struct appr_structure *s,
                         struct appr_subject_row **subject, struct error *e)
{
    struct db_stmt *st = db_prepare(
        db, "SELECT " EVIDENCE_COLUMNS ", data FROM appraisal_evidence WHERE tenant_id = ?1 AND id = ?2", e);
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->tenant);
    db_bind_int64(st, 2, c->id);
    int rc = db_step(st, e);
    if (rc == 1 && read_row(st, c->a, c->out) != 0)
        rc = store_no_memory(e);
    if (rc == 1 && want_data && store_blob(st, 9, c->a, &c->out->data, &c->out->size) != 0)
        rc = store_no_memory(e);
    db_reset(st);
    if (rc < 0)
        return -1;
    if (rc == 0 || subject_in_scope(db, c, c->out->scheme_id, c->out->subject_id, s, subject, e) != 0)
        return rc == 0 || e->code == ERR_NOT_FOUND
                   ? error_set(e, ERR_NOT_FOUND, NULL, "佐证材料不存在", "no such evidence file")
                   : -1;
    return 0;
}

static int get_evidence(struct db *db, void *ctx, struct error *e)
{
    struct appr_structure s;
    struct appr_subject_row *subject = NULL;
    return find_evidence(db, ctx, true, &s, &subject, e);
}

int store_appr_evidence_get(struct store *st, int64_t tenant, int64_t id, int64_t scope, struct arena *a,
                            struct appr_evidence *out, struct error *e)
{
    struct evidence_ctx c = {.tenant = tenant, .id = id, .scope = scope, .a = a, .out = out};
    return db_read(st->db, get_evidence, &c, e);
}

static int delete_evidence(struct db *db, void *ctx, struct error *e)
{
    struct evidence_ctx *c = ctx;
    struct appr_structure s;
    struct appr_subject_row *subject = NULL;
    if (find_evidence(db, c, false, &s, &subject, e) != 0 ||
        appr_data_writable(&s, subject, c->office, e) != 0 ||
        store_exec_ints(db, "DELETE FROM appraisal_evidence WHERE tenant_id = ?1 AND id = ?2", e, 2,
                        c->tenant, c->id) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_same_text(&ch, "subject", subject->name);
    changes_int(&ch, "evidence", false, c->id, true, 0);
    changes_text(&ch, "file_name", c->out->file_name, NULL);
    const char *text = changes_finish(&ch);
    int rc = text ? audit_append(db, c->tenant, c->who, "delete", "appraisal_data", subject->id, text, e)
                  : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

int store_appr_evidence_delete(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                               int64_t scope, bool office, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct appr_evidence x;
    struct evidence_ctx c = {
        .tenant = tenant, .id = id, .scope = scope, .office = office, .who = who, .a = &a, .out = &x};
    int rc = db_write_tenant(st->db, tenant, delete_evidence, &c, e);
    arena_release(&a);
    return rc;
}
