/* Civil dates (Howard Hinnant's days_from_civil algorithm) and clocks; see date.h. */
#include "base/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/banned.h"

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool date_valid(struct date d)
{
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= days_in_month(d.year, d.month);
}

int64_t date_to_days(struct date d)
{
    int64_t y = d.year - (d.month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct date date_from_days(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    struct date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    return d;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int date_parse_iso(const char *s, size_t len, struct date *out)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    struct date d = {digits(s, 4), digits(s + 5, 2), digits(s + 8, 2)};
    if (d.year < 0 || d.month < 0 || d.day < 0 || !date_valid(d))
        return -1;
    *out = d;
    return 0;
}

void date_format_iso(struct date d, char buf[11])
{
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)d.year % 10000u, (unsigned)d.month % 100u, (unsigned)d.day % 100u);
}

void date_now_iso(char *buf, size_t size)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t date_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return date_to_days((struct date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday});
}

void date_iso_from_now(long long offset, char *buf, size_t size)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    time_t t = ts.tv_sec + (time_t)offset;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Seconds since 1970 of "YYYY-MM-DDTHH:MM:SSZ"; -1 when malformed. */
static long long iso_seconds(const char *s)
{
    struct date d;
    if (!s || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
        date_parse_iso(s, 10, &d) != 0)
        return -1;
    int h = digits(s + 11, 2), m = digits(s + 14, 2), sec = digits(s + 17, 2);
    if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60)
        return -1;
    return (long long)date_to_days(d) * 86400 + h * 3600 + m * 60 + sec;
}

long long date_iso_seconds_between(const char *a, const char *b)
{
    long long x = iso_seconds(a), y = iso_seconds(b);
    return x < 0 || y < 0 ? 0 : y - x;
}

int64_t clock_micros(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
