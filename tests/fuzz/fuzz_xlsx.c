/*
 * libFuzzer target for the xlsx reader (src/io/xlsx_read.c): any bytes as a whole uploaded file
 * through sheet_read (an xlsx when it starts as a zip archive does: read by libzip from memory,
 * its XML parts streamed through expat), then header matching and typed cells (fuzz_import.h). Seeds are
 * small workbooks made by openpyxl (tests/fuzz/seeds.py); mutations mostly exercise the zip layer, fuzz_xml
 * the XML inside.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_import.h"
#include "io/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = ARENA_INIT;
    a.limit = 64u << 20;
    struct sheet s;
    struct error e = {0};
    if (sheet_read(data, size, NULL, &read_limits_default, &a, &s, &e) == 0) {
        fuzz_report(&e, &s);
        fuzz_import(&s, &a);
    } else {
        FUZZ_CHECK(e.code != ERR_NONE);
        fuzz_report(&e, &s);
    }
    arena_release(&a);
    return 0;
}
