/*
 * The table writer: every export goes through it, to .xlsx (libxlsxwriter, constant memory) or
 * to CSV (UTF-8 with a BOM, CRLF, RFC 4180). A row is one canonical string per column of the
 * resource's table (columns.h); the writer turns each into the cell its column's type calls for.
 * Text is never a formula: xlsx writes it as a string cell, CSV prefixes a leading = + - @ TAB CR
 * with a single quote (formula injection).
 */
#ifndef IO_TABLE_WRITER_H
#define IO_TABLE_WRITER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "io/columns.h"

enum table_format { TABLE_XLSX, TABLE_CSV };

/* The most data rows one sheet holds (Excel's 1,048,576 rows less the title and header rows). */
#define TABLE_ROWS_MAX 1048574

struct table_writer;

/* "xlsx" or "csv"; -1 for anything else. */
int table_format_parse(const char *s, enum table_format *out);
/* "xlsx" / "csv", and the HTTP Content-Type of each. */
const char *table_format_extension(enum table_format f);
const char *table_format_content_type(enum table_format f);

/*
 * Starts a table in the file at path (created or truncated). title: the xlsx title row (CSV has
 * none, so that it re-imports plainly); NULL: the resource's title. The writer keeps cols
 * (borrowed). *out is freed by table_writer_close, which must be called once it was opened.
 */
int table_writer_open(struct table_writer **out, enum table_format format, const char *path,
                      const struct resource_columns *cols, const char *title, struct error *e);
/*
 * The same with a note under the title (xlsx only: "2024 年，按排名；演示数据"); note NULL: none,
 * as table_writer_open.
 */
int table_writer_open_noted(struct table_writer **out, enum table_format format, const char *path,
                            const struct resource_columns *cols, const char *title, const char *note,
                            struct error *e);
/*
 * One row: values[i] is column i's canonical value or NULL (empty). COL_TEXT: any text;
 * COL_INT: decimal; COL_CHOICE: the API value (written as its Chinese label); COL_DATE:
 * YYYY-MM-DD; COL_DATETIME: YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD HH:MM:SS; COL_MONEY: fen, written
 * in 万元; COL_MONEY_USD: US cents, written in 万美元; COL_DECIMAL: table_decimal_text's or
 * table_percent_text's text, written as a number shown with its digits. A value that does not fit
 * its type is written as text.
 */
int table_writer_row(struct table_writer *w, const char *const values[], struct error *e);
/* The same, the row in bold (xlsx; CSV has no emphasis): this city's line in a comparison. */
int table_writer_row_emphasised(struct table_writer *w, const char *const values[], struct error *e);
/* Finishes the file (for xlsx, the moment it is written) and frees w. Returns the first error. */
int table_writer_close(struct table_writer *w, struct error *e);
/* Data rows written so far. */
int64_t table_writer_rows(const struct table_writer *w);

#define TABLE_DECIMALS_MAX 6
/* COL_DECIMAL's text of a decimal (× 10^6) rounded half away from zero to `decimals` (0 … 6) places,
 * all of them written: (1234500000, 2) → "1234.50". buf of at least TABLE_DECIMAL_TEXT_MAX bytes. */
#define TABLE_DECIMAL_TEXT_MAX 40
void table_decimal_text(int64_t v, int decimals, char *buf);
/* COL_DECIMAL's text of a fraction (× 10^6) as a percentage with `decimals` (0 … 4) places: (85000, 2) → "8.50%". */
void table_percent_text(int64_t fraction, int decimals, char *buf);

/* Whether a spreadsheet program would read text starting so as a formula: = + - @ TAB CR. */
bool table_text_is_formula_like(const char *s);

#endif
