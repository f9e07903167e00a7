/* The month's progress sheet; see progress_sheet.h. */
#include "io/progress_sheet.h"

#include <stdio.h>
#include <string.h>

#include "io/table_writer.h"
#include "base/banned.h"

int progress_template_write(struct store *st, int64_t tenant, int64_t scope, const char *month, const char *path,
                            struct error *e)
{
    struct arena a = ARENA_INIT;
    struct progress_row *rows;
    size_t n;
    if (store_progress_month(st, tenant, scope, 0, month, &a, &rows, &n, e) != 0) {
        arena_release(&a);
        return -1;
    }
    char title[160];
    snprintf(title, sizeof(title), "%s 月度进度（填写本月完成投资和形象进度后导入；项目编码请勿改动）", month);
    struct table_writer *w;
    if (table_writer_open(&w, TABLE_XLSX, path, &columns_progress, title, e) != 0) {
        arena_release(&a);
        return -1;
    }
    int32_t m = month_parse(month, strlen(month));
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct progress_row *row = &rows[i];
        int32_t first = project_first_report_month(&row->project.ms);
        if (first < 0 || m < first)
            continue;
        char amount[24];
        snprintf(amount, sizeof(amount), "%lld", (long long)row->report.amount);
        const char *values[] = {row->project.code, row->project.name, row->has_report ? amount : NULL,
                                row->has_report && *row->report.progress ? row->report.progress : NULL};
        rc = table_writer_row(w, values, e);
    }
    struct error close_error;
    if (table_writer_close(w, &close_error) != 0 && rc == 0) {
        *e = close_error;
        rc = -1;
    }
    arena_release(&a);
    return rc;
}
