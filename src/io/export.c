/*
 * Exports (export.h): each store row becomes one row of canonical strings in the order of the
 * resource's columns (columns.c), which the table writer turns into cells.
 */
#include "io/export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "domain/industry.h"
#include "domain/permission.h"
#include "base/banned.h"

int export_resource_parse(const char *s, enum export_resource *out)
{
    if (strcmp(s, "units") == 0)
        *out = EXPORT_UNITS;
    else if (strcmp(s, "users") == 0)
        *out = EXPORT_USERS;
    else if (strcmp(s, "audit") == 0)
        *out = EXPORT_AUDIT;
    else if (strcmp(s, "login-log") == 0)
        *out = EXPORT_LOGIN_LOG;
    else if (strcmp(s, "enterprises") == 0)
        *out = EXPORT_ENTERPRISES;
    else
        return -1;
    return 0;
}

const struct resource_columns *export_columns(enum export_resource r)
{
    switch (r) {
    case EXPORT_UNITS: return &columns_units;
    case EXPORT_USERS: return &columns_users_export;
    case EXPORT_AUDIT: return &columns_audit;
    case EXPORT_ENTERPRISES: return &columns_enterprises;
    default: return &columns_login_log;
    }
}

/* Column i of the resource's table must be `key`: the values below are listed in that order. */
static int check_key(const struct resource_columns *cols, size_t i, const char *key, struct error *e)
{
    if (i < cols->n_columns && strcmp(cols->columns[i].key, key) == 0)
        return 0;
    return error_set(e, ERR_INTERNAL, NULL, "导出列与列定义不一致（%s）", "export columns do not match the column table (%s)",
                     key);
}

static int check_keys(const struct resource_columns *cols, const char *const *keys, struct error *e)
{
    size_t n = 0;
    for (; keys[n]; n++)
        if (check_key(cols, n, keys[n], e) != 0)
            return -1;
    if (n != cols->n_columns)
        return check_key(cols, n, "(count)", e);
    return 0;
}

static int unit_row(void *ctx, const struct unit *u, struct error *e)
{
    char sort[24];
    snprintf(sort, sizeof(sort), "%lld", (long long)u->sort_order);
    const char *v[] = {u->code, u->name, unit_kind_name(u->kind), u->parent_code, u->division_code, sort,
                       u->created_at, u->updated_at};
    return table_writer_row(ctx, v, e);
}

static int user_row(void *ctx, const struct user *u, const char *unit_code, struct error *e)
{
    const char *v[] = {u->username, u->display_name, role_name(u->role), unit_code, u->disabled ? "true" : "false",
                       u->last_login_at, u->created_at};
    return table_writer_row(ctx, v, e);
}

static int audit_row(void *ctx, const struct audit_entry *a, struct error *e)
{
    char id[24], rid[24];
    snprintf(id, sizeof(id), "%lld", (long long)a->id);
    snprintf(rid, sizeof(rid), "%lld", (long long)a->resource_id);
    const char *v[] = {id, a->at, a->username, a->address, a->action, a->resource, rid, a->changes, a->hash};
    return table_writer_row(ctx, v, e);
}

static int login_row(void *ctx, const struct login_entry *l, struct error *e)
{
    const char *v[] = {l->at, l->username, l->address, l->success ? "true" : "false", l->reason};
    return table_writer_row(ctx, v, e);
}

/* The industry as a sheet shows it: its code and name ("3741 飞机制造"), which an import reads back as the code. */
static int enterprise_row(void *ctx, const struct enterprise_view *v, struct error *e)
{
    const struct enterprise *x = &v->e;
    const struct industry *ind = x->industry_code ? industry_find(x->industry_code, strlen(x->industry_code)) : NULL;
    char industry[256], projects[24];
    snprintf(industry, sizeof(industry), "%s%s%s", x->industry_code ? x->industry_code : "", ind ? " " : "",
             ind ? ind->name : "");
    snprintf(projects, sizeof(projects), "%lld", (long long)v->project_count);
    const char *b[] = {"false", "true"};
    const char *row[] = {x->credit_code, x->name, x->industry_code ? industry : NULL, ownership_name(x->ownership),
                         v->park_code, b[x->above_size], b[x->leading_talent], b[x->high_tech], projects,
                         x->created_at, x->updated_at};
    return table_writer_row(ctx, row, e);
}

static const char *const unit_keys[] = {"code", "name", "kind", "parent_code", "division_code", "sort_order",
                                        "created_at", "updated_at", NULL};
