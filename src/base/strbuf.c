/* strbuf: growable string with a maximum; see strbuf.h. */
#include "base/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static bool grow(struct strbuf *sb, size_t extra)
{
    if (sb->failed)
        return false;
    size_t max = sb->max ? sb->max : STRBUF_DEFAULT_MAX;
    if (extra > max || sb->len > max - extra) {
        sb->failed = true;
        return false;
    }
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return true;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(sb->buf, cap);
    if (!p) {
        sb->failed = true;
        return false;
    }
    sb->buf = p;
    sb->cap = cap;
    return true;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
    if ((sb->len + len + 1 > sb->cap || sb->len + len > sb->max || sb->failed) && !grow(sb, len))
        return;
    if (len)
        memcpy(sb->buf + sb->len, data, len);
    sb->len += len;
    sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_reserve(struct strbuf *sb, size_t extra)
{
    grow(sb, extra);
}

void strbuf_add_int(struct strbuf *sb, long long value)
{
    char digits[24];
    size_t n = sizeof(digits);
    unsigned long long v = value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
    do {
        digits[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (value < 0)
        digits[--n] = '-';
    strbuf_add(sb, digits + n, sizeof(digits) - n);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    if (sb->failed)
        return;
    /* formatted once into the room there is; a second time only when it did not fit */
    size_t room = sb->cap - sb->len, max = sb->max ? sb->max : STRBUF_DEFAULT_MAX;
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(room ? sb->buf + sb->len : NULL, room, fmt, copy);
    va_end(copy);
    if (n < 0 || (size_t)n > max || sb->len > max - (size_t)n) {
        sb->failed = true;
        if (sb->buf)
            sb->buf[sb->len] = '\0';
        return;
    }
    if ((size_t)n < room) {
        sb->len += (size_t)n;
        return;
    }
    if (!grow(sb, (size_t)n)) {
        if (sb->buf)
            sb->buf[sb->len] = '\0';
        return;
    }
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

void strbuf_reset(struct strbuf *sb)
{
    sb->len = 0;
    sb->failed = false;
    if (sb->buf)
        sb->buf[0] = '\0';
}

void strbuf_release(struct strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    sb->failed = false;
}
