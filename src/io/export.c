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

#include <jansson.h>

#include "base/date.h"
#include "base/strbuf.h"
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
    else if (strcmp(s, "projects") == 0)
        *out = EXPORT_PROJECTS;
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
    case EXPORT_PROJECTS: return &columns_projects;
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

/* "|外资|沪苏对接|" as "外资、沪苏对接"; joined by '|' when a tag holds '、' itself, so that it reads back whole. */
static void tags_text(const char *stored, char *buf, size_t size)
{
    const char *sep = strstr(stored, "、") ? "|" : "、";
    size_t used = 0;
    buf[0] = '\0';
    for (const char *p = stored; *p && used < size;) {
        while (*p == '|')
            p++;
        const char *end = strchr(p, '|');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0)
            break;
        int n = snprintf(buf + used, size - used, "%s%.*s", used ? sep : "", (int)len, p);
        used += n > 0 ? (size_t)n : 0;
        p += len;
    }
}

/* The reasons of a warning (the stored JSON array) as their Chinese sentences, "；"-separated. */
static void reasons_text(const char *stored, struct strbuf *out)
{
    json_t *all = json_loads(stored ? stored : "[]", 0, NULL);
    size_t i;
    json_t *r;
    json_array_foreach(all, i, r)
    {
        const char *zh = json_string_value(json_object_get(r, "text_zh"));
        if (zh) {
            strbuf_addstr(out, out->len ? "；" : "");
            strbuf_addstr(out, zh);
        }
    }
    json_decref(all);
}

struct project_export {
    struct table_writer *w;
    struct size_classes sizes;
};

static void day_text(int32_t day, char buf[11])
{
    if (day != DAY_NONE)
        date_format_iso(date_from_days(day), buf);
}

static int project_row(void *ctx, const struct project_view *v, struct error *e)
{
    struct project_export *x = ctx;
    const struct project *p = &v->p;
    char total[24], foreign[24], energy[24], land[24], output[24], plan[24], ytd[24], invested[24], size[64],
        tags[PROJECT_TAGS_MAX * (PROJECT_TAG_MAX * 4 + 3) + 1], days[2 * MS_COUNT][11];
    snprintf(total, sizeof(total), "%lld", (long long)p->total_investment);
    snprintf(foreign, sizeof(foreign), "%lld", (long long)p->foreign_investment);
    snprintf(energy, sizeof(energy), "%lld", (long long)p->energy_use);
    snprintf(land, sizeof(land), "%lld", (long long)p->land_area);
    snprintf(output, sizeof(output), "%lld", (long long)p->annual_output);
    snprintf(plan, sizeof(plan), "%lld", (long long)p->year_plan);
    snprintf(ytd, sizeof(ytd), "%lld", (long long)p->year_to_date);
    snprintf(invested, sizeof(invested), "%lld", (long long)p->invested_total);
    size_class_label(&x->sizes, p->size_class, size, sizeof(size));
    tags_text(p->tags ? p->tags : "", tags, sizeof(tags));
    struct strbuf reasons = STRBUF_INIT;
    reasons_text(p->warning_reasons, &reasons);
    const char *b[] = {"false", "true"};
    const char *row[64] = {p->code, p->name, v->enterprise_credit_code, p->enterprise_name, v->unit_code,
                           v->carrier_code, p->industry_code, category_name(p->category), source_name(p->source),
                           tags, total, foreign, talent_tier_name(p->talent_tier), b[p->major_technology],
                           b[p->major_industrialisation], b[p->major_market], p->energy_use < 0 ? NULL : energy,
                           p->land_area < 0 ? NULL : land, p->annual_output < 0 ? NULL : output, p->description};
    size_t n = 20;
    for (int m = 0; m < MS_COUNT; m++) {
        days[2 * m][0] = days[2 * m + 1][0] = '\0';
        day_text(p->ms.planned[m], days[2 * m]);
        day_text(p->ms.actual[m], days[2 * m + 1]);
        row[n++] = days[2 * m][0] ? days[2 * m] : NULL;
        row[n++] = days[2 * m + 1][0] ? days[2 * m + 1] : NULL;
    }
    const char *tail[] = {p->stage >= 0 ? milestone_name((enum milestone)p->stage) : NULL, pool_name(p->pool), size,
                          v->has_year_plan ? plan : NULL, ytd, invested, warning_level_name(p->warning),
                          reasons.failed ? NULL : reasons.buf, p->updated_at};
    for (size_t k = 0; k < sizeof(tail) / sizeof(tail[0]); k++)
        row[n++] = tail[k];
    int rc = table_writer_row(x->w, row, e);
    strbuf_release(&reasons);
    return rc;
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

static const char *const project_keys[] = {
    "code", "name", "enterprise_credit_code", "enterprise_name", "unit", "carrier", "industry_code", "category",
    "source", "tags", "total_investment", "foreign_investment", "talent_tier", "major_technology",
    "major_industrialisation", "major_market", "energy_use", "land_area", "annual_output", "description",
    "planned_negotiating", "actual_negotiating", "planned_signed", "actual_signed", "planned_registered",
    "actual_registered", "planned_started", "actual_started", "planned_completed", "actual_completed",
    "planned_production", "actual_production", "planned_full_capacity", "actual_full_capacity", "stage", "pool",
    "size_class", "year_plan", "year_to_date", "invested_total", "warning", "warning_reasons", "updated_at", NULL};

int export_write(struct store *st, const struct export_query *q, enum table_format format, const char *path,
                 int64_t *rows, struct error *e)
{
    const struct resource_columns *cols = export_columns(q->resource);
    static const char *const *const keys_of[] = {[EXPORT_UNITS] = unit_keys, [EXPORT_USERS] = user_keys,
                                                 [EXPORT_AUDIT] = audit_keys, [EXPORT_LOGIN_LOG] = login_keys,
                                                 [EXPORT_ENTERPRISES] = enterprise_keys,
                                                 [EXPORT_PROJECTS] = project_keys};
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
    case EXPORT_PROJECTS: {
        struct project_export x = {.w = w};
        rc = store_size_classes_get(st, q->tenant, &x.sizes, e);
        if (rc == 0)
            rc = store_projects_each(st, q->tenant, &q->projects, EXPORT_ROWS_MAX, project_row, &x, e);
        break;
    }
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
