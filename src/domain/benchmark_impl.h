/*
 * What the files of benchmarking share (not part of its contract, see benchmark.h): a figure made
 * from an exact quotient or from a double, and the pieces of text the explanations are built of.
 */
#ifndef DOMAIN_BENCHMARK_IMPL_H
#define DOMAIN_BENCHMARK_IMPL_H

#include "base/decimal.h"
#include "domain/benchmark.h"

#define BM_S ((dec_wide)DEC_SCALE)

static inline struct bm_fig bm_fig_ok(int64_t v)
{
    return (struct bm_fig){v, BM_OK};
}

static inline struct bm_fig bm_fig_none(enum bm_status s)
{
    return (struct bm_fig){0, s};
}

/* The decimal num / den (den > 0), rounded once half away from zero; OUT_OF_RANGE past ±DEC_MAX. */
struct bm_fig bm_quotient(dec_wide num, dec_wide den);
/* A decimal's raw value (× 10^6) computed in double, rounded half away from zero; OUT_OF_RANGE past ±DEC_MAX
 * or not finite. */
struct bm_fig bm_from_double(double raw);
/* (1 + rate) as a double, for a decimal rate. */
double bm_growth_factor(int64_t rate);

/* The total of a table's present values (its figure), their exact sum and whether one is negative. */
struct bm_fig bm_total(const struct bm_compare_in *in, dec_wide *sum, bool *negative);

/* Text: a decimal as dec_format writes it; inside a formula a negative one in parentheses; a rate as a
 * percentage with two decimals ("8.33%"). */
void bm_add_dec(struct strbuf *sb, int64_t v);
void bm_add_operand(struct strbuf *sb, int64_t v);
void bm_add_pct(struct strbuf *sb, int64_t rate);
/* Why a figure has no value, zh / en. */
void bm_add_reason(struct strbuf *sb, enum bm_status s);

#endif
