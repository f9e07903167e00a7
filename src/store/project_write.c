/* Creating, changing and deleting projects: references checked, derived fields and the warning kept. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "store/project_fields.h"
#include "store/project_warnings.h"
#include "base/banned.h"

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

static int check_references(struct db *db, int64_t tenant, int64_t id, const struct project *p,
                            struct error *e)
{
    static const char unit_sql[] = "SELECT 1 FROM units WHERE tenant_id = ?1 AND id = ?2";
    int rc;
    if ((rc = exists(db, unit_sql, tenant, p->unit_id, e)) != 1)
        return rc < 0 ? -1
                      : error_set(e, ERR_INVALID_VALUE, "unit_id", "责任单位 %lld 不存在",
                                  "responsible unit %lld does not exist", (long long)p->unit_id);
    if (p->carrier_id && (rc = exists(db, unit_sql, tenant, p->carrier_id, e)) != 1)
        return rc < 0 ? -1
                      : error_set(e, ERR_INVALID_VALUE, "carrier_id", "载体单位 %lld 不存在",
                                  "carrier unit %lld does not exist", (long long)p->carrier_id);
    if (p->enterprise_id && (rc = exists(db, "SELECT 1 FROM enterprises WHERE tenant_id = ?1 AND id = ?2",
                                         tenant, p->enterprise_id, e)) != 1)
        return rc < 0 ? -1
                      : error_set(e, ERR_INVALID_VALUE, "enterprise_id", "企业 %lld 不存在",
                                  "enterprise %lld does not exist", (long long)p->enterprise_id);
    struct db_stmt *s =
        db_prepare(db, "SELECT id FROM projects WHERE tenant_id = ?1 AND code = ?2 AND id <> ?3", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, tenant);
    db_bind_text(s, 2, p->code);
    db_bind_int64(s, 3, id);
    rc = db_step(s, e);
    db_reset(s);
    if (rc == 1)
        return error_set(e, ERR_DUPLICATE, "code", "项目编码 %s 已被使用", "project code %s is already used",
                         p->code);
    return rc < 0 ? -1 : 0;
}

static const char sql_insert[] = PROJECT_INSERT "(?1, ?2, ?3, ?4, ?5, "
                                 "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
                                 "?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, "
                                 "?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?39)";

static int insert_row(struct db *db, int64_t tenant, int64_t id, const struct project *p, struct error *e)
{
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s = db_prepare(db, sql_insert, e);
    if (!s)
        return -1;
    project_bind_at(s, 0, tenant, id, p, now);
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* Checks p and fills its derived fields (stage, pool, size class). */
static int derive(struct db *db, int64_t tenant, int64_t id, struct project *p, struct error *e)
{
    if (milestones_check(&p->ms, (int32_t)date_today(), e) != 0 ||
        check_references(db, tenant, id, p, e) != 0)
        return -1;
    struct size_classes sizes;
    if (project_size_classes(db, tenant, &sizes, e) != 0)
        return -1;
    project_derive(p, &sizes);
    return 0;
}

struct project_write {
    int64_t tenant, id;
    const struct project_input *in;
    const struct actor *who;
    struct arena *a;
    struct project *out;
};

static int create_project(struct db *db, void *ctx, struct error *e)
{
    struct project_write *w = ctx;
    struct project p;
    project_blank(&p);
    project_apply_input(&p, w->in);
    struct changes c = {STRBUF_INIT, 0};
    int rc = -1;
    if (derive(db, w->tenant, 0, &p, e) != 0 || store_next_id(db, w->tenant, "projects", &w->id, e) != 0 ||
        insert_row(db, w->tenant, w->id, &p, e) != 0)
        goto out;
    project_changes(NULL, &p, &c);
    if (project_apply_plans(db, w->tenant, w->id, w->in, &c, e) != 0 ||
        project_warning_refresh(db, w->tenant, w->id, e) != 0 ||
        audit_append(db, w->tenant, w->who, "create", "project", w->id, changes_finish(&c), e) != 0)
        goto out;
    rc = project_get(db, w->tenant, w->id, w->a, w->out, e);
out:
    strbuf_release(&c.sb);
    return rc;
}

