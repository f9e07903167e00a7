/* Cell values as people type them; see value.h. */
#include "io/value.h"

#include <string.h>

#include "base/decimal.h"

#include "base/utf8.h"
#include "base/banned.h"

/* The code point at s (len > 0, valid UTF-8) and its length in *n. */
static uint32_t decode(const char *s, size_t len, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    *n = utf8_sequence_length(s, len);
    switch (*n) {
    case 1: return u[0];
    case 2: return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
    case 3: return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    case 4:
        return (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 | (uint32_t)(u[2] & 0x3F) << 6 |
               (u[3] & 0x3F);
    default: *n = 1; return 0xFFFD;
    }
}

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000 || c == 0xFEFF;
}

void value_trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len, k;
    while (n > 0 && is_space(decode(p, n, &k)))
        p += k, n -= k;
    /* from the end: step back over whole sequences */
    while (n > 0) {
        size_t start = n - 1;
        while (start > 0 && ((unsigned char)p[start] & 0xC0) == 0x80)
            start--;
        if (!is_space(decode(p + start, n - start, &k)))
            break;
        n = start;
    }
    *s = p;
    *len = n;
}

int value_parse_int(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool negative = false;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        negative = s[i++] == '-';
    size_t start = i;
    int64_t v = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        if (v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (i == start)
        return -1;
    if (i < len && s[i] == '.') /* "90.0": only zeros may follow the point */
        for (i++; i < len && s[i] == '0'; i++)
            ;
    if (i != len)
        return -1;
    *out = negative ? -v : v;
    return 0;
}

/* Reads up to `max` digits as a number into *v; returns how many were read. */
static size_t digits(const char *s, size_t len, size_t *i, size_t max, int *v)
{
    size_t n = 0;
    *v = 0;
    while (*i < len && n < max && s[*i] >= '0' && s[*i] <= '9') {
        *v = *v * 10 + (s[*i] - '0');
        (*i)++, n++;
    }
    return n;
}

/* Skips one separator: - / . or the character 年/月 (given as its UTF-8 bytes). */
static bool separator(const char *s, size_t len, size_t *i, const char *cjk)
{
    if (*i < len && (s[*i] == '-' || s[*i] == '/' || s[*i] == '.')) {
        (*i)++;
        return true;
    }
    size_t n = strlen(cjk);
    if (*i + n <= len && memcmp(s + *i, cjk, n) == 0) {
        *i += n;
        return true;
    }
    return false;
}

/* year, month and (if present) day; *has_day says which. The whole text must be used. */
static int parse_ymd(const char *s, size_t len, int *y, int *m, int *d, bool *has_day)
{
    size_t i = 0;
    if (digits(s, len, &i, 4, y) != 4 || !separator(s, len, &i, "年") || digits(s, len, &i, 2, m) == 0)
        return -1;
    *has_day = false;
    if (i == len)
        return 0;
    if (len - i == 3 && memcmp(s + i, "月", 3) == 0)
        return 0;
    if (!separator(s, len, &i, "月") || digits(s, len, &i, 2, d) == 0)
        return -1;
    *has_day = true;
    if (i + 3 == len && (memcmp(s + i, "日", 3) == 0 || memcmp(s + i, "号", 3) == 0))
        i += 3;
    /* a time after the date (2020-03-09 00:00:00, 2020-03-09T08:00:00Z) is dropped */
    if (i < len && (s[i] == ' ' || s[i] == 'T' || s[i] == 't') && len - i >= 6 && s[i + 3] == ':')
        i = len;
    return i == len ? 0 : -1;
}

int value_parse_date_text(const char *s, size_t len, struct date *out)
{
    int y, m, d = 0;
    bool has_day;
    if (parse_ymd(s, len, &y, &m, &d, &has_day) != 0 || !has_day)
        return -1;
    struct date dt = {y, m, d};
    if (!date_valid(dt))
        return -1;
    *out = dt;
    return 0;
}

int value_parse_month_text(const char *s, size_t len, int *year, int *month)
{
    int y, m, d = 1;
    bool has_day;
    if (parse_ymd(s, len, &y, &m, &d, &has_day) != 0 || !date_valid((struct date){y, m, has_day ? d : 1}))
        return -1;
    *year = y;
    *month = m;
    return 0;
}

int value_parse_serial(const char *s, size_t len, bool date1904, struct date *out)
{
    int64_t days = 0;
    size_t i = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        if (days > 10000000)
            return -1;
        days = days * 10 + (s[i] - '0');
    }
    if (i == 0)
        return -1;
    if (i < len && s[i] == '.')
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            ;
    /* 9999-12-31 is day 2958465 from 1900, 2957003 from 1904; the 1904 system counts from day 0 */
    if (i != len || days < (date1904 ? 0 : 1) || days > (date1904 ? 2957003 : 2958465))
        return -1;
    int64_t epoch;
    if (date1904) {
        epoch = date_to_days((struct date){1904, 1, 1});
    } else {
        /* Excel counts 1900-02-29, which never was (Lotus 1-2-3's mistake, kept for files' sake) */
        if (days == 60)
            return -1;
        epoch = date_to_days((struct date){1899, 12, days < 60 ? 31 : 30});
    }
    *out = date_from_days(epoch + days);
    return 0;
}

