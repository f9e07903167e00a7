/*
 * The demo city's benchmarking: 澄港市 and eight fictional peer cities (every one marked as demo data),
 * the ten years up to last year of all twelve built-in indicators, and three goals split among the
 * towns and parks. Each city grows at its own rates (with a small fixed wobble per year), so 澄港市 is
 * behind some peers, ahead of others, and passes one of them within a few years at current rates;
 * energy intensity falls everywhere. The figures are made in double and rounded to the indicator's
 * decimals once: they are invented, not computed from anything.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/decimal.h"
#include "cli/cli.h"
#include "base/banned.h"

#define DEMO_NOTE "演示数据（虚构）"
#define YEARS 10

/* A city's size and pace: GDP in 亿元 ten years before last year and its yearly growth; the rest follow it.
 */
struct demo_city {
    const char *name;
    double gdp, growth;
    double budget, industry, trade, fdi, retail, investment; /* shares of GDP */
    double urban, rural;                                     /* 元, ten years before last year */
    double rd, hightech, energy;                             /* %, %, 吨标准煤/万元 */
};

static const struct demo_city cities[] = {
    {"澄港市", 1200, 0.075, 0.085, 1.9, 0.70, 0.0075, 0.33, 0.62, 52000, 26000, 2.30, 38.0, 0.52},
    {"凤溪市", 2600, 0.055, 0.095, 2.2, 0.95, 0.0090, 0.36, 0.55, 64000, 33000, 3.20, 49.0, 0.41},
    {"锦湾市", 1900, 0.060, 0.090, 2.0, 0.80, 0.0080, 0.38, 0.58, 59000, 30000, 2.80, 44.0, 0.45},
    {"鹿泽市", 1550, 0.050, 0.080, 1.8, 0.60, 0.0060, 0.35, 0.60, 55000, 28000, 2.40, 40.0, 0.50},
    {"兆亭市", 1000, 0.065, 0.075, 1.6, 0.45, 0.0050, 0.40, 0.66, 48000, 24000, 1.90, 33.0, 0.58},
    {"云渡市", 3200, 0.045, 0.100, 2.4, 1.10, 0.0110, 0.34, 0.50, 68000, 35000, 3.50, 52.0, 0.38},
    {"沙苑市", 2100, 0.070, 0.088, 2.1, 0.75, 0.0085, 0.32, 0.60, 60000, 31000, 2.90, 45.0, 0.44},
    {"德泉市", 900, 0.080, 0.070, 1.5, 0.40, 0.0045, 0.42, 0.70, 46000, 23000, 1.70, 30.0, 0.62},
    {"永林市", 1300, 0.058, 0.082, 1.7, 0.55, 0.0065, 0.37, 0.63, 53000, 27000, 2.10, 36.0, 0.54},
};
#define N_CITIES (sizeof(cities) / sizeof(cities[0]))
#define PASSED 3 /* 鹿泽市: ahead of 澄港市 last year, passed within a few years at current rates */
#define AHEAD 2  /* 锦湾市: a budget-revenue city to catch up with */

/* A fixed wobble in [-1, 1] for a city, an indicator and a year. */
static double wobble(size_t c, size_t k, int y)
{
    uint64_t h =
        0x9e3779b97f4a7c15ULL ^ (c * 0x100000001b3ULL) ^ (k * 0xc2b2ae3d27d4eb4fULL) ^ ((uint64_t)y << 32);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (double)(h % 2001) / 1000.0 - 1.0;
}

/* A decimal rounded to `decimals` places. */
static int64_t as_decimal(double v, int decimals)
{
    int64_t quantum = DEC_SCALE;
    for (int i = 0; i < decimals; i++)
        quantum /= 10;
    double q = v * DEC_SCALE / (double)quantum;
    return (int64_t)(q < 0 ? q - 0.5 : q + 0.5) * quantum;
}

/* City c's value of built-in indicator k (its place in the catalogue) in year index t (0: the first of ten).
 */
