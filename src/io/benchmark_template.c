/*
 * Benchmarking's import templates (libxlsxwriter, in constant memory: each sheet's rows in
 * order); see benchmark_sheets.h. Values already stored are written where they fall, as number
 * cells with the indicator's decimals, so that the template read back gives the same values (a
 * double holds 15 significant digits: a value of 10^9 with 6 decimals is read back rounded).
 * Names are string cells: never a formula.
 */
#include "io/benchmark_sheets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/decimal.h"
#include "base/strmap.h"
#include "base/banned.h"

#define TITLE_ROW 0
#define HEADER_ROW 1
#define FIRST_DATA_ROW 2
#define HEADER_FILL 0xD9E1F2
#define SHEET_NAME_CHARS 31
#define LONG_ROWS_MAX 1000000

const char *bm_sheet_name(const struct bm_indicator *x, char *buf)
{
    size_t chars = 0;
    bool ok = x->name && *x->name && x->name[0] != '\'' && strcmp(x->name, "说明") != 0;
    for (const char *p = x->name; ok && *p; p++) {
        chars += ((unsigned char)*p & 0xC0) != 0x80;
        ok = !strchr("[]:*?/\\", *p);
    }
    size_t len = ok ? strlen(x->name) : 0;
    ok = ok && chars <= SHEET_NAME_CHARS && len < BM_SHEET_NAME_MAX && x->name[len - 1] != '\'';
    if (ok)
        snprintf(buf, BM_SHEET_NAME_MAX, "%s", x->name);
    else
        snprintf(buf, BM_SHEET_NAME_MAX, "%.31s", x->code ? x->code : "");
    return buf;
}

struct formats {
    lxw_workbook *wb;
    lxw_format *title, *head, *text, *number[BM_DECIMALS_MAX + 1];
};

static void formats_make(struct formats *f, lxw_workbook *wb)
{
    f->wb = wb;
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    format_set_align(f->title, LXW_ALIGN_CENTER);
    format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
    f->head = workbook_add_format(wb);
    format_set_bold(f->head);
    format_set_pattern(f->head, LXW_PATTERN_SOLID);
    format_set_bg_color(f->head, HEADER_FILL);
    format_set_border(f->head, LXW_BORDER_THIN);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    f->text = workbook_add_format(wb);
    format_set_num_format(f->text, "@");
    for (int d = 0; d <= BM_DECIMALS_MAX; d++) {
        char nf[16] = "#,##0";
        if (d)
            snprintf(nf, sizeof(nf), "#,##0.%.*s", d, "000000");
        f->number[d] = workbook_add_format(wb);
        format_set_num_format(f->number[d], nf);
    }
}

static lxw_error write_number(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t v, int decimals,
                              const struct formats *f)
{
    char buf[DEC_TEXT_MAX];
    dec_format(v, buf);
    if (decimals < 0 || decimals > BM_DECIMALS_MAX)
        decimals = BM_DECIMALS_MAX;
    return worksheet_write_number(ws, row, col, strtod(buf, NULL), f->number[decimals]);
}

static lxw_error write_title(lxw_worksheet *ws, const char *title, lxw_col_t last, const struct formats *f)
{
    worksheet_set_row(ws, TITLE_ROW, 26, NULL);
    return last > 0 ? worksheet_merge_range(ws, TITLE_ROW, 0, TITLE_ROW, last, title, f->title)
                    : worksheet_write_string(ws, TITLE_ROW, 0, title, f->title);
}

/* The values where they fall: grid[(i · n_cities + c) · n_years + y] is an index into t->values, or SIZE_MAX.
 */
struct grid {
    size_t *at;
    size_t n_years;
};

static int id_key(char *buf, size_t size, int64_t id)
{
    return snprintf(buf, size, "%lld", (long long)id);
}

