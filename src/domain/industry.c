/*
 * The GB/T 4754-2017 table, parsed once (RFC 4180: quoted fields may hold commas, doubled quotes
 * and line breaks) from the embedded CSV into entries in the table's order, with an index sorted
 * by code for binary search. The strings live in one copy of the file, unquoted in place.
 */
#include "domain/industry.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "base/banned.h"

extern const struct embedded_file industry_files[];
extern const size_t industry_files_count;

#define FIELDS 5 /* code,name,parent,level,description */
#define CODE_MAX 4

static char *text;                     /* the file, fields unquoted and NUL-terminated in place */
static struct industry *entries;       /* table order */
static const struct industry **sorted; /* by code */
static size_t count;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

/*
 * Reads one record starting at *r, writing its fields unquoted from *r on (a field never grows
 * when unquoted, so the writer stays behind the reader). Returns the number of fields, 0 at the end.
 */
static int read_record(char **r, const char *end, char *fields[FIELDS])
{
    char *p = *r, *w = *r;
    int n = 0;
    char separator;
    if (p >= end)
        return 0;
    for (;;) {
        char *start = w;
        if (p < end && *p == '"') {
            p++;
            while (p < end) {
                if (*p == '"' && !(p + 1 < end && p[1] == '"')) {
                    p++; /* the closing quote */
                    break;
                }
                if (*p == '"')
                    p++; /* "" is one quote */
                *w++ = *p++;
            }
        }
        while (p < end && *p != ',' && *p != '\n' && *p != '\r')
            *w++ = *p++;
        separator = p < end ? *p++ : '\n';
        *w++ = '\0'; /* at most over the separator, already read */
        if (n < FIELDS)
            fields[n] = start;
        n++;
        if (separator != ',')
            break;
    }
    if (separator == '\r' && p < end && *p == '\n')
        p++;
    *r = p;
    return n;
}

static int by_code(const void *a, const void *b)
{
    return strcmp((*(const struct industry *const *)a)->code, (*(const struct industry *const *)b)->code);
}

static void table_load(void)
{
    const struct embedded_file *f = embedded_find(industry_files, industry_files_count, "/gbt4754-2017.csv", 17);
    if (!f)
        return;
    text = malloc(f->len + 1);
    size_t cap = f->len / 8 + 1; /* a row takes at least 8 bytes ("A,x,,1,\n") */
    entries = malloc(cap * sizeof(*entries));
    if (!text || !entries)
        abort(); /* at start-up, with a few hundred KiB: nothing sensible to do */
    memcpy(text, f->data, f->len);
    char *r = text, *end = text + f->len, *fields[FIELDS];
    read_record(&r, end, fields); /* the header */
    int n;
    while (count < cap && (n = read_record(&r, end, fields)) > 0) {
        int level = n == FIELDS && fields[3][0] && !fields[3][1] ? fields[3][0] - '0' : 0;
        if (level < 1 || level > 4 || strlen(fields[0]) > CODE_MAX)
            continue; /* not a row of the table; the unit tests count the rows */
        entries[count++] = (struct industry){fields[0], fields[1], level == 1 ? NULL : fields[2], level};
    }
    sorted = malloc((count ? count : 1) * sizeof(*sorted));
    if (!sorted)
        abort();
    for (size_t i = 0; i < count; i++)
        sorted[i] = &entries[i];
    qsort(sorted, count, sizeof(*sorted), by_code);
}

const struct industry *industry_find(const char *code, size_t len)
{
    pthread_once(&table_once, table_load);
    if (len == 0 || len > CODE_MAX)
        return NULL;
    char key[CODE_MAX + 1];
    memcpy(key, code, len);
    key[len] = '\0';
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(sorted[mid]->code, key);
        if (c == 0)
            return sorted[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const struct industry *industry_section(const char *code, size_t len)
{
    const struct industry *d = industry_find(code, len);
    while (d && d->parent)
        d = industry_find(d->parent, strlen(d->parent));
    return d;
}

const struct industry *industry_all(size_t *n)
{
    pthread_once(&table_once, table_load);
    *n = count;
    return entries;
}

static bool printable_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] < 0x21 || s[i] > 0x7E)
            return false;
    }
    return true;
}

int industry_check(const char *code, size_t len, const char *field, struct error *e)
{
    if (len == 0)
        return error_set(e, ERR_INVALID_VALUE, field, "行业代码不能为空", "the industry code must not be empty");
    if (industry_find(code, len))
        return 0;
    if (len > CODE_MAX || !printable_ascii(code, len)) /* not a code at all: not worth repeating */
        return error_set(e, ERR_INVALID_VALUE, field,
                         "行业代码应为门类字母或 2–4 位数字（GB/T 4754-2017）",
                         "an industry code is a section letter or 2–4 digits (GB/T 4754-2017)");
    return error_set(e, ERR_INVALID_VALUE, field, "行业代码 %.*s 不在国民经济行业分类（GB/T 4754-2017）中",
                     "industry code %.*s is not in GB/T 4754-2017", (int)len, code);
}
