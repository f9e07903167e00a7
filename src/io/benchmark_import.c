/*
 * Reading benchmarking values from a yearbook's sheets; see benchmark_sheets.h. The long layout's
 * header and rows are found by import_table_read (title rows, totals, notes, merged cells); the
 * wide layout's header is the first row with 城市 or 地区 in one of its first cells, the years
 * to its right. Each cell is checked on its own, so one pass lists every bad cell; a value is
 * kept only when its row's city and indicator are known, so the store sees no half-read row.
 */
#include "io/benchmark_sheets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"
#include "base/strmap.h"
#include "io/value.h"
#include "base/banned.h"

#define NORM_MAX 256       /* bytes of a normalised name */
#define NUMBER_TEXT_MAX 64 /* bytes: no decimal is longer */
#define HEADER_CELLS 3     /* 城市 is among a row's first cells (after a 序号 column, say) */

int bm_layout_parse(const char *s, enum bm_layout *out)
{
    if (strcmp(s, "wide") == 0)
        *out = BM_LAYOUT_WIDE;
    else if (strcmp(s, "long") == 0)
        *out = BM_LAYOUT_LONG;
    else
        return -1;
    return 0;
}

struct reader {
    struct arena *a;
    const struct bm_import_ref *ref;
    struct bm_import *out;
    size_t values_cap, origins_cap;
    /* cities: normalised name, the same without a trailing 市, division code. Two cities differing by
       a trailing 市 ("沙市", "沙市市") are each named exactly, so the second map is never ambiguous. */
    struct strmap names, stripped, codes;
    const char **ind_name, **ind_code; /* per indicator, normalised */
    struct strmap seen;                /* "indicator/city/year/quarter" → value index */
    bool oom;
};

/* ---- errors ---- */

static const char *copy(struct reader *r, const char *s)
{
    const char *c = s ? arena_strndup(r->a, s, strlen(s)) : NULL;
    if (s && !c)
        r->oom = true;
    return c ? c : s;
}

static void refuse(struct reader *r, const char *sheet, const char *field, uint32_t row, int32_t col,
                   const char *header, const char *value, const char *zh, const char *en)
{
    struct bm_import *o = r->out;
    o->errors_total++;
    if (o->n_errors >= IMPORT_ERRORS_MAX)
        return;
    struct bm_import_error *x = &o->errors[o->n_errors++];
    *x = (struct bm_import_error){.sheet = sheet,
                                  .field = field,
                                  .cell = {.row = row,
                                           .header = header ? header : "",
                                           .value = value,
                                           .reason_zh = copy(r, zh),
                                           .reason_en = copy(r, en)}};
    if (col >= 0)
        sheet_column_letters((uint32_t)col, x->cell.column);
}

static int column_order(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
}

static int by_place(const void *x, const void *y)
{
    const struct bm_import_error *a = x, *b = y;
    if (a->cell.row != b->cell.row)
        return a->cell.row < b->cell.row ? -1 : 1;
    return column_order(a->cell.column, b->cell.column);
}

/* ---- names ---- */

static const char *normalized(struct reader *r, const char *s, size_t len)
{
    char buf[NORM_MAX];
    size_t n = value_normalize(s, len, buf, sizeof(buf));
    const char *c = arena_strndup(r->a, buf, n);
    if (!c)
        r->oom = true;
    return c;
}

static size_t strip_shi(const char *s, size_t n)
{
    static const char shi[] = "市";
    size_t k = sizeof(shi) - 1;
    return n > k && memcmp(s + n - k, shi, k) == 0 ? n - k : n;
}

static int matcher_init(struct reader *r)
{
    const struct bm_import_ref *ref = r->ref;
    size_t nc = ref->n_cities;
    r->ind_name = arena_alloc(r->a, (ref->n_indicators + 1) * sizeof(*r->ind_name));
    r->ind_code = arena_alloc(r->a, (ref->n_indicators + 1) * sizeof(*r->ind_code));
    if (!r->ind_name || !r->ind_code || strmap_init(&r->names, nc) != 0 ||
        strmap_init(&r->stripped, nc) != 0 || strmap_init(&r->codes, nc) != 0)
        return -1;
    for (size_t i = 0; i < nc; i++) {
        const struct bm_city *c = &ref->cities[i];
        const char *name = normalized(r, c->name, strlen(c->name));
        if (!name)
            return -1;
        size_t first;
        strmap_add(&r->names, name, i, &first);
        size_t n = strip_shi(name, strlen(name));
        const char *bare = arena_strndup(r->a, name, n);
        if (!bare)
            return -1;
        strmap_add(&r->stripped, bare, i, &first);
        if (c->division_code && *c->division_code)
            strmap_add(&r->codes, c->division_code, i, &first);
    }
    for (size_t i = 0; i < ref->n_indicators; i++) {
        const struct bm_indicator *x = &ref->indicators[i];
        r->ind_name[i] = normalized(r, x->name, strlen(x->name));
        r->ind_code[i] = normalized(r, x->code, strlen(x->code));
        if (!r->ind_name[i] || !r->ind_code[i])
            return -1;
    }
    return 0;
}

