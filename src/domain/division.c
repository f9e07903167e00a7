/*
 * The national division table, parsed once from the embedded CSV files into a sorted array of
 * six-digit codes (provinces as PP0000, cities as PPCC00, counties as PPCCDD).
 */
#include "domain/division.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "base/banned.h"

extern const struct embedded_file division_files[];
extern const size_t division_files_count;

struct division {
    int code;
    char name[64];
};

static struct division *table;
static size_t table_len;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static int parse_digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Reads "code,\"name\",…" lines; `digits` is the code's width in this file, `pad` the factor to six digits. */
static void load_csv(const char *path, int digits, int pad, size_t *cap)
{
    const struct embedded_file *f = embedded_find(division_files, division_files_count, path, strlen(path));
    if (!f)
        return;
    const char *p = (const char *)f->data, *end = p + f->len;
    const char *nl = memchr(p, '\n', (size_t)(end - p)); /* skip the header */
    p = nl ? nl + 1 : end;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        int code = (eol - p > digits && p[digits] == ',') ? parse_digits(p, (size_t)digits) : -1;
        if (code >= 0) {
            if (table_len == *cap) {
                *cap = *cap ? *cap * 2 : 4096;
                struct division *grown = realloc(table, *cap * sizeof(*table));
                if (!grown)
                    abort(); /* at start-up, with a few hundred KiB: nothing sensible to do */
                table = grown;
            }
            struct division *d = &table[table_len++];
            d->code = code * pad;
            const char *name = p + digits + 1;
            if (name < eol && *name == '"')
                name++;
            const char *name_end = name;
            while (name_end < eol && *name_end != '"' && *name_end != ',')
                name_end++;
            size_t n = (size_t)(name_end - name);
            if (n >= sizeof(d->name))
                n = sizeof(d->name) - 1;
            memcpy(d->name, name, n);
            d->name[n] = '\0';
        }
        p = eol + 1;
    }
}

static int by_code(const void *a, const void *b)
{
    int x = ((const struct division *)a)->code, y = ((const struct division *)b)->code;
    return (x > y) - (x < y);
}

static void table_load(void)
{
    size_t cap = 0;
    load_csv("/provinces.csv", 2, 10000, &cap);
    load_csv("/cities.csv", 4, 100, &cap);
    load_csv("/areas.csv", 6, 1, &cap);
    qsort(table, table_len, sizeof(*table), by_code);
}

static const struct division *lookup(int code)
{
    pthread_once(&table_once, table_load);
    struct division key = {.code = code};
    return bsearch(&key, table, table_len, sizeof(*table), by_code);
}

int division_check(const char *code, size_t len, struct error *e)
{
    int value = len == 6 ? parse_digits(code, 6) : -1;
    if (value < 0)
        return error_set(e, ERR_INVALID_VALUE, "division_code", "行政区划代码应为6位数字（GB/T 2260）",
                         "a division code is 6 digits (GB/T 2260)");
    int province = value / 10000 * 10000, city = value / 100 * 100;
    if (!lookup(province))
        return error_set(e, ERR_INVALID_VALUE, "division_code", "行政区划代码 %.6s 的省级代码 %.2s 不存在",
                         "division code %.6s: no province %.2s", code, code);
    if (city != province && !lookup(city))
        return error_set(e, ERR_INVALID_VALUE, "division_code", "行政区划代码 %.6s 的地级代码 %.4s 不存在",
                         "division code %.6s: no prefecture-level division %.4s", code, code);
    if (value != city && !lookup(value))
        return error_set(e, ERR_INVALID_VALUE, "division_code", "行政区划代码 %.6s 的县级区划不存在",
                         "division code %.6s: no such county-level division", code);
    return 0;
}

const char *division_name(const char *code, size_t len)
{
    int value = len == 6 ? parse_digits(code, 6) : -1;
    const struct division *d = value >= 0 ? lookup(value) : NULL;
    return d ? d->name : NULL;
}