static const char *const user_keys[] = {"username", "display_name", "role", "unit_code", "disabled",
                                        "last_login_at", "created_at", NULL};
static const char *const audit_keys[] = {"id", "at", "username", "address", "action", "resource", "resource_id",
                                         "changes", "hash", NULL};
static const char *const login_keys[] = {"at", "username", "address", "success", "reason", NULL};
static const char *const enterprise_keys[] = {"credit_code", "name", "industry_code", "ownership", "park",
                                              "above_size", "leading_talent", "high_tech", "project_count",
                                              "created_at", "updated_at", NULL};

int export_write(struct store *st, const struct export_query *q, enum table_format format, const char *path,
                 int64_t *rows, struct error *e)
{
    const struct resource_columns *cols = export_columns(q->resource);
    static const char *const *const keys_of[] = {[EXPORT_UNITS] = unit_keys, [EXPORT_USERS] = user_keys,
                                                 [EXPORT_AUDIT] = audit_keys, [EXPORT_LOGIN_LOG] = login_keys,
                                                 [EXPORT_ENTERPRISES] = enterprise_keys};
    const char *const *keys = keys_of[q->resource];
    if (check_keys(cols, keys, e) != 0)
        return -1;
    char now[32], title[128];
    date_now_iso(now, sizeof(now));
    snprintf(title, sizeof(title), "%s（导出于 %.10s %.8s UTC）", cols->title, now, now + 11);
    struct table_writer *w;
    if (table_writer_open(&w, format, path, cols, title, e) != 0)
        return -1;
    int rc;
    switch (q->resource) {
    case EXPORT_UNITS: rc = store_units_each(st, q->tenant, &q->units, EXPORT_ROWS_MAX, unit_row, w, e); break;
    case EXPORT_USERS: rc = store_users_each(st, q->tenant, &q->users, EXPORT_ROWS_MAX, user_row, w, e); break;
    case EXPORT_AUDIT: rc = store_audit_each(st, q->tenant, &q->audit, EXPORT_ROWS_MAX, audit_row, w, e); break;
    case EXPORT_ENTERPRISES:
        rc = store_enterprises_each(st, q->tenant, &q->enterprises, EXPORT_ROWS_MAX, enterprise_row, w, e);
        break;
    default: rc = store_login_log_each(st, q->tenant, EXPORT_ROWS_MAX, login_row, w, e); break;
    }
    *rows = table_writer_rows(w);
    struct error close_error;
    if (table_writer_close(w, &close_error) != 0 && rc == 0) {
        *e = close_error;
        rc = -1;
    }
    return rc == 0 ? 0 : -1;
}

int export_temp_file(export_file_fn write, void *ctx, int *fd, struct error *e)
{
    const char *dir = getenv("TMPDIR");
    char path[256];
    int n = snprintf(path, sizeof(path), "%s/pacesetter-export-XXXXXX", dir && *dir ? dir : "/tmp");
    *fd = -1;
    if (n < 0 || (size_t)n >= sizeof(path))
        return error_set(e, ERR_INTERNAL, NULL, "临时目录路径过长", "the temporary directory's path is too long");
    *fd = mkstemp(path);
    if (*fd < 0)
        return error_set(e, ERR_INTERNAL, NULL, "无法创建临时文件：%s", "cannot create a temporary file: %s",
                         strerror(errno));
    /* libxlsxwriter writes by name, into this same file: the name goes only once it is written */
    int rc = write(path, ctx, e);
    unlink(path);
    if (rc == 0 && lseek(*fd, 0, SEEK_SET) != 0)
        rc = error_set(e, ERR_INTERNAL, NULL, "无法读取临时文件：%s", "cannot read the temporary file: %s", strerror(errno));
    if (rc != 0) {
        close(*fd);
        *fd = -1;
    }
    return rc;
}

struct export_args {
    struct store *st;
    const struct export_query *q;
    enum table_format format;
    int64_t *rows;
};

static int write_export(const char *path, void *ctx, struct error *e)
{
    struct export_args *x = ctx;
    return export_write(x->st, x->q, x->format, path, x->rows, e);
}

int export_to_temp_file(struct store *st, const struct export_query *q, enum table_format format, int *fd,
                        int64_t *rows, struct error *e)
{
    struct export_args x = {st, q, format, rows};
    return export_temp_file(write_export, &x, fd, e);
}
