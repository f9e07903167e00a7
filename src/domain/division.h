/*
 * Administrative division codes (GB/T 2260): six digits, province (2) + city (2) + county (2).
 * "320000" is a province, "320500" a city, "320582" a county-level division. A code is valid
 * when it has that form and every level it names exists in the national table shipped in
 * data/divisions (embedded in the binary).
 */
#ifndef DOMAIN_DIVISION_H
#define DOMAIN_DIVISION_H

#include <stddef.h>

#include "base/error.h"

/* Checks form and structure; fills e (field "division_code") and returns -1 when invalid. */
int division_check(const char *code, size_t len, struct error *e);
/* The name of a known code ("张家港市"), or NULL. Borrowed, valid for the program's life. */
const char *division_name(const char *code, size_t len);

#endif