#define DECIMAL_TEXT_MAX 64 /* bytes: no decimal is longer */

static size_t digits_at(const char *s, size_t n, size_t i)
{
    size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    return i - start;
}

/* [sign] digits [. digits] [e [sign] digits]: a number, however large. */
static bool well_formed(const char *s, size_t n)
{
    size_t i = s[0] == '+' || s[0] == '-', whole = digits_at(s, n, i), frac = 0;
    i += whole;
    if (i < n && s[i] == '.')
        i += 1 + (frac = digits_at(s, n, i + 1));
    if (whole + frac == 0)
        return false;
    if (i < n && s[i] == 'e') {
        i += i + 1 < n && (s[i + 1] == '+' || s[i + 1] == '-') ? 2 : 1;
        size_t e = digits_at(s, n, i);
        if (e == 0)
            return false;
        i += e;
    }
    return i == n;
}

int value_parse_decimal(const char *s, size_t len, bool round, int64_t *out)
{
    value_trim(&s, &len);
    if (len == 0 || len > DECIMAL_TEXT_MAX)
        return VALUE_NOT_A_NUMBER;
    char norm[DECIMAL_TEXT_MAX * 2], num[DECIMAL_TEXT_MAX * 2];
    size_t n = value_normalize(s, len, norm, sizeof(norm)), k = 0; /* "１２３" typed with a Chinese input method */
    for (size_t i = 0; i < n; i++) {
        if (norm[i] == ',' && i > 0 && i + 1 < n && norm[i - 1] >= '0' && norm[i - 1] <= '9' && norm[i + 1] >= '0' &&
            norm[i + 1] <= '9')
            continue; /* a thousands separator */
        num[k++] = norm[i];
    }
    num[k] = '\0';
    if (dec_parse(num, k, round, out) == 0)
        return 0;
    int64_t rounded;
    if (dec_parse(num, k, true, &rounded) == 0)
        return VALUE_TOO_PRECISE;
    return k && well_formed(num, k) ? VALUE_TOO_LARGE : VALUE_NOT_A_NUMBER;
}

size_t value_normalize(const char *s, size_t len, char *out, size_t size)
{
    size_t o = 0, i = 0, k;
    while (i < len && o + 5 < size) {
        uint32_t c = decode(s + i, len - i, &k);
        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0; /* full-width ASCII */
        else if (c == 0x3010 || c == 0x3014)
            c = '['; /* 【 〔 */
        else if (c == 0x3011 || c == 0x3015)
            c = ']';
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (is_space(c) || c == '*') {
            i += k;
            continue;
        }
        if (c < 0x80)
            out[o++] = (char)c;
        else {
            memcpy(out + o, s + i, k);
            o += k;
        }
        i += k;
    }
    out[o] = '\0';
    return o;
}
