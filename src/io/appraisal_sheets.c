/*
 * The appraisal's results and notice as .xlsx; see appraisal_sheets.h. Each workbook is made in
 * one go (not constant memory: a scheme has hundreds of subjects, not millions), so cells may be
 * merged and written in any order.
 */
#include "io/appraisal_sheets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/strbuf.h"
#include "base/banned.h"

#define HEADER_FILL 0xD9E1F2
#define SHEET_NAME_CHARS 31

const char *appr_indicator_path(const struct appr_structure *s, size_t i, struct arena *a)
{
    long chain[32];
    size_t n = 0;
    for (long at = (long)i; at >= 0 && n < 32; at = s->indicators[at].parent_index)
        chain[n++] = at;
    struct strbuf p = STRBUF_INIT;
    while (n-- > 0) {
        strbuf_addstr(&p, s->indicators[chain[n]].name);
        if (n)
            strbuf_addstr(&p, " / ");
    }
    const char *out = p.failed ? NULL : arena_strndup(a, p.buf ? p.buf : "", p.len);
    strbuf_release(&p);
    return out;
}

const char *appr_veto_label(enum appr_veto v)
{
    return v == APPR_VETO_LOWEST    ? "是（定为最低等次）"
           : v == APPR_VETO_BAR_TOP ? "是（不得评为最高等次）"
                                    : "否";
}

struct formats {
    lxw_format *title, *note, *head, *text, *centre, *points, *bold, *right, *heading, *body;
};

static lxw_format *bordered(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

static void formats_make(lxw_workbook *wb, struct formats *f)
{
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 16);
    format_set_align(f->title, LXW_ALIGN_CENTER);
    format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f->title);
    f->note = workbook_add_format(wb);
    format_set_align(f->note, LXW_ALIGN_CENTER);
    f->head = bordered(wb);
    format_set_bold(f->head);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_text_wrap(f->head);
    format_set_pattern(f->head, LXW_PATTERN_SOLID);
    format_set_bg_color(f->head, HEADER_FILL);
    f->text = bordered(wb);
    format_set_text_wrap(f->text);
    f->centre = bordered(wb);
    format_set_align(f->centre, LXW_ALIGN_CENTER);
    f->points = bordered(wb);
    format_set_num_format(f->points, "0.00");
    f->bold = workbook_add_format(wb);
    format_set_bold(f->bold);
    f->heading = workbook_add_format(wb);
    format_set_bold(f->heading);
    format_set_font_size(f->heading, 12);
    f->right = workbook_add_format(wb);
    format_set_align(f->right, LXW_ALIGN_RIGHT);
    f->body = workbook_add_format(wb);
    format_set_text_wrap(f->body);
}

static void points(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t hundredths, lxw_format *f)
{
    worksheet_write_number(ws, row, col, (double)hundredths / 100.0, f);
}

static int close_workbook(lxw_workbook *wb, struct error *e)
{
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR)
        return error_set(e, ERR_INTERNAL, NULL, "无法写入 Excel 文件：%s", "cannot write the Excel file: %s",
                         lxw_strerror(err));
    return 0;
}

/*
 * A sheet name Excel takes: at most 31 characters, none of : \ / ? * [ ], not starting or ending
 * with an apostrophe, different from the names before it (a " (2)" added).
 */
static void sheet_name(const char *want, char names[][SHEET_NAME_CHARS * 4 + 1], size_t k)
{
    char *out = names[k];
    size_t used = 0, chars = 0;
    for (const unsigned char *p = (const unsigned char *)(want && *want ? want : "考核结果"); *p;) {
        size_t len = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        if (chars == SHEET_NAME_CHARS - 4 || used + len > SHEET_NAME_CHARS * 4 - 16)
            break;
        bool bad = len == 1 && (strchr(":\\/?*[]", *p) || *p < 0x20 || (*p == '\'' && used == 0));
        if (bad) {
            out[used++] = '_';
            p++;
        } else {
            for (size_t i = 0; i < len && p[i]; i++)
                out[used++] = (char)p[i];
            p += len;
        }
        chars++;
    }
    while (used > 0 && out[used - 1] == '\'')
        used--;
    out[used] = '\0';
    for (int n = 2; n < 1000; n++) {
        bool taken = false;
        for (size_t j = 0; j < k && !taken; j++)
            taken = strcmp(names[j], out) == 0;
        if (!taken)
            return;
        snprintf(out + used, SHEET_NAME_CHARS * 4 + 1 - used, " (%d)", n);
    }
}

