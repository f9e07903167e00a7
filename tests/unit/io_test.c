/*
 * Unit tests for src/io and money parsing: cell values as people type them, CSV in the
 * encodings Chinese Excel writes, column letters, and finding a header and reading rows in
 * sheets built here (title rows, two-row merged headers, totals and notes, bad cells).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/error.h"
#include "base/money.h"
#include "io/columns.h"
#include "io/import.h"
#include "io/sheet.h"
#include "io/sheet_build.h"
#include "io/value.h"

#define S(lit) lit, strlen(lit)

/* Arenas of the running test, released by its teardown even when an assertion ended it early
 * (cmocka jumps out of a failing test; the arenas live in static storage for that reason). */
static struct arena *arenas[8];
static size_t n_arenas;

static void track(struct arena *a)
{
    for (size_t i = 0; i < n_arenas; i++)
        if (arenas[i] == a)
            return;
    assert_true(n_arenas < sizeof(arenas) / sizeof(arenas[0]));
    arenas[n_arenas++] = a;
}

static int release_arenas(void **state)
{
    for (size_t i = 0; i < n_arenas; i++)
        arena_release(arenas[i]);
    n_arenas = 0;
    return 0;
}

/* ---- money ---- */

static int64_t fen_of(const char *s, enum money_unit unit, bool round)
{
    int64_t fen = -777;
    assert_int_equal(money_parse(s, strlen(s), unit, round, &fen), 0);
    return fen;
}

static void refused(const char *s, enum money_unit unit, bool round)
{
    int64_t fen = -777;
    assert_int_equal(money_parse(s, strlen(s), unit, round, &fen), -1);
    assert_int_equal(fen, -777); /* untouched */
}

static void money_parse_reads_each_unit_commas_and_exponents(void **state)
{
    assert_int_equal(fen_of("1", MONEY_YUAN, false), 100);
    assert_int_equal(fen_of("1", MONEY_WAN, false), 1000000);
    assert_int_equal(fen_of("1", MONEY_YI, false), 10000000000LL);
    assert_int_equal(fen_of("1,234.56", MONEY_YUAN, false), 123456);
    assert_int_equal(fen_of("12,345", MONEY_WAN, false), 12345000000LL);
    assert_int_equal(fen_of("0.125", MONEY_WAN, false), 125000);
    assert_int_equal(fen_of("0.05", MONEY_YUAN, false), 5);
    assert_int_equal(fen_of(".5", MONEY_YUAN, false), 50);
    assert_int_equal(fen_of("+7", MONEY_YUAN, false), 700);
    assert_int_equal(fen_of("-3.5", MONEY_WAN, false), -3500000);
    assert_int_equal(fen_of("1.5E+3", MONEY_YUAN, false), 150000);
    assert_int_equal(fen_of("2.5e-4", MONEY_WAN, false), 250);
    assert_int_equal(fen_of("1.23E2", MONEY_YI, false), 1230000000000LL);
    assert_int_equal(fen_of("0", MONEY_YUAN, false), 0);
    assert_int_equal(fen_of("-0", MONEY_YUAN, false), 0);
}

static void money_parse_rounds_finer_than_a_fen_only_when_asked(void **state)
{
    refused("0.30000000000000004", MONEY_YUAN, false);
    assert_int_equal(fen_of("0.30000000000000004", MONEY_YUAN, true), 30);
    refused("0.005", MONEY_YUAN, false);
    assert_int_equal(fen_of("0.005", MONEY_YUAN, true), 1);     /* half away from zero */
    assert_int_equal(fen_of("0.0049999", MONEY_YUAN, true), 0); /* only the first dropped digit counts */
    assert_int_equal(fen_of("-1.005", MONEY_YUAN, true), -101);
    assert_int_equal(fen_of("1.5e-2", MONEY_YUAN, true), 2);
    assert_int_equal(fen_of("1e-999", MONEY_YUAN, true), 0);
    assert_int_equal(fen_of("123.4567891", MONEY_WAN, true), 123456789); /* 1,234,567.891 元 */
    assert_int_equal(fen_of("1.00", MONEY_YUAN, false), 100);                           /* zeros are not finer */
}

static void money_parse_refuses_overflow_and_garbage(void **state)
{
    assert_int_equal(fen_of("999999999999999.99", MONEY_YUAN, false), 99999999999999999LL);
    refused("1000000000000000", MONEY_YUAN, false); /* 10^17 fen */
    refused("999999999999999.9999999", MONEY_YUAN, true); /* rounds up to 10^17 fen (fuzz_value found it) */
    assert_int_equal(fen_of("999999999999999.9949", MONEY_YUAN, true), 99999999999999999LL);
    refused("1e20", MONEY_YUAN, true);
    refused("1e999", MONEY_WAN, true);
    refused("99999999", MONEY_YI, false);
    const char *garbage[] = {"", "-", "+", "abc", "1.2.3", "12元", "1 000", "--1", "1e", "1e+", ",123", "1,000.5,0",
                             "0x10", "１２", "NaN", "1e-99999"};
    for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++)
        refused(garbage[i], MONEY_YUAN, true);
}

/* ---- values ---- */

static void assert_date(struct date d, int y, int m, int day)
{
    assert_int_equal(d.year, y);
    assert_int_equal(d.month, m);
    assert_int_equal(d.day, day);
}

static void dates_typed_as_text_in_the_forms_people_use(void **state)
{
    struct date d;
    const char *forms[] = {"2020-03-09", "2020/3/9", "2020.3.9", "2020年3月9日", "2020年03月09日", "2020年3月9号",
                           "2020-03-09 08:30:00", "2020-03-09T08:30:00Z", "2020/03/09"};
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        d = (struct date){0};
        assert_int_equal(value_parse_date_text(forms[i], strlen(forms[i]), &d), 0);
        assert_date(d, 2020, 3, 9);
    }
    assert_int_equal(value_parse_date_text(S("2020-02-29"), &d), 0);
    const char *bad[] = {"2019-02-29", "2020-02-30", "2020-13-01", "2020-00-10", "2020-03", "2020年3月", "20200309",
                         "20-03-09", "2020-03-09x", "", "三月九日", "2020-3-9-1", "2020年3月9日 星期一"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(value_parse_date_text(bad[i], strlen(bad[i]), &d), -1);
}

