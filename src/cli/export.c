/*
 * pacesetter export RESOURCE FILE: a whole list (units, users, enterprises, projects or the operation log of one tenant,
 * or the installation's login log) to an .xlsx or CSV file, the same file the web UI's export
 * gives an administrator.
 * The file appears whole or not at all (written beside it, then renamed).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "io/export.h"
#include "base/banned.h"

static const char usage[] =
    "usage: pacesetter export units|users|enterprises|projects|audit|login-log FILE [--db TARGET] [--tenant CODE]\n"
    "                         [--format xlsx|csv]\n"
    "\n"
    "Writes every unit, user, enterprise, project or operation-log record of the tenant, or every login\n"
    "attempt of the installation (login-log), to FILE: an .xlsx workbook (a title row, Chinese\n"
    "headers, dates as dates) or CSV (UTF-8 with a BOM). The format follows FILE's extension unless\n"
    "--format says otherwise. --tenant is a tenant's division code (default: the default tenant).\n"
    "导出单位、用户、企业、项目、操作日志或登录日志到 Excel（.xlsx）或 CSV 文件。\n";

static int format_of(const struct cli_options *o, const char *file, enum table_format *out, struct error *e)
{
    if (o->format) {
        if (table_format_parse(o->format, out) != 0)
            return error_set(e, ERR_INVALID_VALUE, "format", "--format 应为 xlsx 或 csv", "--format must be xlsx or csv");
        return 0;
    }
    const char *dot = strrchr(file, '.');
    if (dot && (strcmp(dot, ".xlsx") == 0 || strcmp(dot, ".XLSX") == 0))
        *out = TABLE_XLSX;
    else if (dot && (strcmp(dot, ".csv") == 0 || strcmp(dot, ".CSV") == 0))
        *out = TABLE_CSV;
    else
        return error_set(e, ERR_INVALID_VALUE, "format", "无法从文件名“%s”判断格式：请用 .xlsx 或 .csv，或给出 --format",
                         "cannot tell the format from \"%s\": name it .xlsx or .csv, or give --format", file);
    return 0;
}

int cmd_export(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc < 3 || argv[1][0] == '-' || argv[2][0] == '-') {
        fprintf(stderr, "pacesetter: export 需要资源和文件名 / export needs a resource and a file\n%s", usage);
        return 2;
    }
    const char *resource = argv[1], *file = argv[2];
    struct cli_options o;
    int started = cli_start(argc - 2, argv + 2, "db tenant format", usage, &o);
    if (started >= 0)
        return started;
    struct error e;
    error_clear(&e);
    struct export_query q = {0};
    enum table_format format;
    if (export_resource_parse(resource, &q.resource) != 0) {
        error_set(&e, ERR_INVALID_VALUE, "resource",
                  "不能导出“%s”：可导出 units、users、enterprises、projects、audit、login-log",
                  "cannot export \"%s\": units, users, enterprises, projects, audit or login-log", resource);
        return cli_fail(&e);
    }
    if (format_of(&o, file, &format, &e) != 0 || cli_resolve_tenant(&o, &e) != 0)
        return cli_fail(&e);
    q.tenant = o.tenant_id;
    q.units.sort = UNIT_SORT_SORT_ORDER;
    q.enterprises.sort = ENTERPRISE_SORT_NAME;
    q.projects = (struct project_filter){.sort = PROJECT_SORT_CODE, .min_investment = -1, .max_investment = -1};

    char partial[4096];
    if (snprintf(partial, sizeof(partial), "%s.partial", file) >= (int)sizeof(partial)) {
        error_set(&e, ERR_INVALID_VALUE, "file", "文件名过长", "the file name is too long");
        return cli_fail(&e);
    }
    struct store *st;
    if (store_open(&st, o.server.db, STORE_OPEN_SERVE, &e) != 0)
        return cli_fail(&e);
    int64_t rows = 0;
    int rc = export_write(st, &q, format, partial, &rows, &e);
    store_close(st);
    if (rc == 0 && rename(partial, file) != 0)
        rc = error_set(&e, ERR_INTERNAL, "file", "无法写入 %s", "cannot write %s", file);
    if (rc != 0) {
        remove(partial);
        return cli_fail(&e);
    }
    printf("exported %lld %s to %s\n", (long long)rows, resource, file);
    return 0;
}
