/*
 * bench/benchmark_matrix.c — the benchmarking store at the scale: 3,000 cities × 30
 * indicators × 20 years (1.8 million values) loaded through store_bm_values_put in batches of
 * 10,000, then store_bm_matrix timed (median of 20) for what a comparison table reads (one
 * indicator, every city, the year and the five before), a series (one indicator, 20 years), a
 * radar (12 indicators, one year) and one indicator for 9 chosen cities.
 * Built with the rest as bench_benchmark_matrix (not a test); run a release build:
 *   build/bench_benchmark_matrix [TARGET]   (default /tmp/pacesetter-bench-matrix.db, recreated;
 *   a postgresql:// URI names an empty database, which it migrates)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/decimal.h"
#include "store/store.h"
#include "base/banned.h"

#define CITIES 3000
#define INDICATORS 30
#define YEARS 20
#define FIRST_YEAR 2005
#define BATCH 10000
#define RUNS 20

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int fail(const char *what, const struct error *e)
{
    fprintf(stderr, "bench_benchmark_matrix: %s: %s\n", what, e->message_en);
    return 1;
}

/* Median time of RUNS calls of store_bm_matrix, each with an arena of its own. */
static double time_matrix(struct store *st, const int64_t *ind, size_t n_ind, const int64_t *cities,
                          size_t n_cities, int from, int to, size_t *cells)
{
    double t[RUNS];
    for (int r = 0; r < RUNS; r++) {
        struct arena a = ARENA_INIT;
        struct bm_matrix m;
        struct error e;
        double t0 = now_ms();
        if (store_bm_matrix(st, 1, ind, n_ind, cities, n_cities, from, to, 0, &a, &m, &e) != 0) {
            fail("matrix", &e);
            exit(1);
        }
        t[r] = now_ms() - t0;
        size_t filled = 0;
        for (size_t i = 0; i < m.n_indicators * m.n_cities * m.n_years; i++)
            filled += m.values[i].has;
        *cells = filled;
        arena_release(&a);
    }
    qsort(t, RUNS, sizeof(*t), cmp_double);
    return t[RUNS / 2];
}

int main(int argc, char **argv)
{
    const char *target = argc > 1 ? argv[1] : "/tmp/pacesetter-bench-matrix.db";
    if (strncmp(target, "postgres", 8) != 0)
        unlink(target);
    struct store *st;
    struct error e;
    int from, to;
    if (store_open(&st, target, STORE_OPEN_CREATE, &e) != 0 || store_migrate(st, &from, &to, &e) != 0)
        return fail("open", &e);
    struct actor who = {0, "bench", "local"};
    struct arena a = ARENA_INIT;
    int64_t ind[INDICATORS];
    struct bm_indicator *items;
    size_t n_items;
    if (store_bm_indicators_list(st, 1, &a, &items, &n_items, &e) != 0)
        return fail("indicators", &e);
    for (size_t i = 0; i < INDICATORS; i++) {
        if (i < n_items) {
            ind[i] = items[i].id;
            continue;
        }
        char code[16], name[32];
        snprintf(code, sizeof(code), "x%zu", i);
        snprintf(name, sizeof(name), "指标%zu", i);
        struct bm_indicator_input in = {.has_code = true,
                                        .code = code,
                                        .has_name = true,
                                        .name = name,
                                        .has_unit = true,
                                        .unit = "亿元",
                                        .has_direction = true,
                                        .has_kind = true,
                                        .kind = BM_FLOW};
        struct bm_indicator out;
        if (store_bm_indicator_create(st, 1, &who, &in, &a, &out, &e) != 0)
            return fail("indicator", &e);
        ind[i] = out.id;
    }
    static int64_t city[CITIES];
    double t0 = now_ms();
    if (store_batch_begin(st, &e) != 0)
        return fail("batch", &e);
    for (size_t c = 0; c < CITIES; c++) {
        char name[32];
        snprintf(name, sizeof(name), "城市%04zu", c);
        struct bm_city_input in = {.has_name = true, .name = name, .has_is_self = true, .is_self = c == 0};
        struct bm_city out;
        if (store_bm_city_create(st, 1, &who, &in, &a, &out, &e) != 0)
            return fail("city", &e);
        city[c] = out.id;
    }
    struct bm_value *batch = malloc(BATCH * sizeof(*batch));
    size_t n = 0, total = 0;
    uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < INDICATORS; i++)
        for (size_t c = 0; c < CITIES; c++)
            for (int y = 0; y < YEARS; y++) {
                h ^= h << 13;
                h ^= h >> 7;
                h ^= h << 17;
                batch[n++] = (struct bm_value){.indicator_id = ind[i],
                                               .city_id = city[c],
                                               .year = FIRST_YEAR + y,
                                               .has_value = true,
                                               .value = (int64_t)(h % 100000000) * 10000};
                if (n == BATCH) {
                    size_t written;
                    if (store_bm_values_put(st, 1, &who, batch, n, "bench", &written, &e) != 0)
                        return fail("values", &e);
                    total += written;
                    n = 0;
                }
            }
    if (store_batch_end(st, true, &e) != 0)
        return fail("batch end", &e);
    free(batch);
    printf("loaded %zu cities, %d indicators, %zu values in %.1f s (%s)\n", (size_t)CITIES, INDICATORS, total,
           (now_ms() - t0) / 1e3, target);

    size_t cells;
    int last = FIRST_YEAR + YEARS - 1;
    double ms = time_matrix(st, ind, 1, NULL, 0, last - 5, last, &cells);
    printf("comparison: 1 indicator × %d cities × 6 years: %.2f ms (median of %d), %zu values\n", CITIES, ms,
           RUNS, cells);
    ms = time_matrix(st, ind, 1, NULL, 0, FIRST_YEAR, last, &cells);
    printf("series:     1 indicator × %d cities × %d years: %.2f ms, %zu values\n", CITIES, YEARS, ms, cells);
    ms = time_matrix(st, ind, 12, NULL, 0, last, last, &cells);
    printf("radar:      12 indicators × %d cities × 1 year: %.2f ms, %zu values\n", CITIES, ms, cells);
    int64_t few[9];
    for (int i = 0; i < 9; i++)
        few[i] = city[i * 331];
    ms = time_matrix(st, ind, 1, few, 9, last - 5, last, &cells);
    printf("peers:      1 indicator × 9 cities × 6 years: %.2f ms, %zu values\n", ms, cells);
    arena_release(&a);
    store_close(st);
    return 0;
}
