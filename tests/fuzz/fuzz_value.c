/*
 * libFuzzer target for the cell value parsers (src/io/value.c) and money (src/base/money.c):
 * besides not crashing, each checks an invariant: an amount money_parse accepts formats and
 * parses back to the same fen; a date it reads is a real date whose month the month parser
 * agrees on; a decimal it reads formats and reads back the same; header normalisation is
 * idempotent. The first byte picks options, the rest is text.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"
#include "base/money.h"
#include "base/utf8.h"
#include "io/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                          \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            fprintf(stderr, "invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond);                   \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

static const int64_t fen_per_unit[] = {100, 1000000, 10000000000LL};
#define MONEY_MAX 99999999999999999LL /* the largest amount money_parse takes, in fen */

/* fen formatted in unit with `decimals` digits parses back to fen rounded to that precision. */
static void check_format_round_trip(int64_t fen, enum money_unit unit, int decimals)
{
    char buf[64];
    int n = money_format(fen, unit, decimals, buf, sizeof(buf));
    CHECK(n > 0 && (size_t)n == strlen(buf));
    int64_t step = fen_per_unit[unit];
    for (int i = 0; i < decimals; i++)
        step /= 10;
    /* money_parse takes amounts under 10^17 fen; rounding to the step may reach 10^17 itself
       (99999999999.99999 万元 shows as 100,000,000,000.0000 with 4 decimals) */
    if (step > 1 && (fen > MONEY_MAX - step / 2 || fen < -(MONEY_MAX - step / 2)))
        return;
    int64_t back;
    CHECK(money_parse(buf, (size_t)n, unit, false, &back) == 0);
    if (step <= 1) {
        CHECK(back == fen);
    } else {
        int64_t diff = back > fen ? back - fen : fen - back;
        CHECK(diff * 2 <= step); /* rounded half away from zero to the nearest step */
        CHECK(back % step == 0);
    }
}

static void fuzz_money(const char *s, size_t len, enum money_unit unit)
{
    int64_t exact, rounded;
    int rc_exact = money_parse(s, len, unit, false, &exact);
    int rc_round = money_parse(s, len, unit, true, &rounded);
    if (rc_exact == 0) {
        CHECK(rc_round == 0 && rounded == exact); /* rounding never changes an exact amount */
        CHECK(exact <= MONEY_MAX && exact >= -MONEY_MAX);
    }
    if (rc_round == 0) {
        CHECK(rounded <= MONEY_MAX && rounded >= -MONEY_MAX);
        check_format_round_trip(rounded, MONEY_YUAN, 2); /* exact: fen is 0.01 元 */
        check_format_round_trip(rounded, unit, 4);
        char buf[64];
        CHECK(money_format_auto(rounded, buf, sizeof(buf)) > 0);
    }
}

static void fuzz_dates(const char *s, size_t len, bool date1904)
{
    struct date d;
    if (value_parse_date_text(s, len, &d) == 0) {
        CHECK(date_valid(d));
        int year, month;
        CHECK(value_parse_month_text(s, len, &year, &month) == 0);
        CHECK(year == d.year && month == d.month);
    }
    int year, month;
    if (value_parse_month_text(s, len, &year, &month) == 0)
        CHECK(month >= 1 && month <= 12);
    if (value_parse_serial(s, len, date1904, &d) == 0)
        CHECK(date_valid(d));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t opt = data[0];
    /* the text without the option byte, in a malloc'd buffer of its exact size (no NUL): ASan
       sees any read past the end */
    size_t len = size - 1;
    char *s = malloc(len ? len : 1);
    if (!s)
        return 0;
    memcpy(s, data + 1, len);

    fuzz_money(s, len, (enum money_unit)(opt % 3));
    fuzz_dates(s, len, opt & 4);

    int64_t i;
    if (value_parse_int(s, len, &i) == 0) {
        char buf[32];
        int n = snprintf(buf, sizeof(buf), "%" PRId64, i);
        int64_t back;
        CHECK(value_parse_int(buf, (size_t)n, &back) == 0 && back == i);
    }

    int64_t exact, rounded;
    int rc_exact = value_parse_decimal(s, len, false, &exact), rc_round = value_parse_decimal(s, len, true, &rounded);
    CHECK(rc_exact <= 0 && rc_exact >= VALUE_TOO_LARGE);
    if (rc_exact == 0) {
        CHECK(rc_round == 0 && rounded == exact && exact <= DEC_MAX && exact >= -DEC_MAX);
        char buf[DEC_TEXT_MAX];
        int n = dec_format(exact, buf);
        int64_t back;
        CHECK(value_parse_decimal(buf, (size_t)n, false, &back) == 0 && back == exact);
    }
    if (rc_exact == VALUE_TOO_PRECISE)
        CHECK(rc_round == 0);

    const char *t = s;
    size_t tlen = len;
    value_trim(&t, &tlen);
    CHECK(t >= s && t + tlen <= s + len);

    char norm[256], again[256];
    size_t n1 = value_normalize(s, len, norm, sizeof(norm));
    CHECK(n1 < sizeof(norm) && norm[n1] == '\0');
    size_t n2 = value_normalize(norm, n1, again, sizeof(again));
    CHECK(n2 < sizeof(again) && again[n2] == '\0');
    /* idempotent on UTF-8 (all a reader hands on), unless cut short at the buffer's end */
    if (utf8_valid(s, len) && n1 + 6 < sizeof(norm))
        CHECK(n2 == n1 && memcmp(norm, again, n1) == 0);

    /* fen straight from the bytes: formatting then parsing gives it back */
    if (len >= 8) {
        int64_t fen;
        memcpy(&fen, s, sizeof(fen));
        fen %= MONEY_MAX + 1;
        check_format_round_trip(fen, MONEY_YUAN, 2);
        check_format_round_trip(fen, MONEY_WAN, opt % 5);
        check_format_round_trip(fen, MONEY_YI, 4);
    }
    free(s);
    return 0;
}
