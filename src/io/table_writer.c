/*
 * The table writer (table_writer.h): turns each canonical value into a cell by its column's
 * type, then hands the row to the xlsx or the CSV backend. Money is converted with integers:
 * the CSV carries the exact 万元 (or 万美元) amount, the xlsx cell the nearest double.
 */
#include "io/table_writer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/decimal.h"
#include "io/table_writer_internal.h"
#include "base/banned.h"

int table_format_parse(const char *s, enum table_format *out)
{
    if (strcmp(s, "xlsx") == 0)
        *out = TABLE_XLSX;
    else if (strcmp(s, "csv") == 0)
        *out = TABLE_CSV;
    else
        return -1;
    return 0;
}

const char *table_format_extension(enum table_format f)
{
    return f == TABLE_CSV ? "csv" : "xlsx";
}

const char *table_format_content_type(enum table_format f)
{
    return f == TABLE_CSV ? "text/csv; charset=utf-8"
                          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

bool table_text_is_formula_like(const char *s)
{
    return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
}

const char *table_column_header(const struct column *c, char *buf, size_t size)
{
    const char *unit = c->type == COL_MONEY ? "万元" : c->type == COL_MONEY_USD ? "万美元" : NULL;
    if (!unit || strstr(c->header, unit))
        return c->header;
    snprintf(buf, size, "%s（%s）", c->header, unit);
    return buf;
}

static bool parse_int64(const char *s, int64_t *out)
{
    if (!*s || (*s != '-' && (*s < '0' || *s > '9')))
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* "YYYY-MM-DDTHH:MM:SSZ", "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD HH:MM:SS". */
static bool parse_datetime(const char *s, struct out_cell *c)
{
    size_t len = strlen(s);
    struct date d;
    if ((len != 19 && !(len == 20 && s[19] == 'Z')) || (s[10] != 'T' && s[10] != ' ') ||
        date_parse_iso(s, 10, &d) != 0 || !digits(s + 11, 2, &c->hour) || s[13] != ':' ||
        !digits(s + 14, 2, &c->min) || s[16] != ':' || !digits(s + 17, 2, &c->sec) || c->hour > 23 ||
        c->min > 59 || c->sec > 59)
        return false;
    c->year = d.year;
    c->month = d.month;
    c->day = d.day;
    snprintf(c->buf, sizeof(c->buf), "%.10s %.8s", s, s + 11);
    c->text = c->buf;
    return true;
}

/* fen as 万元, exactly: 123456789 → "123.456789", 1000000 → "1". */
static void money_text(int64_t fen, char *buf, size_t size)
{
    unsigned long long a = fen < 0 ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
    unsigned long long whole = a / 1000000, frac = a % 1000000;
    int n = snprintf(buf, size, "%s%llu", fen < 0 ? "-" : "", whole);
    if (frac && n > 0 && (size_t)n < size) {
        char f[8];
        snprintf(f, sizeof(f), "%06llu", frac);
        size_t k = 6;
        while (k > 0 && f[k - 1] == '0')
            k--;
        snprintf(buf + n, size - (size_t)n, ".%.*s", (int)k, f);
    }
}

/* v rounded half away from zero to a multiple of unit (10^(6 − decimals)), with its decimals all written, then suffix. */
static void fixed_text(int64_t v, int64_t unit, int decimals, const char *suffix, char *buf)
{
    int64_t r = v / unit, rem = v % unit;
    if ((rem < 0 ? -rem : rem) * 2 >= unit)
        r += v < 0 ? -1 : 1;
    unsigned long long a = r < 0 ? 0ULL - (unsigned long long)r : (unsigned long long)r;
    char digits[32];
    int n = snprintf(digits, sizeof(digits), "%0*llu", decimals + 1, a);
    int whole = n - decimals;
    snprintf(buf, TABLE_DECIMAL_TEXT_MAX, "%s%.*s%s%s%s", r < 0 ? "-" : "", whole, digits, decimals ? "." : "",
             digits + whole, suffix);
}

static int64_t ten_to(int k)
{
    int64_t p = 1;
    while (k-- > 0)
        p *= 10;
    return p;
}

void table_decimal_text(int64_t v, int decimals, char *buf)
{
    decimals = decimals < 0 ? 0 : decimals > TABLE_DECIMALS_MAX ? TABLE_DECIMALS_MAX : decimals;
    fixed_text(v, ten_to(DEC_DIGITS - decimals), decimals, "", buf);
}

void table_percent_text(int64_t fraction, int decimals, char *buf)
{
    /* percent × 10^decimals = fraction × 100 × 10^decimals / 10^6: a division, never an overflow */
    decimals = decimals < 0 ? 0 : decimals > DEC_DIGITS - 2 ? DEC_DIGITS - 2 : decimals;
    fixed_text(fraction, ten_to(DEC_DIGITS - 2 - decimals), decimals, "%", buf);
}

/* COL_DECIMAL: "1234.50" is 1234.5 shown with two decimals, "8.50%" the fraction 0.085 shown as a percentage. */
static void decimal_cell(const char *v, struct out_cell *c)
{
    size_t len = strlen(v);
    bool percent = len > 1 && v[len - 1] == '%';
    if (percent)
        len--;
    int64_t d;
    if (dec_parse(v, len, false, &d) != 0)
        return;
    const char *point = memchr(v, '.', len);
    bool exponent = memchr(v, 'e', len) || memchr(v, 'E', len);
    c->kind = OUT_NUMBER;
    c->percent = percent;
    c->decimals = exponent ? -1 : point ? (int)(len - (size_t)(point + 1 - v)) : 0;
    if (c->decimals > TABLE_DECIMALS_MAX)
        c->decimals = TABLE_DECIMALS_MAX;
    c->number = (double)d / (percent ? 100000000.0 : 1000000.0); /* one division: the nearest double */
}

static void make_cell(const struct column *col, const char *v, struct out_cell *c)
{
    memset(c, 0, sizeof(*c));
    c->kind = v && *v ? OUT_TEXT : OUT_EMPTY;
    c->text = v ? v : "";
    if (c->kind == OUT_EMPTY)
        return;
    int64_t n;
    struct date d;
    switch (col->type) {
    case COL_TEXT:
        break;
    case COL_INT:
        if (parse_int64(v, &n)) {
            c->kind = OUT_NUMBER;
            c->number = (double)n;
        }
        break;
    case COL_MONEY:
    case COL_MONEY_USD: /* cents as 万美元: the same scale */
        if (parse_int64(v, &n)) {
            c->kind = OUT_NUMBER;
            c->number = (double)n / 1000000.0;
            money_text(n, c->buf, sizeof(c->buf));
            c->text = c->buf;
        }
        break;
    case COL_DECIMAL:
        decimal_cell(v, c);
        break;
    case COL_CHOICE:
        for (const struct column_choice *ch = col->choices; ch && ch->value; ch++)
            if (strcmp(ch->value, v) == 0)
                c->text = ch->label_zh;
        break;
    case COL_DATE:
        if (strlen(v) == 10 && date_parse_iso(v, 10, &d) == 0) {
            c->kind = OUT_DATE;
            c->year = d.year;
            c->month = d.month;
            c->day = d.day;
        }
        break;
    case COL_DATETIME:
        if (parse_datetime(v, c))
            c->kind = OUT_DATETIME;
        break;
    }
}

int table_writer_open(struct table_writer **out, enum table_format format, const char *path,
                      const struct resource_columns *cols, const char *title, struct error *e)
{
    return table_writer_open_noted(out, format, path, cols, title, NULL, e);
}

int table_writer_open_noted(struct table_writer **out, enum table_format format, const char *path,
                            const struct resource_columns *cols, const char *title, const char *note,
                            struct error *e)
{
    struct table_writer *w = calloc(1, sizeof(*w));
    if (!w)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    w->format = format;
    w->cols = cols;
    w->note = note && *note ? note : NULL;
    w->line = (struct strbuf)STRBUF_INIT;
    int rc = format == TABLE_XLSX ? xlsx_table_open(w, path, title ? title : cols->title, w->note, e)
                                  : csv_table_open(w, path, e);
    if (rc != 0) {
        free(w);
        return -1;
    }
    *out = w;
    return 0;
}

int table_writer_row(struct table_writer *w, const char *const values[], struct error *e)
{
    if (w->rows >= TABLE_ROWS_MAX - (w->note ? 1 : 0))
        return error_set(e, ERR_TOO_LARGE, NULL, "一张表最多 %d 行", "a sheet holds at most %d rows", TABLE_ROWS_MAX);
    struct out_cell cells[64];
    size_t n = w->cols->n_columns;
    if (n > sizeof(cells) / sizeof(cells[0]))
        return error_set(e, ERR_INTERNAL, NULL, "列数过多", "too many columns");
    for (size_t i = 0; i < n; i++)
        make_cell(&w->cols->columns[i], values[i], &cells[i]);
    int rc = w->format == TABLE_XLSX ? xlsx_table_row(w, cells, e) : csv_table_row(w, cells, e);
    if (rc == 0)
        w->rows++;
    return rc;
}

int table_writer_row_emphasised(struct table_writer *w, const char *const values[], struct error *e)
{
    w->emphasis = true;
    int rc = table_writer_row(w, values, e);
    w->emphasis = false;
    return rc;
}

int table_writer_close(struct table_writer *w, struct error *e)
{
    if (!w)
        return 0;
    int rc = w->format == TABLE_XLSX ? xlsx_table_close(w, e) : csv_table_close(w, e);
    strbuf_release(&w->line);
    free(w);
    return rc;
}

int64_t table_writer_rows(const struct table_writer *w)
{
    return w->rows;
}
