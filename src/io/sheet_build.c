/* Row-by-row building of a sheet, with the limits; see sheet_build.h. */
#include "io/sheet_build.h"

#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static int no_memory(struct error *e)
{
    return error_set(e, ERR_TOO_LARGE, "file", "表格太大，超出了导入可用的内存", "the sheet is too large for the memory an import may use");
}

void sheet_builder_init(struct sheet_builder *b, struct arena *a, const struct read_limits *limits,
                        struct sheet *out)
{
    *b = (struct sheet_builder){.a = a, .sheet = out, .limits = limits};
}

void sheet_builder_release(struct sheet_builder *b)
{
    free(b->cells);
    b->cells = NULL;
}

/* Grows an arena array to hold one more element (doubling; the old copy stays in the arena). */
static void *grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return items;
    size_t next = *cap ? *cap * 2 : 64;
    void *p = arena_alloc(a, next * size);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, items, n * size);
    *cap = next;
    return p;
}

int sheet_builder_row(struct sheet_builder *b, uint32_t number, struct error *e)
{
    if (number == 0 || number > b->limits->rows)
        return error_set(e, ERR_TOO_LARGE, "file", "行号 %u 超出了上限 %u 行", "row %u is beyond the limit of %u rows",
                         number, b->limits->rows);
    if (b->sheet->n_rows && number <= b->sheet->rows[b->sheet->n_rows - 1].number)
        return error_set(e, ERR_BAD_FILE, "file", "文件已损坏：第 %u 行出现在后面的行之后",
                         "the file is corrupt: row %u comes after a later row", number);
    b->row_number = number;
    b->n_cells = 0;
    return 0;
}

/* Appends a cell whose text is already where it will stay. */
static int add_cell(struct sheet_builder *b, uint32_t col, enum cell_kind kind, const char *text, size_t len,
                    struct error *e)
{
    if (col >= b->limits->columns)
        return error_set(e, ERR_TOO_LARGE, "file", "第 %u 行的列数超出了上限 %u 列",
                         "row %u has more than the limit of %u columns", b->row_number, b->limits->columns);
    if (b->n_cells && col <= b->cells[b->n_cells - 1].col)
        return error_set(e, ERR_BAD_FILE, "file", "文件已损坏：第 %u 行的单元格顺序错乱",
                         "the file is corrupt: the cells of row %u are out of order", b->row_number);
    if (len > UINT32_MAX)
        return no_memory(e);
    if (b->n_cells == b->cells_cap) {
        size_t next = b->cells_cap ? b->cells_cap * 2 : 32;
        struct cell *p = realloc(b->cells, next * sizeof(*p));
        if (!p)
            return no_memory(e);
        b->cells = p;
        b->cells_cap = next;
    }
    b->cells[b->n_cells++] = (struct cell){.col = col, .kind = kind, .text = text, .len = (uint32_t)len};
    return 0;
}

int sheet_builder_cell(struct sheet_builder *b, uint32_t col, enum cell_kind kind, const char *text, size_t len,
                       struct error *e)
{
    if (len == 0)
        return 0;
    const char *copy = arena_strndup(b->a, text, len);
    return copy ? add_cell(b, col, kind, copy, len, e) : no_memory(e);
}

int sheet_builder_cell_pending(struct sheet_builder *b, uint32_t col, uint32_t index, struct error *e)
{
    return add_cell(b, col, CELL_TEXT, NULL, index, e);
}

int sheet_builder_row_end(struct sheet_builder *b, struct error *e)
{
    if (b->n_cells == 0)
        return 0;
    struct sheet *s = b->sheet;
    struct sheet_row *rows = grow(b->a, s->rows, s->n_rows, &b->rows_cap, sizeof(*rows));
    struct cell *cells = arena_alloc(b->a, b->n_cells * sizeof(*cells));
    if (!rows || !cells)
        return no_memory(e);
    memcpy(cells, b->cells, b->n_cells * sizeof(*cells));
    s->rows = rows;
    s->rows[s->n_rows++] = (struct sheet_row){.number = b->row_number, .n_cells = (uint32_t)b->n_cells, .cells = cells};
    b->n_cells = 0;
    return 0;
}

int sheet_builder_merge(struct sheet_builder *b, const struct merge *m, struct error *e)
{
    struct sheet *s = b->sheet;
    struct merge *merges = grow(b->a, s->merges, s->n_merges, &b->merges_cap, sizeof(*merges));
    if (!merges)
        return no_memory(e);
    s->merges = merges;
    s->merges[s->n_merges++] = *m;
    return 0;
}
