/*
 * Decimals as integers: a value × 10^6 in an int64_t (DEC_SCALE), so that six digits after the
 * point are exact and arithmetic never touches floating point. Appraisal values, targets,
 * ratios and shares are decimals; points (scores) are integer hundredths (see domain/appraisal.h).
 */
#ifndef BASE_DECIMAL_H
#define BASE_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEC_SCALE 1000000
#define DEC_DIGITS 6
/* The largest magnitude a decimal may have: 10^12 (a trillion), so that products of three fit in 128 bits. */
#define DEC_MAX ((int64_t)1000000000000 * DEC_SCALE)

/*
 * Parses an optional sign, digits, an optional fraction of at most DEC_DIGITS digits and an
 * optional exponent ("1.5E+3", as spreadsheets store numbers). Finer nonzero digits are refused
 * unless round is set, when they are rounded half away from zero ("0.50000000" is 0.5 either way). -1 for anything else or |value| > DEC_MAX.
 */
int dec_parse(const char *s, size_t len, bool round, int64_t *out);
/* The shortest exact text: "95", "0.6", "-12.345"; buf of at least DEC_TEXT_MAX bytes. Returns the length. */
#define DEC_TEXT_MAX 32
int dec_format(int64_t v, char *buf);
/* Points (hundredths) with exactly two decimals: 1900 → "19.00", -5 → "-0.05". Returns the length. */
int points_format(int64_t hundredths, char *buf);
/*
 * Parses points with at most two decimals ("19", "19.5", "-0.25"; an exponent as dec_parse) into
 * hundredths; -1 for anything else or a magnitude over 10^9 points.
 */
int points_parse(const char *s, size_t len, int64_t *out);

/* A 128-bit integer (GCC, Clang) for exact products and quotients of decimals. */
__extension__ typedef __int128 dec_wide;
/* num / den rounded once, half away from zero; den > 0. */
dec_wide dec_div_round(dec_wide num, dec_wide den);

#endif
