/*
 * A sheet as read from a spreadsheet file: its non-empty rows in order, each with its
 * non-empty cells, plus the merged ranges. Values are kept as the file spells them (a number
 * as its decimal text, never a double), so that amounts convert to fen exactly. The readers
 * (xlsx, CSV) fill it; header matching and import read it. Everything lives in one arena.
 */
#ifndef IO_SHEET_H
#define IO_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"

enum cell_kind { CELL_TEXT, CELL_NUMBER, CELL_BOOL, CELL_ERROR };

struct cell {
    uint32_t col; /* 0-based: 0 is column A */
    enum cell_kind kind;
    const char *text; /* UTF-8, NUL-terminated: the text, a number's decimal text, "0"/"1", "#N/A" */
    uint32_t len;
};

struct sheet_row {
    uint32_t number; /* as the spreadsheet program shows it: the first row is 1 */
    uint32_t n_cells;
    struct cell *cells; /* by column, ascending */
};

struct merge {
    uint32_t row1, col1, row2, col2; /* row numbers as shown, 0-based columns, inclusive */
};

#define SHEETS_MAX 64

struct sheet {
    const char *name;
    bool date1904;           /* the workbook counts days from 1904 (old Mac Excel) */
    struct sheet_row *rows;  /* non-empty rows only */
    size_t n_rows;
    struct merge *merges;
    size_t n_merges;
    const char *names[SHEETS_MAX]; /* every sheet of the file, in order (a CSV has one) */
    size_t n_names;
};

/* Limits on what a file may make us read: checked while reading, over a limit the read fails. */
struct read_limits {
    uint64_t total_bytes;  /* uncompressed bytes over all entries read */
    uint64_t entry_bytes;  /* uncompressed bytes of one entry */
    uint32_t entries;      /* entries in the zip archive */
    uint32_t ratio;        /* uncompressed / compressed, for entries over 1 MiB */
    uint32_t rows;         /* rows of the sheet */
    uint32_t columns;      /* columns of a row */
    uint32_t depth;        /* XML element nesting */
};

extern const struct read_limits read_limits_default;

/*
 * Reads one sheet of an .xlsx (by its name; NULL: the first) or a CSV file (told apart by
 * content: an xlsx is a zip archive). `data` is the whole file. The arena should allow what the
 * limits allow. Fails with ERR_BAD_FILE (not a spreadsheet, corrupt, unsafe XML), ERR_NO_SHEET
 * (no sheet of that name; the message lists the sheets) or ERR_TOO_LARGE (over a limit).
 */
int sheet_read(const void *data, size_t len, const char *sheet_name, const struct read_limits *limits,
               struct arena *a, struct sheet *out, struct error *e);
int xlsx_read(const void *data, size_t len, const char *sheet_name, const struct read_limits *limits,
              struct arena *a, struct sheet *out, struct error *e);
int csv_read(const void *data, size_t len, const struct read_limits *limits, struct arena *a, struct sheet *out,
             struct error *e);

/* "A", "B", …, "Z", "AA", …: the column letters of a 0-based column, into buf (at least 8 bytes). */
void sheet_column_letters(uint32_t col, char *buf);
/* The cell of row at col, or NULL. */
const struct cell *sheet_row_cell(const struct sheet_row *row, uint32_t col);
/* The cell at (row number as shown, 0-based column), or NULL. */
const struct cell *sheet_cell(const struct sheet *s, uint32_t row_number, uint32_t col);

#endif
