/*
 * A goal split into units' targets by weights, by largest remainder (Hamilton's method) in whole
 * quanta; see benchmark.h and docs/benchmarking.md. No memory is allocated: the quanta left over
 * go to the remainders at or above the one found by a binary search over their values.
 */
#include "domain/benchmark_impl.h"
#include "base/banned.h"

/* How many of the remainders (quanta × weight mod sum) are at least cut. */
static size_t count_at_least(const int64_t *weights, size_t n, dec_wide quanta, dec_wide sum, dec_wide cut)
{
    size_t c = 0;
    for (size_t k = 0; k < n; k++)
        c += quanta * weights[k] % sum >= cut;
    return c;
}

/* The left-th largest remainder (1 ≤ left ≤ n): the largest cut that at least left remainders reach. */
static dec_wide cut_for(const int64_t *weights, size_t n, dec_wide quanta, dec_wide sum, size_t left)
{
    dec_wide lo = 0, hi = sum - 1;
    while (lo < hi) {
        dec_wide mid = lo + (hi - lo + 1) / 2;
        if (count_at_least(weights, n, quanta, sum, mid) >= left)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int bm_decompose(int64_t total, const int64_t *weights, size_t n, int64_t quantum, int64_t *parts,
                 size_t *bad)
{
    if (quantum <= 0 || total > DEC_MAX || total < -DEC_MAX) {
        *bad = SIZE_MAX;
        return -1;
    }
    dec_wide sum = 0;
    for (size_t k = 0; k < n; k++) {
        if (weights[k] < 0) {
            *bad = k;
            return -1;
        }
        sum += weights[k];
    }
    if (sum == 0) {
        *bad = n;
        return -1;
    }
    dec_wide quanta = dec_div_round(total, quantum);
    int64_t sign = quanta < 0 ? -1 : 1;
    quanta *= sign;
    dec_wide given = 0;
    for (size_t k = 0; k < n; k++) {
        parts[k] = (int64_t)(quanta * weights[k] / sum);
        given += parts[k];
    }
    size_t left = (size_t)(quanta - given); /* < n: each part lost less than one quantum */
    if (left > 0) {
        dec_wide cut = cut_for(weights, n, quanta, sum, left);
        size_t at_cut =
            left - count_at_least(weights, n, quanta, sum, cut + 1); /* ties at the cut: the earlier */
        for (size_t k = 0; k < n; k++) {
            dec_wide r = quanta * weights[k] % sum;
            if (r > cut || (r == cut && at_cut > 0)) {
                at_cut -= r == cut;
                parts[k]++;
            }
        }
    }
    for (size_t k = 0; k < n; k++)
        parts[k] = sign * parts[k] * quantum;
    return 0;
}
