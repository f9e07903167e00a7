/* A benchmarking view's table as .xlsx, through the table writer (io/table_writer.h); see benchmark_views.h.
 */
#include <string.h>

#include "http/benchmark_views.h"
#include "io/table_writer.h"
#include "base/banned.h"

/* A column is a number column unless a cell of it is text. */
static bool column_is_text(const struct bm_table *t, size_t col)
{
    for (size_t row = 0; row < t->n_rows; row++)
        if (t->cells[row * t->n_columns + col].text)
            return true;
    return false;
}

#define SHEET_COLUMNS_MAX 64 /* the table writer's */

int bm_table_sheet_write(const struct bm_table *t, const char *path, struct error *e)
{
    if (t->n_columns > SHEET_COLUMNS_MAX)
        return error_set(e, ERR_TOO_LARGE, NULL, "表格至多 %d 列：请少选几项指标或年份",
                         "a sheet has at most %d columns: choose fewer indicators or years",
                         SHEET_COLUMNS_MAX);
    struct arena a = ARENA_INIT;
    struct column *cols = arena_calloc(&a, (t->n_columns + 1) * sizeof(*cols));
    const char **values = arena_calloc(&a, (t->n_columns + 1) * sizeof(*values));
    char *texts = arena_alloc(&a, (t->n_columns + 1) * TABLE_DECIMAL_TEXT_MAX);
    if (!cols || !values || !texts) {
        arena_release(&a);
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    }
    for (size_t k = 0; k < t->n_columns; k++) {
        bool text = column_is_text(t, k);
        cols[k] = (struct column){.key = t->headers[k],
                                  .header = t->headers[k],
                                  .header_en = t->headers[k],
                                  .type = text ? COL_TEXT : COL_DECIMAL,
                                  .width = text ? 16 : 12};
    }
    struct resource_columns table = {
        .resource = "benchmark", .title = t->title, .columns = cols, .n_columns = t->n_columns};
    struct table_writer *w;
    int rc_open = table_writer_open_noted(&w, TABLE_XLSX, path, &table, t->title, t->note, e);
    if (rc_open != 0) {
        arena_release(&a);
        return -1;
    }
    int rc = 0;
    for (size_t row = 0; rc == 0 && row < t->n_rows; row++) {
        for (size_t k = 0; k < t->n_columns; k++) {
            const struct bm_cell *c = &t->cells[row * t->n_columns + k];
            char *buf = texts + k * TABLE_DECIMAL_TEXT_MAX;
            values[k] = c->text ? c->text : c->has ? buf : NULL;
            if (!c->text && c->has && c->percent)
                table_percent_text(c->v, c->decimals, buf);
            else if (!c->text && c->has)
                table_decimal_text(c->v, c->decimals, buf);
        }
        rc = (long)row == t->highlight ? table_writer_row_emphasised(w, values, e)
                                       : table_writer_row(w, values, e);
    }
    int closed = table_writer_close(w, rc == 0 ? e : &(struct error){0});
    arena_release(&a);
    return rc == 0 ? closed : -1;
}
