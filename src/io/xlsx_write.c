/*
 * .xlsx with libxlsxwriter: the table writer's backend (constant-memory mode, so a sheet of a
 * million rows takes no more memory than one of ten: each row goes to a temporary file as it is
 * written, which is also why rows go strictly in order) and the import templates. Text is
 * always written with worksheet_write_string: it becomes a string cell, never a formula.
 */
#include "io/xlsx_write.h"

#include <stdlib.h>
#include <string.h>

#include "io/table_writer_internal.h"
#include "base/banned.h"

#define TITLE_ROW 0
#define HEADER_ROW 1
#define FIRST_DATA_ROW 2
#define HEADER_FILL 0xD9E1F2
#define CELL_TEXT_MAX 32767 /* bytes: Excel holds 32,767 characters in a cell */
#define TEMPLATE_ROWS 10000 /* rows of a template that carry the drop-down lists */

static int lxw_fail(lxw_error err, struct error *e)
{
    return error_set(e, ERR_INTERNAL, NULL, "无法写入 Excel 文件：%s", "cannot write the Excel file: %s",
                     lxw_strerror(err));
}

/* Excel holds at most 32,767 characters in a cell: longer text is cut at a character boundary. */
static lxw_error write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
    size_t len = strlen(s);
    if (len <= CELL_TEXT_MAX)
        return worksheet_write_string(ws, row, col, s, f);
    size_t cut = CELL_TEXT_MAX;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    char *copy = malloc(cut + 1);
    if (!copy)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    memcpy(copy, s, cut);
    copy[cut] = '\0';
    lxw_error err = worksheet_write_string(ws, row, col, copy, f);
    free(copy);
    return err;
}

static lxw_format *title_format(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_bold(f);
    format_set_font_size(f, 14);
    format_set_align(f, LXW_ALIGN_CENTER);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

static lxw_format *header_format(lxw_workbook *wb, bool required)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_bold(f);
    format_set_pattern(f, LXW_PATTERN_SOLID);
    format_set_bg_color(f, HEADER_FILL);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_CENTER);
    if (required)
        format_set_font_color(f, LXW_COLOR_RED);
    return f;
}

static lxw_format *number_format(lxw_workbook *wb, const char *num_format)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_num_format(f, num_format);
    return f;
}

/* The title over all n columns (merged when there are several); row TITLE_ROW. */
static lxw_error write_title(lxw_worksheet *ws, const char *title, size_t n, lxw_format *f)
{
    worksheet_set_row(ws, TITLE_ROW, 24, NULL);
    if (n > 1)
        return worksheet_merge_range(ws, TITLE_ROW, 0, TITLE_ROW, (lxw_col_t)(n - 1), title, f);
    return write_text(ws, TITLE_ROW, 0, title, f);
}

/* The formats of COL_DECIMAL cells: "#,##0.00", "0.00%", by their decimals. */
static void decimal_formats(struct table_writer *w)
{
    for (int percent = 0; percent < 2; percent++)
        for (int d = 0; d <= TABLE_DECIMALS_MAX; d++) {
            char nf[24];
            snprintf(nf, sizeof(nf), "%s%s%.*s%s", percent ? "0" : "#,##0", d ? "." : "", d, "000000",
                     percent ? "%" : "");
            w->decimal[percent][d] = number_format(w->wb, nf);
            w->decimal_bold[percent][d] = number_format(w->wb, nf);
            format_set_bold(w->decimal_bold[percent][d]);
        }
    w->bold = workbook_add_format(w->wb);
    format_set_bold(w->bold);
}

static lxw_format *note_format(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_italic(f);
    format_set_font_color(f, LXW_COLOR_GRAY);
    format_set_align(f, LXW_ALIGN_LEFT);
    return f;
}

