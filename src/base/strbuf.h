/*
 * strbuf: a growable byte string with a hard maximum (after git's strbuf and curl's dynbuf).
 * Growth past the maximum or a failed allocation sets `failed` and drops further writes, so a
 * caller checks once at the end. buf is always NUL-terminated when non-NULL. Caller releases.
 */
#ifndef BASE_STRBUF_H
#define BASE_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
    char *buf;
    size_t len, cap, max;
    bool failed;
};

#define STRBUF_DEFAULT_MAX ((size_t)16 << 20)
#define STRBUF_INIT {NULL, 0, 0, STRBUF_DEFAULT_MAX, false}

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
/* Makes room for `extra` more bytes up front; growth past the maximum sets failed. */
void strbuf_reserve(struct strbuf *sb, size_t extra);

static inline void strbuf_addch(struct strbuf *sb, char c)
{
    if (sb->len + 2 <= sb->cap && sb->len + 1 <= sb->max && !sb->failed) {
        sb->buf[sb->len++] = c;
        sb->buf[sb->len] = '\0';
    } else {
        strbuf_add(sb, &c, 1);
    }
}
void strbuf_add_int(struct strbuf *sb, long long value); /* decimal, without printf's cost */
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb); /* len = 0, keeps the memory */
void strbuf_release(struct strbuf *sb);

#endif
