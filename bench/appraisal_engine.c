/*
 * bench/appraisal_engine.c — the appraisal engine at a province's scale: 3,000 subjects × 300
 * leaves in one scheme (10 groups of 300, every method mixed, deterministic pseudo-random data).
 * Times appr_compute (median of 5) and appr_update_leaf of one changed value (median of 100).
 * Built with the rest as bench_appraisal (not a test); run a release build: build/bench_appraisal
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/decimal.h"
#include "domain/appraisal.h"
#include "base/banned.h"

#define SUBJECTS 3000
#define LEAVES 300
#define GROUPS 10
#define RATINGS 7
#define COMPUTE_RUNS 5
#define UPDATE_RUNS 100

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int64_t between(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

/* Methods in the shares a real scheme has: ratio most, then the others. */
static enum appr_method method_of(size_t l)
{
    static const enum appr_method mix[20] = {
        APPR_RATIO, APPR_RATIO, APPR_RATIO,    APPR_RATIO,    APPR_RATIO,    APPR_RATIO, APPR_RANK,
        APPR_RANK,  APPR_RANK,  APPR_EFFICACY, APPR_EFFICACY, APPR_EFFICACY, APPR_BAND,  APPR_BAND,
        APPR_BAND,  APPR_CHECK, APPR_CHECK,    APPR_SURVEY,   APPR_SURVEY,   APPR_SURVEY};
    return mix[l % 20];
}

static void make_leaf(struct appr_leaf *leaf, size_t l)
{
    appr_leaf_init(leaf, method_of(l), between(100, 500));
    leaf->direction = rng() % 4 == 0 ? APPR_LOWER : APPR_HIGHER;
    leaf->cap = DEC_SCALE + between(0, 2) * 100000;
    leaf->has_floor = rng() % 3 == 0;
    leaf->floor = 500000;
    leaf->min_score = leaf->full_marks / 2;
    leaf->has_step = rng() % 2;
    leaf->step = 10;
    leaf->n_bands = 3;
    for (size_t k = 0; k < 3; k++) {
        int64_t x = leaf->direction == APPR_LOWER ? (int64_t)(k + 1) * 30 : (int64_t)(3 - k) * 30;
        leaf->bands[k] = (struct appr_band){x * DEC_SCALE, DEC_SCALE - (int64_t)k * 250000};
    }
}

static void make_value(const struct appr_leaf *leaf, int64_t *ratings, struct appr_value *v)
{
    memset(v, 0, sizeof(*v));
    v->has_actual = rng() % 100 != 0;
    v->has_target = true;
    v->actual = between(0, 120 * DEC_SCALE);
    v->target = between(50, 110) * DEC_SCALE;
    if (leaf->method == APPR_CHECK)
        v->actual = rng() % 5 ? DEC_SCALE : 0;
    if (leaf->method == APPR_SURVEY) {
        v->n_ratings = (size_t)between(3, RATINGS);
        for (size_t k = 0; k < v->n_ratings; k++)
            ratings[k] = between(60, 99) * DEC_SCALE + between(0, 9) * 100000;
        v->ratings = ratings;
    }
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *t, size_t n)
{
    qsort(t, n, sizeof(*t), compare_doubles);
    return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

int main(void)
{
    size_t cells = (size_t)SUBJECTS * LEAVES;
    struct appr_leaf *leaves = calloc(LEAVES, sizeof(*leaves));
    struct appr_subject *subjects = calloc(SUBJECTS, sizeof(*subjects));
    struct appr_value *values = calloc(cells, sizeof(*values));
    int64_t *ratings = calloc(cells * RATINGS, sizeof(*ratings));
    struct appr_score *scores = calloc(cells, sizeof(*scores));
    struct appr_result *results = calloc(SUBJECTS, sizeof(*results));
    if (!leaves || !subjects || !values || !ratings || !scores || !results) {
        fprintf(stderr, "bench_appraisal: out of memory\n");
        return 1;
    }
    for (size_t l = 0; l < LEAVES; l++)
        make_leaf(&leaves[l], l);
    const struct appr_grade grades[4] = {
        {false, 0, true, 150000}, {false, 0, true, 500000}, {false, 0, true, 850000}, {false, 0, false, 0}};
    struct appr_scheme scheme = {leaves, LEAVES, grades, 4, true, true, 500, 1000};
    struct error e = {0};
    if (appr_scheme_check(&scheme, &e) < 0) {
        fprintf(stderr, "bench_appraisal: %s: %s\n", e.field, e.message_en);
        return 1;
    }
    for (size_t s = 0; s < SUBJECTS; s++) {
        subjects[s] = (struct appr_subject){s % GROUPS, between(0, 800), between(0, 1200),
                                            rng() % 50 == 0 ? APPR_VETO_BAR_TOP : APPR_VETO_NONE};
        for (size_t l = 0; l < LEAVES; l++)
            make_value(&leaves[l], &ratings[(s * LEAVES + l) * RATINGS], &values[s * LEAVES + l]);
    }

    double compute[COMPUTE_RUNS];
    for (int i = 0; i < COMPUTE_RUNS; i++) {
        double t0 = now_ms();
        if (appr_compute(&scheme, subjects, SUBJECTS, GROUPS, values, scores, results) < 0)
            return 1;
        compute[i] = now_ms() - t0;
    }
    double update[UPDATE_RUNS], update_rank[UPDATE_RUNS], worst = 0;
    for (int i = 0; i < UPDATE_RUNS; i++) {
        for (int pass = 0; pass < 2; pass++) {
            /* any leaf, then a rank leaf (the dearest: it sorts the group) */
            size_t l = (size_t)between(0, LEAVES - 1);
            if (pass == 1)
                l = (size_t)between(0, LEAVES / 20 - 1) * 20 + 6;
            size_t s = (size_t)between(0, SUBJECTS - 1);
            make_value(&leaves[l], &ratings[(s * LEAVES + l) * RATINGS], &values[s * LEAVES + l]);
            double t0 = now_ms();
            if (appr_update_leaf(&scheme, subjects, SUBJECTS, values, l, subjects[s].group, scores, results) <
                0)
                return 1;
            double t = now_ms() - t0;
            *(pass ? &update_rank[i] : &update[i]) = t;
            worst = t > worst ? t : worst;
        }
    }
    size_t errors = 0;
    int64_t best = results[0].total;
    for (size_t s = 0; s < SUBJECTS; s++) {
        errors += results[s].n_errors;
        best = results[s].total > best ? results[s].total : best;
    }
    char best_text[DEC_TEXT_MAX];
    points_format(best, best_text);
    printf("appraisal engine: %d subjects x %d leaves, %d groups (%zu leaf errors, best total %s)\n",
           SUBJECTS, LEAVES, GROUPS, errors, best_text);
    double compute_median = median(compute, COMPUTE_RUNS); /* sorts: then [0] is the fastest */
    printf("appr_compute: median %.1f ms of %d (min %.1f, max %.1f)\n", compute_median, COMPUTE_RUNS,
           compute[0], compute[COMPUTE_RUNS - 1]);
    printf("appr_update_leaf, any leaf: median %.3f ms of %d\n", median(update, UPDATE_RUNS), UPDATE_RUNS);
    printf("appr_update_leaf, a rank leaf: median %.3f ms of %d (slowest of all %d: %.3f ms)\n",
           median(update_rank, UPDATE_RUNS), UPDATE_RUNS, 2 * UPDATE_RUNS, worst);
    free(leaves);
    free(subjects);
    free(values);
    free(ratings);
    free(scores);
    free(results);
    return 0;
}
