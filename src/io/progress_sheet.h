/*
 * The sheet clerks fill each month: the projects a reporter reports for the month (code and
 * name, and what was filed already), to be filled with 本月完成投资 and 形象进度 in Excel and
 * imported back (POST /api/v1/progress/import). Columns: columns_progress.
 */
#ifndef IO_PROGRESS_SHEET_H
#define IO_PROGRESS_SHEET_H

#include "store/store.h"

/*
 * Writes the month's sheet (.xlsx) to path: every project in scope (0: all) that may report the
 * month (in the 前期, 在建 or 竣工 pool, or with a report filed, and the month not before its first
 * report month), by responsible unit then code.
 */
int progress_template_write(struct store *st, int64_t tenant, int64_t scope, const char *month, const char *path,
                            struct error *e);

#endif