int xlsx_table_open(struct table_writer *w, const char *path, const char *title, const char *note, struct error *e)
{
    const char *tmpdir = getenv("TMPDIR");
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = tmpdir && *tmpdir ? (char *)tmpdir : NULL};
    const struct resource_columns *cols = w->cols;
    if (!(w->wb = workbook_new_opt(path, &opt)) || !(w->ws = workbook_add_worksheet(w->wb, cols->title))) {
        if (w->wb)
            workbook_close(w->wb);
        return error_set(e, ERR_INTERNAL, NULL, "无法创建 Excel 文件", "cannot create the Excel file");
    }
    lxw_format *head = header_format(w->wb, false);
    w->money = number_format(w->wb, "#,##0.00");
    w->date = number_format(w->wb, "yyyy-mm-dd");
    w->datetime = number_format(w->wb, "yyyy-mm-dd hh:mm:ss");
    decimal_formats(w);
    lxw_row_t header_row = note ? HEADER_ROW + 1 : HEADER_ROW;
    w->first_row = header_row + 1;
    lxw_error err = write_title(w->ws, title, cols->n_columns, title_format(w->wb));
    if (err == LXW_NO_ERROR && note)
        err = cols->n_columns > 1 ? worksheet_merge_range(w->ws, HEADER_ROW, 0, HEADER_ROW,
                                                          (lxw_col_t)(cols->n_columns - 1), note, note_format(w->wb))
                                  : write_text(w->ws, HEADER_ROW, 0, note, note_format(w->wb));
    for (size_t i = 0; err == LXW_NO_ERROR && i < cols->n_columns; i++) {
        char buf[128];
        const struct column *c = &cols->columns[i];
        err = worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i, c->width > 0 ? c->width : 12, NULL);
        if (err == LXW_NO_ERROR)
            err = write_text(w->ws, header_row, (lxw_col_t)i, table_column_header(c, buf, sizeof(buf)), head);
    }
    worksheet_freeze_panes(w->ws, w->first_row, 0);
    if (err != LXW_NO_ERROR) {
        workbook_close(w->wb);
        return lxw_fail(err, e);
    }
    return 0;
}

int xlsx_table_row(struct table_writer *w, const struct out_cell *cells, struct error *e)
{
    lxw_row_t row = (lxw_row_t)(w->first_row + w->rows);
    for (size_t i = 0; i < w->cols->n_columns; i++) {
        const struct out_cell *c = &cells[i];
        lxw_col_t col = (lxw_col_t)i;
        lxw_error err = LXW_NO_ERROR;
        lxw_datetime dt = {c->year, c->month, c->day, c->hour, c->min, c->sec};
        switch (c->kind) {
        case OUT_EMPTY:
            break;
        case OUT_TEXT:
            err = write_text(w->ws, row, col, c->text, w->emphasis ? w->bold : NULL);
            break;
        case OUT_NUMBER:
            err = worksheet_write_number(w->ws, row, col, c->number,
                                         COLUMN_IS_MONEY(w->cols->columns[i].type) ? w->money
                                         : w->cols->columns[i].type == COL_DECIMAL && c->decimals >= 0
                                             ? (w->emphasis ? w->decimal_bold : w->decimal)[c->percent][c->decimals]
                                         : w->emphasis ? w->bold
                                                       : NULL);
            break;
        case OUT_DATE:
            err = worksheet_write_datetime(w->ws, row, col, &dt, w->date);
            break;
        case OUT_DATETIME:
            err = worksheet_write_datetime(w->ws, row, col, &dt, w->datetime);
            break;
        }
        if (err != LXW_NO_ERROR)
            return lxw_fail(err, e);
    }
    return 0;
}

int xlsx_table_close(struct table_writer *w, struct error *e)
{
    lxw_error err = workbook_close(w->wb);
    return err == LXW_NO_ERROR ? 0 : lxw_fail(err, e);
}

/* ---- import templates ---- */

static const char *type_help(const struct column *c)
{
    switch (c->type) {
    case COL_TEXT: return "文本";
    case COL_INT: return "整数";
    case COL_CHOICE: return "从下拉列表中选择";
    case COL_DATE: return "日期，如 2024-03-09";
    case COL_DATETIME: return "日期时间，如 2024-03-09 08:30:00";
    case COL_MONEY: return "金额，单位万元";
    case COL_MONEY_USD: return "金额，单位万美元";
    case COL_DECIMAL: return "数字，最多 6 位小数";
    }
    return "";
}

/* The choices' labels, '、'-separated, into buf. */
static const char *choice_labels(const struct column *c, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const struct column_choice *ch = c->choices; ch && ch->value; ch++) {
        int n = snprintf(buf + used, size - used, "%s%s", used ? "、" : "", ch->label_zh);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
    return buf;
}