static int grid_make(const struct bm_template *t, size_t n_years, struct grid *g)
{
    size_t cells = t->n_indicators * t->n_cities * n_years;
    *g = (struct grid){.n_years = n_years};
    if (!t->values || !cells)
        return 0;
    struct strmap ind = {0}, city = {0};
    char *keys = malloc((t->n_indicators + t->n_cities) * 24 + 1);
    int rc = -1;
    if (!keys || !(g->at = malloc(cells * sizeof(*g->at))) || strmap_init(&ind, t->n_indicators) != 0 ||
        strmap_init(&city, t->n_cities) != 0)
        goto out;
    for (size_t i = 0; i < cells; i++)
        g->at[i] = SIZE_MAX;
    size_t first;
    for (size_t i = 0; i < t->n_indicators; i++) {
        id_key(keys + i * 24, 24, t->indicators[i].id);
        strmap_add(&ind, keys + i * 24, i, &first);
    }
    for (size_t c = 0; c < t->n_cities; c++) {
        char *k = keys + (t->n_indicators + c) * 24;
        id_key(k, 24, t->cities[c].id);
        strmap_add(&city, k, c, &first);
    }
    for (size_t k = 0; k < t->n_values; k++) {
        const struct bm_value *v = &t->values[k];
        char key[24];
        size_t i, c;
        if (!v->has_value || v->quarter != 0 || v->year < t->year_from || v->year > t->year_to)
            continue;
        id_key(key, sizeof(key), v->indicator_id);
        if (!strmap_get(&ind, key, &i))
            continue;
        id_key(key, sizeof(key), v->city_id);
        if (!strmap_get(&city, key, &c))
            continue;
        g->at[(i * t->n_cities + c) * n_years + (size_t)(v->year - t->year_from)] = k;
    }
    rc = 0;
out:
    strmap_release(&ind);
    strmap_release(&city);
    free(keys);
    if (rc != 0) {
        free(g->at);
        g->at = NULL;
    }
    return rc;
}

static const struct bm_value *grid_value(const struct bm_template *t, const struct grid *g, size_t i,
                                         size_t c, size_t y)
{
    if (!g->at)
        return NULL;
    size_t k = g->at[(i * t->n_cities + c) * g->n_years + y];
    return k == SIZE_MAX ? NULL : &t->values[k];
}

static lxw_error wide_sheet(lxw_workbook *wb, const struct bm_template *t, const struct grid *g, size_t i,
                            const struct formats *f)
{
    const struct bm_indicator *x = &t->indicators[i];
    char name[BM_SHEET_NAME_MAX];
    lxw_worksheet *ws = workbook_add_worksheet(wb, bm_sheet_name(x, name));
    if (!ws)
        return LXW_ERROR_SHEETNAME_ALREADY_USED;
    char title[512];
    if (x->unit && *x->unit)
        snprintf(title, sizeof(title), "%s（%s）", x->name, x->unit);
    else
        snprintf(title, sizeof(title), "%s", x->name);
    lxw_error err = write_title(ws, title, (lxw_col_t)g->n_years, f);
    if (err == LXW_NO_ERROR)
        err = worksheet_write_string(ws, HEADER_ROW, 0, "城市", f->head);
    worksheet_set_column(ws, 0, 0, 18, NULL);
    worksheet_set_column(ws, 1, (lxw_col_t)g->n_years, 12, NULL);
    for (size_t y = 0; err == LXW_NO_ERROR && y < g->n_years; y++) {
        char year[16];
        snprintf(year, sizeof(year), "%d年", t->year_from + (int)y);
        err = worksheet_write_string(ws, HEADER_ROW, (lxw_col_t)(y + 1), year, f->head);
    }
    for (size_t c = 0; err == LXW_NO_ERROR && c < t->n_cities; c++) {
        lxw_row_t row = (lxw_row_t)(FIRST_DATA_ROW + c);
        err = worksheet_write_string(ws, row, 0, t->cities[c].name, f->text);
        for (size_t y = 0; err == LXW_NO_ERROR && y < g->n_years; y++) {
            const struct bm_value *v = grid_value(t, g, i, c, y);
            if (v)
                err = write_number(ws, row, (lxw_col_t)(y + 1), v->value, x->decimals, f);
        }
    }
    worksheet_freeze_panes(ws, FIRST_DATA_ROW, 1);
    return err;
}

