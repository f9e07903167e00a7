/*
 * Unit tests for benchmarking's spreadsheets (src/io/benchmark_*.c): values read from the wide
 * and the long yearbook layouts in sheets built here, every kind of bad cell with its sheet, row
 * and column, the templates written and read back, and the table writer's decimal cells and note.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "base/arena.h"
#include "base/decimal.h"
#include "io/benchmark_sheets.h"
#include "io/sheet_build.h"
#include "io/table_writer.h"
#include "io/value.h"

#define D(whole) ((int64_t)(whole)*DEC_SCALE)

static struct arena arena = ARENA_INIT;

static int release_arena(void **state)
{
    arena_release(&arena);
    return 0;
}

static const struct bm_indicator indicators[] = {
    {.id = 11, .code = "gdp", .name = "地区生产总值", .unit = "亿元", .decimals = 2},
    {.id = 12, .code = "rd_share", .name = "R&D 经费支出占 GDP 比重", .unit = "%", .decimals = 2},
    {.id = 13, .code = "trade", .name = "进出口总额", .unit = "亿元", .decimals = 1},
};
static const struct bm_city cities[] = {
    {.id = 1, .name = "苏州市", .division_code = "320500", .is_self = true},
    {.id = 2, .name = "无锡市", .division_code = "320200"},
    {.id = 3, .name = "常州", .division_code = ""},
};
static const struct bm_import_ref ref = {indicators, 3, cities, 3, 0, "统计年鉴"};

/* ---- sheets built here ---- */

#define SHEETS 4
static struct sheet sheets[SHEETS];
static struct sheet_builder builders[SHEETS];
static size_t n_sheets;

static struct sheet_builder *sheet(const char *name)
{
    assert_true(n_sheets < SHEETS);
    struct sheet *s = &sheets[n_sheets];
    *s = (struct sheet){.name = name};
    sheet_builder_init(&builders[n_sheets], &arena, &read_limits_default, s);
    return &builders[n_sheets++];
}

/* Row `number` with cells[i] in column i: NULL no cell, "#n:1234.5" a number cell, else text. */
static void row(struct sheet_builder *b, uint32_t number, size_t n, const char *const *cells)
{
    struct error e;
    assert_int_equal(sheet_builder_row(b, number, &e), 0);
    for (size_t i = 0; i < n; i++) {
        if (!cells[i])
            continue;
        bool number_cell = strncmp(cells[i], "#n:", 3) == 0;
        const char *t = number_cell ? cells[i] + 3 : cells[i];
        assert_int_equal(
            sheet_builder_cell(b, (uint32_t)i, number_cell ? CELL_NUMBER : CELL_TEXT, t, strlen(t), &e), 0);
    }
    assert_int_equal(sheet_builder_row_end(b, &e), 0);
}
#define ROW(b, number, ...)                                                                                  \
    do {                                                                                                     \
        const char *const cells_[] = {__VA_ARGS__};                                                          \
        row(b, number, sizeof(cells_) / sizeof(cells_[0]), cells_);                                          \
    } while (0)

static int read_sheets(enum bm_layout layout, const struct bm_import_ref *r, struct bm_import *out,
                       struct error *e)
{
    for (size_t i = 0; i < n_sheets; i++) {
        sheet_builder_release(&builders[i]);
        sheets[0].names[i] = sheets[i].name;
    }
    sheets[0].n_names = n_sheets;
    size_t n = n_sheets;
    n_sheets = 0;
    return bm_import_sheets(sheets, n, layout, r, &arena, out, e);
}

static const struct bm_value *value_at(const struct bm_import *im, int64_t indicator, int64_t city, int year,
                                       int quarter)
{
    for (size_t i = 0; i < im->n_values; i++) {
        const struct bm_value *v = &im->values[i];
        if (v->indicator_id == indicator && v->city_id == city && v->year == year && v->quarter == quarter)
            return v;
    }
    return NULL;
}

static int64_t value_of(const struct bm_import *im, int64_t indicator, int64_t city, int year, int quarter)
{
    const struct bm_value *v = value_at(im, indicator, city, year, quarter);
    assert_non_null(v);
    return v->value;
}

