/*
 * pacesetter import RESOURCE FILE: the same import as POST /api/v1/RESOURCE/import, from the
 * command line, for the first load of a city's sheets. Prints the outcome as the API's JSON;
 * with bad cells, prints each (row, column, header, value, reason) and writes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "domain/project.h"
#include "http/import.h"
#include "base/banned.h"

static const char usage[] =
    "usage: pacesetter import RESOURCE FILE [--db TARGET] [--tenant CODE] [--sheet NAME] [--dry-run]\n"
    "                         [--month YYYY-MM] [--scheme ID] [--unzip-total BYTES] [--unzip-part BYTES]\n"
    "                         [--unzip-entries N] [--unzip-ratio N]\n"
    "\n"
    "Imports an .xlsx or .csv file into RESOURCE (units, users, enterprises, projects, progress: one\n"
    "month's reports, --month, default this month; or appraisal-data: the data of the appraisal scheme\n"
    "--scheme ID, as the office imports it). Headers are found by name; rows are matched by their\n"
    "natural key (a unit's code, a user name, a credit code, a project code, a subject's name) and\n"
    "updated, or created. All or nothing: with any\n"
    "bad cell, every bad cell is listed and nothing is written (exit 1). --dry-run checks and\n"
    "reports what would be created and updated, and writes nothing. --sheet picks a sheet of an\n"
    ".xlsx (default: the first); --tenant a tenant's division code (default: the default tenant).\n"
    "The --unzip-* limits are serve's (see pacesetter serve --help).\n"
    "导入 .xlsx 或 .csv 表格：按表头名称识别列，按编码更新或新增；有任何错误则全部不导入。\n";

static const struct actor cli_actor = {0, "cli", "local"};

/* What the command can import: the resource's columns and the functions of http/import.h. */
struct importable {
    const char *name;
    const struct resource_columns *columns;
    int (*prepare)(struct import_job *job);
    int (*apply)(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who, struct error *e);
};

static const struct importable importables[] = {
    {"units", &columns_units, NULL, import_units_apply},
    {"users", &columns_users, import_users_prepare, import_users_apply},
    {"enterprises", &columns_enterprises, NULL, import_enterprises_apply},
    {"projects", &columns_projects, NULL, import_projects_apply},
    {"progress", &columns_progress, NULL, import_progress_apply},
    {"appraisal-data", NULL, NULL, import_appraisal_apply}, /* columns from the scheme */
};

static const struct importable *importable_find(const char *name)
{
    for (size_t i = 0; i < sizeof(importables) / sizeof(importables[0]); i++)
        if (strcmp(importables[i].name, name) == 0)
            return &importables[i];
    return NULL;
}

#define FILE_MAX ((long)1 << 30)

