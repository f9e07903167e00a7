/*
 * POST /api/v1/{resource}/import: the whole import (reading the sheet, checking it, the one
 * transaction) runs on a worker with the worker's own store connection, as a large sheet takes
 * seconds; the loop only answers. ?dry_run=true previews; ?sheet=NAME picks a sheet; a month's
 * progress takes ?month=YYYY-MM and is written within the caller's data scope.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_escape.h"
#include "http/handlers.h"
#include "http/import.h"
#include "http/input.h"
#include "http/multipart.h"
#include "http/worker.h"
#include "base/banned.h"

#define SHEET_NAME_MAX 100

typedef int (*import_prepare_fn)(struct import_job *job);
typedef int (*import_apply_fn)(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                               struct error *e);

struct import_work {
    struct import_job job;
    import_apply_fn apply;
    int64_t tenant;
    struct actor actor; /* the user name lives in the request's arena, which moves with the work */
    char address[64];   /* the request's own copy moves too: the actor points here instead */
    struct error error; /* from applying */
    int rc;
    char *upload; /* the file, copied: h2o frees the request's body when a client leaves mid-import */
};

static void run_import(struct store *st, void *arg)
{
    struct import_work *w = arg;
    error_clear(&w->error);
    if (w->job.setup && (w->rc = w->job.setup(&w->job, st, w->tenant, &w->error)) != 0)
        return;
    w->rc = import_job_read(&w->job);
    if (w->rc != 0)
        w->error = w->job.error;
    else
        w->rc = w->apply(&w->job, st, w->tenant, &w->actor, &w->error);
}

/* Frees what the work owns: the job's arena and its copy of the upload. */
static void end_import(struct import_work *w)
{
    import_job_release(&w->job);
    free(w->upload);
    w->upload = NULL;
}

static void drop_import(void *arg)
{
    end_import(arg);
}

/*
 * A refusal that concerns the sheet (no_sheet, no_header, invalid_rows) in the one error shape,
 * plus the file's sheets, so that the user can pick another, and for invalid_rows every bad cell.
 */
static int respond_sheet_error(struct request *r, const struct import_job *job, const struct error *e,
                               struct error *out)
{
    struct strbuf sb = STRBUF_INIT;
    const char *message = r->lang == LANG_EN ? e->message_en : e->message_zh;
    strbuf_addf(&sb, "{\"error\":{\"code\":\"%s\",\"message\":", error_code_name(e->code));
    json_escape(&sb, message, strlen(message));
    strbuf_addstr(&sb, ",\"message_zh\":");
    json_escape(&sb, e->message_zh, strlen(e->message_zh));
    strbuf_addstr(&sb, ",\"message_en\":");
    json_escape(&sb, e->message_en, strlen(e->message_en));
    if (e->field[0]) {
        strbuf_addstr(&sb, ",\"field\":");
        json_escape(&sb, e->field, strlen(e->field));
    }
    if (job->sheet.name) {
        strbuf_addstr(&sb, ",\"sheet\":");
        json_escape(&sb, job->sheet.name, strlen(job->sheet.name));
    }
    strbuf_addstr(&sb, ",\"sheets\":[");
    for (size_t i = 0; i < job->sheet.n_names; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        json_escape(&sb, job->sheet.names[i], strlen(job->sheet.names[i]));
    }
    strbuf_addch(&sb, ']');
    if (e->code == ERR_INVALID_ROWS) {
        strbuf_addf(&sb, ",\"cells_total\":%zu,\"cells\":", job->table.errors_total);
        import_job_write_cells(&sb, job);
    }
    strbuf_addstr(&sb, "}}");
    int rc = respond_strbuf(r, error_http_status(e->code), &sb, out);
    strbuf_release(&sb);
    return rc;
}

static int answer_import(struct request *r, void *arg, struct error *e)
{
    struct import_work *w = arg;
    struct import_job *job = &w->job;
    int rc;
    if (w->rc != 0) {
        *e = w->error;
        bool about_sheet = e->code == ERR_INVALID_ROWS || e->code == ERR_NO_HEADER || e->code == ERR_NO_SHEET;
        rc = about_sheet && job->sheet.n_names ? respond_sheet_error(r, job, e, e) : -1;
    } else {
        struct strbuf sb = STRBUF_INIT;
        import_job_write_json(&sb, job);
        rc = respond_strbuf(r, 200, &sb, e);
        strbuf_release(&sb);
    }
    end_import(w);
    return rc;
}