/* The error at (sheet, row, column), which must exist, and whose field must be `field`. */
static const struct bm_import_error *error_at(const struct bm_import *im, const char *sheet_name, uint32_t r,
                                              const char *column, const char *field)
{
    for (size_t i = 0; i < im->n_errors; i++) {
        const struct bm_import_error *x = &im->errors[i];
        if (strcmp(x->sheet, sheet_name) == 0 && x->cell.row == r && strcmp(x->cell.column, column) == 0) {
            assert_string_equal(x->field, field);
            assert_non_null(x->cell.reason_zh);
            assert_non_null(x->cell.reason_en);
            return x;
        }
    }
    fail_msg("no error at %s!%s%u", sheet_name, column, r);
    return NULL;
}

/* ---- the wide layout ---- */

static void wide_reads_a_yearbook_table_under_its_title_with_every_year_header_form(void **state)
{
    struct sheet_builder *b = sheet("地区生产总值");
    ROW(b, 1, "表 3-1 主要城市地区生产总值");
    ROW(b, 2, "单位：亿元");
    ROW(b, 4, "城市", "#n:2022", "2023年", " 2024 年 ");
    ROW(b, 5, "苏州市", "#n:23958.34", "24,653.4", "—");
    ROW(b, 6, "无锡", "14850.82", "-", "…");            /* 无锡市 without its 市 */
    ROW(b, 7, "常州市", NULL, "10116.4", "#n:10813.6"); /* 常州 with one */
    ROW(b, 8, "320500", NULL, NULL, NULL);              /* a division code, no values */
    ROW(b, 9, "合计", "100", "200", "300");
    ROW(b, 10, "注：本表按当年价格计算。");
    struct bm_import im;
    struct error e;
    assert_int_equal(read_sheets(BM_LAYOUT_WIDE, &ref, &im, &e), 0);
    assert_int_equal(im.errors_total, 0);
    assert_int_equal(im.n_values, 5);
    assert_int_equal(value_of(&im, 11, 1, 2022, 0), 23958340000LL);
    assert_int_equal(value_of(&im, 11, 1, 2023, 0), 24653400000LL);
    assert_null(value_at(&im, 11, 1, 2024, 0)); /* — : no data */
    assert_int_equal(value_of(&im, 11, 2, 2022, 0), 14850820000LL);
    assert_null(value_at(&im, 11, 2, 2023, 0));
    assert_int_equal(value_of(&im, 11, 3, 2023, 0), 10116400000LL);
    assert_int_equal(value_of(&im, 11, 3, 2024, 0), 10813600000LL);
    assert_string_equal(im.values[0].source, "统计年鉴");
    assert_true(im.values[0].has_value);
    assert_int_equal(im.n_skipped, 5); /* —, -, …, the total row, the note */
    assert_string_equal(im.origins[1].sheet, "地区生产总值");
    assert_int_equal(im.origins[1].row, 5);
    assert_string_equal(im.origins[1].column, "C");
}

