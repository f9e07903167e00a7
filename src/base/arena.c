/* Arena allocator: chunks of at least 8 KiB, each allocation rounded up to 16 bytes. */
#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

#define ARENA_CHUNK_MIN 8192
#define ARENA_DEFAULT_LIMIT ((size_t)64 << 20)

struct arena_chunk {
    struct arena_chunk *next;
    size_t cap, used;
    _Alignas(16) unsigned char data[];
};

void *arena_alloc(struct arena *a, size_t size)
{
    size_t limit = a->limit ? a->limit : ARENA_DEFAULT_LIMIT;
    if (size > limit)
        return NULL;
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    struct arena_chunk *c = a->head;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > ARENA_CHUNK_MIN ? size : ARENA_CHUNK_MIN;
        if (a->used_total + cap > limit)
            return NULL;
        c = malloc(sizeof(*c) + cap);
        if (!c)
            return NULL;
        c->cap = cap;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        a->used_total += cap;
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

void *arena_calloc(struct arena *a, size_t size)
{
    void *p = arena_alloc(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

void *arena_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return items;
    size_t want = *cap ? 2 * *cap : 16;
    if (want > SIZE_MAX / size)
        return NULL;
    void *grown = arena_alloc(a, want * size);
    if (!grown)
        return NULL;
    if (n)
        memcpy(grown, items, n * size);
    *cap = want;
    return grown;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = arena_alloc(a, len + 1);
    if (p) {
        if (len)
            memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

void arena_release(struct arena *a)
{
    struct arena_chunk *c = a->head;
    while (c) {
        struct arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->used_total = 0;
}

void arena_adopt(struct arena *dst, struct arena *src)
{
    if (!src->head)
        return;
    struct arena_chunk *tail = src->head;
    while (tail->next)
        tail = tail->next;
    if (dst->head) { /* behind dst's current chunk, which goes on serving allocations */
        tail->next = dst->head->next;
        dst->head->next = src->head;
    } else {
        dst->head = src->head;
    }
    dst->used_total += src->used_total;
    *src = (struct arena)ARENA_INIT;
}
