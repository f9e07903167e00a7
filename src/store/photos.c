/* Photos of progress reports; see store_photos.h. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domain/image.h"
#include "store/project_rows.h"
#include "base/banned.h"

#define PHOTO_COLUMNS "id, project_id, month, content_type, size, uploaded_by, iso(created_at)"

static int read_photo(struct db_stmt *s, struct arena *a, struct photo *p)
{
    *p = (struct photo){.id = db_column_int64(s, 0),
                        .project_id = db_column_int64(s, 1),
                        .month = store_text(s, 2, a),
                        .content_type = store_text(s, 3, a),
                        .size = db_column_int64(s, 4),
                        .uploaded_by = store_text(s, 5, a),
                        .created_at = store_text(s, 6, a)};
    return p->month && p->content_type && p->uploaded_by && p->created_at ? 0 : -1;
}

/* The project, if the scopes hold it (a unit subtree; an enterprise); not found otherwise. */
static int visible_project(struct db *db, int64_t tenant, int64_t scope, int64_t scope_enterprise, int64_t id,
                           struct arena *a, struct error *e)
{
    struct project p;
    if (project_get(db, tenant, id, a, &p, e) != 0)
        return -1;
    int in = scope ? project_unit_in_scope(db, tenant, scope, p.unit_id, e) : 1;
    if (in < 0)
        return -1;
    if (in == 0 || (scope_enterprise && p.enterprise_id != scope_enterprise))
        return error_set(e, ERR_NOT_FOUND, NULL, "项目不存在", "no such project");
    return 0;
}

struct photo_ctx {
    int64_t tenant, scope, scope_enterprise, project_id, id;
    const char *month, *content_type;
    const void *data;
    size_t len, count;
    const struct actor *who;
    struct arena *a;
    struct photo *out, *items;
};

static int count_photos(struct db *db, const struct photo_ctx *c, int64_t *n, struct error *e)
{
    struct db_stmt *s = db_prepare(db,
                                   "SELECT (SELECT count(*) FROM progress_reports WHERE tenant_id = ?1"
                                   " AND project_id = ?2 AND month = ?3), count(*) FROM progress_photos"
                                   " WHERE tenant_id = ?1 AND project_id = ?2 AND month = ?3",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->project_id);
    db_bind_text(s, 3, c->month);
    int rc = db_step(s, e);
    bool has_report = rc == 1 && db_column_int64(s, 0) > 0;
    *n = rc == 1 ? db_column_int64(s, 1) : 0;
    db_reset(s);
    if (rc < 0)
        return -1;
    if (!has_report)
        return error_set(e, ERR_INVALID_VALUE, "month", "请先填报 %s 的月度进度，再上传照片",
                         "file the report of %s before its photos", c->month);
    if (*n >= PHOTOS_PER_REPORT_MAX)
        return error_set(e, ERR_TOO_LARGE, "file", "每月进度最多 %d 张照片",
                         "a month's report holds at most %d photos", PHOTOS_PER_REPORT_MAX);
    return 0;
}

static int add_photo(struct db *db, void *ctx, struct error *e)
{
    struct photo_ctx *c = ctx;
    int64_t n;
    if (visible_project(db, c->tenant, c->scope, 0, c->project_id, c->a, e) != 0 ||
        count_photos(db, c, &n, e) != 0 || store_next_id(db, c->tenant, "progress_photos", &c->id, e) != 0)
        return -1;
    char now[32];
    date_now_iso(now, sizeof(now));
    struct db_stmt *s =
        db_prepare(db,
                   "INSERT INTO progress_photos (tenant_id, id, project_id, month, content_type, size,"
                   " data, uploaded_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    db_bind_int64(s, 3, c->project_id);
    db_bind_text(s, 4, c->month);
    db_bind_text(s, 5, c->content_type);
    db_bind_int64(s, 6, (int64_t)c->len);
    db_bind_blob(s, 7, c->data, c->len);
    db_bind_text(s, 8, c->who->username);
    db_bind_text(s, 9, now);
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0)
        return -1;
    char changes[160];
    snprintf(changes, sizeof(changes), "{\"photo\":[null,%lld],\"month\":[null,\"%s\"],\"size\":[null,%zu]}",
             (long long)c->id, c->month, c->len);
    if (audit_append(db, c->tenant, c->who, "create", "progress", c->project_id, changes, e) != 0)
        return -1;
    *c->out = (struct photo){.id = c->id,
                             .project_id = c->project_id,
                             .size = (int64_t)c->len,
                             .month = arena_strndup(c->a, c->month, strlen(c->month)),
                             .content_type = c->content_type,
                             .uploaded_by = arena_strndup(c->a, c->who->username, strlen(c->who->username)),
                             .created_at = arena_strndup(c->a, now, strlen(now))};
    return c->out->month && c->out->uploaded_by && c->out->created_at ? 0 : store_no_memory(e);
}

