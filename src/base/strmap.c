/* Open addressing with linear probing, sized once; see strmap.h. */
#include "base/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

int strmap_init(struct strmap *m, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2 + 1)
        cap *= 2;
    *m = (struct strmap){.keys = calloc(cap, sizeof(*m->keys)), .values = calloc(cap, sizeof(*m->values)), .cap = cap};
    if (!m->keys || !m->values) {
        strmap_release(m);
        return -1;
    }
    return 0;
}

void strmap_release(struct strmap *m)
{
    free(m->keys);
    free(m->values);
    *m = (struct strmap){0};
}

static size_t slot(const struct strmap *m, const char *key)
{
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

bool strmap_add(struct strmap *m, const char *key, size_t value, size_t *existing)
{
    size_t i = slot(m, key);
    if (m->keys[i]) {
        *existing = m->values[i];
        return false;
    }
    if ((m->count + 1) * 2 > m->cap) { /* full: init sized it for fewer keys */
        *existing = SIZE_MAX;
        return false;
    }
    m->keys[i] = key;
    m->values[i] = value;
    m->count++;
    return true;
}

bool strmap_get(const struct strmap *m, const char *key, size_t *value)
{
    if (!m->cap)
        return false;
    size_t i = slot(m, key);
    if (!m->keys[i])
        return false;
    *value = m->values[i];
    return true;
}
