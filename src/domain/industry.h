/*
 * Industries by GB/T 4754-2017 (国民经济行业分类): sections A–T, divisions (2 digits), groups (3)
 * and classes (4), from the table shipped in data/industry (embedded in the binary).
 */
#ifndef DOMAIN_INDUSTRY_H
#define DOMAIN_INDUSTRY_H

#include <stddef.h>

#include "base/error.h"

struct industry {
    const char *code, *name, *parent; /* parent NULL for a section */
    int level;                        /* 1 section … 4 class */
};

/* Checks that code is in the table; fills e (the given field) and returns -1 when it is not. */
int industry_check(const char *code, size_t len, const char *field, struct error *e);
/* The entry of a code, or NULL. Borrowed, valid for the program's life. */
const struct industry *industry_find(const char *code, size_t len);
/* The section (level 1) a code belongs to ("C" for 3741), or NULL for an unknown code. */
const struct industry *industry_section(const char *code, size_t len);
/* Every entry, in the table's order (sections first within their own order). */
const struct industry *industry_all(size_t *count);

#endif