typedef int (*import_setup_fn)(struct import_job *job, struct store *st, int64_t tenant, struct error *e);

/*
 * monthly: the import is of one month's figures, ?month=YYYY-MM (default: this month). setup (or
 * NULL): makes the columns on the worker, before the file is read (the appraisal's, of scheme_id).
 */
static int start_import(struct request *r, const struct resource_columns *columns, import_prepare_fn prepare,
                        import_apply_fn apply, bool monthly, import_setup_fn setup, int64_t scheme_id,
                        struct error *e)
{
    struct query_param q[] = {{.name = "dry_run"}, {.name = "sheet"}, {.name = monthly ? "month" : NULL}, {.name = NULL}};
    char month[8];
    if (input_query(r, q, e) != 0 || (monthly && input_query_month(&q[2], month, e) != 0))
        return -1;
    bool dry_run = false;
    if (q[0].value) {
        if (strcmp(q[0].value, "true") == 0 || strcmp(q[0].value, "1") == 0)
            dry_run = true;
        else if (strcmp(q[0].value, "false") != 0 && strcmp(q[0].value, "0") != 0)
            return error_set(e, ERR_BAD_QUERY, "dry_run", "dry_run 应为 true 或 false", "dry_run must be true or false");
    }
    if (q[1].value && (q[1].len == 0 || q[1].len > SHEET_NAME_MAX))
        return error_set(e, ERR_BAD_QUERY, "sheet", "工作表名称应为 1 到 %d 个字节", "sheet must be 1 to %d bytes",
                         SHEET_NAME_MAX);
    struct upload up;
    if (multipart_upload(r, &up, e) != 0)
        return -1;
    struct import_work *w = arena_calloc(&r->arena, sizeof(*w));
    if (!w)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    w->apply = apply;
    w->tenant = r->tenant;
    w->actor = r->actor;
    snprintf(w->address, sizeof(w->address), "%s", r->address);
    w->actor.address = w->address;
    if (!(w->upload = malloc(up.len ? up.len : 1)))
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足，无法接收文件", "out of memory for the upload");
    memcpy(w->upload, up.data, up.len);
    w->job = (struct import_job){.columns = columns, .data = w->upload, .len = up.len, .sheet_name = q[1].value,
                                 .dry_run = dry_run, .arena = ARENA_INIT, .prepare = prepare,
                                 .limits = &server_settings.unzip, .scope = r->scope, .setup = setup,
                                 .scheme_id = scheme_id,
                                 .office = role_may(r->session->user.role, ACTION_APPRAISAL_MANAGE)};
    if (monthly)
        memcpy(w->job.month, month, sizeof(month));
    int rc = request_defer_dropping(r, run_import, answer_import, drop_import, w, e);
    if (rc < 0)
        free(w->upload);
    return rc;
}

static int handle_import(struct request *r, const struct resource_columns *columns, import_prepare_fn prepare,
                         import_apply_fn apply, bool monthly, struct error *e)
{
    return start_import(r, columns, prepare, apply, monthly, NULL, 0, e);
}

int handle_units_import(struct request *r, struct error *e)
{
    return handle_import(r, &columns_units, NULL, import_units_apply, false, e);
}

int handle_enterprises_import(struct request *r, struct error *e)
{
    return handle_import(r, &columns_enterprises, NULL, import_enterprises_apply, false, e);
}

int handle_users_import(struct request *r, struct error *e)
{
    return handle_import(r, &columns_users, import_users_prepare, import_users_apply, false, e);
}

int handle_projects_import(struct request *r, struct error *e)
{
    return handle_import(r, &columns_projects, NULL, import_projects_apply, false, e);
}

int handle_progress_import(struct request *r, struct error *e)
{
    return handle_import(r, &columns_progress, NULL, import_progress_apply, true, e);
}

int handle_appr_data_import(struct request *r, struct error *e)
{
    int64_t scheme;
    if (appr_scheme_id(r, &scheme, e) != 0)
        return -1;
    return start_import(r, NULL, NULL, import_appraisal_apply, false, import_appraisal_setup, scheme, e);
}