int appr_results_sheet_write(const struct appr_sheet *s, const char *path, struct error *e)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return error_set(e, ERR_INTERNAL, NULL, "无法创建 Excel 文件", "cannot create the Excel file");
    struct formats f;
    formats_make(wb, &f);
    size_t n_sheets = s->n_groups ? s->n_groups : 1;
    char(*names)[SHEET_NAME_CHARS * 4 + 1] = calloc(n_sheets, sizeof(*names));
    if (!names) {
        workbook_close(wb);
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    }
    lxw_col_t last = (lxw_col_t)(s->n_leaves + 7); /* 名次, 考核对象, the leaves, then six columns */
    for (size_t g = 0; g < n_sheets; g++) {
        const char *group = s->n_groups ? s->groups[g] : NULL;
        sheet_name(group, names, g);
        lxw_worksheet *ws = workbook_add_worksheet(wb, names[g]);
        if (!ws)
            continue;
        char title[600];
        snprintf(title, sizeof(title), "%s%s%s%s", s->title, group ? "（" : "", group ? group : "",
                 group ? "）" : "");
        worksheet_set_row(ws, 0, 30, NULL);
        worksheet_merge_range(ws, 0, 0, 0, last, title, f.title);
        worksheet_merge_range(ws, 1, 0, 1, last, s->note ? s->note : "", f.note);
        lxw_col_t col = 0;
        worksheet_write_string(ws, 2, col++, "名次", f.head);
        worksheet_write_string(ws, 2, col++, "考核对象", f.head);
        for (size_t l = 0; l < s->n_leaves; l++)
            worksheet_write_string(ws, 2, col++, s->leaves[l], f.head);
        static const char *const tail[] = {"指标得分合计", "加分", "扣分", "总分", "等次", "否决"};
        for (size_t k = 0; k < 6; k++)
            worksheet_write_string(ws, 2, col++, tail[k], f.head);
        worksheet_set_row(ws, 2, 48, NULL);
        worksheet_set_column(ws, 0, 0, 6, NULL);
        worksheet_set_column(ws, 1, 1, 24, NULL);
        if (s->n_leaves)
            worksheet_set_column(ws, 2, (lxw_col_t)(1 + s->n_leaves), 14, NULL);
        worksheet_set_column(ws, (lxw_col_t)(2 + s->n_leaves), (lxw_col_t)(6 + s->n_leaves), 11, NULL);
        worksheet_set_column(ws, (lxw_col_t)(7 + s->n_leaves), last, 20, NULL);
        worksheet_freeze_panes(ws, 3, 2);
        worksheet_set_landscape(ws);
        worksheet_set_paper(ws, 9); /* A4 */
        worksheet_fit_to_pages(ws, 1, 0);
        worksheet_repeat_rows(ws, 2, 2);
        lxw_row_t row = 3;
        for (size_t i = 0; i < s->n_rows; i++) {
            const struct appr_sheet_row *x = &s->rows[i];
            if (s->n_groups && x->group != g)
                continue;
            col = 0;
            worksheet_write_number(ws, row, col++, x->rank, f.centre);
            worksheet_write_string(ws, row, col++, x->name, f.text);
            for (size_t l = 0; l < s->n_leaves; l++)
                points(ws, row, col++, x->scores[l], f.points);
            points(ws, row, col++, x->leaf_sum, f.points);
            points(ws, row, col++, x->bonus, f.points);
            points(ws, row, col++, x->deduction, f.points);
            points(ws, row, col++, x->total, f.points);
            worksheet_write_string(ws, row, col++, x->grade ? x->grade : "", f.centre);
            worksheet_write_string(ws, row, col, appr_veto_label(x->veto), f.centre);
            row++;
        }
    }
    free(names);
    return close_workbook(wb, e);
}

