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

static const struct column_choice fuzz_kinds[] = {{"a", "甲类"}, {"b", "乙类"}, {NULL, NULL}};

static const struct column fuzz_project_columns[] = {
    {"name", "项目名称", "Name", "项目|名称", COL_TEXT, true, true, NULL, "示例项目", 24},
    {"kind", "项目类别", "Kind", "类别", COL_CHOICE, true, false, fuzz_kinds, "甲类", 8},
    {"count", "序号", "No.", NULL, COL_INT, true, false, NULL, "1", 6},
    {"investment", "总投资（万元）", "Investment", "计划总投资|总投资", COL_MONEY, true, false, NULL, "100",
     12},
    {"started", "开工日期", "Start", "开工时间", COL_DATE, true, false, NULL, "2020-03-09", 12},
    {"updated_at", "更新时间", "Updated", NULL, COL_DATETIME, true, false, NULL, NULL, 20},
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
        return;
    }
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
