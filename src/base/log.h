/*
 * Structured logging: one JSON object per line on stderr, written with a single write(2) so
 * lines from several threads never interleave.
 */
#ifndef BASE_LOG_H
#define BASE_LOG_H

#include <stdbool.h>
#include <stddef.h>

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One line per request: method, path, status, body bytes, microseconds. */
void log_request(const char *method, size_t method_len, const char *path, size_t path_len, int status,
                 size_t bytes, long long micros);
void log_set_requests(bool enabled);

#endif
