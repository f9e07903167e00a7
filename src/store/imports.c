/* What every import's store side shares; see store_internal.h. */
#include <stdio.h>
#include <string.h>

#include "base/strmap.h"
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
    (*r->errors)[(*r->n)++] =
        (struct import_row_error){index, field, zh_copy ? zh_copy : zh, en_copy ? en_copy : en};
}

int import_refuse_repeats(struct import_refusals *r, size_t n, const char *(*key)(const void *ctx, size_t i),
                          const void *ctx, const char *field, const char *what_zh, const char *what_en,
                          bool **repeated, struct error *e)
{
    struct strmap seen;
    *repeated = arena_calloc(r->a, (n ? n : 1) * sizeof(**repeated));
    if (!*repeated || strmap_init(&seen, n) != 0)
        return store_no_memory(e);
    for (size_t i = 0; i < n; i++) {
        size_t first;
        if (strmap_add(&seen, key(ctx, i), i, &first))
            continue;
        (*repeated)[i] = true;
        char zh[128], en[128];
        snprintf(zh, sizeof(zh), "%s与本表第 %zu 条重复", what_zh, first + 1);
        snprintf(en, sizeof(en), "the same %s as entry %zu of this sheet", what_en, first + 1);
        import_refuse(r, i, field, zh, en);
    }
    strmap_release(&seen);
    return r->failed ? store_no_memory(e) : 0;
}
