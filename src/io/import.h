/*
 * From a sheet to rows of one resource: finds the header (by name, under any title rows, over
 * one row or two with merged cells), skips total rows (合计/总计/小计), notes and empty rows, and
 * reads every cell of every data row as its column's type. Every bad cell is recorded (sheet,
 * row, column letter, header, value, reason in zh and en), not just the first; the caller adds
 * the resource's own rules' failures with import_table_error and writes nothing if any exist.
 */
#ifndef IO_IMPORT_H
#define IO_IMPORT_H

#include "base/money.h"
#include "io/columns.h"
#include "io/sheet.h"

#define IMPORT_ERRORS_MAX 1000 /* cells listed; more are only counted */
#define IMPORT_COLUMNS_MAX 256 /* columns a resource may define (an appraisal scheme makes one per field of each indicator) */

struct import_cell_error {
    uint32_t row;        /* as shown */
    char column[8];      /* letters, "" when the column is not in the sheet */
    const char *header;  /* the sheet's header text, or the resource's header */
    const char *value;   /* the cell's text, or NULL */
    const char *reason_zh, *reason_en;
};

struct import_skip {
    uint32_t row;
    const char *reason_zh, *reason_en;
};

struct import_row {
    uint32_t number;     /* as shown */
    const char **values; /* per resource column: canonical text, NULL when empty or not in the sheet */
};

struct import_table {
    const struct resource_columns *columns;
    const struct sheet *sheet;
    uint32_t header_row;  /* the (first) header row's number */
    uint32_t header_rows; /* 1 or 2 */
    int32_t *sheet_col;   /* per resource column: its sheet column, or -1 when the sheet lacks it */
    const char **header;  /* per resource column: the header text as the sheet has it */
    struct import_row *rows;
    size_t n_rows;
    struct import_skip *skipped;
    size_t n_skipped, skipped_cap;
    struct import_cell_error *errors;
    size_t n_errors;      /* listed (at most IMPORT_ERRORS_MAX) */
    size_t errors_total;  /* found */
    struct arena *arena;
};

/*
 * Reads the sheet as rows of the resource. Fails (ERR_NO_HEADER) only when no header is found;
 * bad cells are listed in t->errors with a 0 return.
 */
int import_table_read(const struct sheet *s, const struct resource_columns *rc, struct arena *a,
                      struct import_table *t, struct error *e);

enum import_row_kind { IMPORT_ROW_DATA, IMPORT_ROW_TOTAL, IMPORT_ROW_NOTE };
/* A total row (合计, 总计, 小计 in one of its first three cells), a note under the table (its first
 * cell 注：…, 资料来源：…, 填表人：…) or a row of data: what import_table_read skips, for readers of
 * their own layout. */
enum import_row_kind import_row_kind(const struct sheet_row *row);

/* Records a bad cell of row in resource column `column` (an index into rc->columns). */
void import_table_error(struct import_table *t, const struct import_row *row, size_t column, const char *zh,
                        const char *en);
/* The index of the resource column with this key; the key must exist. */
size_t import_column(const struct resource_columns *rc, const char *key);
/* True if the sheet has the column (so an empty cell means "none", not "unchanged"). */
bool import_table_has(const struct import_table *t, size_t column);

#endif
