/*
 * A goal's units' targets sent into an appraisal scheme (see store_bm_send_targets): each becomes
 * the target of one leaf for the subject that is that unit, every other field of the value kept.
 * The subject's data revision goes up, as an entered change does, so that a kept computation of
 * the scheme reads that subject again (store_appr_cached). Each subject's change is logged as its
 * data's (resource appraisal_data, naming the goal); the goal's entry says where it was sent.
 */
#include <string.h>

#include "base/decimal.h"
#include "store/store_appraisal_internal.h"
#include "base/banned.h"

struct send_ctx {
    int64_t tenant, goal_id, scheme_id, indicator_id;
    const struct actor *who;
    const struct bm_leaf_target *targets;
    size_t n;
    struct arena *a;
    size_t sent, skipped;
    int64_t *skipped_ids;
};

/* The leaf, of the scheme, whose target may be entered (not computed from the project library's plans). */
static int check_leaf(struct db *db, struct send_ctx *c, const char **name, struct error *e)
{
    struct db_stmt *s = db_prepare(db,
                                   "SELECT name, kind, source FROM appraisal_indicators WHERE tenant_id = ?1"
                                   " AND scheme_id = ?2 AND id = ?3",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->scheme_id);
    db_bind_int64(s, 3, c->indicator_id);
    int rc = db_step(s, e);
    bool leaf = false, computed = false;
    if (rc == 1) {
        *name = store_text(s, 0, c->a);
        const char *kind = db_column_text(s, 1, NULL), *source = db_column_text(s, 2, NULL);
        leaf = kind && strcmp(kind, "leaf") == 0;
        computed = source && strcmp(source, "invest_completion") == 0;
        if (!*name)
            rc = store_no_memory(e);
    }
    db_reset(s);
    if (rc < 0)
        return -1;
    if (rc == 0 || !leaf)
        return error_set(e, ERR_INVALID_VALUE, "indicator_id", "该考核方案没有这个计分指标",
                         "the scheme has no such scored leaf");
    if (computed)
        return error_set(e, ERR_INVALID_VALUE, "indicator_id", "指标“%s”的目标取自项目库的年度计划，不能填写",
                         "the target of \"%s\" comes from the project library's plans and cannot be set",
                         *name);
    return 0;
}

struct subject_of {
    int64_t id, unit_id;
    bool accepted;
    const char *name;
};

/* Writes one subject's target (every other field kept) and logs it as its data's change, naming the goal. */
static int send_one(struct db *db, struct send_ctx *c, const struct subject_of *subject, int64_t target,
                    const char *goal, const char *leaf, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT target FROM appraisal_values WHERE tenant_id = ?1 AND scheme_id = ?2"
                   " AND subject_id = ?3 AND indicator_id = ?4",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->scheme_id);
    db_bind_int64(s, 3, subject->id);
    db_bind_int64(s, 4, c->indicator_id);
    int rc = db_step(s, e);
    bool had = rc == 1 && !db_column_is_null(s, 0);
    int64_t before = had ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc < 0)
        return -1;
    s = db_prepare(
        db,
        "INSERT INTO appraisal_values (tenant_id, scheme_id, subject_id, indicator_id, target, actual,"
        " ratings, note) VALUES (?1, ?2, ?3, ?4, ?5, NULL, NULL, '')"
        " ON CONFLICT (tenant_id, scheme_id, subject_id, indicator_id)"
        " DO UPDATE SET target = excluded.target",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->scheme_id);
    db_bind_int64(s, 3, subject->id);
    db_bind_int64(s, 4, c->indicator_id);
    db_bind_int64(s, 5, target);
    rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || appr_touch_subject(db, c->tenant, subject->id, e) != 0)
        return -1;
    struct changes ch = {STRBUF_INIT, 0};
    changes_same_text(&ch, "subject", subject->name);
    changes_same_text(&ch, "indicator", leaf);
    changes_same_text(&ch, "goal", goal);
    changes_int(&ch, "target", !had, before, false, target);
    const char *text = changes_finish(&ch);
    rc = text ? audit_append(db, c->tenant, c->who, "update", "appraisal_data", subject->id, text, e)
              : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

