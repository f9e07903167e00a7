/* Unit tests for src/io's writers: CSV quoting, formula injection in CSV and xlsx, cell types. */
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

#include "io/csv_write.h"
#include "io/table_writer.h"
#include "io/xlsx_write.h"

static const struct column_choice kinds[] = {{"town", "镇"}, {"park", "园区"}, {NULL, NULL}};
static const struct column test_columns[] = {
    {"name", "名称", "Name", NULL, COL_TEXT, true, true, NULL, "示例", 20, false},
    {"count", "数量", "Count", NULL, COL_INT, true, false, NULL, "3", 8, false},
    {"kind", "类型", "Kind", NULL, COL_CHOICE, true, true, kinds, "镇", 8, false},
    {"day", "日期", "Day", NULL, COL_DATE, true, false, NULL, "2024-03-09", 12, false},
    {"at", "时间", "At", NULL, COL_DATETIME, false, false, NULL, NULL, 20, false},
    {"amount", "投资", "Amount", NULL, COL_MONEY, true, false, NULL, "12.5", 12, false},
    {"foreign", "外资", "Foreign", NULL, COL_MONEY_USD, true, false, NULL, "", 12, false},
};
static const struct resource_columns test_table = {"things", "东西", "name", test_columns, 7};

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    *len = fread(buf, 1, sizeof(buf) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static void temp_path(char *path, const char *ext)
{
    snprintf(path, 64, "/tmp/io_test_%d_%s", (int)getpid(), ext);
}

static char *field(const char *v, bool text)
{
    static struct strbuf sb = STRBUF_INIT;
    strbuf_reset(&sb);
    csv_write_field(&sb, v, text);
    return sb.buf ? sb.buf : (char *)"";
}

static void csv_quotes_only_what_needs_quoting_and_doubles_quotes(void **state)
{
    assert_string_equal(field("plain 文本", true), "plain 文本");
    assert_string_equal(field("a,b", true), "\"a,b\"");
    assert_string_equal(field("say \"hi\"", true), "\"say \"\"hi\"\"\"");
    assert_string_equal(field("two\r\nlines", true), "\"two\r\nlines\"");
    assert_string_equal(field("", true), "");
    assert_string_equal(field(NULL, true), "");
}

static void csv_prefixes_formula_like_text_with_a_quote(void **state)
{
    assert_string_equal(field("=HYPERLINK(\"x\")", true), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_string_equal(field("+1+1", true), "'+1+1");
    assert_string_equal(field("-2", true), "'-2");
    assert_string_equal(field("@SUM(A1)", true), "'@SUM(A1)");
    assert_string_equal(field("\tx", true), "'\tx");
    assert_string_equal(field("\rx", true), "\"'\rx\"");
    /* a number the writer made itself is not text: a negative amount stays a number */
    assert_string_equal(field("-2", false), "-2");
    assert_string_equal(field("a=b", true), "a=b");
}

static void csv_table_has_bom_crlf_chinese_headers_and_typed_values(void **state)
{
    char path[64];
    temp_path(path, "t.csv");
    struct error e;
    struct table_writer *w;
    assert_int_equal(table_writer_open(&w, TABLE_CSV, path, &test_table, NULL, &e), 0);
    const char *row1[] = {"=1+2", "42", "park", "2024-03-09", "2026-11-25T13:05:11Z", "123456789", "2500000"};
    const char *row2[] = {"a,\"b\"", NULL, "moon", NULL, "2026-11-25 13:05:11", "-1000000", NULL};
    assert_int_equal(table_writer_row(w, row1, &e), 0);
    assert_int_equal(table_writer_row(w, row2, &e), 0);
    assert_int_equal(table_writer_rows(w), 2);
    assert_int_equal(table_writer_close(w, &e), 0);
    size_t len;
    const char *got = read_all(path, &len);
    assert_string_equal(got, "\xEF\xBB\xBF"
                             "名称,数量,类型,日期,时间,投资（万元）,外资（万美元）\r\n"
                             "'=1+2,42,园区,2024-03-09,2026-11-25 13:05:11,123.456789,2.5\r\n"
                             "\"a,\"\"b\"\"\",,moon,,2026-11-25 13:05:11,-1,\r\n");
    unlink(path);
}

/* The text of one member of a zip file (static buffer). */
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

static void xlsx_writes_formula_like_text_as_string_cells_never_formulas(void **state)
{
    char path[64];
    temp_path(path, "t.xlsx");
    struct error e;
    struct table_writer *w;
    assert_int_equal(table_writer_open(&w, TABLE_XLSX, path, &test_table, "东西 2026-11-25", &e), 0);
    const char *row1[] = {"=HYPERLINK(\"http://evil\")", "42", "park", "2024-03-09", "2026-11-25T13:05:11Z", "123456789", NULL};
    const char *row2[] = {"+1+1", "-7", "town", NULL, NULL, NULL, NULL};
    assert_int_equal(table_writer_row(w, row1, &e), 0);
    assert_int_equal(table_writer_row(w, row2, &e), 0);
    assert_int_equal(table_writer_close(w, &e), 0);
    const char *sheet = zip_member(path, "xl/worksheets/sheet1.xml");
    assert_null(strstr(sheet, "<f>"));
    assert_non_null(strstr(sheet, "t=\"inlineStr\"><is><t>=HYPERLINK(\"http://evil\")</t>"));
    assert_non_null(strstr(sheet, "t=\"inlineStr\"><is><t>+1+1</t>"));
    assert_non_null(strstr(sheet, "<v>123.456789</v>"));
    assert_non_null(strstr(sheet, "<v>-7</v>"));
    assert_non_null(strstr(sheet, "<mergeCell ref=\"A1:G1\"/>"));
    assert_non_null(strstr(sheet, "ySplit=\"2\""));
    assert_non_null(strstr(sheet, "<c r=\"D3\" s=\"3\"><v>45360</v>")); /* 2024-03-09 as a date serial */
    const char *styles = zip_member(path, "xl/styles.xml");
    assert_non_null(strstr(styles, "formatCode=\"#,##0.00\""));
    assert_non_null(strstr(styles, "formatCode=\"yyyy-mm-dd\""));
    unlink(path);
}

static void template_has_a_drop_down_list_for_choice_columns_and_a_help_sheet(void **state)
{
    char path[64];
    temp_path(path, "tpl.xlsx");
    struct error e;
    assert_int_equal(xlsx_template_write(path, &test_table, &e), 0);
    const char *sheet = zip_member(path, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(sheet, "<dataValidation type=\"list\""));
    assert_non_null(strstr(sheet, "sqref=\"C3:C10000\""));
    assert_non_null(strstr(sheet, "<formula1>\"镇,园区\"</formula1>"));
    const char *book = zip_member(path, "xl/workbook.xml");
    assert_non_null(strstr(book, "name=\"说明\""));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_quotes_only_what_needs_quoting_and_doubles_quotes),
        cmocka_unit_test(csv_prefixes_formula_like_text_with_a_quote),
        cmocka_unit_test(csv_table_has_bom_crlf_chinese_headers_and_typed_values),
        cmocka_unit_test(xlsx_writes_formula_like_text_as_string_cells_never_formulas),
        cmocka_unit_test(template_has_a_drop_down_list_for_choice_columns_and_a_help_sheet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
