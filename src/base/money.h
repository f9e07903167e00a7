/*
 * Money: integer fen (0.01 元) in storage and arithmetic, never floating point. Shown in 元,
 * 万元 or 亿元 with thousands separators, rounded half away from zero.
 */
#ifndef BASE_MONEY_H
#define BASE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum money_unit { MONEY_YUAN, MONEY_WAN, MONEY_YI };

/*
 * Formats fen in the given unit with `decimals` digits after the point (0–4), e.g.
 * money_format(123456789, MONEY_WAN, 2) → "123.46". Returns the length, or -1 if buf is too small.
 */
int money_format(int64_t fen, enum money_unit unit, int decimals, char *buf, size_t size);
/* Like money_format, choosing 亿元 from 1 亿 up, 万元 below, and appending the unit's name. */
int money_format_auto(int64_t fen, char *buf, size_t size);
/*
 * Parses a decimal amount given in `unit` into fen: an optional sign, digits with optional
 * thousands commas, an optional fraction and an optional exponent ("1.5E+3", as spreadsheets
 * store numbers). Digits finer than a fen are refused unless `round` is set (for a number a
 * spreadsheet held in binary floating point, such as 0.30000000000000004), when they are rounded
 * half away from zero. Returns -1 for anything else, or an amount of 10^17 fen or more either way.
 */
int money_parse(const char *s, size_t len, enum money_unit unit, bool round, int64_t *fen);

#endif
