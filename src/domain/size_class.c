/* Size classes of projects by total investment; see project.h. */
#include "domain/project.h"

#include <stdio.h>

#include "base/money.h"
#include "base/banned.h"

#define FEN_PER_YI 10000000000LL

const struct size_classes size_classes_default = {
    4, {FEN_PER_YI, 5 * FEN_PER_YI, 10 * FEN_PER_YI, 50 * FEN_PER_YI}};

int size_classes_check(const struct size_classes *s, struct error *e)
{
    if (s->n < 1 || s->n > SIZE_THRESHOLDS_MAX)
        return error_set(e, ERR_INVALID_VALUE, "thresholds", "规模分档的界限应有 1 到 %d 个",
                         "size classes need 1 to %d thresholds", SIZE_THRESHOLDS_MAX);
    for (size_t i = 0; i < s->n; i++) {
        if (s->threshold[i] <= 0 || s->threshold[i] > PROJECT_AMOUNT_MAX)
            return error_set(e, ERR_INVALID_VALUE, "thresholds",
                             "规模分档的第 %zu 个界限应大于 0 且不超过 10 万亿元",
                             "size threshold %zu must be above 0 and at most 10 trillion yuan", i + 1);
        if (i > 0 && s->threshold[i] <= s->threshold[i - 1])
            return error_set(e, ERR_INVALID_VALUE, "thresholds", "规模分档的第 %zu 个界限应大于第 %zu 个",
                             "size threshold %zu must be above threshold %zu", i + 1, i);
    }
    return 0;
}

int size_class_of(const struct size_classes *s, int64_t total_fen)
{
    int k = 0;
    while ((size_t)k < s->n && total_fen >= s->threshold[k])
        k++;
    return k;
}

/* A threshold as "5亿" or "5,000万": 亿 from 1 亿 up, with only the decimals it needs (up to 4). */
static void amount_text(int64_t fen, char *buf, size_t size)
{
    bool yi = fen >= FEN_PER_YI;
    enum money_unit unit = yi ? MONEY_YI : MONEY_WAN;
    int64_t finest = yi ? 1000000 : 100; /* fen in 0.0001 亿 or 0.0001 万 */
    int decimals = 4;
    while (decimals > 0 && fen % (finest * 10) == 0) {
        finest *= 10;
        decimals--;
    }
    char number[32];
    if (money_format(fen, unit, decimals, number, sizeof(number)) < 0)
        number[0] = '\0';
    snprintf(buf, size, "%s%s", number, yi ? "亿" : "万");
}

void size_class_label(const struct size_classes *s, int k, char *buf, size_t size)
{
    char low[48], high[48];
    if (s->n == 0 || k < 0 || (size_t)k > s->n) {
        snprintf(buf, size, "%s", "");
        return;
    }
    if (k > 0)
        amount_text(s->threshold[k - 1], low, sizeof(low));
    if ((size_t)k < s->n)
        amount_text(s->threshold[k], high, sizeof(high));
    if (k == 0)
        snprintf(buf, size, "%s元以下", high);
    else if ((size_t)k == s->n)
        snprintf(buf, size, "%s元以上", low);
    else
        snprintf(buf, size, "%s–%s元", low, high);
}
