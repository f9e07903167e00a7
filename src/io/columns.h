/*
 * The columns of each resource as a spreadsheet shows them: one table per resource, shared by
 * export (headers, widths, formats), import templates (headers, example row, validation lists)
 * and import (headers matched by name or by one of their synonyms). Pure data, no I/O.
 */
#ifndef IO_COLUMNS_H
#define IO_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

enum column_type {
    COL_TEXT,     /* any text */
    COL_INT,      /* a whole number */
    COL_CHOICE,   /* one of `choices`: the sheet shows the Chinese label, the API the value */
    COL_DATE,     /* YYYY-MM-DD; in xlsx a date cell */
    COL_DATETIME, /* an ISO 8601 time stamp; in xlsx a date-time cell */
    COL_MONEY,    /* fen (0.01 元) as an integer; in a sheet a number in 万元 */
    COL_MONEY_USD, /* US cents as an integer; in a sheet a number in 万美元 (the same scale as fen to 万元) */
    COL_DECIMAL,   /* a decimal's text with the digits it is shown with ("1234.50"), or a percentage ("8.50%");
                      in xlsx a number cell so formatted; other text ("—") is written as text */
};

/* An amount column, in 元 or in US dollars. */
#define COLUMN_IS_MONEY(t) ((t) == COL_MONEY || (t) == COL_MONEY_USD)

struct column_choice {
    const char *value;    /* as the API spells it: "town" */
    const char *label_zh; /* as the sheet shows it: "镇" */
};

struct column {
    const char *key;       /* the API's field name */
    const char *header;    /* the Chinese header written on export and in templates */
    const char *header_en;
    const char *synonyms;  /* other headers accepted on import, '|'-separated, or NULL */
    enum column_type type;
    bool importable;       /* false: written on export only (ids, time stamps) */
    bool required;         /* on import */
    const struct column_choice *choices; /* COL_CHOICE: ends with {NULL, NULL} */
    const char *example;   /* the template's example row */
    int width;             /* export column width, in characters */
    bool secret;           /* import only, never exported nor echoed back (an initial password) */
};

struct resource_columns {
    const char *resource; /* "units" */
    const char *title;    /* the title row and file name: "单位" */
    const char *key;      /* the natural key matched on re-import ("code"), or NULL */
    const struct column *columns;
    size_t n_columns;
};

extern const struct resource_columns columns_units;
extern const struct resource_columns columns_users;
extern const struct resource_columns columns_users_export; /* without the secret last column */
extern const struct resource_columns columns_enterprises;
extern const struct resource_columns columns_audit;
extern const struct resource_columns columns_login_log;
extern const struct resource_columns columns_projects;
extern const struct resource_columns columns_progress; /* one month's reports, matched by project code */

#endif