static void reader_release(struct reader *r)
{
    strmap_release(&r->names);
    strmap_release(&r->stripped);
    strmap_release(&r->codes);
    strmap_release(&r->seen);
}

/* The city named so, or so but for a trailing 市, or of this division code: 0 with its index; -1 unknown. */
static int city_find(struct reader *r, const char *s, size_t len, size_t *index)
{
    char norm[NORM_MAX];
    size_t n = value_normalize(s, len, norm, sizeof(norm));
    if (strmap_get(&r->names, norm, index) || strmap_get(&r->codes, norm, index))
        return 0;
    norm[strip_shi(norm, n)] = '\0';
    return strmap_get(&r->stripped, norm, index) ? 0 : -1;
}

static bool names_indicator(const struct reader *r, size_t i, const char *norm, size_t n)
{
    const char *code = r->ind_code[i];
    if (strcmp(norm, r->ind_name[i]) == 0 || strcmp(norm, code) == 0)
        return true;
    /* a sheet named by a code longer than a sheet name may be (31) */
    return n == 31 && strlen(code) > 31 && memcmp(norm, code, 31) == 0;
}

/*
 * The indicator named (or coded) so, perhaps followed by its unit in brackets ("地区生产总值（亿元）"):
 * 0 with its index; -1 unknown; -2 a unit other than the indicator's (in unit, NORM_MAX bytes).
 */
static int indicator_find(struct reader *r, const char *s, size_t len, size_t *index, char *unit)
{
    char norm[NORM_MAX];
    size_t n = value_normalize(s, len, norm, sizeof(norm));
    for (size_t i = 0; i < r->ref->n_indicators; i++)
        if (names_indicator(r, i, norm, n)) {
            *index = i;
            return 0;
        }
    char *open = n && norm[n - 1] == ')' ? strrchr(norm, '(') : NULL;
    if (!open || open == norm)
        return -1;
    *open = '\0';
    norm[n - 1] = '\0';
    size_t bn = (size_t)(open - norm);
    for (size_t i = 0; i < r->ref->n_indicators; i++) {
        if (!names_indicator(r, i, norm, bn))
            continue;
        *index = i;
        const char *want = r->ref->indicators[i].unit;
        char want_norm[NORM_MAX];
        value_normalize(want ? want : "", want ? strlen(want) : 0, want_norm, sizeof(want_norm));
        if (!*want_norm || strcmp(open + 1, want_norm) == 0)
            return 0;
        snprintf(unit, NORM_MAX, "%s", open + 1);
        return -2;
    }
    return -1;
}

static const struct bm_indicator *indicator_by_id(const struct bm_import_ref *ref, int64_t id)
{
    for (size_t i = 0; i < ref->n_indicators; i++)
        if (ref->indicators[i].id == id)
            return &ref->indicators[i];
    return NULL;
}

/* ---- cells ---- */

static const char *const no_data[] = {"-", "--", "—", "——", "–", "―", "…", "……", "...", "…………", NULL};

enum parsed { PARSED_OK, PARSED_NONE, PARSED_BAD };

/*
 * A value as a yearbook prints it: "1234.5", "1,234.5", "1.2345E+3" (a number cell, rounded to
 * 6 decimals as the double it is), "12.5%" for an indicator in %; empty or a dash: no data.
 */
