/*
 * Benchmarking's spreadsheets (对标数据): reading values from the two layouts statistical yearbooks
 * print, and writing their templates. wide: a sheet per indicator (named by its name or code),
 * a header 城市 then a column per year, a row per city (yearly values only). long: one row per
 * city, indicator, year (and quarter), columns matched by header. Names are matched against the
 * tenant's catalogue and cities, never created; every bad cell is listed, with its sheet.
 */
#ifndef IO_BENCHMARK_SHEETS_H
#define IO_BENCHMARK_SHEETS_H

#include "io/import.h"
#include "store/store_benchmark.h"

enum bm_layout { BM_LAYOUT_WIDE, BM_LAYOUT_LONG };
/* "wide" / "long"; -1 for anything else. */
int bm_layout_parse(const char *s, enum bm_layout *out);

/* The long layout's columns, as matched on import and written in its template: 城市, 指标, 年份 (required),
 * 季度, 数值, 来源, 备注 (keys "city", "indicator", "year", "quarter", "value", "source", "note"). */
extern const struct resource_columns columns_bm_values_long;

/* What a file's names are matched against, and what it leaves unsaid. Borrowed. */
struct bm_import_ref {
    const struct bm_indicator *indicators;
    size_t n_indicators;
    const struct bm_city *cities;
    size_t n_cities;
    /* wide: 0, each sheet named by its indicator; else the first sheet only, read as this one */
    int64_t indicator_id;
    const char *source; /* each value's source where its row gives none; NULL: none */
};

/*
 * A bad cell: the import's cell error (row, column letters, header, value, reasons), its sheet
 * and field. A refusal of a whole sheet (no header; its name no indicator's) has row 0 and column
 * ""; one of a header row's (no 数值 column, no year columns) the header's row and column "".
 */
struct bm_import_error {
    const char *sheet;
    /* "city", "indicator", "year", "quarter", "value", "source", "note", "header", "sheet" */
    const char *field;
    struct import_cell_error cell;
};

/* Where a value was read: to put a store's refusal ("values[3].city_id") back on its cell. */
struct bm_import_origin {
    const char *sheet;
    uint32_t row;
    char column[8];
};

struct bm_import {
    struct bm_value *values;          /* in file order; has_value true, updated_at NULL */
    struct bm_import_origin *origins; /* per value */
    size_t n_values;
    struct bm_import_error *errors; /* by sheet, then row (a duplicate is listed where it repeats) */
    size_t n_errors;                /* listed: at most IMPORT_ERRORS_MAX */
    size_t errors_total;            /* found */
    size_t n_sheets;                /* sheets read */
    size_t n_skipped;               /* cells with no data (empty, —, -, …) and total or note rows */
};

/*
 * Reads every value of the file (.xlsx or CSV; `data` is the whole file) in the layout, matching
 * cities by name (a trailing 市 may differ) or division code, indicators by name or code (a
 * bracketed unit after the name must be the indicator's). Everything is arena-owned (give the
 * arena room for what the limits allow). 0 with out filled; -1 with ERR_INVALID_ROWS when any cell
 * is bad (out->errors lists them; out->values holds what was good), or with ERR_BAD_FILE,
 * ERR_TOO_LARGE, ERR_NO_SHEET from reading the file. limits NULL: read_limits_default.
 */
int bm_import_read(const void *data, size_t len, enum bm_layout layout, const struct bm_import_ref *ref,
                   const struct read_limits *limits, struct arena *a, struct bm_import *out, struct error *e);
/* The same on sheets already read (wide: each a sheet of the file; long: the first only). */
int bm_import_sheets(const struct sheet *sheets, size_t n, enum bm_layout layout,
                     const struct bm_import_ref *ref, struct arena *a, struct bm_import *out,
                     struct error *e);

/* An indicator's sheet in the wide layout: its name when a sheet may be so named (31 characters, none of
 * []:*?/\), else its code (cut to 31); into buf of at least BM_SHEET_NAME_MAX bytes. */
#define BM_SHEET_NAME_MAX 128
const char *bm_sheet_name(const struct bm_indicator *x, char *buf);

/* What a template holds. Borrowed. */
struct bm_template {
    const struct bm_indicator *indicators; /* wide: a sheet each; long: rows for each */
    size_t n_indicators;
    const struct bm_city *cities; /* a row each (long: per indicator and year) */
    size_t n_cities;
    int year_from, year_to;        /* wide: the years' columns (required); long: rows' years, 0: no rows */
    const struct bm_value *values; /* filled in where they fall (wide: quarter 0 only); NULL: none */
    size_t n_values;
};

#define BM_TEMPLATE_YEARS_MAX (BM_YEAR_MAX - BM_YEAR_MIN + 1)
#define BM_TEMPLATE_CELLS_MAX 4000000 /* indicators × cities × years */

/*
 * The import template at path: wide, a sheet per indicator (a title with its unit, the header 城市
 * and "2024年"…, a row per city, values as numbers with the indicator's decimals); long, the
 * title, the header 城市, 指标, 年份, 季度, 数值, 来源, 备注 and a row per indicator, city and year.
 * Both end with a sheet 说明, which the import skips. Text is written as string cells, never formulas.
 */
int bm_template_write(enum bm_layout layout, const struct bm_template *t, const char *path, struct error *e);

#endif
