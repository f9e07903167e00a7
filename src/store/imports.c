/* What every import's store side shares; see store_internal.h. */
#include <string.h>

#include "store/store_internal.h"
#include "base/banned.h"

void import_refuse(struct import_refusals *r, size_t index, const char *field, const char *zh, const char *en)
{
    if (*r->n == r->cap) {
        size_t next = r->cap ? r->cap * 2 : 64;
        struct import_row_error *p = arena_alloc(r->a, next * sizeof(*p));
        if (!p) {
            r->failed = true;
            return;
        }
        if (*r->n)
            memcpy(p, *r->errors, *r->n * sizeof(*p));
        *r->errors = p;
        r->cap = next;
    }
    const char *zh_copy = arena_strndup(r->a, zh, strlen(zh)), *en_copy = arena_strndup(r->a, en, strlen(en));
    (*r->errors)[(*r->n)++] = (struct import_row_error){index, field, zh_copy ? zh_copy : zh, en_copy ? en_copy : en};
}
