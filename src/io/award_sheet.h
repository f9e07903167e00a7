/* An honour list (表彰名单) as the .xlsx an office files or prints: its name as the title, one row per entry
 * listed. */
#ifndef IO_AWARD_SHEET_H
#define IO_AWARD_SHEET_H

#include "io/columns.h"
#include "store/store.h"

/* The columns of a list of units or enterprises (序号, 名称, 组别, 总分, 名次, 等次, 备注) and of
 * individuals. */
extern const struct resource_columns columns_award_subjects;
extern const struct resource_columns columns_award_persons;

/* Writes the entries of l that are listed (not removed) to path, titled by the list's name. */
int award_sheet_write(const struct award_list *l, const char *path, struct error *e);

#endif
