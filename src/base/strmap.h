/* A map from strings to sizes, for matching rows by code within one import. Keys are borrowed. */
#ifndef BASE_STRMAP_H
#define BASE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap {
    const char **keys;
    size_t *values;
    size_t cap, count; /* cap is a power of two, at least twice count */
};

/* Sizes the map for n keys; -1 when out of memory. */
int strmap_init(struct strmap *m, size_t n);
void strmap_release(struct strmap *m);
/* Adds key → value; if the key is there, leaves it and gives its value in *existing (SIZE_MAX: map full). */
bool strmap_add(struct strmap *m, const char *key, size_t value, size_t *existing);
bool strmap_get(const struct strmap *m, const char *key, size_t *value);

#endif