int store_photo_add(struct store *st, int64_t tenant, int64_t scope, int64_t project_id, const char *month,
                    const void *data, size_t len, const char *content_type, const struct actor *who,
                    struct arena *a, struct photo *out, struct error *e)
{
    struct photo_ctx c = {.tenant = tenant,
                          .scope = scope,
                          .project_id = project_id,
                          .month = month,
                          .content_type = content_type,
                          .data = data,
                          .len = len,
                          .who = who,
                          .a = a,
                          .out = out};
    return db_write_tenant(st->db, tenant, add_photo, &c, e);
}

static int list_photos(struct db *db, void *ctx, struct error *e)
{
    struct photo_ctx *c = ctx;
    if (visible_project(db, c->tenant, c->scope, c->scope_enterprise, c->project_id, c->a, e) != 0)
        return -1;
    struct db_stmt *s = db_prepare(db,
                                   "SELECT " PHOTO_COLUMNS " FROM progress_photos WHERE tenant_id = ?1"
                                   " AND project_id = ?2 AND month = ?3 ORDER BY id",
                                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->project_id);
    db_bind_text(s, 3, c->month);
    c->items = arena_alloc(c->a, PHOTOS_PER_REPORT_MAX * sizeof(*c->items));
    int rc = c->items ? 0 : store_no_memory(e);
    while (rc == 0 && c->count < PHOTOS_PER_REPORT_MAX && (rc = db_step(s, e)) == 1)
        rc = read_photo(s, c->a, &c->items[c->count++]) == 0 ? 0 : store_no_memory(e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_photos_list(struct store *st, int64_t tenant, int64_t scope, int64_t scope_enterprise,
                      int64_t project_id, const char *month, struct arena *a, struct photo **items,
                      size_t *count, struct error *e)
{
    struct photo_ctx c = {.tenant = tenant,
                          .scope = scope,
                          .scope_enterprise = scope_enterprise,
                          .project_id = project_id,
                          .month = month,
                          .a = a};
    if (db_read(st->db, list_photos, &c, e) != 0)
        return -1;
    *items = c.items;
    *count = c.count;
    return 0;
}

/* The photo's row (with its bytes when want_data), if the scopes hold its project. */
static int find_photo(struct db *db, struct photo_ctx *c, bool want_data, struct error *e)
{
    struct db_stmt *s = db_prepare(
        db, "SELECT " PHOTO_COLUMNS ", data FROM progress_photos WHERE tenant_id = ?1 AND id = ?2", e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->tenant);
    db_bind_int64(s, 2, c->id);
    int rc = db_step(s, e);
    if (rc == 1 && read_photo(s, c->a, c->out) != 0)
        rc = store_no_memory(e);
    if (rc == 1 && want_data && store_blob(s, 7, c->a, &c->out->data, &c->out->size) != 0)
        rc = store_no_memory(e);
    db_reset(s);
    if (rc == 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "照片不存在", "no such photo");
    if (rc < 0)
        return -1;
    if (visible_project(db, c->tenant, c->scope, c->scope_enterprise, c->out->project_id, c->a, e) != 0)
        return e->code == ERR_NOT_FOUND ? error_set(e, ERR_NOT_FOUND, NULL, "照片不存在", "no such photo")
                                        : -1;
    return 0;
}

static int get_photo(struct db *db, void *ctx, struct error *e)
{
    return find_photo(db, ctx, true, e);
}

int store_photo_get(struct store *st, int64_t tenant, int64_t scope, int64_t scope_enterprise, int64_t id,
                    struct arena *a, struct photo *out, struct error *e)
{
    struct photo_ctx c = {
        .tenant = tenant, .scope = scope, .scope_enterprise = scope_enterprise, .id = id, .a = a, .out = out};
    return db_read(st->db, get_photo, &c, e);
}

static int delete_photo(struct db *db, void *ctx, struct error *e)
{
    struct photo_ctx *c = ctx;
    if (find_photo(db, c, false, e) != 0 ||
        store_exec_ints(db, "DELETE FROM progress_photos WHERE tenant_id = ?1 AND id = ?2", e, 2, c->tenant,
                        c->id) != 0)
        return -1;
    char changes[160];
    snprintf(changes, sizeof(changes), "{\"photo\":[%lld,null],\"month\":[\"%s\",null]}", (long long)c->id,
             c->out->month);
    return audit_append(db, c->tenant, c->who, "delete", "progress", c->out->project_id, changes, e);
}

int store_photo_delete(struct store *st, int64_t tenant, int64_t scope, int64_t id, const struct actor *who,
                       struct error *e)
{
    struct arena a = ARENA_INIT;
    struct photo p;
    struct photo_ctx c = {.tenant = tenant, .scope = scope, .id = id, .who = who, .a = &a, .out = &p};
    int rc = db_write_tenant(st->db, tenant, delete_photo, &c, e);
    arena_release(&a);
    return rc;
}