static void wide_matches_sheets_by_code_and_unit_and_reads_a_chosen_indicator(void **state)
{
    struct sheet_builder *b = sheet("trade");
    ROW(b, 1, "序号", "地区", "2024");
    ROW(b, 2, "1", "苏州", "#n:25000.5");
    b = sheet("R&D经费支出占GDP比重(%)");
    ROW(b, 1, "城市名称", "2024年");
    ROW(b, 2, "苏州市", "4.1%");
    b = sheet("Sheet3"); /* empty: skipped */
    struct bm_import im;
    struct error e;
    assert_int_equal(read_sheets(BM_LAYOUT_WIDE, &ref, &im, &e), 0);
    assert_int_equal(im.n_values, 2);
    assert_int_equal(value_of(&im, 13, 1, 2024, 0), 25000500000LL);
    assert_int_equal(value_of(&im, 12, 1, 2024, 0), 4100000);

    /* a sheet named otherwise, read as the indicator chosen */
    b = sheet("Sheet1");
    ROW(b, 1, "城市", "2024");
    ROW(b, 2, "无锡市", "1");
    struct bm_import_ref chosen = ref;
    chosen.indicator_id = 13;
    assert_int_equal(read_sheets(BM_LAYOUT_WIDE, &chosen, &im, &e), 0);
    assert_int_equal(im.n_values, 1);
    assert_int_equal(value_of(&im, 13, 2, 2024, 0), D(1));
    chosen.indicator_id = 99;
    b = sheet("Sheet1");
    ROW(b, 1, "城市", "2024");
    assert_int_equal(read_sheets(BM_LAYOUT_WIDE, &chosen, &im, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    assert_string_equal(e.field, "indicator_id");
}

static void wide_lists_every_bad_cell_with_its_sheet_row_and_column(void **state)
{
    struct sheet_builder *b = sheet("地区生产总值");
    ROW(b, 1, "城市", "2023", "1900", "明年", "2023年", NULL, NULL);
    ROW(b, 2, "苏州市", "12abc", "1", "1", "1", NULL, "5");             /* B bad; F has no year header */
    ROW(b, 3, "上海市", "1.1234567", NULL, NULL, NULL, NULL, NULL);     /* unknown city; 7 decimals */
    ROW(b, 4, "无锡市", "2000000000000", NULL, NULL, NULL, NULL, NULL); /* beyond DEC_MAX */
    ROW(b, 5, NULL, "7");                                               /* a value without a city */
    ROW(b, 6, "苏州", "#n:3");                                          /* 苏州市 again: a repeat */
    ROW(b, 7, "苏州市", "#n:3");                                        /* and again */
    b = sheet("GDP(万元)");                                             /* the indicator, in another unit */
    ROW(b, 1, "城市", "2024");
    b = sheet("人口");
    ROW(b, 1, "城市", "2024");
    b = sheet("gdp");
    ROW(b, 1, "城市", "2024");
    struct bm_import im;
    struct error e;
    assert_int_equal(read_sheets(BM_LAYOUT_WIDE, &ref, &im, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_ROWS);
    const char *s = "地区生产总值";
    assert_non_null(strstr(error_at(&im, s, 1, "C", "year")->cell.reason_en, "1949 to 2100"));
    assert_non_null(strstr(error_at(&im, s, 1, "D", "year")->cell.reason_en, "must be a year"));
    assert_non_null(strstr(error_at(&im, s, 1, "E", "year")->cell.reason_en, "same year as column B"));
    assert_string_equal(error_at(&im, s, 2, "B", "value")->cell.value, "12abc");
    assert_non_null(strstr(error_at(&im, s, 2, "B", "value")->cell.reason_en, "must be a number"));
    assert_non_null(strstr(error_at(&im, s, 2, "G", "year")->cell.reason_en, "no year"));
    assert_non_null(strstr(error_at(&im, s, 3, "A", "city")->cell.reason_zh, "未知的城市“上海市”"));
    assert_non_null(strstr(error_at(&im, s, 3, "B", "value")->cell.reason_en, "at most 6 decimals"));
    assert_non_null(strstr(error_at(&im, s, 4, "B", "value")->cell.reason_en, "out of range"));
    assert_non_null(strstr(error_at(&im, s, 5, "A", "city")->cell.reason_en, "must not be empty"));
    assert_non_null(strstr(error_at(&im, s, 7, "B", "value")->cell.reason_en, "repeats row 6, column B"));
    assert_non_null(strstr(error_at(&im, "GDP(万元)", 0, "", "sheet")->cell.reason_zh, "单位“万元”"));
    assert_non_null(strstr(error_at(&im, "人口", 0, "", "sheet")->cell.reason_en, "not a name or code"));
    assert_non_null(strstr(error_at(&im, "gdp", 0, "", "sheet")->cell.reason_en, "another sheet"));
    assert_int_equal(im.errors_total, 13);
    /* listed by place within each sheet */
    assert_int_equal(im.errors[0].cell.row, 1);
    assert_string_equal(im.errors[0].cell.column, "C");
}

static void wide_refuses_a_sheet_without_header_years_or_rows(void **state)
{
    struct sheet_builder *b = sheet("地区生产总值");
    ROW(b, 1, "主要城市", "2024");
    b = sheet("trade");
    ROW(b, 3, "城市");
    ROW(b, 4, "苏州市");
    b = sheet("rd_share");
    ROW(b, 2, "城市", "2024");
    struct bm_import im;
    struct error e;
    assert_int_equal(read_sheets(BM_LAYOUT_WIDE, &ref, &im, &e), -1);
    assert_non_null(strstr(error_at(&im, "地区生产总值", 0, "", "header")->cell.reason_en, "no header"));
    assert_non_null(strstr(error_at(&im, "trade", 3, "", "year")->cell.reason_en, "no year columns"));
    assert_non_null(strstr(error_at(&im, "rd_share", 2, "A", "city")->cell.reason_en, "no rows of data"));
    assert_int_equal(im.errors_total, 3);
}

static void a_file_without_any_value_is_refused(void **state)
{
    struct sheet_builder *b = sheet("地区生产总值");
    ROW(b, 1, "城市", "2024");
    ROW(b, 2, "苏州市", "—");
    struct bm_import im;
    struct error e;
    assert_int_equal(read_sheets(BM_LAYOUT_WIDE, &ref, &im, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_ROWS);
    assert_non_null(strstr(error_at(&im, "地区生产总值", 0, "", "value")->cell.reason_en, "no values"));
}

static void cities_differing_only_by_shi_are_each_matched_exactly(void **state)
{
    static const struct bm_city two[] = {{.id = 1, .name = "沙市"}, {.id = 2, .name = "沙市市"}};
    struct bm_import_ref r = {indicators, 3, two, 2, 0, NULL};
    struct sheet_builder *b = sheet("gdp");
    ROW(b, 1, "城市", "2024");
    ROW(b, 2, "沙市", "1");   /* exactly the first */
    ROW(b, 3, "沙市市", "2"); /* exactly the second */
    struct bm_import im;
    struct error e;
    assert_int_equal(read_sheets(BM_LAYOUT_WIDE, &r, &im, &e), 0);
    assert_int_equal(value_of(&im, 11, 1, 2024, 0), D(1));
    assert_int_equal(value_of(&im, 11, 2, 2024, 0), D(2));
    assert_null(im.values[0].source);
}

/* ---- the long layout ---- */

static void long_reads_rows_by_header_with_quarters_sources_and_notes(void **state)
{
    struct sheet_builder *b = sheet("数据");
    ROW(b, 1, "2024年主要指标");
    ROW(b, 2, "地区", "指标名称", "年份", "季度", "数值", "数据来源", "备注");
    ROW(b, 3, "苏州市", "地区生产总值", "#n:2024", NULL, "24,653.4", "苏州统计年鉴", "初步核算");
    ROW(b, 4, "苏州市", "gdp", "2025年", "Q1", "#n:6200.1", NULL, NULL);
    ROW(b, 5, "苏州市", "GDP", "2025", "上半年", "12800", NULL, NULL);
    ROW(b, 6, "无锡", "地区生产总值（亿元）", "2025", "前三季度", "11000", NULL, NULL);
    ROW(b, 7, "常州", "R&D 经费支出占 GDP 比重", "2024", "0", "3.6%", NULL, NULL);
    ROW(b, 8, "常州", "进出口总额", "2024", "一季度", "—", NULL, NULL); /* no data */
    ROW(b, 9, "常州", "进出口总额", "2024", "4", NULL, NULL, NULL);     /* empty: no data */
    ROW(b, 10, "合计", NULL, NULL, NULL, "1");
    struct bm_import im;
    struct error e;
    assert_int_equal(read_sheets(BM_LAYOUT_LONG, &ref, &im, &e), 0);
    assert_int_equal(im.errors_total, 0);
    assert_int_equal(im.n_values, 5);
    const struct bm_value *v = value_at(&im, 11, 1, 2024, 0);
    assert_non_null(v);
    assert_int_equal(v->value, 24653400000LL);
    assert_string_equal(v->source, "苏州统计年鉴");
    assert_string_equal(v->note, "初步核算");
    v = value_at(&im, 11, 1, 2025, 1);
    assert_non_null(v);
    assert_int_equal(v->value, 6200100000LL);
    assert_string_equal(v->source, "统计年鉴"); /* the import's, where the row gives none */
    assert_null(v->note);
    assert_int_equal(value_of(&im, 11, 1, 2025, 2), D(12800));
    assert_int_equal(value_of(&im, 11, 2, 2025, 3), D(11000));
    assert_int_equal(value_of(&im, 12, 3, 2024, 0), 3600000);
    assert_int_equal(im.n_skipped, 3);
    assert_string_equal(im.origins[0].column, "E");
    assert_int_equal(im.origins[0].row, 3);
}

static void long_lists_every_bad_cell_with_its_field(void **state)
{
    struct sheet_builder *b = sheet("数据");
    ROW(b, 1, "城市", "指标", "年份", "季度", "数值");
    ROW(b, 2, "北京市", "人口", "1948", "Q5", "abc");
    ROW(b, 3, "苏州市", "地区生产总值(万元)", "二〇二四", "五季度", "1.0000001");
    ROW(b, 4, "苏州市", "gdp", "2024", NULL, "1");
    ROW(b, 5, "苏州", "地区生产总值", "2024年", "0", "2"); /* the same city, indicator, year, quarter */
    ROW(b, 6, NULL, "gdp", "2024", NULL, "3");
    ROW(b, 7, "无锡市", "累计实际使用外资", "2024", NULL, "3"); /* taken for a total row, but a city's */
    struct bm_import im;
    struct error e;
    assert_int_equal(read_sheets(BM_LAYOUT_LONG, &ref, &im, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_ROWS);
    error_at(&im, "数据", 2, "A", "city");
    assert_non_null(strstr(error_at(&im, "数据", 2, "B", "indicator")->cell.reason_en, "unknown indicator"));
    assert_non_null(strstr(error_at(&im, "数据", 2, "C", "year")->cell.reason_en, "1949 to 2100"));
    error_at(&im, "数据", 2, "D", "quarter");
    error_at(&im, "数据", 2, "E", "value");
    assert_non_null(
        strstr(error_at(&im, "数据", 3, "B", "indicator")->cell.reason_en, "not the indicator's (亿元)"));
    error_at(&im, "数据", 3, "C", "year");
    error_at(&im, "数据", 3, "D", "quarter");
    assert_non_null(strstr(error_at(&im, "数据", 3, "E", "value")->cell.reason_en, "at most 6 decimals"));
    assert_non_null(
        strstr(error_at(&im, "数据", 5, "E", "value")->cell.reason_en, "repeats row 4, column E"));
    assert_non_null(strstr(error_at(&im, "数据", 6, "A", "city")->cell.reason_en, "required"));
    assert_non_null(strstr(error_at(&im, "数据", 7, "B", "indicator")->cell.reason_en, "taken for a total"));
    assert_int_equal(im.errors_total, 12);
    assert_int_equal(im.n_values, 1); /* row 4: kept, the caller writes nothing */
}

static void long_refuses_a_sheet_without_its_header_or_rows(void **state)
{
    struct sheet_builder *b = sheet("数据");
    ROW(b, 1, "名称", "数量");
    struct bm_import im;
    struct error e;
    assert_int_equal(read_sheets(BM_LAYOUT_LONG, &ref, &im, &e), -1);
    assert_non_null(strstr(error_at(&im, "数据", 0, "", "header")->cell.reason_en, "no header found"));
    b = sheet("数据");
    ROW(b, 1, "城市", "指标", "年份");
    assert_int_equal(read_sheets(BM_LAYOUT_LONG, &ref, &im, &e), -1);
    error_at(&im, "数据", 1, "", "value"); /* no 数值 column */
    b = sheet("数据");
    ROW(b, 1, "城市", "指标", "年份", "数值");
    ROW(b, 2, "注：单位亿元");
    assert_int_equal(read_sheets(BM_LAYOUT_LONG, &ref, &im, &e), -1);
    assert_non_null(strstr(error_at(&im, "数据", 1, "A", "city")->cell.reason_en, "no rows of data"));
}

/* ---- templates, written then read back ---- */

static void *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = arena_alloc(&arena, 4 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, 4 << 20, f);
    fclose(f);
    return buf;
}

static const struct bm_value stored[] = {
    {.indicator_id = 11,
     .city_id = 1,
     .year = 2023,
     .has_value = true,
     .value = 24653400000LL,
     .source = "年鉴"},
    {.indicator_id = 11, .city_id = 2, .year = 2024, .has_value = true, .value = 15000123456LL},
    {.indicator_id = 12, .city_id = 3, .year = 2022, .has_value = true, .value = 3610000, .note = "快报"},
    {.indicator_id = 12,
     .city_id = 3,
     .year = 2022,
     .quarter = 2,
     .has_value = true,
     .value = 1},                                                                    /* not in a template */
    {.indicator_id = 13, .city_id = 1, .year = 2030, .has_value = true, .value = 1}, /* outside its years */
};

static void the_wide_template_reads_back_as_the_values_it_was_written_with(void **state)
{
    char path[64];
    snprintf(path, sizeof(path), "/tmp/io_benchmark_%d_wide.xlsx", (int)getpid());
    struct bm_template t = {indicators, 3, cities, 3, 2022, 2024, stored, 5};
    struct error e;
    assert_int_equal(bm_template_write(BM_LAYOUT_WIDE, &t, path, &e), 0);
    size_t len;
    void *data = read_file(path, &len);
    unlink(path);
    struct bm_import im;
    assert_int_equal(bm_import_read(data, len, BM_LAYOUT_WIDE, &ref, NULL, &arena, &im, &e), 0);
    assert_int_equal(im.n_sheets, 4); /* three indicators and 说明, which is skipped */
    assert_int_equal(im.n_values, 3);
    assert_int_equal(value_of(&im, 11, 1, 2023, 0), 24653400000LL);
    assert_int_equal(value_of(&im, 11, 2, 2024, 0), 15000123456LL);
    assert_int_equal(value_of(&im, 12, 3, 2022, 0), 3610000);
    assert_string_equal(im.origins[0].sheet, "地区生产总值");
    assert_string_equal(im.origins[0].column, "C");
    assert_int_equal(im.origins[0].row, 3);
}

static void the_long_template_reads_back_and_an_empty_one_has_its_header(void **state)
{
    char path[64];
    snprintf(path, sizeof(path), "/tmp/io_benchmark_%d_long.xlsx", (int)getpid());
    struct bm_template t = {indicators, 3, cities, 3, 2022, 2024, stored, 5};
    struct error e;
    assert_int_equal(bm_template_write(BM_LAYOUT_LONG, &t, path, &e), 0);
    size_t len;
    void *data = read_file(path, &len);
    struct bm_import im;
    assert_int_equal(bm_import_read(data, len, BM_LAYOUT_LONG, &ref, NULL, &arena, &im, &e), 0);
    assert_int_equal(im.n_values, 3);
    assert_int_equal(im.n_skipped, 27 - 3); /* the rows left empty */
    const struct bm_value *v = value_at(&im, 12, 3, 2022, 0);
    assert_non_null(v);
    assert_int_equal(v->value, 3610000);
    assert_string_equal(v->note, "快报");
    assert_string_equal(value_at(&im, 11, 1, 2023, 0)->source, "年鉴");

    struct bm_template empty = {0};
    assert_int_equal(bm_template_write(BM_LAYOUT_LONG, &empty, path, &e), 0);
    data = read_file(path, &len);
    unlink(path);
    assert_int_equal(bm_import_read(data, len, BM_LAYOUT_LONG, &ref, NULL, &arena, &im, &e), -1);
    assert_non_null(strstr(error_at(&im, "对标数据", 2, "A", "city")->cell.reason_en, "no rows of data"));
}

static void templates_refuse_bad_years_and_name_sheets_by_code_when_they_must(void **state)
{
    struct bm_template t = {indicators, 3, cities, 3, 2024, 2022, NULL, 0};
    struct error e;
    assert_int_equal(bm_template_write(BM_LAYOUT_WIDE, &t, "/tmp/unused.xlsx", &e), -1);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    char buf[BM_SHEET_NAME_MAX];
    struct bm_indicator x = {.code = "output_per_mu", .name = "亩均产出:规上工业"};
    assert_string_equal(bm_sheet_name(&x, buf), "output_per_mu"); /* ':' is not allowed in a sheet name */
    x.name = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"; /* 31 characters */
    assert_string_equal(bm_sheet_name(&x, buf), x.name);
    x.name = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二";
    assert_string_equal(bm_sheet_name(&x, buf), "output_per_mu");
    assert_string_equal(bm_sheet_name(&indicators[1], buf), "R&D 经费支出占 GDP 比重");
}

/* ---- decimals as typed (io/value.h), and a COL_DECIMAL column's import ---- */

static int parsed(const char *s, bool round, int64_t *v)
{
    *v = -777;
    return value_parse_decimal(s, strlen(s), round, v);
}

static void decimals_are_read_with_commas_full_width_digits_and_exponents(void **state)
{
    int64_t v;
    assert_int_equal(parsed("1,234.5", false, &v), 0);
    assert_int_equal(v, 1234500000);
    assert_int_equal(parsed(" １２.５ ", false, &v), 0);
    assert_int_equal(v, 12500000);
    assert_int_equal(parsed("1.5E+3", false, &v), 0);
    assert_int_equal(v, D(1500));
    assert_int_equal(parsed("-0.000001", false, &v), 0);
    assert_int_equal(v, -1);
    assert_int_equal(parsed("0.30000000000000004", true, &v), 0); /* a number cell's double */
    assert_int_equal(v, 300000);
    assert_int_equal(parsed("0.30000000000000004", false, &v), VALUE_TOO_PRECISE);
    assert_int_equal(parsed("1000000000001", false, &v), VALUE_TOO_LARGE);
    assert_int_equal(parsed("1e13", false, &v), VALUE_TOO_LARGE);
    assert_int_equal(parsed("1-2", false, &v), VALUE_NOT_A_NUMBER);
    assert_int_equal(parsed("1,,2", false, &v), VALUE_NOT_A_NUMBER);
    assert_int_equal(parsed(",12", false, &v), VALUE_NOT_A_NUMBER);
    assert_int_equal(parsed("12亿", false, &v), VALUE_NOT_A_NUMBER);
    assert_int_equal(parsed("", false, &v), VALUE_NOT_A_NUMBER);
    assert_int_equal(v, -777);
}

static void a_decimal_column_is_imported_as_its_exact_text(void **state)
{
    static const struct column cols[] = {
        {"name", "名称", "Name", NULL, COL_TEXT, true, true, NULL, NULL, 12, false},
        {"rate", "比率", "Rate", NULL, COL_DECIMAL, true, false, NULL, NULL, 12, false},
    };
    static const struct resource_columns rc = {"things", "东西", NULL, cols, 2};
    struct sheet_builder *b = sheet("表一");
    ROW(b, 1, "名称", "比率");
    ROW(b, 2, "甲", "1,234.50");
    ROW(b, 3, "乙", "#n:0.30000000000000004");
    ROW(b, 4, "丙", "0.1234567");
    sheet_builder_release(b);
    n_sheets = 0;
    struct import_table t;
    struct error e;
    assert_int_equal(import_table_read(&sheets[0], &rc, &arena, &t, &e), 0);
    assert_int_equal(t.n_rows, 3);
    assert_string_equal(t.rows[0].values[1], "1234.5");
    assert_string_equal(t.rows[1].values[1], "0.3");
    assert_null(t.rows[2].values[1]);
    assert_int_equal(t.errors_total, 1);
    assert_string_equal(t.errors[0].column, "B");
    assert_int_equal(t.errors[0].row, 4);
}

/* ---- the table writer's decimals and note ---- */

static void decimal_and_percent_texts_round_half_away_from_zero(void **state)
{
    char buf[TABLE_DECIMAL_TEXT_MAX];
    table_decimal_text(1234500000, 2, buf);
    assert_string_equal(buf, "1234.50");
    table_decimal_text(1234505000, 2, buf);
    assert_string_equal(buf, "1234.51");
    table_decimal_text(-1234505000, 2, buf);
    assert_string_equal(buf, "-1234.51");
    table_decimal_text(-4000, 2, buf);
    assert_string_equal(buf, "0.00");
    table_decimal_text(2500000, 0, buf);
    assert_string_equal(buf, "3");
    table_decimal_text(DEC_MAX, 6, buf);
    assert_string_equal(buf, "1000000000000.000000");
    table_percent_text(85000, 2, buf);
    assert_string_equal(buf, "8.50%");
    table_percent_text(-123456, 1, buf);
    assert_string_equal(buf, "-12.3%");
    table_percent_text(DEC_MAX, 0, buf);
    assert_string_equal(buf, "100000000000000%");
}

static const char *zip_member(const char *path, const char *name)
{
    int err;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    assert_non_null(z);
    zip_file_t *f = zip_fopen(z, name, 0);
    assert_non_null(f);
    static char buf[1 << 20];
    zip_int64_t n = zip_fread(f, buf, sizeof(buf) - 1);
    assert_true(n >= 0);
    buf[n] = '\0';
    zip_fclose(f);
    zip_close(z);
    return buf;
}

static void a_comparison_table_has_its_note_and_real_numbers(void **state)
{
    static const struct column cols[] = {
        {"name", "城市", "City", NULL, COL_TEXT, false, false, NULL, NULL, 12, false},
        {"value", "地区生产总值（亿元）", "GDP", NULL, COL_DECIMAL, false, false, NULL, NULL, 14, false},
        {"growth", "增长率", "Growth", NULL, COL_DECIMAL, false, false, NULL, NULL, 10, false},
    };
    static const struct resource_columns rc = {"benchmark-compare", "对标比较", NULL, cols, 3};
    char path[64];
    snprintf(path, sizeof(path), "/tmp/io_benchmark_%d_table.xlsx", (int)getpid());
    struct table_writer *w;
    struct error e;
    assert_int_equal(table_writer_open_noted(&w, TABLE_XLSX, path, &rc, "地区生产总值比较",
                                             "2024 年，按排名；演示数据", &e),
                     0);
    char value[TABLE_DECIMAL_TEXT_MAX], growth[TABLE_DECIMAL_TEXT_MAX];
    table_decimal_text(24653400000LL, 2, value);
    table_percent_text(61234, 2, growth);
    const char *row1[] = {"苏州市", value, growth};
    const char *row2[] = {"无锡市", NULL, "—"};
    assert_int_equal(table_writer_row(w, row1, &e), 0);
    assert_int_equal(table_writer_row(w, row2, &e), 0);
    assert_int_equal(table_writer_close(w, &e), 0);
    const char *xml = zip_member(path, "xl/worksheets/sheet1.xml");
    assert_null(strstr(xml, "<f>"));
    assert_non_null(strstr(xml, "<mergeCell ref=\"A2:C2\"/>")); /* the note, under the title */
    assert_non_null(strstr(xml, "ySplit=\"3\""));
    assert_non_null(strstr(xml, "<v>24653.4</v>"));
    assert_non_null(strstr(xml, "<v>0.0612</v>"));
    assert_non_null(strstr(xml, "<is><t>—</t>"));
    const char *styles = zip_member(path, "xl/styles.xml");
    assert_non_null(strstr(styles, "formatCode=\"#,##0.00\""));
    assert_non_null(strstr(styles, "formatCode=\"0.00%\""));
    /* and read back, the numbers are numbers */
    size_t len;
    void *data = read_file(path, &len);
    unlink(path);
    struct sheet s;
    error_clear(&e); /* the reader tells its failures by e's code */
    assert_int_equal(sheet_read(data, len, NULL, &read_limits_default, &arena, &s, &e), 0);
    assert_int_equal(s.n_rows, 5);
    assert_string_equal(s.rows[1].cells[0].text, "2024 年，按排名；演示数据");
    assert_string_equal(s.rows[2].cells[1].text, "地区生产总值（亿元）");
    assert_int_equal(s.rows[3].cells[1].kind, CELL_NUMBER);
    assert_string_equal(s.rows[3].cells[1].text, "24653.4");

    /* CSV: the texts as they are, no note */
    snprintf(path, sizeof(path), "/tmp/io_benchmark_%d_table.csv", (int)getpid());
    assert_int_equal(table_writer_open_noted(&w, TABLE_CSV, path, &rc, NULL, "演示数据", &e), 0);
    assert_int_equal(table_writer_row(w, row1, &e), 0);
    assert_int_equal(table_writer_close(w, &e), 0);
    data = read_file(path, &len);
    unlink(path);
    ((char *)data)[len] = '\0';
    assert_string_equal(data, "\xEF\xBB\xBF城市,地区生产总值（亿元）,增长率\r\n苏州市,24653.40,6.12%\r\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(wide_reads_a_yearbook_table_under_its_title_with_every_year_header_form,
                                  release_arena),
        cmocka_unit_test_teardown(wide_matches_sheets_by_code_and_unit_and_reads_a_chosen_indicator,
                                  release_arena),
        cmocka_unit_test_teardown(wide_lists_every_bad_cell_with_its_sheet_row_and_column, release_arena),
        cmocka_unit_test_teardown(wide_refuses_a_sheet_without_header_years_or_rows, release_arena),
        cmocka_unit_test_teardown(a_file_without_any_value_is_refused, release_arena),
        cmocka_unit_test_teardown(cities_differing_only_by_shi_are_each_matched_exactly, release_arena),
        cmocka_unit_test_teardown(long_reads_rows_by_header_with_quarters_sources_and_notes, release_arena),
        cmocka_unit_test_teardown(long_lists_every_bad_cell_with_its_field, release_arena),
        cmocka_unit_test_teardown(long_refuses_a_sheet_without_its_header_or_rows, release_arena),
        cmocka_unit_test_teardown(the_wide_template_reads_back_as_the_values_it_was_written_with,
                                  release_arena),
        cmocka_unit_test_teardown(the_long_template_reads_back_and_an_empty_one_has_its_header,
                                  release_arena),
        cmocka_unit_test_teardown(templates_refuse_bad_years_and_name_sheets_by_code_when_they_must,
                                  release_arena),
        cmocka_unit_test_teardown(decimals_are_read_with_commas_full_width_digits_and_exponents,
                                  release_arena),
        cmocka_unit_test_teardown(a_decimal_column_is_imported_as_its_exact_text, release_arena),
        cmocka_unit_test_teardown(decimal_and_percent_texts_round_half_away_from_zero, release_arena),
        cmocka_unit_test_teardown(a_comparison_table_has_its_note_and_real_numbers, release_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
