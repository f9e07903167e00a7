/*
 * What every reader's fuzz target does with the sheet it got: reads it as the rows of each
 * resource (units, users, and a test resource with every column type, money and dates included,
 * as no shipped resource has them yet) and checks what import promises about its result.
 */
#ifndef FUZZ_IMPORT_H
#define FUZZ_IMPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "io/import.h"

#define FUZZ_CHECK(cond)                                                                                     \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            fprintf(stderr, "invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond);                   \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

/* FUZZ_VERBOSE=1 (when replaying an input by hand) says how each read ended. */
static bool fuzz_verbose(void)
{
    static int verbose = -1;
    if (verbose < 0)
        verbose = getenv("FUZZ_VERBOSE") != NULL;
    return verbose;
}

static void fuzz_report(const struct error *e, const struct sheet *s)
{
    if (!fuzz_verbose())
        return;
    if (e->code != ERR_NONE)
        fprintf(stderr, "read failed: %s\n", e->message_en);
    else
        fprintf(stderr, "read sheet \"%s\": %zu rows, %zu merges\n", s->name, s->n_rows, s->n_merges);
}

static const struct column_choice fuzz_kinds[] = {{"a", "甲类"}, {"b", "乙类"}, {NULL, NULL}};

#define FUZZ_COLUMN(k, h, syn, t, req, ch)                                                                   \
    {                                                                                                        \
        .key = k, .header = h, .header_en = k, .synonyms = syn, .type = t, .importable = true,               \
        .required = req, .choices = ch                                                                       \
    }
static const struct column fuzz_project_columns[] = {
    FUZZ_COLUMN("name", "项目名称", "项目|名称", COL_TEXT, true, NULL),
    FUZZ_COLUMN("kind", "项目类别", "类别", COL_CHOICE, false, fuzz_kinds),
    FUZZ_COLUMN("count", "序号", NULL, COL_INT, false, NULL),
    FUZZ_COLUMN("investment", "总投资（万元）", "计划总投资|总投资", COL_MONEY, false, NULL),
    FUZZ_COLUMN("started", "开工日期", "开工时间", COL_DATE, false, NULL),
    FUZZ_COLUMN("updated_at", "更新时间", NULL, COL_DATETIME, false, NULL),
};

static const struct resource_columns fuzz_projects = {"projects", "项目", "name", fuzz_project_columns,
                                                      sizeof(fuzz_project_columns) /
                                                          sizeof(fuzz_project_columns[0])};

/* Checks the sheet a reader returned: rows ascend, cells ascend, texts are what they say. */
static void fuzz_check_sheet(const struct sheet *s)
{
    FUZZ_CHECK(s->n_names >= 1 && s->n_names <= SHEETS_MAX && s->name);
    for (size_t i = 0; i < s->n_rows; i++) {
        const struct sheet_row *r = &s->rows[i];
        FUZZ_CHECK(r->number >= 1 && r->n_cells >= 1);
        FUZZ_CHECK(i == 0 || r->number > s->rows[i - 1].number);
        for (uint32_t c = 0; c < r->n_cells; c++) {
            FUZZ_CHECK(c == 0 || r->cells[c].col > r->cells[c - 1].col);
            FUZZ_CHECK(r->cells[c].text && strlen(r->cells[c].text) <= r->cells[c].len);
            FUZZ_CHECK(sheet_row_cell(r, r->cells[c].col) == &r->cells[c]);
        }
    }
}

static void fuzz_import_one(const struct sheet *s, const struct resource_columns *rc, struct arena *a)
{
    struct import_table t;
    struct error e = {0};
    if (import_table_read(s, rc, a, &t, &e) != 0) {
        FUZZ_CHECK(e.code != ERR_NONE);
        fuzz_report(&e, s);
        return;
    }
    if (fuzz_verbose())
        fprintf(stderr, "%s: header at row %u, %zu rows, %zu bad cells, %zu skipped\n", rc->resource,
                t.header_row, t.n_rows, t.errors_total, t.n_skipped);
    FUZZ_CHECK(t.n_errors <= IMPORT_ERRORS_MAX && t.n_errors <= t.errors_total);
    FUZZ_CHECK(t.header_rows == 1 || t.header_rows == 2);
    for (size_t i = 0; i < t.n_errors; i++) {
        const struct import_cell_error *ce = &t.errors[i];
        FUZZ_CHECK(ce->reason_zh && ce->reason_en && ce->header &&
                   memchr(ce->column, '\0', sizeof(ce->column)));
        FUZZ_CHECK(ce->row > t.header_row);
    }
    for (size_t i = 0; i < t.n_rows; i++) {
        FUZZ_CHECK(t.rows[i].number > t.header_row);
        for (size_t k = 0; k < rc->n_columns; k++) {
            const char *v = t.rows[i].values[k];
            if (!v)
                continue;
            size_t len = strlen(v);
            if (rc->columns[k].type == COL_DATE || rc->columns[k].type == COL_DATETIME) {
                struct date d;
                FUZZ_CHECK(date_parse_iso(v, len, &d) == 0); /* YYYY-MM-DD, a real date */
            } else if (rc->columns[k].type == COL_MONEY || rc->columns[k].type == COL_INT) {
                char *end;
                (void)strtoll(v, &end, 10);
                FUZZ_CHECK(len > 0 && *end == '\0');
            }
        }
    }
}

static void fuzz_import(const struct sheet *s, struct arena *a)
{
    fuzz_check_sheet(s);
    fuzz_import_one(s, &columns_units, a);
    fuzz_import_one(s, &columns_users, a);
    fuzz_import_one(s, &fuzz_projects, a);
}

#endif
