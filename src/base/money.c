/* Money formatting in integer arithmetic; see money.h. */
#include "base/money.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/banned.h"

static const int64_t fen_per_unit[] = {100, 1000000, 10000000000LL};

int money_format(int64_t fen, enum money_unit unit, int decimals, char *buf, size_t size)
{
    if (decimals < 0 || decimals > 4 || size == 0)
        return -1;
    bool negative = fen < 0;
    /* |INT64_MIN| does not fit: work in unsigned */
    uint64_t abs = negative ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    uint64_t per = (uint64_t)fen_per_unit[unit];
    /* value in units of 10^-decimals, rounded half away from zero; per and scale share factors of 10 */
    uint64_t scaled;
    if (per >= scale) {
        uint64_t div = per / scale;
        scaled = abs / div + (abs % div >= (div + 1) / 2 && div > 1 ? 1 : 0);
    } else {
        scaled = abs * (scale / per);
    }
    uint64_t whole = scaled / scale, frac = scaled % scale;

    char digits[32];
    int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)whole);
    char out[64];
    size_t o = 0;
    if (negative && scaled != 0)
        out[o++] = '-';
    for (int i = 0; i < n; i++) {
        out[o++] = digits[i];
        int left = n - i - 1;
        if (left > 0 && left % 3 == 0)
            out[o++] = ',';
    }
    if (decimals > 0)
        o += (size_t)snprintf(out + o, sizeof(out) - o, ".%0*llu", decimals, (unsigned long long)frac);
    if (o + 1 > size)
        return -1;
    memcpy(buf, out, o);
    buf[o] = '\0';
    return (int)o;
}

int money_format_auto(int64_t fen, char *buf, size_t size)
{
    bool yi = fen >= fen_per_unit[MONEY_YI] || fen <= -fen_per_unit[MONEY_YI];
    int n = money_format(fen, yi ? MONEY_YI : MONEY_WAN, 2, buf, size);
    const char *name = yi ? "亿元" : "万元";
    if (n < 0 || (size_t)n + strlen(name) + 1 > size)
        return -1;
    memcpy(buf + n, name, strlen(name) + 1);
    return n + (int)strlen(name);
}

#define PARSE_DIGITS_MAX 40

int money_parse(const char *s, size_t len, enum money_unit unit, bool round, int64_t *fen)
{
    size_t i = 0;
    bool negative = false;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        negative = s[i++] == '-';
    /* the significant digits, and the power of ten of the last one */
    char digits[PARSE_DIGITS_MAX];
    size_t n = 0;
    int exp10 = 0;
    bool seen_digit = false, seen_point = false;
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            seen_digit = true;
            if (n == 0 && c == '0') {
                exp10 -= seen_point;
                continue;
            }
            if (n == PARSE_DIGITS_MAX)
                return -1;
            digits[n++] = c;
            exp10 -= seen_point;
        } else if (c == '.' && !seen_point) {
            seen_point = true;
        } else if (c == ',' && !seen_point && seen_digit) {
            continue;
        } else {
            break;
        }
    }
    if (!seen_digit)
        return -1;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool neg_exp = false;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            neg_exp = s[i++] == '-';
        int e = 0;
        size_t start = i;
        for (; i < len && s[i] >= '0' && s[i] <= '9' && e < 1000; i++)
            e = e * 10 + (s[i] - '0');
        if (i == start)
            return -1;
        exp10 += neg_exp ? -e : e;
    }
    if (i != len)
        return -1;
    exp10 += unit == MONEY_YUAN ? 2 : unit == MONEY_WAN ? 6 : 10;
    /* value = digits × 10^exp10 fen: split into whole fen and what is finer */
    long whole_len = (long)n + exp10;
    if (whole_len > 17)
        return -1;
    int64_t value = 0;
    for (long k = 0; k < whole_len; k++)
        value = value * 10 + (k < (long)n ? digits[k] - '0' : 0);
    bool finer = false;
    for (long k = whole_len < 0 ? 0 : whole_len; k < (long)n; k++)
        finer |= digits[k] != '0';
    if (finer) {
        if (!round)
            return -1;
        long first = whole_len; /* the digit just below a fen, if it is among the digits */
        if (first >= 0 && first < (long)n && digits[first] >= '5')
            value++;
        if (value > 99999999999999999LL) /* 17 nines rounded up: 10^17, refused as any larger amount */
            return -1;
    }
    *fen = negative ? -value : value;
    return 0;
}
