/* Medians of day counts; see stats.h. */
#include "domain/stats.h"

#include <stdlib.h>

#include "base/banned.h"

static int by_value(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
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
    qsort(v, n, sizeof(*v), by_value);
    *out = add_saturating(v[(n - 1) / 2], v[n / 2]);
    return true;
}
