/* UTF-8: validation and character counts (names are limited in characters, not bytes). */
#ifndef BASE_UTF8_H
#define BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the valid, shortest-form sequence starting at s (1–4), or 0 if it is invalid. */
size_t utf8_sequence_length(const char *s, size_t len);
bool utf8_valid(const char *s, size_t len);
/* Number of code points; the input must be valid UTF-8. */
size_t utf8_count(const char *s, size_t len);
/* True if s holds a C0/C1 control character or DEL (tabs and newlines included). */
bool utf8_has_control(const char *s, size_t len);
/* True if s is empty or only whitespace (ASCII or the ideographic space U+3000). */
bool utf8_is_blank(const char *s, size_t len);

#endif
