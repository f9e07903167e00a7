/*
 * The appraisal's data-entry sheet: its columns (the import's, matched by header) and the
 * template a reporter fills, pre-filled with what is stored; see appraisal_sheets.h. A column's
 * header is the indicator's path followed by the field ("经济发展 / 地区生产总值实际值"); the template
 * writes the path once, merged over its fields, above them, which the import reads as the same.
 */
#include "io/appraisal_sheets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/decimal.h"
#include "base/strbuf.h"
#include "base/banned.h"

#define FIRST_DATA_ROW 3
#define HEADER_FILL 0xD9E1F2

static const char *const field_label[] = {"考核对象", "目标值", "实际值", "评分", "加分", "扣分", "否决"};
static const char *const field_sub[] = {"考核对象", "目标值", "实际值",       "评分（以、分隔）",
                                        "加分",     "扣分",   "否决（是/否）"};
static const char *const field_en[] = {"subject",      "target",           "actual",       "ratings",
                                       "bonus points", "deduction points", "veto (yes/no)"};
static const char *const field_key[] = {"subject", "target",    "actual", "ratings",
                                        "bonus",   "deduction", "veto"};

static int add_column(struct appr_data_columns *c, struct column *cols, size_t *n, enum appr_data_field field,
                      size_t indicator, int64_t id, const char *path, bool in_template, struct arena *a,
                      struct error *e)
{
    if (*n >= APPR_DATA_COLUMNS_MAX)
        return error_set(e, ERR_TOO_LARGE, NULL, "本方案的指标太多，表格超过 %d 列",
                         "the scheme has too many indicators for a sheet of %d columns",
                         APPR_DATA_COLUMNS_MAX);
    char key[48];
    snprintf(key, sizeof(key), "%lld.%s", (long long)id, field_key[field]);
    size_t plen = path ? strlen(path) : 0, llen = strlen(field_label[field]);
    char *header = arena_alloc(a, plen + llen + 1);
    const char *k = arena_strndup(a, key, strlen(key));
    if (!header || !k)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    if (plen)
        memcpy(header, path, plen);
    memcpy(header + plen, field_label[field], llen + 1);
    cols[*n] =
        (struct column){.key = field == APPR_FIELD_SUBJECT ? "subject" : k,
                        .header = header,
                        .header_en = field_en[field],
                        .synonyms = field == APPR_FIELD_SUBJECT ? "考核单位|单位名称|企业名称|名称" : NULL,
                        .type = COL_TEXT,
                        .importable = true,
                        .required = field == APPR_FIELD_SUBJECT,
                        .width = field == APPR_FIELD_SUBJECT ? 24 : 12};
    c->field[*n] = field;
    c->indicator[*n] = indicator;
    c->in_template[*n] = in_template;
    ++*n;
    return 0;
}

int appr_data_columns_make(const struct appr_structure *s, struct arena *a, struct appr_data_columns *out,
                           struct error *e)
{
    size_t cap = 1 + 2 * s->n_indicators;
    if (cap > APPR_DATA_COLUMNS_MAX + 2)
        cap = APPR_DATA_COLUMNS_MAX + 2;
    struct column *cols = arena_calloc(a, cap * sizeof(*cols));
    *out = (struct appr_data_columns){
        .field = arena_alloc(a, cap * sizeof(*out->field)),
        .indicator = arena_alloc(a, cap * sizeof(*out->indicator)),
        .in_template = arena_alloc(a, cap * sizeof(*out->in_template)),
    };
    if (!cols || !out->field || !out->indicator || !out->in_template)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    size_t n = 0;
    if (add_column(out, cols, &n, APPR_FIELD_SUBJECT, 0, 0, NULL, true, a, e) != 0)
        return -1;
    for (size_t i = 0; i < s->n_indicators; i++) {
        const struct appr_indicator_row *x = &s->indicators[i];
        if (x->kind == APPR_NODE)
            continue;
        const char *path = appr_indicator_path(s, i, a);
        if (!path)
            return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
        int rc = 0;
        if (x->kind == APPR_LEAF && x->leaf.method == APPR_SURVEY && x->source == APPR_SOURCE_ENTERED)
            rc = add_column(out, cols, &n, APPR_FIELD_RATINGS, i, x->id, path, true, a, e);
        else if (x->kind == APPR_LEAF && x->source == APPR_SOURCE_INVEST_COMPLETION)
            continue; /* its actual and target are both computed from the project library */
        else if (x->kind == APPR_LEAF)
            /* a leaf computed from the project library takes its target only */
            rc = add_column(out, cols, &n, APPR_FIELD_TARGET, i, x->id, path,
                            x->leaf.method == APPR_RATIO || x->source != APPR_SOURCE_ENTERED, a, e) ||
                 (x->source == APPR_SOURCE_ENTERED &&
                  add_column(out, cols, &n, APPR_FIELD_ACTUAL, i, x->id, path, true, a, e));
        else
            rc = add_column(out, cols, &n,
                            x->kind == APPR_BONUS       ? APPR_FIELD_BONUS
                            : x->kind == APPR_DEDUCTION ? APPR_FIELD_DEDUCTION
                                                        : APPR_FIELD_VETO,
                            i, x->id, path, true, a, e);
        if (rc != 0)
            return -1;
    }
    out->rc = (struct resource_columns){.resource = "appraisal-data",
                                        .title = "考核指标数据",
                                        .key = "subject",
                                        .columns = cols,
                                        .n_columns = n};
    return 0;
}