static lxw_error long_sheet(lxw_workbook *wb, const struct bm_template *t, const struct grid *g,
                            const struct formats *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, columns_bm_values_long.title);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    const struct resource_columns *rc = &columns_bm_values_long;
    lxw_error err = write_title(
        ws, "对标数据导入模板（每行一个城市、指标和年份；季度留空或 0 为全年，1–4 为截至该季度末的累计）",
        (lxw_col_t)(rc->n_columns - 1), f);
    for (size_t k = 0; err == LXW_NO_ERROR && k < rc->n_columns; k++) {
        worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, rc->columns[k].width, NULL);
        err = worksheet_write_string(ws, HEADER_ROW, (lxw_col_t)k, rc->columns[k].header, f->head);
    }
    lxw_row_t row = FIRST_DATA_ROW;
    for (size_t i = 0; err == LXW_NO_ERROR && i < t->n_indicators; i++) {
        const struct bm_indicator *x = &t->indicators[i];
        for (size_t c = 0; err == LXW_NO_ERROR && c < t->n_cities; c++)
            for (size_t y = 0; err == LXW_NO_ERROR && y < g->n_years; y++, row++) {
                const struct bm_value *v = grid_value(t, g, i, c, y);
                err = worksheet_write_string(ws, row, 0, t->cities[c].name, f->text);
                if (err == LXW_NO_ERROR)
                    err = worksheet_write_string(ws, row, 1, x->name, f->text);
                if (err == LXW_NO_ERROR)
                    err = worksheet_write_number(ws, row, 2, t->year_from + (int)y, NULL);
                if (err == LXW_NO_ERROR && v)
                    err = write_number(ws, row, 4, v->value, x->decimals, f);
                if (err == LXW_NO_ERROR && v && v->source && *v->source)
                    err = worksheet_write_string(ws, row, 5, v->source, f->text);
                if (err == LXW_NO_ERROR && v && v->note && *v->note)
                    err = worksheet_write_string(ws, row, 6, v->note, f->text);
            }
    }
    worksheet_freeze_panes(ws, FIRST_DATA_ROW, 0);
    return err;
}

static lxw_error help_sheet(lxw_workbook *wb, enum bm_layout layout)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "说明");
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    static const char *const wide[] = {
        "每张工作表是一个指标，以指标的名称或代码命名。",
        "表头一行以“城市”开头，其后每列一个年份（2024 或 2024年）。",
        "每行一个城市，名称与对标城市中的一致（可多或少一个“市”字），也可填行政区划代码；导入不会新建城市。",
        "数值为数字，最多 6 位小数，可带千分位逗号；空白、“—”、“-”、“…”表示无数据，不导入。",
        "表头上方的标题行、“合计”行和表下的“注：”行不导入。同一城市、指标、年份只能出现一次。",
        "任何单元格有误则全部不导入，并列出每个有误的单元格（工作表、行、列）。本表“说明”不导入。",
    };
    static const char *const lng[] = {
        "每行一个城市、指标、年份（和季度）：城市、指标、年份必填；指标填名称或代码。",
        "季度留空或 0 为全年；1–4（或 Q1、一季度、上半年、前三季度）为从年初到该季度末的累计值。",
        "数值为数字，最多 6 位小数，可带千分位逗号；空白、“—”、“-”、“…”表示无数据，不导入。",
        "同一城市、指标、年份、季度只能出现一次。任何单元格有误则全部不导入，并列出每个有误的单元格。",
    };
    const char *const *lines = layout == BM_LAYOUT_WIDE ? wide : lng;
    size_t n = layout == BM_LAYOUT_WIDE ? sizeof(wide) / sizeof(wide[0]) : sizeof(lng) / sizeof(lng[0]);
    worksheet_set_column(ws, 0, 0, 110, NULL);
    lxw_error err = LXW_NO_ERROR;
    for (size_t i = 0; err == LXW_NO_ERROR && i < n; i++)
        err = worksheet_write_string(ws, (lxw_row_t)i, 0, lines[i], NULL);
    return err;
}

