/* Medians of day counts; see stats.h. */
#include "domain/stats.h"

#include <stdlib.h>

#include "base/banned.h"

/*
 * Puts the k-th smallest of v[0..n) at v[k], the smaller ones before it and the larger after
 * (Hoare's selection, median-of-three pivots): linear on average, where sorting a year's tens of
 * thousands of day counts for the cockpit took a tenth of its time.
 */
static void select_kth(int64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t a = v[lo], b = v[mid], c = v[hi];
        int64_t pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                int64_t t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

/* a + b, held at the int64 limits instead of overflowing (day counts never come near them). */
static int64_t add_saturating(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b)
        return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b)
        return INT64_MIN;
    return a + b;
}

bool median_twice(int64_t *v, size_t n, int64_t *out)
{
    if (n == 0)
        return false;
    size_t low = (n - 1) / 2;
    select_kth(v, n, low);
    int64_t high = v[low];
    for (size_t i = low + 1; i < n && n % 2 == 0; i++) /* the smallest above the lower middle */
        if (i == low + 1 || v[i] < high)
            high = v[i];
    *out = add_saturating(v[low], high);
    return true;
}