/* ---- the template */

static const struct appr_value_row *value_of(const struct appr_subject_data *d, int64_t indicator_id)
{
    for (size_t i = 0; d && i < d->n_values; i++)
        if (d->values[i].indicator_id == indicator_id)
            return &d->values[i];
    return NULL;
}

static void write_decimal(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t v, lxw_format *f)
{
    char buf[DEC_TEXT_MAX];
    dec_format(v, buf);
    /* a number cell, as the reporter would type it; the import reads its decimal text back exactly */
    worksheet_write_number(ws, row, col, strtod(buf, NULL), f);
}

static void write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, enum appr_data_field field,
                       const struct appr_indicator_row *x, const struct appr_subject_data *d,
                       lxw_format *text, lxw_format *number, lxw_format *pts)
{
    const struct appr_value_row *v = value_of(d, x->id);
    switch (field) {
    case APPR_FIELD_TARGET:
        if (v && v->has_target)
            write_decimal(ws, row, col, v->target, number);
        else
            worksheet_write_blank(ws, row, col, number);
        return;
    case APPR_FIELD_ACTUAL:
        if (v && v->has_actual)
            write_decimal(ws, row, col, v->actual, number);
        else
            worksheet_write_blank(ws, row, col, number);
        return;
    case APPR_FIELD_RATINGS: {
        struct strbuf sb = STRBUF_INIT;
        for (size_t k = 0; v && k < v->n_ratings; k++) {
            char buf[DEC_TEXT_MAX];
            dec_format(v->ratings[k], buf);
            strbuf_addstr(&sb, k ? "、" : "");
            strbuf_addstr(&sb, buf);
        }
        worksheet_write_string(ws, row, col, sb.buf && !sb.failed ? sb.buf : "", text);
        strbuf_release(&sb);
        return;
    }
    case APPR_FIELD_BONUS:
    case APPR_FIELD_DEDUCTION: {
        int64_t sum = 0;
        size_t count = 0;
        for (size_t i = 0; d && i < d->n_items; i++)
            if (d->items[i].indicator_id == x->id)
                sum += d->items[i].points, count++;
        if (count)
            worksheet_write_number(ws, row, col, (double)sum / 100.0, pts);
        else
            worksheet_write_blank(ws, row, col, pts);
        return;
    }
    case APPR_FIELD_VETO:
        worksheet_write_string(ws, row, col, v && v->has_actual ? (v->actual ? "是" : "否") : "", text);
        return;
    default:
        return;
    }
}

