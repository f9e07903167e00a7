/*
 * Arena: a bump allocator for everything one request (or one command) needs. Allocations are
 * never freed one by one; arena_release() frees them all. Every allocation can fail (NULL),
 * including by reaching the arena's hard limit, so hostile input cannot exhaust memory.
 */
#ifndef BASE_ARENA_H
#define BASE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
    struct arena_chunk *head;
    size_t used_total;
    size_t limit; /* bytes; 0 means the default (64 MiB) */
};

#define ARENA_INIT {NULL, 0, 0}

void *arena_alloc(struct arena *a, size_t size);    /* arena-owned, 16-byte aligned; NULL on failure */
void *arena_calloc(struct arena *a, size_t size);   /* same, zeroed */
char *arena_strndup(struct arena *a, const char *s, size_t len); /* NUL-terminated copy */
/*
 * An array of n items of size bytes with room for one more: items itself while *cap > n, else a
 * copy twice as large (*cap updated). NULL on failure (items is left as it was).
 */
void *arena_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size);
void arena_release(struct arena *a);
/* Moves everything src holds into dst (for work done in an arena of its own on another thread). */
void arena_adopt(struct arena *dst, struct arena *src);                /* frees everything; the arena can be reused */

#endif
