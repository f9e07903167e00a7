/*
 * Decimals (× 10^6) and points (× 10^2) to and from text; see decimal.h. A number is read as its
 * significant digits and the power of ten of the last one, then placed at the scale wanted, so
 * that "1.5E+3" and "1500" are the same value and no step goes through floating point.
 */
#include "base/decimal.h"

#include <string.h>

#include "base/banned.h"

#define SIGNIFICANT_MAX 40
#define EXPONENT_MAX 1000

struct scientific {
    bool negative;
    char digits[SIGNIFICANT_MAX]; /* without leading zeros */
    size_t n;
    int exp10; /* the value is digits × 10^exp10 */
};

/* Reads [sign] digits [. digits] [e [sign] digits], the whole of s; -1 for anything else. */
static int read_scientific(const char *s, size_t len, struct scientific *out)
{
    size_t i = 0;
    out->negative = false;
    out->n = 0;
    out->exp10 = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        out->negative = s[i++] == '-';
    bool any_digit = false, after_point = false;
    for (; i < len; i++) {
        if (s[i] == '.' && !after_point) {
            after_point = true;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            break;
        any_digit = true;
        if (after_point)
            out->exp10--;
        if (out->n == 0 && s[i] == '0')
            continue;
        if (out->n == SIGNIFICANT_MAX)
            return -1;
        out->digits[out->n++] = s[i];
    }
    if (!any_digit)
        return -1;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool negative_exponent = false;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            negative_exponent = s[i++] == '-';
        size_t start = i;
        int e = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9' && e < EXPONENT_MAX)
            e = e * 10 + (s[i++] - '0');
        if (i == start)
            return -1;
        out->exp10 += negative_exponent ? -e : e;
    }
    return i == len ? 0 : -1;
}

/*
 * The value × 10^scale as an integer of magnitude at most max: nonzero digits below the unit are
 * refused unless round, when the first of them decides (half away from zero).
 */
static int place(const struct scientific *sci, int scale, bool round, uint64_t max, int64_t *out)
{
    long whole = (long)sci->n + sci->exp10 + scale; /* digits at or above the unit */
    if (whole > 19)
        return -1;
    uint64_t v = 0;
    for (long k = 0; k < whole; k++)
        v = v * 10 + (uint64_t)(k < (long)sci->n ? sci->digits[k] - '0' : 0);
    bool finer = false;
    for (long k = whole < 0 ? 0 : whole; k < (long)sci->n; k++)
        finer |= sci->digits[k] != '0';
    if (finer) {
        if (!round)
            return -1;
        if (whole >= 0 && sci->digits[whole] >= '5')
            v++;
    }
    if (v > max)
        return -1;
    *out = sci->negative ? -(int64_t)v : (int64_t)v;
    return 0;
}

int dec_parse(const char *s, size_t len, bool round, int64_t *out)
{
    struct scientific sci;
    if (read_scientific(s, len, &sci) < 0)
        return -1;
    return place(&sci, DEC_DIGITS, round, (uint64_t)DEC_MAX, out);
}

int points_parse(const char *s, size_t len, int64_t *out)
{
    struct scientific sci;
    if (read_scientific(s, len, &sci) < 0)
        return -1;
    return place(&sci, 2, false, (uint64_t)1000000000 * 100, out);
}

/* |v| as digits, then a point and `decimals` digits with trailing zeros dropped when trim. */
static int format_fixed(int64_t v, uint64_t scale, int decimals, bool trim, char *buf)
{
    uint64_t abs = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t whole = abs / scale, frac = abs % scale;
    char rev[24];
    int n = 0;
    do {
        rev[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole > 0);
    int o = 0;
    if (v < 0)
        buf[o++] = '-';
    while (n > 0)
        buf[o++] = rev[--n];
    if (decimals > 0 && (frac != 0 || !trim)) {
        buf[o++] = '.';
        for (uint64_t unit = scale / 10; unit > 0; unit /= 10) {
            buf[o++] = (char)('0' + frac / unit % 10);
            if (trim && frac % unit == 0)
                break;
        }
    }
    buf[o] = '\0';
    return o;
}

int dec_format(int64_t v, char *buf)
{
    return format_fixed(v, DEC_SCALE, DEC_DIGITS, true, buf);
}

int points_format(int64_t hundredths, char *buf)
{
    return format_fixed(hundredths, 100, 2, false, buf);
}

dec_wide dec_div_round(dec_wide num, dec_wide den)
{
    dec_wide q = num / den, r = num % den;
    if (r < 0)
        r = -r;
    if (2 * r >= den)
        q += num < 0 ? -1 : 1;
    return q;
}
