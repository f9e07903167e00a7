/* Appends a JSON string literal (with quotes) for bytes that may not be valid UTF-8. */
#ifndef BASE_JSON_ESCAPE_H
#define BASE_JSON_ESCAPE_H

#include <stddef.h>

#include "base/strbuf.h"

/* Invalid UTF-8 bytes are written as U+FFFD, so the output is always valid JSON. */
void json_escape(struct strbuf *sb, const char *s, size_t len);
/* A JSON string for the NUL-terminated s, or null when s is NULL. */
void json_escape_or_null(struct strbuf *sb, const char *s);

#endif