int appr_data_template_write(const struct appr_structure *s, const struct appr_data_columns *c,
                             const struct appr_subject_data *data, const char *path, struct error *e)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return error_set(e, ERR_INTERNAL, NULL, "无法创建 Excel 文件", "cannot create the Excel file");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "指标数据");
    lxw_format *title = workbook_add_format(wb), *head = workbook_add_format(wb),
               *required = workbook_add_format(wb), *text = workbook_add_format(wb),
               *number = workbook_add_format(wb), *pts = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_align(title, LXW_ALIGN_CENTER);
    lxw_format *heads[] = {head, required};
    for (int k = 0; k < 2; k++) {
        format_set_bold(heads[k]);
        format_set_border(heads[k], LXW_BORDER_THIN);
        format_set_align(heads[k], LXW_ALIGN_CENTER);
        format_set_align(heads[k], LXW_ALIGN_VERTICAL_CENTER);
        format_set_text_wrap(heads[k]);
        format_set_pattern(heads[k], LXW_PATTERN_SOLID);
        format_set_bg_color(heads[k], HEADER_FILL);
    }
    format_set_font_color(required, LXW_COLOR_RED);
    format_set_num_format(text, "@");
    format_set_border(text, LXW_BORDER_THIN);
    format_set_border(number, LXW_BORDER_THIN);
    format_set_border(pts, LXW_BORDER_THIN);
    format_set_num_format(pts, "0.00");
    /* the template's columns, in order */
    size_t *cols = calloc(c->rc.n_columns + 1, sizeof(*cols));
    if (!cols) {
        workbook_close(wb);
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    }
    size_t n = 0;
    for (size_t k = 0; k < c->rc.n_columns; k++)
        if (c->in_template[k])
            cols[n++] = k;
    lxw_col_t last = (lxw_col_t)(n ? n - 1 : 0);
    char heading[600];
    snprintf(heading, sizeof(heading), "%s 指标数据填报表（填写后导入；考核对象名称请勿改动）",
             s->scheme.name);
    worksheet_set_row(ws, 0, 26, NULL);
    if (last > 0)
        worksheet_merge_range(ws, 0, 0, 0, last, heading, title);
    else
        worksheet_write_string(ws, 0, 0, heading, title);
    worksheet_merge_range(ws, 1, 0, 2, 0, field_label[APPR_FIELD_SUBJECT], required);
    worksheet_set_column(ws, 0, 0, 24, NULL);
    worksheet_set_row(ws, 1, 40, NULL);
    worksheet_set_row(ws, 2, 30, NULL);
    for (size_t j = 1; j < n;) {
        size_t k = cols[j], span = 1;
        while (j + span < n && c->indicator[cols[j + span]] == c->indicator[k])
            span++;
        /* the header's path: the column header without its field */
        const char *h = c->rc.columns[k].header;
        size_t plen = strlen(h) - strlen(field_label[c->field[k]]);
        char *p = malloc(plen + 1);
        if (p) {
            memcpy(p, h, plen);
            p[plen] = '\0';
            if (span > 1)
                worksheet_merge_range(ws, 1, (lxw_col_t)j, 1, (lxw_col_t)(j + span - 1), p, head);
            else
                worksheet_write_string(ws, 1, (lxw_col_t)j, p, head);
            free(p);
        }
        for (size_t q = 0; q < span; q++) {
            worksheet_write_string(ws, 2, (lxw_col_t)(j + q), field_sub[c->field[cols[j + q]]], head);
            worksheet_set_column(ws, (lxw_col_t)(j + q), (lxw_col_t)(j + q),
                                 c->field[cols[j + q]] == APPR_FIELD_RATINGS ? 24 : 13, NULL);
            if (c->field[cols[j + q]] == APPR_FIELD_VETO) {
                static char yes[] = "是", no[] = "否";
                static char *yes_no[] = {yes, no, NULL};
                lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST, .value_list = yes_no};
                worksheet_data_validation_range(ws, FIRST_DATA_ROW, (lxw_col_t)(j + q),
                                                (lxw_row_t)(FIRST_DATA_ROW + s->n_subjects + 100),
                                                (lxw_col_t)(j + q), &dv);
            }
        }
        j += span;
    }
    worksheet_freeze_panes(ws, FIRST_DATA_ROW, 1);
    for (size_t i = 0; i < s->n_subjects; i++) {
        lxw_row_t row = (lxw_row_t)(FIRST_DATA_ROW + i);
        worksheet_write_string(ws, row, 0, s->subjects[i].name, text);
        for (size_t j = 1; j < n; j++)
            write_cell(ws, row, (lxw_col_t)j, c->field[cols[j]], &s->indicators[c->indicator[cols[j]]],
                       data ? &data[i] : NULL, text, number, pts);
    }
    free(cols);
    lxw_worksheet *help = workbook_add_worksheet(wb, "说明");
    worksheet_set_column(help, 0, 0, 18, NULL);
    worksheet_set_column(help, 1, 1, 90, NULL);
    static const char *const lines[][2] = {
        {"考核对象", "必填。考核对象（单位或企业）的名称，与考核方案中的一致；每个考核对象一行。"},
        {"目标值、实际值", "数字，最多 6 位小数。目标值只用于按完成率计分的指标。"},
        {"评分", "满意度测评的各个评分（0 到 100），以“、”或“,”分隔，如 90、85、88。"},
        {"加分、扣分",
         "该项的分值（0 以上，最多 2 位小数）；与已填的合计相同则保留原有明细，否则替换为一条。"},
        {"否决", "“是”或“否”；留空表示未填写。"},
        {"说明", "表中没有的列保持原有数据不变；某列中留空的单元格清除该项数据。任何单元格有误则全部不导入，"
                 "并列出每个有误的单元格。"},
    };
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        worksheet_write_string(help, (lxw_row_t)i, 0, lines[i][0], NULL);
        worksheet_write_string(help, (lxw_row_t)i, 1, lines[i][1], NULL);
    }
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR)
        return error_set(e, ERR_INTERNAL, NULL, "无法写入 Excel 文件：%s", "cannot write the Excel file: %s",
                         lxw_strerror(err));
    return 0;
}
