/*
 * Cell values as people type them, read into the forms the API uses: trimmed text, whole
 * numbers, decimals (with thousands commas), dates (serial numbers in either date system, or
 * 2020-03-09, 2020/3/9, 2020.3.9, 2020年3月9日; months as 2020-03, 2020年3月, 2020.3) and a
 * normalised form of header text for matching. Pure functions, no I/O.
 */
#ifndef IO_VALUE_H
#define IO_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

/* Drops spaces (ASCII, no-break, ideographic) and line breaks from both ends. */
void value_trim(const char **s, size_t *len);

/* A whole number: "90", "-3", "90.0" (as a spreadsheet may store it). */
int value_parse_int(const char *s, size_t len, int64_t *out);

/* Why a decimal was refused. */
enum value_decimal_error { VALUE_NOT_A_NUMBER = -1, VALUE_TOO_PRECISE = -2, VALUE_TOO_LARGE = -3 };
/*
 * A decimal (base/decimal.h, × 10^6) as people type it: full-width digits, thousands commas
 * ("1,234.5"), an exponent ("1.5E+3"). round: a number cell's double, rounded to 6 decimals.
 * 0 with *out, or an enum value_decimal_error: more than 6 decimals, beyond DEC_MAX, not a number.
 */
int value_parse_decimal(const char *s, size_t len, bool round, int64_t *out);
/* A date typed as text (day required). */
int value_parse_date_text(const char *s, size_t len, struct date *out);
/* A month typed as text (2020-03, 2020/3, 2020.3, 2020年3月) or a full date (its month). */
int value_parse_month_text(const char *s, size_t len, int *year, int *month);
/* A spreadsheet's day number ("43899" or "43899.5": the time is dropped) in its date system. */
int value_parse_serial(const char *s, size_t len, bool date1904, struct date *out);

/*
 * Header text made comparable: full-width letters, digits and brackets to half-width, spaces,
 * line breaks and the '*' of required columns removed, ASCII letters lower-cased. Writes at most
 * size-1 bytes and a NUL; returns the length.
 */
size_t value_normalize(const char *s, size_t len, char *out, size_t size);

#endif