int bm_template_write(enum bm_layout layout, const struct bm_template *t, const char *path, struct error *e)
{
    bool years = t->year_from > 0 || t->year_to > 0;
    if (years && (t->year_from < BM_YEAR_MIN || t->year_to > BM_YEAR_MAX || t->year_from > t->year_to))
        return error_set(e, ERR_INVALID_VALUE, "year", "年份应在 %d 到 %d 之间，且起始不晚于截止",
                         "the years must be %d to %d, the first not after the last", BM_YEAR_MIN,
                         BM_YEAR_MAX);
    if (layout == BM_LAYOUT_WIDE && (!years || t->n_indicators == 0))
        return error_set(e, ERR_INVALID_VALUE, "year", "宽表模板需要指标和年份",
                         "a wide template needs indicators and years");
    size_t n_years = years ? (size_t)(t->year_to - t->year_from + 1) : 0;
    if (t->n_cities && n_years && t->n_indicators > BM_TEMPLATE_CELLS_MAX / t->n_cities / n_years)
        return error_set(e, ERR_TOO_LARGE, NULL, "模板过大：指标数 × 城市数 × 年数不能超过 %d",
                         "the template is too large: indicators × cities × years is at most %d",
                         BM_TEMPLATE_CELLS_MAX);
    if (layout == BM_LAYOUT_LONG && t->n_indicators * t->n_cities * n_years > LONG_ROWS_MAX)
        return error_set(e, ERR_TOO_LARGE, NULL, "模板过大：最多 %d 行",
                         "the template is too large: at most %d rows", LONG_ROWS_MAX);
    struct grid g;
    if (grid_make(t, n_years, &g) != 0)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    /* constant memory (rows go to a temporary file as written, each sheet's in order): a template of
       every indicator for 3,000 cities takes no more memory than one of ten */
    const char *tmpdir = getenv("TMPDIR");
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
                                .tmpdir = tmpdir && *tmpdir ? (char *)tmpdir : NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) {
        free(g.at);
        return error_set(e, ERR_INTERNAL, NULL, "无法创建 Excel 文件", "cannot create the Excel file");
    }
    struct formats f;
    formats_make(&f, wb);
    lxw_error err = LXW_NO_ERROR;
    size_t bad = SIZE_MAX;
    if (layout == BM_LAYOUT_WIDE) {
        for (size_t i = 0; err == LXW_NO_ERROR && i < t->n_indicators; i++)
            if ((err = wide_sheet(wb, t, &g, i, &f)) == LXW_ERROR_SHEETNAME_ALREADY_USED)
                bad = i;
    } else {
        err = long_sheet(wb, t, &g, &f);
    }
    if (err == LXW_NO_ERROR)
        err = help_sheet(wb, layout);
    lxw_error closed = workbook_close(wb);
    free(g.at);
    if (bad != SIZE_MAX) {
        char name[BM_SHEET_NAME_MAX];
        return error_set(
            e, ERR_INVALID_VALUE, "indicator_id", "指标“%s”的工作表名“%s”不可用（重复或不合 Excel 的规则）",
            "the indicator \"%s\": its sheet name \"%s\" cannot be used (a repeat, or not allowed by Excel)",
            t->indicators[bad].name, bm_sheet_name(&t->indicators[bad], name));
    }
    if (err == LXW_NO_ERROR)
        err = closed;
    return err == LXW_NO_ERROR ? 0
                               : error_set(e, ERR_INTERNAL, NULL, "无法写入 Excel 文件：%s",
                                           "cannot write the Excel file: %s", lxw_strerror(err));
}