static int send(struct db *db, void *ctx, struct error *e)
{
    struct send_ctx *c = ctx;
    c->sent = c->skipped = 0; /* a transaction run again starts over */
    struct db_stmt *s = db_prepare(db, "SELECT name FROM bm_goals WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->goal_id);
    int rc = db_step(s, e);
    const char *goal = rc == 1 ? store_text(s, 0, c->a) : NULL;
    db_reset(s);
    if (rc <= 0)
        return rc < 0 ? -1 : error_set(e, ERR_NOT_FOUND, NULL, "对标目标不存在", "no such benchmark goal");
    if (!goal)
        return store_no_memory(e);
    struct appr_scheme_row scheme;
    if (appr_scheme_read(db, c->tenant, c->scheme_id, c->a, &scheme, e) != 0) {
        if (e->code == ERR_NOT_FOUND)
            error_set(e, ERR_INVALID_VALUE, "scheme_id", "考核方案不存在", "no such appraisal scheme");
        return -1;
    }
    if (scheme.enterprises)
        return error_set(e, ERR_INVALID_VALUE, "scheme_id", "“%s”考核的是企业，不是单位",
                         "\"%s\" appraises enterprises, not units", scheme.name);
    if (scheme.state != APPR_SCHEME_OPEN)
        return error_set(e, ERR_INVALID_STATE, "scheme_id", "考核方案“%s”不在填报阶段",
                         "scheme \"%s\" is not open for data entry", scheme.name);
    const char *leaf;
    if (check_leaf(db, c, &leaf, e) != 0)
        return -1;

    s = db_prepare(
        db,
        "SELECT s.id, s.unit_id, s.state, u.name FROM appraisal_subjects s JOIN units u"
        " ON u.tenant_id = s.tenant_id AND u.id = s.unit_id WHERE s.tenant_id = ?1 AND s.scheme_id = ?2",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->scheme_id);
    struct subject_of *subjects = NULL;
    size_t n_subjects = 0, cap = 0;
    while ((rc = db_step(s, e)) == 1) {
        struct subject_of *grown = arena_grow(c->a, subjects, n_subjects, &cap, sizeof(*grown));
        if (!grown) {
            db_reset(s);
            return store_no_memory(e);
        }
        subjects = grown;
        const char *state = db_column_text(s, 2, NULL);
        subjects[n_subjects] =
            (struct subject_of){db_column_int64(s, 0), db_column_int64(s, 1),
                                state && strcmp(state, "accepted") == 0, store_text(s, 3, c->a)};
        if (!subjects[n_subjects++].name) {
            db_reset(s);
            return store_no_memory(e);
        }
    }
    db_reset(s);
    if (rc < 0)
        return -1;

    c->skipped_ids = arena_alloc(c->a, (c->n + 1) * sizeof(*c->skipped_ids));
    if (!c->skipped_ids)
        return store_no_memory(e);
    for (size_t i = 0; i < c->n; i++) {
        const struct bm_leaf_target *t = &c->targets[i];
        for (size_t j = 0; j < i; j++)
            if (c->targets[j].unit_id == t->unit_id)
                return error_set(e, ERR_DUPLICATE, NULL, "单位 %lld 的目标给了两次",
                                 "unit %lld is given two targets", (long long)t->unit_id);
        if (t->target > DEC_MAX || t->target < -DEC_MAX)
            return error_set(e, ERR_INVALID_VALUE, NULL, "单位 %lld 的目标值超出范围",
                             "the target of unit %lld is out of range", (long long)t->unit_id);
        const struct subject_of *subject = NULL;
        for (size_t k = 0; k < n_subjects && !subject; k++)
            if (subjects[k].unit_id == t->unit_id)
                subject = &subjects[k];
        if (!subject || subject->accepted) {
            c->skipped_ids[c->skipped++] = t->unit_id;
            continue;
        }
        if (send_one(db, c, subject, t->target, goal, leaf, e) != 0)
            return -1;
        c->sent++;
    }
    struct changes ch = {STRBUF_INIT, 0};
    changes_same_text(&ch, "scheme", scheme.name);
    changes_same_text(&ch, "indicator", leaf);
    changes_int(&ch, "sent", true, 0, false, (int64_t)c->sent);
    changes_int(&ch, "skipped", true, 0, false, (int64_t)c->skipped);
    const char *text = changes_finish(&ch);
    rc = text ? audit_append(db, c->tenant, c->who, "update", "bm_goal", c->goal_id, text, e)
              : store_no_memory(e);
    strbuf_release(&ch.sb);
    return rc;
}

int store_bm_send_targets(struct store *st, int64_t tenant, const struct actor *who, int64_t goal_id,
                          int64_t scheme_id, int64_t indicator_id, const struct bm_leaf_target *targets,
                          size_t n, struct arena *a, size_t *sent, int64_t **skipped_ids, size_t *skipped,
                          struct error *e)
{
    struct send_ctx c = {.tenant = tenant,
                         .goal_id = goal_id,
                         .scheme_id = scheme_id,
                         .indicator_id = indicator_id,
                         .who = who,
                         .targets = targets,
                         .n = n,
                         .a = a};
    *sent = *skipped = 0;
    *skipped_ids = NULL;
    if (db_write_tenant(st->db, tenant, send, &c, e) != 0)
        return -1;
    *sent = c.sent;
    *skipped = c.skipped;
    *skipped_ids = c.skipped_ids;
    return 0;
}