static enum parsed parse_value(const struct cell *c, const struct bm_indicator *ind, int64_t *out,
                               const char **zh, const char **en)
{
    const char *s = c->text;
    size_t len = c->len;
    value_trim(&s, &len);
    if (len == 0)
        return PARSED_NONE;
    if (c->kind == CELL_ERROR) {
        *zh = "单元格是错误值（公式出错）";
        *en = "the cell holds an error value (a formula failed)";
        return PARSED_BAD;
    }
    char norm[NUMBER_TEXT_MAX * 2];
    size_t n = len <= NUMBER_TEXT_MAX ? value_normalize(s, len, norm, sizeof(norm)) : 0;
    for (size_t i = 0; n && no_data[i]; i++)
        if (strcmp(norm, no_data[i]) == 0)
            return PARSED_NONE;
    if (n > 1 && norm[n - 1] == '%' && ind->unit && strcmp(ind->unit, "%") == 0)
        n--; /* 4.1% of an indicator in %: 4.1 */
    switch (n ? value_parse_decimal(norm, n, c->kind == CELL_NUMBER, out) : VALUE_NOT_A_NUMBER) {
    case 0:
        return PARSED_OK;
    case VALUE_TOO_PRECISE:
        *zh = "最多 6 位小数";
        *en = "at most 6 decimals";
        break;
    case VALUE_TOO_LARGE:
        *zh = "超出范围：绝对值不能超过 10^12";
        *en = "out of range: the magnitude is at most 10^12";
        break;
    default:
        *zh = "应为数字";
        *en = "must be a number";
    }
    return PARSED_BAD;
}

/* "2024", "2024年", "2024年度", 2024 (a number cell, perhaps 2024.0): 0 with the year, -1 not a year. */
static int parse_year(const char *s, size_t len, int *year)
{
    char norm[NORM_MAX];
    value_trim(&s, &len);
    size_t n = value_normalize(s, len, norm, sizeof(norm));
    static const char *const tails[] = {"年度", "年", ".0", NULL};
    for (size_t i = 0; tails[i]; i++) {
        size_t k = strlen(tails[i]);
        if (n > k && memcmp(norm + n - k, tails[i], k) == 0) {
            n -= k;
            break;
        }
    }
    if (n == 0 || n > 4)
        return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (norm[i] < '0' || norm[i] > '9')
            return -1;
        v = v * 10 + (norm[i] - '0');
    }
    *year = v;
    return 0;
}

/* 0 … 4, Q1 … Q4, 一季度, 第一季度, 1季度, 上半年 (the second quarter's cumulative), 前三季度, 全年: -1 for
 * anything else. */
static int parse_quarter(const char *s, size_t len, int *q)
{
    struct form {
        const char *text;
        int q;
    };
    static const struct form forms[] = {
        {"0", 0},      {"1", 1},        {"2", 2},        {"3", 3},        {"4", 4},        {"q1", 1},
        {"q2", 2},     {"q3", 3},       {"q4", 4},       {"一季度", 1},   {"二季度", 2},   {"三季度", 3},
        {"四季度", 4}, {"第一季度", 1}, {"第二季度", 2}, {"第三季度", 3}, {"第四季度", 4}, {"1季度", 1},
        {"2季度", 2},  {"3季度", 3},    {"4季度", 4},    {"上半年", 2},   {"前三季度", 3}, {"全年", 0},
        {"年度", 0},   {"1-3月", 1},    {"1-6月", 2},    {"1-9月", 3},    {"1-12月", 0},
    };
    char norm[NORM_MAX];
    value_trim(&s, &len);
    size_t n = value_normalize(s, len, norm, sizeof(norm));
    if (n > 2 && memcmp(norm + n - 2, ".0", 2) == 0)
        norm[n -= 2] = '\0';
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
        if (strcmp(norm, forms[i].text) == 0) {
            *q = forms[i].q;
            return 0;
        }
    return -1;
}

static bool year_in_range(int y)
{
    return y >= BM_YEAR_MIN && y <= BM_YEAR_MAX;
}

/* ---- values ---- */

/*
 * Keeps a value unless the file already gave one for its city, indicator, year and quarter;
 * the repeat is refused on its cell, naming the first.
 */
