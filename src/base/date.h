/*
 * Dates and times: civil dates as day numbers (proleptic Gregorian, no time zones), ISO 8601
 * text, and the current UTC time. Reporting months are "YYYY-MM".
 */
#ifndef BASE_DATE_H
#define BASE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct date {
    int year, month, day;
};

bool date_valid(struct date d);
int64_t date_to_days(struct date d);      /* days since 1970-01-01 */
struct date date_from_days(int64_t days);
/* Parses exactly "YYYY-MM-DD"; returns 0 or -1. */
int date_parse_iso(const char *s, size_t len, struct date *out);
void date_format_iso(struct date d, char buf[11]);
/* Writes the current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (needs 21 bytes). */
void date_now_iso(char *buf, size_t size);
/* Today in the server's local time zone (TZ; a city's day, for deadlines and warnings), as days. */
int64_t date_today(void);
/* The UTC time `offset` seconds from now, as "YYYY-MM-DDTHH:MM:SSZ" (needs 21 bytes). */
void date_iso_from_now(long long offset, char *buf, size_t size);
/* Seconds from a to b, both "YYYY-MM-DDTHH:MM:SSZ"; 0 when either is malformed. */
long long date_iso_seconds_between(const char *a, const char *b);
/* Microseconds from a monotonic clock, for measuring durations. */
int64_t clock_micros(void);

#endif
