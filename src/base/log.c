/* Logging to stderr as JSON lines; see log.h. */
#include "base/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <unistd.h>

#include "base/date.h"
#include "base/json_escape.h"
#include "base/strbuf.h"
#include "base/banned.h"

static atomic_bool requests_enabled = true;

void log_set_requests(bool enabled)
{
    atomic_store(&requests_enabled, enabled);
}

static void emit(struct strbuf *sb)
{
    strbuf_addch(sb, '\n');
    if (!sb->failed) {
        ssize_t off = 0;
        while ((size_t)off < sb->len) {
            ssize_t n = write(STDERR_FILENO, sb->buf + off, sb->len - (size_t)off);
            if (n <= 0)
                break;
            off += n;
        }
    }
    strbuf_release(sb);
}

/* Request lines carry no level: they are the access log, every other line says its level. */
static void begin(struct strbuf *sb, const char *level)
{
    char ts[32];
    date_now_iso(ts, sizeof(ts));
    strbuf_addf(sb, "{\"ts\":\"%s\"", ts);
    if (level)
        strbuf_addf(sb, ",\"level\":\"%s\"", level);
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
    struct strbuf sb = STRBUF_INIT, msg = STRBUF_INIT;
    begin(&sb, level);
    strbuf_vaddf(&msg, fmt, ap);
    strbuf_addstr(&sb, ",\"msg\":");
    json_escape(&sb, msg.buf ? msg.buf : "", msg.len);
    strbuf_addch(&sb, '}');
    strbuf_release(&msg);
    emit(&sb);
}

void log_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("info", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("error", fmt, ap);
    va_end(ap);
}

void log_request(const char *method, size_t method_len, const char *path, size_t path_len, int status,
                 size_t bytes, long long micros)
{
    if (!atomic_load(&requests_enabled))
        return;
    struct strbuf sb = STRBUF_INIT;
    begin(&sb, NULL);
    strbuf_addstr(&sb, ",\"method\":");
    json_escape(&sb, method, method_len);
    strbuf_addstr(&sb, ",\"path\":");
    json_escape(&sb, path, path_len);
    strbuf_addf(&sb, ",\"status\":%d,\"bytes\":%zu,\"us\":%lld}", status, bytes, micros);
    emit(&sb);
}