/* 一, 二, …, 九十九 */
static void chinese_ordinal(size_t n, char *buf, size_t size)
{
    static const char *const digits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n < 10)
        snprintf(buf, size, "%s", digits[n]);
    else if (n < 100)
        snprintf(buf, size, "%s十%s", n / 10 == 1 ? "" : digits[n / 10], digits[n % 10]);
    else
        snprintf(buf, size, "%zu", n);
}

int appr_notice_write(const struct appr_notice *n, const char *path, struct error *e)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return error_set(e, ERR_INTERNAL, NULL, "无法创建 Excel 文件", "cannot create the Excel file");
    struct formats f;
    formats_make(wb, &f);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "通报");
    size_t width = 4;
    for (size_t k = 0; k < n->n_lists; k++)
        if (n->lists[k].n_columns > width)
            width = n->lists[k].n_columns;
    lxw_col_t last = (lxw_col_t)(width - 1);
    worksheet_set_column(ws, 0, 0, 8, NULL);
    worksheet_set_column(ws, 1, 1, 34, NULL);
    worksheet_set_column(ws, 2, last, 14, NULL);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_center_horizontally(ws);
    lxw_row_t row = 0;
    worksheet_set_row(ws, row, 48, NULL);
    worksheet_merge_range(ws, row++, 0, 0, last, n->title, f.title);
    if (n->version_note && *n->version_note)
        worksheet_merge_range(ws, row, 0, row, last, n->version_note, f.note), row++;
    row++;
    worksheet_merge_range(ws, row, 0, row, last, "各有关单位：", f.body);
    row++;
    worksheet_merge_range(ws, row, 0, row, last, "    经考核，现将结果通报如下。", f.body);
    row += 2;
    const struct appr_sheet *s = n->results;
    size_t section = 0;
    char heading[400], ordinal[32];
    for (size_t g = 0; s && g < s->n_groups; g++) {
        chinese_ordinal(++section, ordinal, sizeof(ordinal));
        snprintf(heading, sizeof(heading), "%s、%s", ordinal, s->groups[g]);
        worksheet_merge_range(ws, row, 0, row, last, heading, f.heading);
        row++;
        static const char *const heads[] = {"名次", "考核对象", "总分", "等次"};
        for (lxw_col_t c = 0; c < 4; c++)
            worksheet_write_string(ws, row, c, heads[c], f.head);
        row++;
        for (size_t i = 0; i < s->n_rows; i++) {
            const struct appr_sheet_row *x = &s->rows[i];
            if (x->group != g)
                continue;
            worksheet_write_number(ws, row, 0, x->rank, f.centre);
            worksheet_write_string(ws, row, 1, x->name, f.text);
            points(ws, row, 2, x->total, f.points);
            worksheet_write_string(ws, row, 3, x->grade ? x->grade : "", f.centre);
            row++;
        }
        row++;
    }
    for (size_t k = 0; k < n->n_lists; k++) {
        const struct appr_notice_list *list = &n->lists[k];
        chinese_ordinal(++section, ordinal, sizeof(ordinal));
        snprintf(heading, sizeof(heading), "%s、%s", ordinal, list->title);
        worksheet_merge_range(ws, row, 0, row, last, heading, f.heading);
        row++;
        for (size_t c = 0; c < list->n_columns; c++)
            worksheet_write_string(ws, row, (lxw_col_t)c, list->headers[c], f.head);
        row++;
        for (size_t i = 0; i < list->n_rows; i++, row++)
            for (size_t c = 0; c < list->n_columns; c++) {
                const char *v = list->cells[i * list->n_columns + c];
                worksheet_write_string(ws, row, (lxw_col_t)c, v ? v : "", f.text);
            }
        row++;
    }
    row++;
    worksheet_merge_range(ws, row, 0, row, last, n->issuing_office ? n->issuing_office : "", f.right);
    row++;
    worksheet_merge_range(ws, row, 0, row, last, n->date ? n->date : "", f.right);
    return close_workbook(wb, e);
}