static double figure(size_t c, size_t k, int t)
{
    const struct demo_city *d = &cities[c];
    double gdp = d->gdp, income_u = d->urban, income_r = d->rural;
    for (int i = 1; i <= t; i++) {
        gdp *= 1 + d->growth + 0.008 * wobble(c, 0, i);
        income_u *= 1 + d->growth * 0.8 + 0.006 * wobble(c, 7, i);
        income_r *= 1 + d->growth * 0.95 + 0.006 * wobble(c, 8, i);
    }
    double drift = 1 + 0.03 * wobble(c, k, t); /* a share of GDP moves a little from year to year */
    switch (k) {
    case 0:
        return gdp;
    case 1:
        return gdp * d->budget * drift;
    case 2:
        return gdp * d->industry * drift;
    case 3:
        return gdp * d->trade * drift;
    case 4:
        return gdp * d->fdi * drift;
    case 5:
        return gdp * d->retail * drift;
    case 6:
        return gdp * d->investment * (1 - 0.012 * t) * drift;
    case 7:
        return income_u;
    case 8:
        return income_r;
    case 9:
        return d->rd + 0.08 * t + 0.03 * wobble(c, k, t);
    case 10:
        return d->hightech + 0.9 * t + 0.3 * wobble(c, k, t);
    default: {
        double e = d->energy;
        for (int i = 1; i <= t; i++)
            e *= 1 - 0.038 - 0.01 * wobble(c, k, i);
        return e;
    }
    }
}

static int add_cities(struct store *st, struct arena *a, const struct actor *who, int64_t *ids,
                      struct error *e)
{
    for (size_t c = 0; c < N_CITIES; c++) {
        struct bm_city_input in = {.has_name = true,
                                   .name = cities[c].name,
                                   .has_is_self = true,
                                   .is_self = c == 0,
                                   .has_note = true,
                                   .note = DEMO_NOTE,
                                   .has_sort_order = true,
                                   .sort_order = (int)c * 10,
                                   .demo = true};
        struct bm_city out;
        if (store_bm_city_create(st, 1, who, &in, a, &out, e) != 0)
            return -1;
        ids[c] = out.id;
    }
    return 0;
}

static int add_values(struct store *st, struct arena *a, const struct actor *who,
                      const struct bm_indicator *ind, size_t n_ind, const int64_t *city_ids, int first_year,
                      struct error *e)
{
    size_t n = N_CITIES * n_ind * YEARS, k = 0;
    struct bm_value *v = arena_calloc(a, n * sizeof(*v));
    if (!v)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t c = 0; c < N_CITIES; c++)
        for (size_t i = 0; i < n_ind; i++)
            for (int t = 0; t < YEARS; t++)
                v[k++] = (struct bm_value){.indicator_id = ind[i].id,
                                           .city_id = city_ids[c],
                                           .year = first_year + t,
                                           .has_value = true,
                                           .value = as_decimal(figure(c, i, t), ind[i].decimals),
                                           .source = DEMO_NOTE};
    size_t written;
    return store_bm_values_put(st, 1, who, v, k, "演示数据", &written, e);
}

/* The top-level towns and parks, weighted: parks carry more of the economy. */
static int split_units(struct store *st, struct arena *a, struct bm_goal_unit **out, size_t *n,
                       struct error *e)
{
    struct unit_filter f = {.page = 1, .page_size = 1000};
    struct unit *units;
    size_t n_units;
    int64_t total;
    if (store_units_list(st, 1, &f, a, &units, &n_units, &total, e) != 0)
        return -1;
    *out = arena_calloc(a, (n_units + 1) * sizeof(**out));
    if (!*out)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    *n = 0;
    for (size_t i = 0; i < n_units; i++) {
        const char *code = units[i].code;
        bool town = strncmp(code, "TOWN-", 5) == 0, park = strncmp(code, "PARK-", 5) == 0;
        if ((!town && !park) || strchr(code + 5, '-'))
            continue;
        int64_t weight = park ? 3 * DEC_SCALE : DEC_SCALE + (int64_t)(*n % 3) * DEC_SCALE / 2;
        (*out)[(*n)++] = (struct bm_goal_unit){.unit_id = units[i].id, .weight = weight};
    }
    return 0;
}

static int add_goal(struct store *st, struct arena *a, const struct actor *who,
                    const struct bm_goal_input *in, enum bm_split split, const struct bm_goal_unit *units,
                    size_t n, struct error *e)
{
    struct bm_goal g;
    return store_bm_goal_create(st, 1, who, in, a, &g, e) == 0 &&
                   store_bm_goal_units_put(st, 1, who, g.id, split, units, n, e) == 0
               ? 0
               : -1;
}