static void keep(struct reader *r, const char *sheet, uint32_t row, int32_t col, const char *header,
                 const struct cell *c, const struct bm_value *v)
{
    struct bm_import *o = r->out;
    char key[96];
    snprintf(key, sizeof(key), "%lld/%lld/%d/%d", (long long)v->indicator_id, (long long)v->city_id, v->year,
             v->quarter);
    const char *k = arena_strndup(r->a, key, strlen(key));
    struct bm_value *values = arena_grow(r->a, o->values, o->n_values, &r->values_cap, sizeof(*values));
    if (values)
        o->values = values;
    struct bm_import_origin *origins =
        arena_grow(r->a, o->origins, o->n_values, &r->origins_cap, sizeof(*origins));
    if (origins)
        o->origins = origins;
    if (!k || !values || !origins) {
        r->oom = true;
        return;
    }
    size_t first;
    if (!strmap_add(&r->seen, k, o->n_values, &first)) {
        if (first == SIZE_MAX) {
            r->oom = true;
            return;
        }
        const struct bm_import_origin *f = &o->origins[first];
        char zh[256], en[256];
        if (strcmp(f->sheet, sheet) == 0) {
            snprintf(zh, sizeof(zh), "与第 %u 行 %s 列重复：同一城市、指标、年份和季度", f->row, f->column);
            snprintf(en, sizeof(en), "repeats row %u, column %s: the same city, indicator, year and quarter",
                     f->row, f->column);
        } else {
            snprintf(zh, sizeof(zh), "与工作表“%s”第 %u 行 %s 列重复：同一城市、指标、年份和季度", f->sheet,
                     f->row, f->column);
            snprintf(en, sizeof(en),
                     "repeats sheet \"%s\", row %u, column %s: the same city, indicator, year and quarter",
                     f->sheet, f->row, f->column);
        }
        refuse(r, sheet, "value", row, col, header, c ? c->text : NULL, zh, en);
        return;
    }
    struct bm_import_origin *g = &o->origins[o->n_values];
    *g = (struct bm_import_origin){.sheet = sheet, .row = row};
    sheet_column_letters((uint32_t)col, g->column);
    o->values[o->n_values++] = *v;
}

/* Refuses an unknown city on its cell; true when found. */
static bool city_of(struct reader *r, const char *sheet, uint32_t row, int32_t col, const char *header,
                    const char *s, size_t *index)
{
    if (city_find(r, s, strlen(s), index) == 0)
        return true;
    char zh[384], en[384];
    snprintf(zh, sizeof(zh), "未知的城市“%s”：请先在对标城市中添加（导入不会新建城市）", s);
    snprintf(en, sizeof(en), "unknown city \"%s\": add it to the cities first (an import never creates one)",
             s);
    refuse(r, sheet, "city", row, col, header, s, zh, en);
    return false;
}

/* ---- the wide layout ---- */

static bool is_city_header(const struct cell *c)
{
    static const char *const names[] = {"城市",       "地区",       "城市名称", "地区名称",
                                        "城市(地区)", "地区(城市)", NULL};
    char norm[NORM_MAX];
    value_normalize(c->text, c->len, norm, sizeof(norm));
    for (size_t i = 0; names[i]; i++)
        if (strcmp(norm, names[i]) == 0)
            return true;
    return false;
}

struct year_column {
    uint32_t col;
    int year; /* 0: refused in the header */
    const char *header;
};

static bool blank_row(const struct sheet_row *row)
{
    for (uint32_t c = 0; c < row->n_cells; c++) {
        const char *v = row->cells[c].text;
        size_t len = row->cells[c].len;
        value_trim(&v, &len);
        if (len)
            return false;
    }
    return true;
}

/* Reads the years of the header row into cols (by column); refuses what is not a year. */
static size_t wide_years(struct reader *r, const struct sheet *s, const struct sheet_row *h,
                         uint32_t city_col, struct year_column *cols)
{
    size_t n = 0;
    for (uint32_t i = 0; i < h->n_cells; i++) {
        const struct cell *c = &h->cells[i];
        const char *t = c->text;
        size_t len = c->len;
        value_trim(&t, &len);
        if (c->col <= city_col || len == 0)
            continue;
        struct year_column *y = &cols[n++];
        *y = (struct year_column){.col = c->col, .header = c->text};
        int year;
        if (parse_year(c->text, c->len, &year) != 0) {
            refuse(r, s->name, "year", h->number, (int32_t)c->col, c->text, c->text,
                   "表头应为年份，如 2024 或 2024年", "the header must be a year, such as 2024 or 2024年");
            continue;
        }
        if (!year_in_range(year)) {
            char zh[128], en[128];
            snprintf(zh, sizeof(zh), "年份应在 %d 到 %d 之间", BM_YEAR_MIN, BM_YEAR_MAX);
            snprintf(en, sizeof(en), "the year must be %d to %d", BM_YEAR_MIN, BM_YEAR_MAX);
            refuse(r, s->name, "year", h->number, (int32_t)c->col, c->text, c->text, zh, en);
            continue;
        }
        for (size_t k = 0; k + 1 < n; k++)
            if (cols[k].year == year) {
                char letters[8], zh[128], en[128];
                sheet_column_letters(cols[k].col, letters);
                snprintf(zh, sizeof(zh), "年份与 %s 列重复", letters);
                snprintf(en, sizeof(en), "the same year as column %s", letters);
                refuse(r, s->name, "year", h->number, (int32_t)c->col, c->text, c->text, zh, en);
                year = 0;
                break;
            }
        y->year = year;
    }
    return n;
}

