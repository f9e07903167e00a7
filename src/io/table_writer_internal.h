/* What the table writer's two backends share: the writer and the cell a value becomes. Private to src/io. */
#ifndef IO_TABLE_WRITER_INTERNAL_H
#define IO_TABLE_WRITER_INTERNAL_H

#include <stdio.h>
#include <xlsxwriter.h>

#include "base/strbuf.h"
#include "io/table_writer.h"

enum out_kind { OUT_EMPTY, OUT_TEXT, OUT_NUMBER, OUT_DATE, OUT_DATETIME };

/* One value as its column's type makes it; `text` is what CSV writes for every kind. */
struct out_cell {
    enum out_kind kind;
    const char *text;
    double number;                        /* OUT_NUMBER */
    int decimals;                         /* OUT_NUMBER of a COL_DECIMAL column: the digits shown, -1: none given */
    bool percent;                         /* … shown as a percentage (number is the fraction) */
    int year, month, day, hour, min, sec; /* OUT_DATE, OUT_DATETIME */
    char buf[40];                         /* text made here (money in 万元, a date-time) */
};

struct table_writer {
    enum table_format format;
    const struct resource_columns *cols;
    int64_t rows;
    /* xlsx */
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *money, *date, *datetime;
    lxw_format *decimal[2][TABLE_DECIMALS_MAX + 1]; /* [percent][decimals], made when first used */
    lxw_format *bold, *decimal_bold[2][TABLE_DECIMALS_MAX + 1]; /* the same in bold, for an emphasised row */
    bool emphasis;          /* the row being written is emphasised */
    const char *note;       /* the row under the title, or NULL */
    lxw_row_t first_row;    /* of the data: under the title, the note and the header */
    /* csv */
    FILE *f;
    struct strbuf line;
};

/* A column's header as written: a money column's says its unit, "（万元）". */
const char *table_column_header(const struct column *c, char *buf, size_t size);

int xlsx_table_open(struct table_writer *w, const char *path, const char *title, const char *note, struct error *e);
int xlsx_table_row(struct table_writer *w, const struct out_cell *cells, struct error *e);
int xlsx_table_close(struct table_writer *w, struct error *e);

int csv_table_open(struct table_writer *w, const char *path, struct error *e);
int csv_table_row(struct table_writer *w, const struct out_cell *cells, struct error *e);
int csv_table_close(struct table_writer *w, struct error *e);

#endif
