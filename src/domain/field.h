/*
 * Helpers the domain's field rules share (not part of any module's contract): an enum's
 * name looked up in its table, and the limits of a text field, with messages naming the field.
 */
#ifndef DOMAIN_FIELD_H
#define DOMAIN_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

/* The index of s in names[0..count), or -1. Exact, case-sensitive. */
int field_name_index(const char *const *names, int count, const char *s, size_t len);

struct text_limits {
    const char *field;               /* the error's field */
    const char *label_zh, *label_en; /* "企业名称", "the enterprise name" */
    size_t max;                      /* characters (code points) */
    bool may_be_blank;
    bool multiline;                  /* newline and tab allowed (other control characters never are) */
};

/* Valid UTF-8, not blank (unless allowed), at most max characters, no control characters. */
int field_check_text(const struct text_limits *t, const char *s, size_t len, struct error *e);

#endif