static void read_wide(struct reader *r, const struct sheet *s, const struct bm_indicator *ind)
{
    size_t h = 0;
    const struct cell *city_head = NULL;
    for (; h < s->n_rows && !city_head; h++)
        for (uint32_t i = 0; i < s->rows[h].n_cells && i < HEADER_CELLS && !city_head; i++)
            if (is_city_header(&s->rows[h].cells[i]))
                city_head = &s->rows[h].cells[i];
    if (!city_head) {
        refuse(r, s->name, "header", 0, -1, NULL, NULL,
               "找不到表头：应有一行以“城市”或“地区”开头，其后每列一个年份（如 2024年）",
               "no header found: a row starting with 城市 or 地区, then a column per year (such as 2024年)");
        return;
    }
    const struct sheet_row *head = &s->rows[h - 1];
    uint32_t city_col = city_head->col;
    struct year_column *years = arena_alloc(r->a, (head->n_cells + 1) * sizeof(*years));
    if (!years) {
        r->oom = true;
        return;
    }
    size_t n_years = wide_years(r, s, head, city_col, years);
    if (n_years == 0) {
        refuse(r, s->name, "year", head->number, -1, NULL, NULL, "表头中没有年份列（如 2024、2024年）",
               "the header has no year columns (such as 2024, 2024年)");
        return;
    }
    size_t data_rows = 0;
    for (size_t i = h; i < s->n_rows; i++) {
        const struct sheet_row *row = &s->rows[i];
        if (blank_row(row))
            continue;
        if (import_row_kind(row) != IMPORT_ROW_DATA) {
            r->out->n_skipped++;
            continue;
        }
        const struct cell *cc = sheet_row_cell(row, city_col);
        if (cc && is_city_header(cc)) { /* the header again, as a table printed over pages repeats it */
            r->out->n_skipped++;
            continue;
        }
        data_rows++;
        const char *city = NULL;
        if (cc) {
            const char *t = cc->text;
            size_t len = cc->len;
            value_trim(&t, &len);
            city = len ? arena_strndup(r->a, t, len) : NULL;
        }
        size_t ci = 0;
        bool city_ok =
            city && city_of(r, s->name, row->number, (int32_t)city_col, city_head->text, city, &ci);
        bool any = false;
        size_t y = 0;
        for (uint32_t k = 0; k < row->n_cells; k++) {
            const struct cell *c = &row->cells[k];
            if (c->col <= city_col)
                continue;
            while (y < n_years && years[y].col < c->col)
                y++;
            int64_t v;
            const char *zh, *en;
            enum parsed p = parse_value(c, ind, &v, &zh, &en);
            if (p == PARSED_NONE) {
                r->out->n_skipped++;
                continue;
            }
            any = true;
            if (y == n_years || years[y].col != c->col) {
                refuse(r, s->name, "year", row->number, (int32_t)c->col, NULL, c->text, "该列没有年份表头",
                       "the column has no year in the header");
                continue;
            }
            if (p == PARSED_BAD) {
                refuse(r, s->name, "value", row->number, (int32_t)c->col, years[y].header, c->text, zh, en);
                continue;
            }
            if (!city_ok || years[y].year == 0)
                continue;
            struct bm_value bv = {.indicator_id = ind->id,
                                  .city_id = r->ref->cities[ci].id,
                                  .year = years[y].year,
                                  .quarter = 0,
                                  .has_value = true,
                                  .value = v,
                                  .source = r->ref->source};
            keep(r, s->name, row->number, (int32_t)c->col, years[y].header, c, &bv);
        }
        if (!city && any)
            refuse(r, s->name, "city", row->number, (int32_t)city_col, city_head->text, NULL, "城市不能为空",
                   "the city must not be empty");
    }
    if (data_rows == 0)
        refuse(r, s->name, "city", head->number, (int32_t)city_col, city_head->text, NULL, "表头下没有数据行",
               "no rows of data under the header");
}

/* ---- the long layout ---- */