int store_project_create(struct store *st, int64_t tenant, const struct project_input *in,
                         const struct actor *who, struct arena *a, struct project *out, struct error *e)
{
    struct project_write w = {.tenant = tenant, .in = in, .who = who, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, create_project, &w, e);
}

static int update_project(struct db *db, void *ctx, struct error *e)
{
    struct project_write *w = ctx;
    struct project before, p;
    if (project_get(db, w->tenant, w->id, w->a, &before, e) != 0)
        return -1;
    p = before;
    project_apply_input(&p, w->in);
    struct changes c = {STRBUF_INIT, 0};
    int rc = -1;
    if (derive(db, w->tenant, w->id, &p, e) != 0 || project_write_update(db, w->tenant, w->id, &p, e) != 0 ||
        unit_totals_move(db, w->tenant, w->id, before.unit_id, p.unit_id, e) != 0)
        goto out;
    project_changes(&before, &p, &c);
    if (project_apply_plans(db, w->tenant, w->id, w->in, &c, e) != 0 ||
        project_warning_refresh(db, w->tenant, w->id, e) != 0)
        goto out;
    const char *changes = changes_finish(&c);
    if (!changes) {
        store_no_memory(e);
        goto out;
    }
    if (strcmp(changes, "{}") != 0 &&
        audit_append(db, w->tenant, w->who, "update", "project", w->id, changes, e) != 0)
        goto out;
    rc = project_get(db, w->tenant, w->id, w->a, w->out, e);
out:
    strbuf_release(&c.sb);
    return rc;
}

int store_project_update(struct store *st, int64_t tenant, int64_t id, const struct project_input *in,
                         const struct actor *who, struct arena *a, struct project *out, struct error *e)
{
    struct project_write w = {.tenant = tenant, .id = id, .in = in, .who = who, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, update_project, &w, e);
}

static int delete_project(struct db *db, void *ctx, struct error *e)
{
    struct project_write *w = ctx;
    struct project before;
    if (project_get(db, w->tenant, w->id, w->a, &before, e) != 0)
        return -1;
    int rc;
    if ((rc = exists(db, "SELECT 1 FROM progress_reports WHERE tenant_id = ?1 AND project_id = ?2", w->tenant,
                     w->id, e)) != 0 ||
        (rc = exists(db, "SELECT 1 FROM problems WHERE tenant_id = ?1 AND project_id = ?2", w->tenant, w->id,
                     e)) != 0)
        return rc < 0 ? -1
                      : error_set(e, ERR_HAS_CHILDREN, NULL, "项目已有月度进度或问题，不能删除",
                                  "the project has monthly reports or problems and cannot be deleted");
    struct changes c = {STRBUF_INIT, 0};
    project_changes(&before, NULL, &c);
    const char *changes = changes_finish(&c);
    rc = -1;
    if (!changes)
        store_no_memory(e);
    else if (store_exec_ints(db, "DELETE FROM project_plans WHERE tenant_id = ?1 AND project_id = ?2", e, 2,
                             w->tenant, w->id) == 0 &&
             store_exec_ints(db, "DELETE FROM projects WHERE tenant_id = ?1 AND id = ?2", e, 2, w->tenant,
                             w->id) == 0)
        rc = audit_append(db, w->tenant, w->who, "delete", "project", w->id, changes, e);
    strbuf_release(&c.sb);
    return rc;
}

int store_project_delete(struct store *st, int64_t tenant, int64_t id, const struct actor *who,
                         struct error *e)
{
    struct arena a = ARENA_INIT;
    struct project_write w = {.tenant = tenant, .id = id, .who = who, .a = &a};
    int rc = db_write_tenant(st->db, tenant, delete_project, &w, e);
    arena_release(&a);
    return rc;
}
