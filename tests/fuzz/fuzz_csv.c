/*
 * libFuzzer target for the CSV reader (src/io/csv_read.c): any bytes, as an upload would give
 * them, through encoding detection (UTF-8, UTF-16, GB18030 via iconv) and RFC 4180 parsing, then
 * header matching and typed cells (fuzz_import.h).
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
    if (csv_read(data, size, &read_limits_default, &a, &s, &e) == 0) {
        fuzz_report(&e, &s);
        fuzz_import(&s, &a);
    } else {
        FUZZ_CHECK(e.code != ERR_NONE);
        fuzz_report(&e, &s);
    }
    arena_release(&a);
    return 0;
}