static const struct column long_columns[] = {
    {"city", "城市", "City", "地区|城市名称|地区名称", COL_TEXT, true, true, NULL, NULL, 16, false},
    {"indicator", "指标", "Indicator", "指标名称|指标代码", COL_TEXT, true, true, NULL, NULL, 28, false},
    {"year", "年份", "Year", "年度|年", COL_TEXT, true, true, NULL, NULL, 8, false},
    {"quarter", "季度", "Quarter", "季", COL_TEXT, true, false, NULL, NULL, 8, false},
    {"value", "数值", "Value", "值|数据|指标值", COL_TEXT, true, false, NULL, NULL, 14, false},
    {"source", "来源", "Source", "数据来源|资料来源", COL_TEXT, true, false, NULL, NULL, 20, false},
    {"note", "备注", "Note", "说明", COL_TEXT, true, false, NULL, NULL, 24, false},
};
enum { L_CITY, L_INDICATOR, L_YEAR, L_QUARTER, L_VALUE, L_SOURCE, L_NOTE, L_COLUMNS };
const struct resource_columns columns_bm_values_long = {"benchmark-values", "对标数据", NULL, long_columns,
                                                        L_COLUMNS};

/* The sheet's cell under resource column k in the row numbered `number`, or NULL. */
static const struct cell *long_cell(const struct import_table *t, uint32_t number, size_t k)
{
    return t->sheet_col[k] >= 0 ? sheet_cell(t->sheet, number, (uint32_t)t->sheet_col[k]) : NULL;
}

static void long_row(struct reader *r, const struct import_table *t, const struct import_row *row)
{
    const char *sheet = t->sheet->name;
    const char *const *v = (const char *const *)row->values;
    uint32_t n = row->number;
#define AT(k) n, t->sheet_col[k], t->header[k]
    size_t ci = 0, ii = 0;
    bool ok = v[L_CITY] && city_of(r, sheet, AT(L_CITY), v[L_CITY], &ci);
    if (v[L_INDICATOR]) {
        char unit[NORM_MAX], zh[384], en[384];
        int rc = indicator_find(r, v[L_INDICATOR], strlen(v[L_INDICATOR]), &ii, unit);
        if (rc == -1) {
            snprintf(zh, sizeof(zh), "未知的指标“%s”：应为指标目录中的名称或代码", v[L_INDICATOR]);
            snprintf(en, sizeof(en), "unknown indicator \"%s\": use a name or code of the catalogue",
                     v[L_INDICATOR]);
        } else if (rc == -2) {
            snprintf(zh, sizeof(zh), "单位“%s”与指标的单位“%s”不符", unit, r->ref->indicators[ii].unit);
            snprintf(en, sizeof(en), "the unit \"%s\" is not the indicator's (%s)", unit,
                     r->ref->indicators[ii].unit);
        }
        if (rc != 0)
            refuse(r, sheet, "indicator", AT(L_INDICATOR), v[L_INDICATOR], zh, en);
        ok = ok && rc == 0;
    } else {
        ok = false;
    }
    int year = 0, quarter = 0;
    if (v[L_YEAR]) {
        if (parse_year(v[L_YEAR], strlen(v[L_YEAR]), &year) != 0 || !year_in_range(year)) {
            char zh[128], en[128];
            snprintf(zh, sizeof(zh), "应为 %d 到 %d 之间的年份，如 2024 或 2024年", BM_YEAR_MIN, BM_YEAR_MAX);
            snprintf(en, sizeof(en), "must be a year from %d to %d, such as 2024 or 2024年", BM_YEAR_MIN,
                     BM_YEAR_MAX);
            refuse(r, sheet, "year", AT(L_YEAR), v[L_YEAR], zh, en);
            ok = false;
        }
    } else {
        ok = false;
    }
    if (v[L_QUARTER] && parse_quarter(v[L_QUARTER], strlen(v[L_QUARTER]), &quarter) != 0) {
        refuse(r, sheet, "quarter", AT(L_QUARTER), v[L_QUARTER],
               "季度应为 0（全年）到 4，或 Q1、一季度、上半年、前三季度",
               "the quarter must be 0 (the year) to 4, or Q1, 一季度, 上半年 (H1), 前三季度 (Q1–Q3)");
        ok = false;
    }
    if (!v[L_VALUE]) {
        r->out->n_skipped++;
        return;
    }
    const struct cell *c = long_cell(t, n, L_VALUE);
    struct cell text = {.col = 0, .kind = CELL_TEXT, .text = v[L_VALUE], .len = (uint32_t)strlen(v[L_VALUE])};
    if (!c) /* merged down from a row above */
        c = &text;
    const struct bm_indicator *ind = ok ? &r->ref->indicators[ii] : &(struct bm_indicator){.unit = ""};
    int64_t value;
    const char *zh, *en;
    enum parsed p = parse_value(c, ind, &value, &zh, &en);
    if (p == PARSED_NONE) {
        r->out->n_skipped++;
        return;
    }
    if (p == PARSED_BAD) {
        refuse(r, sheet, "value", AT(L_VALUE), v[L_VALUE], zh, en);
        return;
    }
    if (!ok)
        return;
    struct bm_value bv = {.indicator_id = ind->id,
                          .city_id = r->ref->cities[ci].id,
                          .year = year,
                          .quarter = quarter,
                          .has_value = true,
                          .value = value,
                          .source = v[L_SOURCE] ? v[L_SOURCE] : r->ref->source,
                          .note = v[L_NOTE]};
    keep(r, sheet, n, t->sheet_col[L_VALUE], t->header[L_VALUE], c, &bv);
#undef AT
}