static lxw_error template_sheet(lxw_workbook *wb, const struct resource_columns *cols)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, cols->title);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_format *head = header_format(wb, false), *required = header_format(wb, true);
    lxw_format *text = workbook_add_format(wb);
    format_set_num_format(text, "@"); /* codes such as 001 stay text when typed */
    size_t n = 0;
    for (size_t i = 0; i < cols->n_columns; i++)
        n += cols->columns[i].importable;
    char title[256];
    snprintf(title, sizeof(title), "%s导入模板（红色表头为必填项；第 3 行是示例，导入前请删除）", cols->title);
    lxw_error err = write_title(ws, title, n, title_format(wb));
    lxw_col_t col = 0;
    for (size_t i = 0; err == LXW_NO_ERROR && i < cols->n_columns; i++) {
        const struct column *c = &cols->columns[i];
        if (!c->importable)
            continue;
        char buf[128];
        err = worksheet_set_column(ws, col, col, c->width > 0 ? c->width : 12, c->type == COL_TEXT ? text : NULL);
        if (err == LXW_NO_ERROR)
            err = write_text(ws, HEADER_ROW, col, table_column_header(c, buf, sizeof(buf)), c->required ? required : head);
        if (err == LXW_NO_ERROR && c->example && *c->example) {
            char *end;
            long long v = strtoll(c->example, &end, 10);
            err = c->type == COL_INT && !*end ? worksheet_write_number(ws, FIRST_DATA_ROW, col, (double)v, NULL)
                                              : write_text(ws, FIRST_DATA_ROW, col, c->example, NULL);
        }
        if (err == LXW_NO_ERROR && c->type == COL_CHOICE) {
            const char *labels[32];
            size_t k = 0;
            for (const struct column_choice *ch = c->choices; ch && ch->value && k + 1 < 32; ch++)
                labels[k++] = ch->label_zh;
            labels[k] = NULL;
            lxw_data_validation v = {.validate = LXW_VALIDATION_TYPE_LIST, .value_list = (char **)labels,
                                     .error_type = LXW_VALIDATION_ERROR_TYPE_STOP,
                                     .error_title = (char *)c->header,
                                     .error_message = (char *)"请从下拉列表中选择"};
            err = worksheet_data_validation_range(ws, FIRST_DATA_ROW, col, TEMPLATE_ROWS - 1, col, &v);
        }
        col++;
    }
    worksheet_freeze_panes(ws, FIRST_DATA_ROW, 0);
    return err;
}

static lxw_error help_sheet(lxw_workbook *wb, const struct resource_columns *cols)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "说明");
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_format *head = header_format(wb, false);
    static const char *const heads[] = {"列名", "是否必填", "填写要求", "可选值", "示例"};
    static const double widths[] = {18, 10, 30, 40, 16};
    lxw_error err = LXW_NO_ERROR;
    for (lxw_col_t i = 0; err == LXW_NO_ERROR && i < 5; i++) {
        err = worksheet_set_column(ws, i, i, widths[i], NULL);
        if (err == LXW_NO_ERROR)
            err = write_text(ws, 0, i, heads[i], head);
    }
    lxw_row_t row = 1;
    for (size_t i = 0; err == LXW_NO_ERROR && i < cols->n_columns; i++) {
        const struct column *c = &cols->columns[i];
        if (!c->importable)
            continue;
        char header[128], labels[512];
        const char *cells[5] = {table_column_header(c, header, sizeof(header)), c->required ? "必填" : "选填",
                                type_help(c), c->type == COL_CHOICE ? choice_labels(c, labels, sizeof(labels)) : "",
                                c->example ? c->example : ""};
        for (lxw_col_t k = 0; err == LXW_NO_ERROR && k < 5; k++)
            if (*cells[k])
                err = write_text(ws, row, k, cells[k], NULL);
        row++;
    }
    return err;
}

int xlsx_template_write(const char *path, const struct resource_columns *cols, struct error *e)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return error_set(e, ERR_INTERNAL, NULL, "无法创建 Excel 文件", "cannot create the Excel file");
    lxw_error err = template_sheet(wb, cols);
    if (err == LXW_NO_ERROR)
        err = help_sheet(wb, cols);
    lxw_error closed = workbook_close(wb);
    if (err == LXW_NO_ERROR)
        err = closed;
    return err == LXW_NO_ERROR ? 0 : lxw_fail(err, e);
}
