/* Building a struct sheet row by row, for the readers: the limits are checked here, once. */
#ifndef IO_SHEET_BUILD_H
#define IO_SHEET_BUILD_H

#include "io/sheet.h"

struct sheet_builder {
    struct arena *a;
    struct sheet *sheet;
    const struct read_limits *limits;
    size_t rows_cap;
    struct cell *cells; /* the current row's cells (malloc'd scratch) */
    size_t n_cells, cells_cap;
    uint32_t row_number;
    size_t merges_cap;
};

void sheet_builder_init(struct sheet_builder *b, struct arena *a, const struct read_limits *limits,
                        struct sheet *out);
void sheet_builder_release(struct sheet_builder *b);
/* Starts row `number` (1-based, above the previous row's). */
int sheet_builder_row(struct sheet_builder *b, uint32_t number, struct error *e);
/* Adds a cell to the current row; an empty text is dropped. Columns must ascend. */
int sheet_builder_cell(struct sheet_builder *b, uint32_t col, enum cell_kind kind, const char *text, size_t len,
                       struct error *e);
/* A text cell whose text is the shared string `index`, not read yet: text NULL, len the index, until resolved. */
int sheet_builder_cell_pending(struct sheet_builder *b, uint32_t col, uint32_t index, struct error *e);
/* Ends the current row: kept if it has a cell. */
int sheet_builder_row_end(struct sheet_builder *b, struct error *e);
int sheet_builder_merge(struct sheet_builder *b, const struct merge *m, struct error *e);

#endif