static void read_long(struct reader *r, const struct sheet *s)
{
    struct import_table t;
    struct error e;
    if (import_table_read(s, &columns_bm_values_long, r->a, &t, &e) != 0) {
        if (e.code == ERR_NO_HEADER)
            refuse(r, s->name, "header", 0, -1, NULL, NULL, e.message_zh, e.message_en);
        else
            r->oom = true;
        return;
    }
    if (!import_table_has(&t, L_VALUE)) {
        refuse(r, s->name, "value", t.header_row, -1, NULL, NULL, "缺少“数值”列",
               "the column 数值 (value) is missing");
        return;
    }
    r->out->n_skipped += t.n_skipped;
    /* a row skipped as a total (合计, 累计 … in its first cells) whose city is one: its indicator's
       name starts so ("累计实际使用外资"), and the row is data, refused rather than lost */
    for (size_t i = 0; i < t.n_skipped; i++) {
        const struct cell *city = long_cell(&t, t.skipped[i].row, L_CITY);
        const struct cell *ind = long_cell(&t, t.skipped[i].row, L_INDICATOR);
        size_t ci;
        if (city && ind && city_find(r, city->text, city->len, &ci) == 0)
            refuse(
                r, s->name, "indicator", t.skipped[i].row, t.sheet_col[L_INDICATOR], t.header[L_INDICATOR],
                ind->text, "以“合计”“累计”等开头的行被当作合计行：请改填指标代码",
                "a row starting with 合计, 累计 … is taken for a total: write the indicator's code instead");
    }
    /* what the table's reading refused (a required cell empty, an error value), on its field */
    for (size_t i = 0; i < t.n_errors; i++) {
        const struct import_cell_error *x = &t.errors[i];
        const char *field = "value";
        for (size_t k = 0; k < L_COLUMNS; k++) {
            char letters[8];
            if (t.sheet_col[k] < 0)
                continue;
            sheet_column_letters((uint32_t)t.sheet_col[k], letters);
            if (strcmp(letters, x->column) == 0)
                field = long_columns[k].key;
        }
        r->out->errors_total++;
        if (r->out->n_errors < IMPORT_ERRORS_MAX)
            r->out->errors[r->out->n_errors++] =
                (struct bm_import_error){.sheet = s->name, .field = field, .cell = *x};
    }
    r->out->errors_total += t.errors_total - t.n_errors;
    for (size_t i = 0; i < t.n_rows; i++)
        long_row(r, &t, &t.rows[i]);
    if (t.n_rows == 0)
        refuse(r, s->name, "city", t.header_row, t.sheet_col[L_CITY], t.header[L_CITY], NULL,
               "表头下没有数据行", "no rows of data under the header");
}

/* ---- the file ---- */

