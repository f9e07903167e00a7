/* What both readers share: the default limits, the choice of reader, column letters. */
#include "io/sheet.h"

#include <string.h>

#include "base/banned.h"

const struct read_limits read_limits_default = {
    .total_bytes = 512u << 20,
    .entry_bytes = 256u << 20,
    .entries = 10000,
    .ratio = 200,
    .rows = 1048576, /* what Excel itself allows */
    .columns = 16384,
    .depth = 64,
};

int sheet_read(const void *data, size_t len, const char *sheet_name, const struct read_limits *limits,
               struct arena *a, struct sheet *out, struct error *e)
{
    if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
        return xlsx_read(data, len, sheet_name, limits, a, out, e);
    if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return error_set(e, ERR_BAD_FILE, "file", "这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入",
                         "this is an old Excel (.xls) file: save it as .xlsx in Excel or WPS, then import that");
    if (sheet_name && strcmp(sheet_name, "") != 0 && strcmp(sheet_name, "CSV") != 0)
        return error_set(e, ERR_NO_SHEET, "sheet", "CSV 文件只有一个工作表“CSV”，没有“%s”",
                         "a CSV file has one sheet, \"CSV\", not \"%s\"", sheet_name);
    return csv_read(data, len, limits, a, out, e);
}

void sheet_column_letters(uint32_t col, char *buf)
{
    char tmp[8];
    size_t n = 0;
    uint32_t c = col + 1;
    while (c > 0 && n < sizeof(tmp)) {
        tmp[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
}

const struct cell *sheet_row_cell(const struct sheet_row *row, uint32_t col)
{
    size_t lo = 0, hi = row->n_cells;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (row->cells[mid].col < col)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < row->n_cells && row->cells[lo].col == col ? &row->cells[lo] : NULL;
}

const struct cell *sheet_cell(const struct sheet *s, uint32_t row_number, uint32_t col)
{
    size_t lo = 0, hi = s->n_rows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->rows[mid].number < row_number)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n_rows && s->rows[lo].number == row_number ? sheet_row_cell(&s->rows[lo], col) : NULL;
}