static void months_typed_as_text(void **state)
{
    int y = 0, m = 0;
    const char *forms[] = {"2020-03", "2020/3", "2020.3", "2020年3月", "2020年03月", "2020-03-09", "2020年3月9日"};
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        y = m = 0;
        assert_int_equal(value_parse_month_text(forms[i], strlen(forms[i]), &y, &m), 0);
        assert_int_equal(y, 2020);
        assert_int_equal(m, 3);
    }
    const char *bad[] = {"2020", "2020-13", "2020年0月", "03/2020", "2020-02-30", ""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(value_parse_month_text(bad[i], strlen(bad[i]), &y, &m), -1);
}

static void serials_in_the_1900_system_skip_the_day_that_never_was(void **state)
{
    struct date d;
    assert_int_equal(value_parse_serial(S("1"), false, &d), 0);
    assert_date(d, 1900, 1, 1);
    assert_int_equal(value_parse_serial(S("59"), false, &d), 0);
    assert_date(d, 1900, 2, 28);
    assert_int_equal(value_parse_serial(S("60"), false, &d), -1); /* Excel's 1900-02-29 */
    assert_int_equal(value_parse_serial(S("61"), false, &d), 0);
    assert_date(d, 1900, 3, 1);
    assert_int_equal(value_parse_serial(S("43899"), false, &d), 0);
    assert_date(d, 2020, 3, 9);
    assert_int_equal(value_parse_serial(S("43899.75"), false, &d), 0); /* the time of day is dropped */
    assert_date(d, 2020, 3, 9);
    assert_int_equal(value_parse_serial(S("2958465"), false, &d), 0);
    assert_date(d, 9999, 12, 31);
    const char *bad[] = {"0", "-1", "2958466", "", "abc", "4.3899E4", "43899,5", "1x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(value_parse_serial(bad[i], strlen(bad[i]), false, &d), -1);
}

static void serials_in_the_1904_system(void **state)
{
    struct date d;
    assert_int_equal(value_parse_serial(S("42437"), true, &d), 0);
    assert_date(d, 2020, 3, 9);
    assert_int_equal(value_parse_serial(S("1"), true, &d), 0);
    assert_date(d, 1904, 1, 2);
    assert_int_equal(value_parse_serial(S("60"), true, &d), 0); /* no missing day in this system */
    assert_date(d, 1904, 3, 1);
    assert_int_equal(value_parse_serial(S("2957003"), true, &d), 0);
    assert_date(d, 9999, 12, 31);
}

static void serials_in_the_1904_system_start_at_day_0(void **state)
{
    struct date d;
    assert_int_equal(value_parse_serial(S("0"), true, &d), 0);
    assert_date(d, 1904, 1, 1);
}

static void serials_in_the_1904_system_stop_at_9999_12_31(void **state)
{
    struct date d = {0};
    /* 2958465 is 9999-12-31 only in the 1900 system; in the 1904 one it is past year 9999 */
    int rc = value_parse_serial(S("2958465"), true, &d);
    assert_int_equal(rc, -1);
}

static void value_normalize_makes_headers_comparable(void **state)
{
    char out[128];
    struct {
        const char *in, *want;
    } cases[] = {
        {"单位名称（全称）", "单位名称(全称)"},
        {"单 位\xE3\x80\x80编\t码", "单位编码"},
        {"*单位编码", "单位编码"},
        {"Code", "code"},
        {"\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\x91", "ab1"}, /* ＡＢ１ */
        {"【备注】", "[备注]"},
        {"〔说明〕", "[说明]"},
        {"总投资\r\n（万元）", "总投资(万元)"},
        {"\xC2\xA0排序号\xC2\xA0", "排序号"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n = value_normalize(cases[i].in, strlen(cases[i].in), out, sizeof(out));
        assert_string_equal(out, cases[i].want);
        assert_int_equal(n, strlen(cases[i].want));
    }
    char small[8];
    size_t n = value_normalize(S("单位名称单位名称"), small, sizeof(small));
    assert_true(n < sizeof(small));
    assert_int_equal(strlen(small), n);
}

static void value_trim_drops_ideographic_and_no_break_spaces(void **state)
{
    struct {
        const char *in, *want;
    } cases[] = {
        {"\xE3\x80\x80 镇 \xC2\xA0", "镇"},
        {"\r\n\tTOWN-01\t\r\n", "TOWN-01"},
        {"\xEF\xBB\xBF" "A", "A"},
        {"市 财政局", "市 财政局"},
        {"\xE3\x80\x80\xE3\x80\x80", ""},
        {"", ""},
        {"镇", "镇"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *s = cases[i].in;
        size_t len = strlen(s);
        value_trim(&s, &len);
        assert_int_equal(len, strlen(cases[i].want));
        assert_memory_equal(s, cases[i].want, len);
    }
}

static void value_parse_int_takes_whole_numbers_as_spreadsheets_store_them(void **state)
{
    int64_t v = 0;
    assert_int_equal(value_parse_int(S("90"), &v), 0);
    assert_int_equal(v, 90);
    assert_int_equal(value_parse_int(S("-3"), &v), 0);
    assert_int_equal(v, -3);
    assert_int_equal(value_parse_int(S("90.0"), &v), 0);
    assert_int_equal(v, 90);
    const char *bad[] = {"", "-", "90.5", "1e3", "abc", "9 0", "99999999999999999999", "0x10"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(value_parse_int(bad[i], strlen(bad[i]), &v), -1);
}

/* ---- CSV ---- */

struct read {
    struct arena a;
    struct sheet s;
    struct error e;
};

static int csv(struct read *r, const char *data, size_t len)
{
    r->a = (struct arena)ARENA_INIT;
    track(&r->a);
    error_clear(&r->e);
    return csv_read(data, len, &read_limits_default, &r->a, &r->s, &r->e);
}

static void assert_cell(const struct sheet_row *row, uint32_t col, const char *text)
{
    const struct cell *c = sheet_row_cell(row, col);
    assert_non_null(c);
    assert_string_equal(c->text, text);
    assert_int_equal(c->len, strlen(text));
}

static void csv_reads_utf8_with_and_without_a_bom(void **state)
{
    static struct read r;
    assert_int_equal(csv(&r, S("\xEF\xBB\xBF单位编码,单位名称\r\nA1,财政局\r\n")), 0);
    assert_string_equal(r.s.name, "CSV");
    assert_int_equal(r.s.n_names, 1);
    assert_int_equal(r.s.n_rows, 2);
    assert_cell(&r.s.rows[0], 0, "单位编码"); /* the mark is not part of the first cell */
    assert_cell(&r.s.rows[1], 1, "财政局");
    arena_release(&r.a);
    assert_int_equal(csv(&r, S("单位编码,单位名称\nA1,财政局\n")), 0);
    assert_cell(&r.s.rows[0], 0, "单位编码");
    assert_int_equal(r.s.n_rows, 2);
    arena_release(&r.a);
    assert_int_equal(csv(&r, S("\xEF\xBB\xBF" "a,\xFF\xFE\n")), -1); /* marked UTF-8, is not */
    assert_int_equal(r.e.code, ERR_BAD_FILE);
    arena_release(&r.a);
}

static void csv_converts_gb18030(void **state)
{
    static struct read r;
    /* 单位,镇 in GB18030 */
    assert_int_equal(csv(&r, S("\xB5\xA5\xCE\xBB,\xD5\xF2\r\n")), 0);
    assert_cell(&r.s.rows[0], 0, "单位");
    assert_cell(&r.s.rows[0], 1, "镇");
    arena_release(&r.a);
}

static void csv_converts_utf16_with_its_mark_and_tabs(void **state)
{
    static struct read r;
    static const char le[] = "\xFF\xFE" "a\0\t\0\x07\x90\n\0b\0\t\0c\0\n\0"; /* a<TAB>逇 … */
    assert_int_equal(csv(&r, le, sizeof(le) - 1), 0);
    assert_int_equal(r.s.n_rows, 2);
    assert_cell(&r.s.rows[0], 0, "a");
    assert_cell(&r.s.rows[0], 1, "\xE9\x80\x87");
    assert_cell(&r.s.rows[1], 1, "c");
    arena_release(&r.a);
    static const char be[] = "\xFE\xFF" "\0x\0,\0y";
    assert_int_equal(csv(&r, be, sizeof(be) - 1), 0);
    assert_cell(&r.s.rows[0], 0, "x");
    assert_cell(&r.s.rows[0], 1, "y");
    arena_release(&r.a);
    static const char odd[] = "\xFF\xFE" "a\0b"; /* half a code unit at the end */
    assert_int_equal(csv(&r, odd, sizeof(odd) - 1), -1);
    assert_int_equal(r.e.code, ERR_BAD_FILE);
    arena_release(&r.a);
}

static void csv_quotes_hold_separators_quotes_and_line_breaks(void **state)
{
    static struct read r;
    assert_int_equal(csv(&r, S("\"a,b\",\"c\"\"d\",\"e\r\nf\",g\n")), 0);
    assert_int_equal(r.s.n_rows, 1);
    assert_cell(&r.s.rows[0], 0, "a,b");
    assert_cell(&r.s.rows[0], 1, "c\"d");
    assert_cell(&r.s.rows[0], 2, "e\r\nf");
    assert_cell(&r.s.rows[0], 3, "g");
    arena_release(&r.a);
}

static void csv_keeps_text_after_a_closing_quote_as_excel_does(void **state)
{
    static struct read r;
    assert_int_equal(csv(&r, S("a,\"quoted\"tail,c\n")), 0);
    assert_cell(&r.s.rows[0], 0, "a");
    assert_cell(&r.s.rows[0], 1, "quotedtail");
    assert_cell(&r.s.rows[0], 2, "c");
    arena_release(&r.a);
}

static void csv_row_numbers_count_records_and_blank_lines_with_any_line_end(void **state)
{
    static struct read r;
    assert_int_equal(csv(&r, S("a\r\nb\nc\rd")), 0);
    assert_int_equal(r.s.n_rows, 4);
    for (uint32_t i = 0; i < 4; i++)
        assert_int_equal(r.s.rows[i].number, i + 1);
    assert_cell(&r.s.rows[3], 0, "d");
    arena_release(&r.a);
    assert_int_equal(csv(&r, S("h\n\n,,\n\"x\ny\"\nz,,\n")), 0);
    assert_int_equal(r.s.n_rows, 3); /* the empty lines and the empty record are not rows */
    assert_int_equal(r.s.rows[0].number, 1);
    assert_int_equal(r.s.rows[1].number, 4);
    assert_int_equal(r.s.rows[2].number, 5);
    assert_cell(&r.s.rows[2], 0, "z");
    assert_int_equal(r.s.rows[2].n_cells, 1); /* trailing empty columns are not cells */
    arena_release(&r.a);
    assert_int_equal(csv(&r, S("a,,c\n")), 0);
    assert_int_equal(r.s.rows[0].n_cells, 2);
    assert_cell(&r.s.rows[0], 2, "c");
    assert_null(sheet_row_cell(&r.s.rows[0], 1));
    arena_release(&r.a);
}

static void csv_refuses_an_unclosed_quote_naming_its_row_and_binary_data(void **state)
{
    static struct read r;
    assert_int_equal(csv(&r, S("a\nb\n\"c,d\n")), -1);
    assert_int_equal(r.e.code, ERR_BAD_FILE);
    assert_non_null(strstr(r.e.message_en, "row 3"));
    arena_release(&r.a);
    assert_int_equal(csv(&r, "a,b\0c\n", 6), -1);
    assert_int_equal(r.e.code, ERR_BAD_FILE);
    arena_release(&r.a);
}

static void sheet_read_tells_xls_and_csv_apart_and_checks_the_sheet_name(void **state)
{
    static struct read r;
    r = (struct read){.a = ARENA_INIT};
    track(&r.a);
    assert_int_equal(sheet_read(S("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"), NULL, &read_limits_default, &r.a, &r.s, &r.e), -1);
    assert_int_equal(r.e.code, ERR_BAD_FILE);
    assert_non_null(strstr(r.e.message_en, ".xls"));
    assert_int_equal(sheet_read(S("a,b\n"), "Sheet1", &read_limits_default, &r.a, &r.s, &r.e), -1);
    assert_int_equal(r.e.code, ERR_NO_SHEET);
    assert_int_equal(sheet_read(S("a,b\n"), "CSV", &read_limits_default, &r.a, &r.s, &r.e), 0);
    assert_int_equal(sheet_read(S("PK\3\4garbage"), NULL, &read_limits_default, &r.a, &r.s, &r.e), -1);
    assert_int_equal(r.e.code, ERR_BAD_FILE);
    arena_release(&r.a);
}

static void sheet_column_letters_as_excel_names_columns(void **state)
{
    struct {
        uint32_t col;
        const char *want;
    } cases[] = {{0, "A"}, {1, "B"}, {25, "Z"}, {26, "AA"}, {27, "AB"}, {51, "AZ"}, {52, "BA"},
                 {701, "ZZ"}, {702, "AAA"}, {16383, "XFD"}};
    char buf[8];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sheet_column_letters(cases[i].col, buf);
        assert_string_equal(buf, cases[i].want);
    }
}

/* ---- xlsx, written here with libzip ---- */

/* A zip archive in memory of n (name, text) parts; caller frees. */
static char *make_zip(const char *const *parts, size_t n, size_t *len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    assert_non_null(src);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *part = zip_source_buffer(z, parts[2 * i + 1], strlen(parts[2 * i + 1]), 0);
        assert_non_null(part);
        assert_true(zip_file_add(z, parts[2 * i], part, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    zip_stat_t st;
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_stat(src, &st), 0);
    char *buf = malloc(st.size);
    assert_non_null(buf);
    assert_int_equal(zip_source_read(src, buf, st.size), (zip_int64_t)st.size);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&err);
    *len = st.size;
    return buf;
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char *const workbook_parts[] = {
    "xl/workbook.xml",
    "<?xml version=\"1.0\"?><workbook " NS " " RNS "><workbookPr date1904=\"true\"/><sheets>"
    "<sheet name=\"说明\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"项目\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>",
    "xl/_rels/workbook.xml.rels",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"t\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"t\" Target=\"/xl/worksheets/data.xml\"/></Relationships>",
    "xl/sharedStrings.xml",
    "<sst " NS "><si><t>项目名称</t></si><si><r><t>道</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">路 </t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>どう</t></rPh></si><si><t>开工日期</t></si></sst>",
    "xl/worksheets/sheet1.xml",
    "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>填表说明</t></is></c></row></sheetData></worksheet>",
    "xl/worksheets/data.xml",
    "<worksheet " NS "><sheetData>"
    "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"inlineStr\"><is><t>总投资（万元）</t></is></c>"
    "<c r=\"D2\" t=\"s\"><v>2</v></c></row>"
    "<row r=\"4\"><c r=\"B4\" t=\"s\"><v>1</v></c><c r=\"C4\"><f>1+1.5</f><v>2.5</v></c><c r=\"D4\"><v>42437</v></c>"
    "<c r=\"E4\" t=\"b\"><v>1</v></c><c r=\"F4\" t=\"e\"><v>#N/A</v></c><c r=\"G4\" t=\"str\"><f>\"a\"&amp;\"b\"</f><v>ab</v></c>"
    "<c r=\"H4\" t=\"inlineStr\"><is><r><t>富</t></r><r><t>文本</t></r></is></c><c r=\"I4\" s=\"1\"/></row>"
    "<row><c><v>7</v></c><c t=\"inlineStr\"><is><t>桥梁</t></is></c></row>"
    "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"B1:D1\"/></mergeCells></worksheet>",
};

static void xlsx_reads_the_named_sheet_cell_kinds_merges_and_the_1904_system(void **state)
{
    size_t len;
    char *zip = make_zip(workbook_parts, sizeof(workbook_parts) / sizeof(workbook_parts[0]) / 2, &len);
    static struct read r;
    r = (struct read){.a = ARENA_INIT};
    track(&r.a);
    error_clear(&r.e);
    assert_int_equal(sheet_read(zip, len, "项目", &read_limits_default, &r.a, &r.s, &r.e), 0);
    assert_string_equal(r.s.name, "项目");
    assert_int_equal(r.s.n_names, 2);
    assert_string_equal(r.s.names[0], "说明");
    assert_true(r.s.date1904);
    assert_int_equal(r.s.n_merges, 1);
    assert_int_equal(r.s.merges[0].row1, 1);
    assert_int_equal(r.s.merges[0].col1, 1);
    assert_int_equal(r.s.merges[0].col2, 3);
    assert_int_equal(r.s.n_rows, 3);
    const struct sheet_row *data = &r.s.rows[1];
    assert_int_equal(data->number, 4);
    assert_cell(data, 1, "道路 "); /* runs joined, the reading aid (rPh) left out */
    assert_cell(data, 2, "2.5");   /* a formula's cached value */
    assert_int_equal(sheet_row_cell(data, 2)->kind, CELL_NUMBER);
    assert_int_equal(sheet_row_cell(data, 4)->kind, CELL_BOOL);
    assert_cell(data, 5, "#N/A");
    assert_int_equal(sheet_row_cell(data, 5)->kind, CELL_ERROR);
    assert_cell(data, 6, "ab");
    assert_int_equal(sheet_row_cell(data, 6)->kind, CELL_TEXT);
    assert_cell(data, 7, "富文本");
    assert_null(sheet_row_cell(data, 8)); /* a styled empty cell */
    assert_int_equal(r.s.rows[2].number, 5); /* a row without r follows the one before */
    assert_cell(&r.s.rows[2], 1, "桥梁");
    arena_release(&r.a);

    r.a = (struct arena)ARENA_INIT;
    assert_int_equal(sheet_read(zip, len, NULL, &read_limits_default, &r.a, &r.s, &r.e), 0);
    assert_string_equal(r.s.name, "说明"); /* the first sheet by default */
    assert_int_equal(sheet_read(zip, len, "项目 ", &read_limits_default, &r.a, &r.s, &r.e), -1);
    assert_int_equal(r.e.code, ERR_NO_SHEET);
    assert_non_null(strstr(r.e.message_zh, "说明"));
    arena_release(&r.a);

    struct read_limits tight = read_limits_default;
    tight.entries = 4; /* the archive has 5 */
    r.a = (struct arena)ARENA_INIT;
    assert_int_equal(sheet_read(zip, len, NULL, &tight, &r.a, &r.s, &r.e), -1);
    assert_int_equal(r.e.code, ERR_TOO_LARGE);
    tight = read_limits_default;
    tight.rows = 4; /* the sheet reaches row 5 */
    assert_int_equal(sheet_read(zip, len, "项目", &tight, &r.a, &r.s, &r.e), -1);
    assert_int_equal(r.e.code, ERR_TOO_LARGE);
    arena_release(&r.a);
    free(zip);
}

static const struct resource_columns test_project_columns;

static void import_reads_a_1904_workbook_date_and_a_formula_amount(void **state)
{
    size_t len;
    char *zip = make_zip(workbook_parts, sizeof(workbook_parts) / sizeof(workbook_parts[0]) / 2, &len);
    static struct read r;
    r = (struct read){.a = ARENA_INIT};
    track(&r.a);
    struct import_table t;
    error_clear(&r.e);
    assert_int_equal(sheet_read(zip, len, "项目", &read_limits_default, &r.a, &r.s, &r.e), 0);
    assert_int_equal(import_table_read(&r.s, &test_project_columns, &r.a, &t, &r.e), 0);
    assert_int_equal(t.header_row, 2);
    assert_int_equal(t.n_rows, 2);
    assert_string_equal(t.rows[0].values[1], "2500000"); /* 2.5 万元 */
    assert_string_equal(t.rows[0].values[2], "2020-03-09");
    assert_int_equal(t.errors_total, 0);
    arena_release(&r.a);
    free(zip);
}

/* ---- import_table_read on sheets built here ---- */

struct built {
    struct arena a;
    struct sheet s;
    struct sheet_builder b;
    struct import_table t;
    struct error e;
};

static void begin(struct built *x)
{
    x->a = (struct arena)ARENA_INIT;
    track(&x->a);
    x->s = (struct sheet){.name = "表一", .n_names = 1};
    x->s.names[0] = "表一";
    error_clear(&x->e);
    sheet_builder_init(&x->b, &x->a, &read_limits_default, &x->s);
}

/* Adds row `number` with cells[i] in column i (NULL: no cell). */
static void row(struct built *x, uint32_t number, size_t n, const char *const *cells)
{
    assert_int_equal(sheet_builder_row(&x->b, number, &x->e), 0);
    for (size_t i = 0; i < n; i++)
        if (cells[i])
            assert_int_equal(sheet_builder_cell(&x->b, (uint32_t)i, CELL_TEXT, cells[i], strlen(cells[i]), &x->e), 0);
    assert_int_equal(sheet_builder_row_end(&x->b, &x->e), 0);
}
#define ROW(x, number, ...)                                                                                            \
    do {                                                                                                               \
        const char *const cells_[] = {__VA_ARGS__};                                                                    \
        row(x, number, sizeof(cells_) / sizeof(cells_[0]), cells_);                                                    \
    } while (0)

static void merge(struct built *x, uint32_t row1, uint32_t col1, uint32_t row2, uint32_t col2)
{
    struct merge m = {row1, col1, row2, col2};
    assert_int_equal(sheet_builder_merge(&x->b, &m, &x->e), 0);
}

static int finish(struct built *x, const struct resource_columns *rc)
{
    sheet_builder_release(&x->b);
    return import_table_read(&x->s, rc, &x->a, &x->t, &x->e);
}

static const char *value(const struct built *x, size_t row_index, const char *key)
{
    return x->t.rows[row_index].values[import_column(x->t.columns, key)];
}

static void import_finds_the_header_under_title_rows(void **state)
{
    static struct built x;
    begin(&x);
    ROW(&x, 1, "2020年重大项目推进情况表");
    merge(&x, 1, 0, 1, 5);
    ROW(&x, 2, "填报单位：市绩效办", NULL, NULL, NULL, "2020年3月");
    ROW(&x, 4, "单位编码", "单位名称", "单位类型", "排序号");
    ROW(&x, 5, "T-1", " 测试镇 ", "镇", "90.0");
    ROW(&x, 6, "T-2", "测试局", "department", NULL);
    assert_int_equal(finish(&x, &columns_units), 0);
    assert_int_equal(x.t.header_row, 4);
    assert_int_equal(x.t.header_rows, 1);
    assert_int_equal(x.t.n_rows, 2);
    assert_int_equal(x.t.n_errors, 0);
    assert_int_equal(x.t.rows[0].number, 5);
    assert_string_equal(value(&x, 0, "name"), "测试镇"); /* trimmed */
    assert_string_equal(value(&x, 0, "kind"), "town");   /* the label read as its value */
    assert_string_equal(value(&x, 0, "sort_order"), "90");
    assert_null(value(&x, 1, "sort_order"));
    assert_false(import_table_has(&x.t, import_column(&columns_units, "parent_code")));
    assert_true(import_table_has(&x.t, import_column(&columns_units, "sort_order")));
    arena_release(&x.a);
}

static void import_reads_a_two_row_header_with_merged_cells(void **state)
{
    static struct built x;
    begin(&x);
    ROW(&x, 1, "单位信息", NULL, "单位类型", "排序号");
    merge(&x, 1, 0, 1, 1); /* 单位信息 over A:B */
    merge(&x, 1, 2, 2, 2); /* 单位类型 down over both rows */
    merge(&x, 1, 3, 2, 3);
    ROW(&x, 2, "单位编码", "单位名称");
    ROW(&x, 3, "T-1", "测试镇", "镇", "5");
    assert_int_equal(finish(&x, &columns_units), 0);
    assert_int_equal(x.t.header_row, 1);
    assert_int_equal(x.t.header_rows, 2);
    assert_int_equal(x.t.sheet_col[import_column(&columns_units, "code")], 0);
    assert_int_equal(x.t.sheet_col[import_column(&columns_units, "kind")], 2);
    assert_int_equal(x.t.sheet_col[import_column(&columns_units, "sort_order")], 3);
    assert_int_equal(x.t.n_rows, 1);
    assert_int_equal(x.t.rows[0].number, 3);
    assert_string_equal(value(&x, 0, "kind"), "town");
    arena_release(&x.a);
}

static void import_joins_a_group_header_with_the_column_under_it(void **state)
{
    static struct built x;
    begin(&x);
    ROW(&x, 1, "单位信息", NULL, "单位类型", "上级", NULL);
    merge(&x, 1, 0, 1, 1);
    merge(&x, 1, 2, 2, 2);
    merge(&x, 1, 3, 1, 4);
    ROW(&x, 2, "单位编码", "单位名称", NULL, "单位编码", "单位名称");
    ROW(&x, 3, "T-2", "下级", "其他", "T-1", "上级名称");
    assert_int_equal(finish(&x, &columns_units), 0);
    assert_int_equal(x.t.header_rows, 2);
    assert_int_equal(x.t.sheet_col[import_column(&columns_units, "parent_code")], 3); /* 上级 + 单位编码 */
    assert_string_equal(value(&x, 0, "parent_code"), "T-1");
    assert_string_equal(value(&x, 0, "code"), "T-2");
    arena_release(&x.a);
}

static void import_skips_total_rows_and_notes_after_a_serial_column(void **state)
{
    static struct built x;
    begin(&x);
    ROW(&x, 1, "序号", "单位编码", "单位名称", "单位类型");
    ROW(&x, 2, "1", "T-1", "测试镇", "镇");
    ROW(&x, 3, NULL, NULL, NULL, NULL);
    ROW(&x, 4, "  ", "\xE3\x80\x80");  /* only spaces: an empty row, not listed */
    ROW(&x, 5, "合计", NULL, NULL, "1");
    ROW(&x, 6, NULL, "总 计");
    ROW(&x, 7, "小计：");
    ROW(&x, 8, "注：数据截至3月。");
    ROW(&x, 9, "说明：本表由各镇填报");
    assert_int_equal(finish(&x, &columns_units), 0);
    assert_int_equal(x.t.n_rows, 1);
    assert_int_equal(x.t.n_errors, 0);
    assert_int_equal(x.t.n_skipped, 5);
    uint32_t want[] = {5, 6, 7, 8, 9};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(x.t.skipped[i].row, want[i]);
    assert_string_equal(x.t.skipped[0].reason_en, "total row");
    assert_string_equal(x.t.skipped[3].reason_en, "a note under the table");
    arena_release(&x.a);
}

static void import_skips_notes_in_the_code_column(void **state)
{
    static struct built x;
    begin(&x);
    ROW(&x, 1, "单位编码", "单位名称", "单位类型");
    ROW(&x, 2, "T-1", "测试镇", "镇");
    ROW(&x, 3, "注：数据截至3月。");
    ROW(&x, 4, "填表人：张三", NULL, "联系电话：12345678");
    assert_int_equal(finish(&x, &columns_units), 0);
    assert_int_equal(x.t.n_rows, 1);
    assert_int_equal(x.t.errors_total, 0);
    assert_int_equal(x.t.n_skipped, 2);
    arena_release(&x.a);
}

/* The notes under a government form: a word, often a bracketed remark (盖章, 签字), a colon. */
static void import_skips_notes_with_a_bracketed_remark_or_a_longer_word(void **state)
{
    static struct built x;
    begin(&x);
    ROW(&x, 1, "单位编码", "单位名称", "单位类型");
    ROW(&x, 2, "T-1", "测试镇", "镇");
    ROW(&x, 3, "注意：本表不含开发区。");
    ROW(&x, 4, "填报单位（盖章）：", NULL, "负责人（签字）：");
    ROW(&x, 5, "制表时间：2020年3月9日");
    assert_int_equal(finish(&x, &columns_units), 0);
    assert_int_equal(x.t.n_rows, 1);
    assert_int_equal(x.t.errors_total, 0);
    assert_int_equal(x.t.n_skipped, 3);
    arena_release(&x.a);
}

static void import_without_a_required_column_names_it(void **state)
{
    static struct built x;
    begin(&x);
    ROW(&x, 1, "单位编码", "单位名称", "排序号");
    ROW(&x, 2, "T-1", "测试镇", "1");
    assert_int_equal(finish(&x, &columns_units), -1);
    assert_int_equal(x.e.code, ERR_NO_HEADER);
    assert_non_null(strstr(x.e.message_zh, "单位类型"));
    assert_null(strstr(x.e.message_zh, "单位名称"));
    assert_non_null(strstr(x.e.message_en, "row 1"));
    arena_release(&x.a);

    begin(&x);
    ROW(&x, 1, "项目名称", "金额");
    assert_int_equal(finish(&x, &columns_units), -1);
    assert_int_equal(x.e.code, ERR_NO_HEADER);
    assert_non_null(strstr(x.e.message_zh, "单位编码、单位名称、单位类型"));
    arena_release(&x.a);

    begin(&x); /* an empty sheet */
    assert_int_equal(finish(&x, &columns_units), -1);
    assert_int_equal(x.e.code, ERR_NO_HEADER);
    arena_release(&x.a);
}

static void import_lists_every_bad_cell_with_its_column_letter_and_header(void **state)
{
    static struct built x;
    begin(&x);
    ROW(&x, 1, "备注", "单位名称（全称）", "单 位 编 码", NULL, "类别", "排序");
    ROW(&x, 2, NULL, "甲", "T-1", NULL, "乡", "x");
    ROW(&x, 3, NULL, NULL, "T-2", NULL, "镇", "2");
    ROW(&x, 4, "ok", "丙", "T-3", NULL, "园区", "3.5");
    assert_int_equal(finish(&x, &columns_units), 0);
    assert_int_equal(x.t.n_rows, 3);
    assert_int_equal(x.t.errors_total, 4);
    assert_int_equal(x.t.n_errors, 4);
    struct {
        uint32_t row;
        const char *column, *header, *value;
    } want[] = {{2, "E", "类别", "乡"}, {2, "F", "排序", "x"}, {3, "B", "单位名称（全称）", NULL}, {4, "F", "排序", "3.5"}};
    for (size_t i = 0; i < 4; i++) {
        const struct import_cell_error *c = &x.t.errors[i];
        assert_int_equal(c->row, want[i].row);
        assert_string_equal(c->column, want[i].column);
        assert_string_equal(c->header, want[i].header);
        if (want[i].value)
            assert_string_equal(c->value, want[i].value);
        else
            assert_null(c->value);
        assert_true(strlen(c->reason_zh) > 0 && strlen(c->reason_en) > 0);
    }
    assert_non_null(strstr(x.t.errors[0].reason_zh, "部门、镇、街道、园区、其他"));
    arena_release(&x.a);
}

/* A resource with an amount and a date, as the project resources will have. */
static const struct column project_columns[] = {
    {.key = "name", .header = "项目名称", .header_en = "Name", .synonyms = "项目", .type = COL_TEXT, .importable = true,
     .required = true, .width = 20},
    {.key = "total", .header = "总投资", .header_en = "Total", .synonyms = "计划总投资", .type = COL_MONEY,
     .importable = true, .width = 12},
    {.key = "start", .header = "开工日期", .header_en = "Start", .type = COL_DATE, .importable = true, .width = 12},
};
static const struct resource_columns test_project_columns = {"projects", "项目", "name", project_columns, 3};

static void add_number(struct built *x, uint32_t col, const char *text)
{
    assert_int_equal(sheet_builder_cell(&x->b, col, CELL_NUMBER, text, strlen(text), &x->e), 0);
}

static void import_reads_amounts_in_the_header_unit_and_dates_in_either_system(void **state)
{
    static struct built x;
    begin(&x);
    ROW(&x, 1, "项目", "计划总投资（亿元）", "开工日期");
    assert_int_equal(sheet_builder_row(&x.b, 2, &x.e), 0);
    assert_int_equal(sheet_builder_cell(&x.b, 0, CELL_TEXT, S("道路"), &x.e), 0);
    add_number(&x, 1, "1.5");
    add_number(&x, 2, "43899");
    assert_int_equal(sheet_builder_row_end(&x.b, &x.e), 0);
    ROW(&x, 3, "桥梁", "0.30000000000000004", "2020年3月9日");
    assert_int_equal(sheet_builder_row(&x.b, 4, &x.e), 0);
    assert_int_equal(sheet_builder_cell(&x.b, 0, CELL_TEXT, S("隧道"), &x.e), 0);
    add_number(&x, 1, "0.30000000000000004"); /* a binary float: rounded */
    assert_int_equal(sheet_builder_row_end(&x.b, &x.e), 0);
    ROW(&x, 5, "码头", "1,000", "2020-02-30");
    assert_int_equal(finish(&x, &test_project_columns), 0);
    assert_int_equal(x.t.n_rows, 4);
    assert_string_equal(value(&x, 0, "total"), "15000000000"); /* 1.5 亿元 in fen */
    assert_string_equal(value(&x, 0, "start"), "2020-03-09");
    assert_string_equal(value(&x, 1, "start"), "2020-03-09");
    assert_string_equal(value(&x, 2, "total"), "3000000000");
    assert_string_equal(value(&x, 3, "total"), "10000000000000"); /* 1,000 亿元 */
    /* typed as text, an amount finer than a fen is refused: row 3; a day that never was: row 5 */
    assert_int_equal(x.t.errors_total, 2);
    assert_int_equal(x.t.errors[0].row, 3);
    assert_string_equal(x.t.errors[0].column, "B");
    assert_int_equal(x.t.errors[1].row, 5);
    assert_string_equal(x.t.errors[1].column, "C");
    arena_release(&x.a);

    begin(&x);
    x.s.date1904 = true;
    ROW(&x, 1, "项目名称", "总投资", "开工日期");
    assert_int_equal(sheet_builder_row(&x.b, 2, &x.e), 0);
    assert_int_equal(sheet_builder_cell(&x.b, 0, CELL_TEXT, S("道路"), &x.e), 0);
    add_number(&x, 1, "2");
    add_number(&x, 2, "42437");
    assert_int_equal(sheet_builder_row_end(&x.b, &x.e), 0);
    assert_int_equal(finish(&x, &test_project_columns), 0);
    assert_string_equal(value(&x, 0, "total"), "2000000"); /* no unit in the header: 万元 */
    assert_string_equal(value(&x, 0, "start"), "2020-03-09");
    assert_int_equal(x.t.errors_total, 0);
    arena_release(&x.a);
}

static void import_reads_the_amount_unit_from_any_form_of_the_header(void **state)
{
    const char *headers[] = {"总投资（元）", "总投资(元)", "总投资/亿元", "总投资万元", "总投资 （ 万元 ）", "总投资"};
    const char *fen[] = {"150", "150", "15000000000", "1500000", "1500000", "1500000"};
    for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
        static struct built x;
        begin(&x);
        ROW(&x, 1, "项目名称", headers[i]);
        ROW(&x, 2, "道路", "1.5");
        assert_int_equal(finish(&x, &test_project_columns), 0);
        assert_int_equal(x.t.errors_total, 0);
        assert_string_equal(value(&x, 0, "total"), fen[i]);
        arena_release(&x.a);
    }
}

static const struct column dollar_columns[] = {
    {.key = "name", .header = "项目名称", .header_en = "Name", .type = COL_TEXT, .importable = true, .required = true},
    {.key = "foreign", .header = "外资", .header_en = "Foreign", .type = COL_MONEY_USD, .importable = true},
};
static const struct resource_columns test_dollar_columns = {"projects", "项目", "name", dollar_columns, 2};

static void import_reads_a_dollar_amount_in_cents_by_its_dollar_unit(void **state)
{
    /* cents are to dollars as fen to 元: 1.5 万美元 is 1,500,000 cents; a 元 unit is not a dollar unit */
    const char *headers[] = {"外资（万美元）", "外资/美元", "外资亿美元", "外资"};
    const char *cents[] = {"1500000", "150", "15000000000", "1500000"};
    for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
        static struct built x;
        begin(&x);
        ROW(&x, 1, "项目名称", headers[i]);
        ROW(&x, 2, "道路", "1.5");
        assert_int_equal(finish(&x, &test_dollar_columns), 0);
        assert_int_equal(x.t.errors_total, 0);
        assert_string_equal(value(&x, 0, "foreign"), cents[i]);
        arena_release(&x.a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(money_parse_reads_each_unit_commas_and_exponents, release_arenas),
        cmocka_unit_test_teardown(money_parse_rounds_finer_than_a_fen_only_when_asked, release_arenas),
        cmocka_unit_test_teardown(money_parse_refuses_overflow_and_garbage, release_arenas),
        cmocka_unit_test_teardown(dates_typed_as_text_in_the_forms_people_use, release_arenas),
        cmocka_unit_test_teardown(months_typed_as_text, release_arenas),
        cmocka_unit_test_teardown(serials_in_the_1900_system_skip_the_day_that_never_was, release_arenas),
        cmocka_unit_test_teardown(serials_in_the_1904_system, release_arenas),
        cmocka_unit_test_teardown(serials_in_the_1904_system_start_at_day_0, release_arenas),
        cmocka_unit_test_teardown(serials_in_the_1904_system_stop_at_9999_12_31, release_arenas),
        cmocka_unit_test_teardown(value_normalize_makes_headers_comparable, release_arenas),
        cmocka_unit_test_teardown(value_trim_drops_ideographic_and_no_break_spaces, release_arenas),
        cmocka_unit_test_teardown(value_parse_int_takes_whole_numbers_as_spreadsheets_store_them, release_arenas),
        cmocka_unit_test_teardown(csv_reads_utf8_with_and_without_a_bom, release_arenas),
        cmocka_unit_test_teardown(csv_converts_gb18030, release_arenas),
        cmocka_unit_test_teardown(csv_converts_utf16_with_its_mark_and_tabs, release_arenas),
        cmocka_unit_test_teardown(csv_quotes_hold_separators_quotes_and_line_breaks, release_arenas),
        cmocka_unit_test_teardown(csv_keeps_text_after_a_closing_quote_as_excel_does, release_arenas),
        cmocka_unit_test_teardown(csv_row_numbers_count_records_and_blank_lines_with_any_line_end, release_arenas),
        cmocka_unit_test_teardown(csv_refuses_an_unclosed_quote_naming_its_row_and_binary_data, release_arenas),
        cmocka_unit_test_teardown(sheet_read_tells_xls_and_csv_apart_and_checks_the_sheet_name, release_arenas),
        cmocka_unit_test_teardown(sheet_column_letters_as_excel_names_columns, release_arenas),
        cmocka_unit_test_teardown(xlsx_reads_the_named_sheet_cell_kinds_merges_and_the_1904_system, release_arenas),
        cmocka_unit_test_teardown(import_reads_a_1904_workbook_date_and_a_formula_amount, release_arenas),
        cmocka_unit_test_teardown(import_finds_the_header_under_title_rows, release_arenas),
        cmocka_unit_test_teardown(import_reads_a_two_row_header_with_merged_cells, release_arenas),
        cmocka_unit_test_teardown(import_joins_a_group_header_with_the_column_under_it, release_arenas),
        cmocka_unit_test_teardown(import_skips_total_rows_and_notes_after_a_serial_column, release_arenas),
        cmocka_unit_test_teardown(import_skips_notes_in_the_code_column, release_arenas),
        cmocka_unit_test_teardown(import_skips_notes_with_a_bracketed_remark_or_a_longer_word, release_arenas),
        cmocka_unit_test_teardown(import_without_a_required_column_names_it, release_arenas),
        cmocka_unit_test_teardown(import_lists_every_bad_cell_with_its_column_letter_and_header, release_arenas),
        cmocka_unit_test_teardown(import_reads_amounts_in_the_header_unit_and_dates_in_either_system, release_arenas),
        cmocka_unit_test_teardown(import_reads_the_amount_unit_from_any_form_of_the_header, release_arenas),
        cmocka_unit_test_teardown(import_reads_a_dollar_amount_in_cents_by_its_dollar_unit, release_arenas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