static void read_sheet_wide(struct reader *r, const struct sheet *s, bool *used)
{
    const struct bm_import_ref *ref = r->ref;
    if (ref->indicator_id) {
        const struct bm_indicator *ind = indicator_by_id(ref, ref->indicator_id);
        if (ind)
            read_wide(r, s, ind);
        return;
    }
    if (s->n_rows == 0 || strcmp(s->name, "说明") == 0)
        return; /* an empty Sheet2, the template's help */
    size_t ii;
    char unit[NORM_MAX], zh[384], en[384];
    int rc = indicator_find(r, s->name, strlen(s->name), &ii, unit);
    if (rc == -1) {
        snprintf(zh, sizeof(zh), "工作表名“%s”不是指标目录中的名称或代码：请按指标命名工作表，或指定指标",
                 s->name);
        snprintf(en, sizeof(en),
                 "the sheet name \"%s\" is not a name or code of the catalogue: name the sheet after its "
                 "indicator, "
                 "or choose the indicator",
                 s->name);
    } else if (rc == -2) {
        snprintf(zh, sizeof(zh), "工作表名中的单位“%s”与指标的单位“%s”不符", unit, ref->indicators[ii].unit);
        snprintf(en, sizeof(en), "the unit \"%s\" in the sheet name is not the indicator's (%s)", unit,
                 ref->indicators[ii].unit);
    } else if (used[ii]) {
        snprintf(zh, sizeof(zh), "另一张工作表已是指标“%s”的数据", ref->indicators[ii].name);
        snprintf(en, sizeof(en), "another sheet already holds the indicator \"%s\"",
                 ref->indicators[ii].name);
        rc = -3;
    }
    if (rc != 0) {
        refuse(r, s->name, "sheet", 0, -1, NULL, s->name, zh, en);
        return;
    }
    used[ii] = true;
    read_wide(r, s, &ref->indicators[ii]);
}

int bm_import_sheets(const struct sheet *sheets, size_t n, enum bm_layout layout,
                     const struct bm_import_ref *ref, struct arena *a, struct bm_import *out, struct error *e)
{
    *out = (struct bm_import){0};
    if (layout == BM_LAYOUT_WIDE && ref->indicator_id && !indicator_by_id(ref, ref->indicator_id))
        return error_set(e, ERR_INVALID_VALUE, "indicator_id", "没有这个指标", "no such indicator");
    struct reader r = {.a = a, .ref = ref, .out = out};
    size_t cells = 1;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sheets[i].n_rows; k++)
            cells += sheets[i].rows[k].n_cells;
    bool *used = arena_calloc(a, (ref->n_indicators + 1) * sizeof(*used));
    out->errors = arena_alloc(a, IMPORT_ERRORS_MAX * sizeof(*out->errors));
    int rc = 0;
    if (!used || !out->errors || matcher_init(&r) != 0 || strmap_init(&r.seen, cells) != 0) {
        rc = error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
        goto out;
    }
    size_t last = layout == BM_LAYOUT_LONG || ref->indicator_id ? (n ? 1 : 0) : n;
    for (size_t i = 0; i < last && !r.oom; i++) {
        size_t before = out->n_errors;
        if (layout == BM_LAYOUT_LONG)
            read_long(&r, &sheets[i]);
        else
            read_sheet_wide(&r, &sheets[i], used);
        out->n_sheets++;
        qsort(out->errors + before, out->n_errors - before, sizeof(*out->errors), by_place);
    }
    if (r.oom) {
        rc = error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
        goto out;
    }
    if (out->errors_total == 0 && out->n_values == 0)
        refuse(&r, n ? sheets[0].name : "", "value", 0, -1, NULL, NULL, "文件中没有可导入的数值",
               "the file holds no values to import");
    if (out->errors_total > 0)
        rc = error_set(e, ERR_INVALID_ROWS, NULL, "有 %zu 处单元格有误，未导入任何数据",
                       "%zu cells are wrong: nothing was imported", out->errors_total);
out:
    reader_release(&r);
    return rc;
}

int bm_import_read(const void *data, size_t len, enum bm_layout layout, const struct bm_import_ref *ref,
                   const struct read_limits *limits, struct arena *a, struct bm_import *out, struct error *e)
{
    *out = (struct bm_import){0};
    if (!limits)
        limits = &read_limits_default;
    error_clear(e); /* the xlsx reader tells its failures by e's code */
    struct sheet *sheets = arena_calloc(a, SHEETS_MAX * sizeof(*sheets));
    if (!sheets)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    if (sheet_read(data, len, NULL, limits, a, &sheets[0], e) != 0)
        return -1;
    size_t n = 1;
    if (layout == BM_LAYOUT_WIDE && !ref->indicator_id)
        for (; n < sheets[0].n_names && n < SHEETS_MAX; n++)
            if (sheet_read(data, len, sheets[0].names[n], limits, a, &sheets[n], e) != 0)
                return -1;
    return bm_import_sheets(sheets, n, layout, ref, a, out, e);
}