static int add_goals(struct store *st, struct arena *a, const struct actor *who,
                     const struct bm_indicator *ind, const int64_t *city_ids, int year, struct error *e)
{
    struct bm_goal_unit *units = NULL, *parks;
    size_t n_units = 0, n_parks = 0;
    if (split_units(st, a, &units, &n_units, e) != 0)
        return -1;
    parks = arena_calloc(a, (n_units + 1) * sizeof(*parks));
    if (!parks)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t i = 0; i < n_units; i++)
        if (units[i].weight == 3 * DEC_SCALE)
            parks[n_parks++] = units[i];
    char name[3][128], note[256];
    snprintf(name[0], sizeof(name[0]), "到%d年地区生产总值超过%s", year + 3, cities[PASSED].name);
    struct bm_goal_input pass = {.has_name = true,
                                 .name = name[0],
                                 .has_indicator = true,
                                 .indicator_id = ind[0].id,
                                 .has_year = true,
                                 .year = year + 3,
                                 .has_base_year = true,
                                 .base_year = year - 1,
                                 .has_peer = true,
                                 .peer_city_id = city_ids[PASSED],
                                 .has_cagr_years = true,
                                 .cagr_years = 5,
                                 .has_note = true,
                                 .note = DEMO_NOTE};
    /* a value goal: a quarter more budget revenue in three years, rounded to ten 亿元 */
    int64_t revenue = as_decimal(figure(0, 1, YEARS - 1) * 1.25 / 10, 0) * 10;
    char num[DEC_TEXT_MAX];
    dec_format(revenue, num);
    snprintf(name[1], sizeof(name[1]), "到%d年一般公共预算收入达到%s亿元", year + 2, num);
    snprintf(note, sizeof(note), "%s；追赶%s", DEMO_NOTE, cities[AHEAD].name);
    struct bm_goal_input value = {.has_name = true,
                                  .name = name[1],
                                  .has_indicator = true,
                                  .indicator_id = ind[1].id,
                                  .has_year = true,
                                  .year = year + 2,
                                  .has_base_year = true,
                                  .base_year = year - 1,
                                  .has_target_value = true,
                                  .target_value = revenue,
                                  .has_cagr_years = true,
                                  .cagr_years = 3,
                                  .has_note = true,
                                  .note = note};
    snprintf(name[2], sizeof(name[2]), "到%d年R&D经费支出占GDP比重达到3.5%%", year + 3);
    struct bm_goal_input rd = {.has_name = true,
                               .name = name[2],
                               .has_indicator = true,
                               .indicator_id = ind[9].id,
                               .has_year = true,
                               .year = year + 3,
                               .has_base_year = true,
                               .base_year = year - 1,
                               .has_target_value = true,
                               .target_value = 3500000,
                               .has_cagr_years = true,
                               .cagr_years = 5,
                               .has_note = true,
                               .note = DEMO_NOTE};
    return add_goal(st, a, who, &pass, BM_SPLIT_WEIGHTS, units, n_units, e) == 0 &&
                   add_goal(st, a, who, &value, BM_SPLIT_WEIGHTS, units, n_units, e) == 0 &&
                   add_goal(st, a, who, &rd, BM_SPLIT_SAME, parks, n_parks, e) == 0
               ? 0
               : -1;
}

int demo_benchmark_fill(struct store *st, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct actor who = {0, "demo", "local"};
    int year = date_from_days(date_today()).year;
    struct bm_indicator *ind;
    size_t n_ind;
    int64_t city_ids[N_CITIES];
    int rc = -1;
    if (store_batch_begin(st, e) != 0)
        return -1;
    if (store_bm_indicators_list(st, 1, &a, &ind, &n_ind, e) != 0)
        goto out;
    if (n_ind < 12 || strcmp(ind[0].code, "gdp") != 0 || strcmp(ind[9].code, "rd_share") != 0) {
        error_set(e, ERR_INTERNAL, NULL, "内置对标指标不全",
                  "the built-in benchmark indicators are incomplete");
        goto out;
    }
    n_ind = 12;
    if (add_cities(st, &a, &who, city_ids, e) != 0 ||
        add_values(st, &a, &who, ind, n_ind, city_ids, year - YEARS, e) != 0 ||
        add_goals(st, &a, &who, ind, city_ids, year, e) != 0)
        goto out;
    rc = 0;
out:
    if (store_batch_end(st, rc == 0, e) != 0)
        rc = -1;
    arena_release(&a);
    return rc;
}
