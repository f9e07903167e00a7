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