static int read_file(const char *path, char **data, size_t *len, struct error *e)
{
    FILE *f = fopen(path, "rb");
    long size = -1;
    if (f && fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (!f || size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        if (f)
            fclose(f);
        return error_set(e, ERR_NOT_FOUND, "file", "无法读取文件 %s", "cannot read the file %s", path);
    }
    if (size > FILE_MAX) {
        fclose(f);
        return error_set(e, ERR_TOO_LARGE, "file", "文件超过 %ld 字节", "the file is larger than %ld bytes", FILE_MAX);
    }
    *data = malloc((size_t)size + 1);
    size_t got = *data ? fread(*data, 1, (size_t)size, f) : 0;
    fclose(f);
    if (!*data || got != (size_t)size) {
        free(*data);
        return error_set(e, ERR_NOT_FOUND, "file", "无法读取文件 %s", "cannot read the file %s", path);
    }
    *len = got;
    return 0;
}

static void print_cells(const struct import_job *job)
{
    const struct import_table *t = &job->table;
    for (size_t i = 0; i < t->n_errors; i++) {
        const struct import_cell_error *c = &t->errors[i];
        fprintf(stderr, "%s!%s%u %s “%s”: %s / %s\n", job->sheet.name, c->column, c->row, c->header,
                c->value ? c->value : "", c->reason_zh, c->reason_en);
    }
    if (t->errors_total > t->n_errors)
        fprintf(stderr, "… %zu more / 另有 %zu 处\n", t->errors_total - t->n_errors, t->errors_total - t->n_errors);
}

int cmd_import(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc < 3 || argv[1][0] == '-' || argv[2][0] == '-') {
        fprintf(stderr, "pacesetter: import 需要资源和文件 / import needs a resource and a file\n%s", usage);
        return 2;
    }
    const char *resource = argv[1], *path = argv[2];
    const struct importable *what = importable_find(resource);
    if (!what) {
        fprintf(stderr, "pacesetter: 不能导入“%s”，可导入：units、users、enterprises、projects、progress、appraisal-data / "
                        "cannot import \"%s\"; importable: units, users, enterprises, projects, progress, appraisal-data\n",
                resource, resource);
        return 2;
    }
    struct cli_options o;
    int started = cli_start(argc - 2, argv + 2, "db tenant sheet dry-run month scheme unzip-total unzip-part unzip-entries unzip-ratio",
                            usage, &o);
    if (started >= 0)
        return started;
    struct error e;
    error_clear(&e);
    char *data = NULL;
    size_t len = 0;
    char month[8];
    if (o.month && strcmp(resource, "progress") != 0) {
        error_set(&e, ERR_INVALID_VALUE, "month", "--month 只用于 progress", "--month is for progress only");
        return cli_fail(&e);
    }
    if (o.month && (strlen(o.month) != 7 || month_parse(o.month, 7) < 0)) {
        error_set(&e, ERR_INVALID_VALUE, "month", "--month 应为 YYYY-MM", "--month must be YYYY-MM");
        return cli_fail(&e);
    }
    bool appraisal = strcmp(resource, "appraisal-data") == 0;
    if (appraisal != (o.scheme != 0)) {
        error_set(&e, ERR_INVALID_VALUE, "scheme", "appraisal-data 需要 --scheme，且 --scheme 只用于 appraisal-data",
                  "appraisal-data needs --scheme, and --scheme is for appraisal-data only");
        return cli_fail(&e);
    }
    if (o.month)
        memcpy(month, o.month, sizeof(month));
    else
        month_format(month_of_day((int32_t)date_today()), month);
    if (cli_resolve_tenant(&o, &e) != 0 || read_file(path, &data, &len, &e) != 0)
        return cli_fail(&e);
    struct import_job job = {.columns = what->columns, .data = data, .len = len, .sheet_name = o.sheet,
                             .dry_run = o.dry_run, .arena = ARENA_INIT, .prepare = what->prepare,
                             .limits = &o.server.unzip, .scheme_id = o.scheme, .office = true};
    memcpy(job.month, month, sizeof(month));
    struct store *st = NULL;
    int rc = 0;
    /* the appraisal's columns come from its scheme: the database first */
    if (appraisal && ((rc = store_open(&st, o.server.db, STORE_OPEN_SERVE, &e)) != 0 ||
                      (rc = import_appraisal_setup(&job, st, o.tenant_id, &e)) != 0))
        goto done;
    if ((rc = import_job_read(&job)) != 0)
        e = job.error;
    else if (st || (rc = store_open(&st, o.server.db, STORE_OPEN_SERVE, &e)) == 0)
        rc = what->apply(&job, st, o.tenant_id, &cli_actor, &e);
    if (rc == 0) {
        struct strbuf sb = STRBUF_INIT;
        import_job_write_json(&sb, &job);
        printf("%s\n", sb.buf ? sb.buf : "{}");
        strbuf_release(&sb);
    } else if (e.code == ERR_INVALID_ROWS) {
        print_cells(&job);
    }
done:
    if (st)
        store_close(st);
    import_job_release(&job);
    free(data);
    return rc == 0 ? 0 : cli_fail(&e);
}
