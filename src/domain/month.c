/* Reporting months as numbers (year × 12 + month − 1); see project.h. */
#include "domain/project.h"

#include <stdio.h>

#include "base/date.h"
#include "base/banned.h"

int32_t month_parse(const char *s, size_t len)
{
    if (len != 7 || s[4] != '-')
        return -1;
    int v[2] = {0, 0};
    for (size_t i = 0; i < len; i++) {
        if (i == 4)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v[i > 4] = v[i > 4] * 10 + (s[i] - '0');
    }
    int year = v[0], month = v[1];
    if (year < 1000 || month < 1 || month > 12)
        return -1;
    return year * 12 + month - 1;
}

void month_format(int32_t month, char buf[8])
{
    if (month < 0) {
        buf[0] = '\0';
        return;
    }
    snprintf(buf, 8, "%04u-%02u", (unsigned)(month / 12) % 10000u, (unsigned)(month % 12) + 1u);
}

int32_t month_of_day(int32_t day)
{
    struct date d = date_from_days(day);
    return d.year * 12 + d.month - 1;
}
