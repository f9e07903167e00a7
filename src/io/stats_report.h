/* The speed report as the .xlsx a project office sends upward: one sheet, a two-row grouped header. */
#ifndef IO_STATS_REPORT_H
#define IO_STATS_REPORT_H

#include "store/store.h"

/* Writes s to path; title is the sheet's title row. */
int stats_report_write(const struct project_stats *s, const char *title, const char *path, struct error *e);

#endif
