/*
 * libFuzzer target for the XML handling of the xlsx reader (src/io/xlsx_read.c): the fuzzer's
 * bytes become one XML part of an otherwise valid workbook, zipped in memory (stored, not
 * compressed) with libzip, so that mutations reach expat and our handlers rather than breaking
 * the zip. The first byte picks the part (bits 0-1: 0 sheet, 1 shared strings, 2 workbook, 3
 * workbook relations), whether the sheet is asked for by name (bit 2) and whether the arena is
 * tight (bit 3: 8 KiB times 1 + bits 4-7), so that running out of memory half-way is fuzzed too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "fuzz_import.h"
#include "io/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const part_names[] = {
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
};

/* The valid parts the fuzzed one is put among: a units sheet with shared and inline strings (the
   sheet uses shared strings 0 to 5 only, so that a seed's six-string table fits it). */
static const char *const part_defaults[] = {
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>2</v></c><c r=\"C2\" "
    "t=\"s\"><v>3</v></c>"
    "<c r=\"D2\" t=\"s\"><v>4</v></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>TOWN-01</t></is></c><c r=\"B3\" t=\"s\"><v>5</v></c>"
    "<c r=\"C3\" t=\"inlineStr\"><is><t>镇</t></is></c><c r=\"D3\"><v>90</v></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"str\"><f>\"合\"&amp;\"计\"</f><v>合计</v></c><c "
    "r=\"D4\"><v>1.5E+2</v></c></row>"
    "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:D1\"/></mergeCells></worksheet>",

    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"6\" uniqueCount=\"6\">"
    "<si><t>2020年单位名单</t></si><si><t>单位编码</t></si><si><t>单位名称</t></si>"
    "<si><r><rPr><b/></rPr><t>单位</t></r><r><t xml:space=\"preserve\">类型 </t></r></si>"
    "<si><t>排序号</t></si><si><t>示例镇</t><rPh sb=\"0\" "
    "eb=\"1\"><t>shi</t></rPh></si></sst>",

    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<workbookPr date1904=\"false\"/><sheets><sheet name=\"Sheet1\" sheetId=\"1\" "
    "r:id=\"rId1\"/></sheets></workbook>",

    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/></Relationships>",
};

/* Zips the four parts (part `fuzzed` being xml) into a malloc'd buffer; NULL on failure. */
static void *zip_parts(size_t fuzzed, const void *xml, size_t xml_len, size_t *out_len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    zip_t *za = NULL;
    void *out = NULL;
    if (!src)
        goto out;
    zip_source_keep(src);
    if (!(za = zip_open_from_source(src, ZIP_TRUNCATE, &err)))
        goto out;
    for (size_t i = 0; i < 4; i++) {
        const void *body = i == fuzzed ? xml : part_defaults[i];
        size_t len = i == fuzzed ? xml_len : strlen(part_defaults[i]);
        zip_source_t *s = zip_source_buffer(za, body, len, 0);
        zip_int64_t index = s ? zip_file_add(za, part_names[i], s, ZIP_FL_ENC_UTF_8) : -1;
        if (index < 0) {
            zip_source_free(s);
            goto out;
        }
        zip_set_file_compression(za, (zip_uint64_t)index, ZIP_CM_STORE, 0);
    }
    int closed = zip_close(za);
    if (closed != 0)
        goto out;
    za = NULL;
    zip_stat_t st;
    if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
        goto out;
    out = malloc(st.size ? st.size : 1);
    if (out && zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
        free(out);
        out = NULL;
    }
    *out_len = st.size;
    zip_source_close(src);
out:
    if (za)
        zip_discard(za);
    zip_source_free(src);
    zip_error_fini(&err);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t zip_len = 0;
    void *zip = zip_parts(data[0] & 3, data + 1, size - 1, &zip_len);
    if (!zip)
        abort(); /* the harness itself failed: not a finding about our code */
    const char *sheet_name = data[0] & 4 ? "Sheet1" : NULL;
    struct arena a = ARENA_INIT;
    a.limit = data[0] & 8 ? (size_t)(1 + (data[0] >> 4)) << 13 : (size_t)64 << 20;
    struct sheet s;
    struct error e = {0};
    if (xlsx_read(zip, zip_len, sheet_name, &read_limits_default, &a, &s, &e) == 0) {
        fuzz_report(&e, &s);
        fuzz_import(&s, &a);
    } else {
        FUZZ_CHECK(e.code != ERR_NONE);
        fuzz_report(&e, &s);
    }
    arena_release(&a);
    free(zip);
    return 0;
}
