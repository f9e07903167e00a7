/*
 * The speed report as .xlsx (libxlsxwriter): a title row, a group header row (新签约, 新开工, …,
 * each merged over its columns), a sub-header row, a row per unit (or park, section, size class)
 * and the total in bold. Amounts in 万元 with two decimals, as numbers; medians in days.
 */
#include "io/stats_report.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/banned.h"

#define FEN_PER_WAN 1000000.0

static const char *const step_titles[STEP_COUNT] = {"新签约", "新开工", "竣工", "投产"};
static const char *const speed_titles[SPEED_COUNT] = {"签约→开工（天）", "开工→竣工（天）", "开工→投产（天）"};
static const char *const group_titles[GROUP_COUNT] = {"责任单位", "载体（园区）", "行业门类", "规模"};

struct formats {
    lxw_format *title, *head, *text, *count, *money, *days, *pct, *bold_text, *bold_count, *bold_money, *bold_days,
        *bold_pct;
};

static lxw_format *make(lxw_workbook *wb, bool bold, const char *num_format, bool centre)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    if (bold)
        format_set_bold(f);
    if (num_format)
        format_set_num_format(f, num_format);
    if (centre) {
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
        format_set_text_wrap(f);
        format_set_bg_color(f, 0xD9E1F2);
    }
    return f;
}

static void formats_make(lxw_workbook *wb, struct formats *f)
{
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    format_set_align(f->title, LXW_ALIGN_CENTER);
    f->head = make(wb, true, NULL, true);
    f->text = make(wb, false, NULL, false);
    f->count = make(wb, false, "0", false);
    f->money = make(wb, false, "#,##0.00", false);
    f->days = make(wb, false, "0.0", false);
    f->pct = make(wb, false, "0.0%", false);
    f->bold_text = make(wb, true, NULL, false);
    f->bold_count = make(wb, true, "0", false);
    f->bold_money = make(wb, true, "#,##0.00", false);
    f->bold_days = make(wb, true, "0.0", false);
    f->bold_pct = make(wb, true, "0.0%", false);
}

/* A group header over n sub-headers starting at col; returns the next column. */
static lxw_col_t group(lxw_worksheet *ws, const struct formats *f, lxw_col_t col, const char *title,
                       const char *const *subs, int n)
{
    if (n > 1)
        worksheet_merge_range(ws, 1, col, 1, (lxw_col_t)(col + n - 1), title, f->head);
    else
        worksheet_write_string(ws, 1, col, title, f->head);
    for (int i = 0; i < n; i++)
        worksheet_write_string(ws, 2, (lxw_col_t)(col + i), subs[i], f->head);
    return (lxw_col_t)(col + n);
}

static lxw_col_t headers(lxw_worksheet *ws, const struct formats *f, enum stats_group g)
{
    static const char *const step_subs[] = {"个数", "目标个数", "总投资（万元）", "目标（万元）"};
    static const char *const month_subs[] = {"1月", "2月", "3月",  "4月",  "5月",  "6月",   "7月",   "8月",
                                             "9月", "10月", "11月", "12月", "累计", "年度计划", "完成率",
                                             "投资目标"};
    static const char *const speed_subs[] = {"本年中位数", "上年中位数"};
    static const char *const problem_subs[] = {"办结数", "办结中位天数", "逾期未办"};
    worksheet_merge_range(ws, 1, 0, 2, 0, group_titles[g], f->head);
    worksheet_merge_range(ws, 1, 1, 2, 1, "项目数", f->head);
    lxw_col_t col = 2;
    for (int k = 0; k < STEP_COUNT; k++)
        col = group(ws, f, col, step_titles[k], step_subs, 4);
    col = group(ws, f, col, "投资完成（万元）", month_subs, 16);
    for (int k = 0; k < SPEED_COUNT; k++)
        col = group(ws, f, col, speed_titles[k], speed_subs, 2);
    return group(ws, f, col, "问题诉求", problem_subs, 3);
}

static void money(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t fen, lxw_format *f)
{
    worksheet_write_number(ws, row, col, (double)fen / FEN_PER_WAN, f);
}

static void optional(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t v, bool is_money, lxw_format *count,
                     lxw_format *m, lxw_format *blank)
{
    if (v < 0)
        worksheet_write_blank(ws, row, col, blank);
    else if (is_money)
        money(ws, row, col, v, m);
    else
        worksheet_write_number(ws, row, col, (double)v, count);
}

static void row_cells(lxw_worksheet *ws, const struct formats *f, lxw_row_t row, const struct stats_row *r, bool total)
{
    lxw_format *text = total ? f->bold_text : f->text, *count = total ? f->bold_count : f->count,
               *m = total ? f->bold_money : f->money, *pct = total ? f->bold_pct : f->pct,
               *days = total ? f->bold_days : f->days;
    worksheet_write_string(ws, row, 0, r->label ? r->label : "", text);
    worksheet_write_number(ws, row, 1, (double)r->projects, count);
    lxw_col_t col = 2;
    for (int k = 0; k < STEP_COUNT; k++) {
        worksheet_write_number(ws, row, col++, (double)r->steps[k].count, count);
        optional(ws, row, col++, r->steps[k].target_count, false, count, m, text);
        money(ws, row, col++, r->steps[k].amount, m);
        optional(ws, row, col++, r->steps[k].target_amount, true, count, m, text);
    }
    for (int month = 0; month < 12; month++)
        money(ws, row, col++, r->month_amount[month], m);
    money(ws, row, col++, r->invested, m);
    money(ws, row, col++, r->plan, m);
    if (r->plan > 0)
        worksheet_write_number(ws, row, col++, (double)r->invested / (double)r->plan, pct);
    else
        worksheet_write_blank(ws, row, col++, text);
    optional(ws, row, col++, r->investment_target, true, count, m, text);
    for (int k = 0; k < SPEED_COUNT; k++) {
        int64_t m2[2] = {r->speed[k].median2, r->speed[k].last_median2};
        for (int y = 0; y < 2; y++) {
            if (m2[y] < 0)
                worksheet_write_blank(ws, row, col++, text);
            else
                worksheet_write_number(ws, row, col++, (double)m2[y] / 2.0, days);
        }
    }
    worksheet_write_number(ws, row, col++, (double)r->problems_closed, count);
    if (r->problems_close_median2 < 0)
        worksheet_write_blank(ws, row, col++, text);
    else
        worksheet_write_number(ws, row, col++, (double)r->problems_close_median2 / 2.0, days);
    worksheet_write_number(ws, row, col, (double)r->problems_open_overdue, count);
}

int stats_report_write(const struct project_stats *s, const char *title, const char *path, struct error *e)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return error_set(e, ERR_INTERNAL, NULL, "无法创建 Excel 文件", "cannot create the Excel file");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "提速统计");
    struct formats f;
    formats_make(wb, &f);
    lxw_col_t last = headers(ws, &f, s->group);
    worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(last - 1), title, f.title);
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, (lxw_col_t)(last - 1), 11, NULL);
    worksheet_set_row(ws, 2, 30, NULL);
    worksheet_freeze_panes(ws, 3, 1);
    for (size_t i = 0; i < s->n; i++)
        row_cells(ws, &f, (lxw_row_t)(3 + i), &s->rows[i], i + 1 == s->n);
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR)
        return error_set(e, ERR_INTERNAL, NULL, "无法写入 Excel 文件：%s", "cannot write the Excel file: %s",
                         lxw_strerror(err));
    return 0;
}
