/*
 * libFuzzer target for benchmarking's import (src/io/benchmark_import.c): any bytes as a CSV
 * sheet, read in both layouts against a small catalogue, checking what benchmark_sheets.h
 * promises: every value names a known indicator and city, a year and quarter in range, a decimal
 * within DEC_MAX, no two alike; every error has its sheet, field and both messages.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"
#include "fuzz_import.h"
#include "io/benchmark_sheets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct bm_indicator indicators[] = {
    {.id = 11, .code = "gdp", .name = "地区生产总值", .unit = "亿元"},
    {.id = 12, .code = "rd_share", .name = "R&D 经费支出占 GDP 比重", .unit = "%"},
};
static const struct bm_city cities[] = {
    {.id = 1, .name = "苏州市", .division_code = "320500"},
    {.id = 2, .name = "无锡", .division_code = ""},
};

static void check(const struct bm_import *im, int rc, const struct error *e)
{
    FUZZ_CHECK(rc == 0 ? im->errors_total == 0 : e->code != ERR_NONE);
    FUZZ_CHECK(im->n_errors <= IMPORT_ERRORS_MAX && im->n_errors <= im->errors_total);
    for (size_t i = 0; i < im->n_errors; i++) {
        const struct bm_import_error *x = &im->errors[i];
        FUZZ_CHECK(x->sheet && x->field && x->cell.reason_zh && x->cell.reason_en && x->cell.header);
        FUZZ_CHECK(memchr(x->cell.column, '\0', sizeof(x->cell.column)));
    }
    for (size_t i = 0; i < im->n_values; i++) {
        const struct bm_value *v = &im->values[i];
        FUZZ_CHECK(v->indicator_id == 11 || v->indicator_id == 12);
        FUZZ_CHECK(v->city_id == 1 || v->city_id == 2);
        FUZZ_CHECK(v->year >= BM_YEAR_MIN && v->year <= BM_YEAR_MAX && v->quarter >= 0 && v->quarter <= 4);
        FUZZ_CHECK(v->has_value && v->value <= DEC_MAX && v->value >= -DEC_MAX);
        FUZZ_CHECK(im->origins[i].sheet && im->origins[i].row >= 1);
        for (size_t k = 0; k < i && k < 64; k++) {
            const struct bm_value *w = &im->values[k];
            FUZZ_CHECK(!(w->indicator_id == v->indicator_id && w->city_id == v->city_id &&
                         w->year == v->year && w->quarter == v->quarter));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = ARENA_INIT;
    a.limit = 64u << 20;
    struct sheet s;
    struct error e = {0};
    if (csv_read(data, size, &read_limits_default, &a, &s, &e) == 0) {
        fuzz_check_sheet(&s);
        (void)fuzz_import; /* the other resources' reading is fuzz_csv's */
        s.name = "gdp";    /* a CSV's sheet is named after nothing: read as the indicator's */
        struct bm_import_ref ref = {indicators, 2, cities, 2, 0, "fuzz"};
        for (int layout = BM_LAYOUT_WIDE; layout <= BM_LAYOUT_LONG; layout++) {
            struct bm_import im;
            error_clear(&e);
            int rc = bm_import_sheets(&s, 1, (enum bm_layout)layout, &ref, &a, &im, &e);
            if (rc != 0 && e.code != ERR_INVALID_ROWS)
                FUZZ_CHECK(e.code == ERR_TOO_LARGE); /* out of the arena's room */
            else
                check(&im, rc, &e);
        }
    }
    arena_release(&a);
    return 0;
}
