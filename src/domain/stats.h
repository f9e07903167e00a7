/* Small exact statistics for the speed reports: medians of day counts. */
#ifndef DOMAIN_STATS_H
#define DOMAIN_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Twice the median of v (reordered in place), so that the mean of the two middle values of an even
 * count stays exact. False when n is 0 (no median: shown as "—"). A sum beyond int64 is held at
 * INT64_MAX or INT64_MIN instead of overflowing (day counts never come near).
 */
bool median_twice(int64_t *v, size_t n, int64_t *out);

#endif
