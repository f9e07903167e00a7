/* From a sheet to rows of one resource; see import.h. */
#include "io/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"
#include "io/value.h"
#include "base/banned.h"

#define HEADER_SEARCH_ROWS 30 /* the header is among the first rows that hold anything */
#define LABEL_MAX 256         /* bytes of a normalised header */
#define HEADER_COLUMNS_MAX 1024
#define NOTE_COLON_WITHIN 48  /* bytes: the colon of a note comes within its first few words */

struct label {
    const char *text; /* the cell's (or its merged range's) text, NULL if empty */
    size_t len;
    bool across;      /* from a range merged over several columns: a group's label over sub-headers */
};

#define HEADER_MERGES_MAX 256 /* a header has a few; each label looks through them all */

/* The merged ranges that reach into the rows where a header may be. */
struct header_merges {
    const struct merge *items[HEADER_MERGES_MAX];
    size_t n;
};

/* The text shown at (row, col): the cell's own, or the first cell of a merged range over it. */
static struct label label_at(const struct sheet *s, const struct header_merges *hm, size_t row_index, uint32_t col)
{
    const struct sheet_row *row = &s->rows[row_index];
    for (size_t m = 0; m < hm->n; m++) {
        const struct merge *g = hm->items[m];
        if (g->row1 > row->number || g->row2 < row->number || g->col1 > col || g->col2 < col)
            continue;
        for (size_t r = row_index + 1; r-- > 0 && s->rows[r].number >= g->row1;) {
            const struct cell *c;
            if (s->rows[r].number == g->row1 && (c = sheet_row_cell(&s->rows[r], g->col1)))
                return (struct label){c->text, c->len, g->col2 > g->col1};
        }
        return (struct label){NULL, 0, false};
    }
    const struct cell *c = sheet_row_cell(row, col);
    return c ? (struct label){c->text, c->len, false} : (struct label){NULL, 0, false};
}

/*
 * The unit named by a header's tail ("万元", "亿元", "元"; for dollars "万美元", "亿美元", "美元"), if
 * it is one. Cents are to dollars as fen to 元, so the dollar units scale alike.
 */
static bool money_unit_named(enum column_type type, const char *s, size_t len, enum money_unit *unit)
{
    struct unit_name {
        const char *name;
        enum money_unit unit;
    };
    static const struct unit_name yuan[] = {{"万元", MONEY_WAN}, {"亿元", MONEY_YI}, {"元", MONEY_YUAN}},
                                  dollars[] = {{"万美元", MONEY_WAN}, {"亿美元", MONEY_YI}, {"美元", MONEY_YUAN}};
    const struct unit_name *units = type == COL_MONEY_USD ? dollars : yuan;
    for (size_t i = 0; i < sizeof(yuan) / sizeof(yuan[0]); i++)
        if (len == strlen(units[i].name) && memcmp(s, units[i].name, len) == 0) {
            *unit = units[i].unit;
            return true;
        }
    return false;
}

/*
 * Does normalised label l name a column by its normalised name (n bytes)? Either exactly, or
 * followed by a bracketed note ("(万元)", "(必填)") or, for amounts, by a unit ("总投资万元",
 * "总投资/万元").
 */
static bool name_matches(const char *l, size_t llen, const char *name, size_t n, enum column_type type,
                         enum money_unit *unit)
{
    if (n == 0 || n > llen || memcmp(l, name, n) != 0)
        return false;
    const char *tail = l + n;
    size_t tlen = llen - n;
    if (tlen == 0)
        return true;
    if (tail[0] == '(' && tail[tlen - 1] == ')') {
        money_unit_named(type, tail + 1, tlen - 2, unit);
        return true;
    }
    if (COLUMN_IS_MONEY(type) && tail[0] == '/' && money_unit_named(type, tail + 1, tlen - 1, unit))
        return true;
    return COLUMN_IS_MONEY(type) && money_unit_named(type, tail, tlen, unit);
}

#define COLUMN_NAMES_MAX 12 /* the header and its synonyms */

/* A column's names (its header, then its synonyms), normalised once for a whole header search. */
struct column_names {
    size_t n;
    size_t len[COLUMN_NAMES_MAX];
    char text[COLUMN_NAMES_MAX][LABEL_MAX];
};

static void column_names_make(const struct column *c, struct column_names *out)
{
    out->n = 0;
    const char *names = c->header;
    for (int which = 0; names && out->n < COLUMN_NAMES_MAX; which++) {
        const char *end = which == 0 ? names + strlen(names) : strchr(names, '|');
        if (!end)
            end = names + strlen(names);
        out->len[out->n] = value_normalize(names, (size_t)(end - names), out->text[out->n], LABEL_MAX);
        out->n++;
        /* the next name: the synonyms after the header, '|'-separated */
        if (which == 0)
            names = c->synonyms;
        else
            names = *end ? end + 1 : NULL;
    }
}

/* Does normalised label l name column c? By any of its names (see name_matches). */
static bool label_matches_names(const char *l, size_t llen, const struct column *c, const struct column_names *names,
                                enum money_unit *unit)
{
    for (size_t i = 0; i < names->n; i++)
        if (name_matches(l, llen, names->text[i], names->len[i], c->type, unit))
            return true;
    return false;
}

static bool label_matches(const char *l, size_t llen, const struct column *c, enum money_unit *unit)
{
    struct column_names *names = malloc(sizeof(*names));
    if (!names)
        return false;
    column_names_make(c, names);
    bool yes = label_matches_names(l, llen, c, names, unit);
    free(names);
    return yes;
}

/* A header candidate: which sheet column each resource column is in. */
struct candidate {
    size_t row_index;
    uint32_t rows; /* 1 or 2 */
    int32_t sheet_col[IMPORT_COLUMNS_MAX];
    struct label header[IMPORT_COLUMNS_MAX];
    size_t matched;
    size_t grouped;  /* columns found under a group's label (a real two-row header) */
    bool complete;   /* every required column found */
};

static size_t max_column(const struct sheet_row *row)
{
    return row->n_cells ? row->cells[row->n_cells - 1].col + 1 : 0;
}

/* Tries each label of a column against the resource's columns; the first match wins. */
static bool match_column(const struct resource_columns *rc, const struct column_names *names, struct candidate *cand,
                         uint32_t col, const struct label *tries, size_t n_tries)
{
    for (size_t t = 0; t < n_tries; t++) {
        if (!tries[t].text)
            continue;
        char norm[LABEL_MAX];
        size_t n = value_normalize(tries[t].text, tries[t].len, norm, sizeof(norm));
        for (size_t k = 0; k < rc->n_columns; k++) {
            enum money_unit unit;
            if (!rc->columns[k].importable || cand->sheet_col[k] >= 0 ||
                !label_matches_names(norm, n, &rc->columns[k], &names[k], &unit))
                continue;
            cand->sheet_col[k] = (int32_t)col;
            cand->header[k] = tries[t];
            cand->matched++;
            return true;
        }
    }
    return false;
}

/* Two labels joined, in the arena: a two-row header's parent and child ("总投资" + "计划"). */
static struct label joined(struct arena *a, struct label x, struct label y)
{
    if (!x.text || !y.text)
        return (struct label){NULL, 0, false};
    char *p = arena_alloc(a, x.len + y.len + 1);
    if (!p)
        return (struct label){NULL, 0, false};
    memcpy(p, x.text, x.len);
    memcpy(p + x.len, y.text, y.len);
    p[x.len + y.len] = '\0';
    return (struct label){p, x.len + y.len, false};
}

/*
 * Matches the columns of one candidate: a single header row, or two rows where the upper may
 * hold a group's label merged over several sub-headers ("上级单位" over 编码 and 名称). A group's
 * column is first tried by the joined label ("上级单位编码") and only after every other column
 * by its sub-header alone, so that a bare "编码" under "上级单位" never takes the unit's own code.
 */
static void evaluate(const struct sheet *s, const struct header_merges *hm, const struct resource_columns *rc,
                     const struct column_names *names, struct arena *a, struct candidate *cand)
{
    for (size_t k = 0; k < rc->n_columns; k++)
        cand->sheet_col[k] = -1;
    cand->matched = cand->grouped = 0;
    size_t width = max_column(&s->rows[cand->row_index]);
    if (cand->rows == 2 && max_column(&s->rows[cand->row_index + 1]) > width)
        width = max_column(&s->rows[cand->row_index + 1]);
    if (width > HEADER_COLUMNS_MAX)
        width = HEADER_COLUMNS_MAX;
    for (int pass = 1; pass <= 2; pass++) {
        for (uint32_t col = 0; col < width; col++) {
            struct label top = label_at(s, hm, cand->row_index, col), sub = {NULL, 0, false};
            if (cand->rows == 2)
                sub = label_at(s, hm, cand->row_index + 1, col);
            bool group = top.across && sub.text && top.text != sub.text;
            if (pass == 2) {
                if (group && match_column(rc, names, cand, col, &sub, 1))
                    cand->grouped++;
                continue;
            }
            if (!sub.text || top.text == sub.text) { /* one row, or one range merged down over both */
                match_column(rc, names, cand, col, &top, 1);
                continue;
            }
            struct label tries[4] = {joined(a, top, sub), joined(a, sub, top), sub, top};
            if (group && match_column(rc, names, cand, col, tries, 2))
                cand->grouped++;
            else if (!group)
                match_column(rc, names, cand, col, tries, 4);
        }
    }
    cand->complete = true;
    for (size_t k = 0; k < rc->n_columns; k++)
        if (rc->columns[k].required && cand->sheet_col[k] < 0)
            cand->complete = false;
}

static int no_header(const struct resource_columns *rc, const struct candidate *best, const struct sheet *s,
                     struct error *e)
{
    char expected[256] = "";
    size_t used = 0;
    for (size_t k = 0; k < rc->n_columns && used < sizeof(expected); k++)
        if (rc->columns[k].required && (!best || best->sheet_col[k] < 0))
            used += (size_t)snprintf(expected + used, sizeof(expected) - used, "%s%s", used ? "、" : "",
                                     rc->columns[k].header);
    if (best && best->matched > 0)
        return error_set(e, ERR_NO_HEADER, "file", "工作表“%s”第 %u 行像是表头，但缺少列：%s",
                         "sheet \"%s\", row %u, looks like the header but lacks the columns: %s", s->name,
                         s->rows[best->row_index].number, expected);
    return error_set(e, ERR_NO_HEADER, "file", "工作表“%s”中找不到表头：应有列 %s",
                     "no header found in sheet \"%s\": expected the columns %s", s->name, expected);
}

/*
 * Is cand a better header than best? More columns found wins. On a tie, of two readings that
 * end on the same row (a title over a header, read as one two-row header), the single row; of
 * two that end on different rows, the two-row header whose group labels found columns.
 */
static bool better_header(const struct candidate *cand, const struct candidate *best)
{
    if (cand->matched != best->matched)
        return cand->matched > best->matched;
    size_t cand_end = cand->row_index + cand->rows, best_end = best->row_index + best->rows;
    if (cand_end == best_end)
        return cand->rows < best->rows;
    return cand->grouped > 0 && best->grouped == 0;
}

static int find_header(const struct sheet *s, const struct resource_columns *rc, struct arena *a,
                       struct candidate *best, struct error *e)
{
    if (rc->n_columns > sizeof(best->sheet_col) / sizeof(best->sheet_col[0]))
        return error_set(e, ERR_INTERNAL, NULL, "列定义过多", "too many columns defined");
    struct header_merges *hm = calloc(1, sizeof(*hm));
    struct column_names *names = calloc(rc->n_columns ? rc->n_columns : 1, sizeof(*names));
    if (!hm || !names) {
        free(hm);
        free(names);
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    }
    for (size_t k = 0; k < rc->n_columns; k++)
        column_names_make(&rc->columns[k], &names[k]);
    size_t last = s->n_rows < HEADER_SEARCH_ROWS + 1 ? s->n_rows : HEADER_SEARCH_ROWS + 1;
    uint32_t last_number = last ? s->rows[last - 1].number : 0;
    for (size_t m = 0; m < s->n_merges && hm->n < HEADER_MERGES_MAX; m++)
        if (s->merges[m].row1 <= last_number)
            hm->items[hm->n++] = &s->merges[m];
    struct candidate cand;
    bool found = false;
    struct candidate partial = {0};
    for (size_t i = 0; i < s->n_rows && i < HEADER_SEARCH_ROWS; i++) {
        for (uint32_t rows = 1; rows <= 2; rows++) {
            if (rows == 2 && (i + 1 >= s->n_rows || s->rows[i + 1].number != s->rows[i].number + 1))
                continue;
            cand = (struct candidate){.row_index = i, .rows = rows};
            evaluate(s, hm, rc, names, a, &cand);
            if (cand.complete && (!found || better_header(&cand, best))) {
                *best = cand;
                found = true;
            } else if (!cand.complete && cand.matched > partial.matched) {
                partial = cand;
            }
        }
    }
    free(hm);
    free(names);
    if (!found)
        return no_header(rc, partial.matched ? &partial : NULL, s, e);
    return 0;
}

/* ---- rows ---- */

static const char *const total_words[] = {"合计", "总计", "小计", "总合计", "累计", NULL};
static const char *const note_words[] = {"注", "说明", "备注", "附注", "填表", "填报", "制表", "审核", "负责人",
                                         "单位负责人", "联系人", "联系电话", "电话", "数据来源", "资料来源", NULL};

static bool starts_with_any(const char *norm, size_t n, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) <= n && memcmp(norm, words[i], strlen(words[i])) == 0)
            return true;
    return false;
}

static void skip(struct import_table *t, uint32_t row, const char *zh, const char *en)
{
    if (t->n_skipped == t->skipped_cap) {
        size_t next = t->skipped_cap ? t->skipped_cap * 2 : 16;
        struct import_skip *p = arena_alloc(t->arena, next * sizeof(*p));
        if (!p)
            return;
        if (t->n_skipped)
            memcpy(p, t->skipped, t->n_skipped * sizeof(*p));
        t->skipped = p;
        t->skipped_cap = next;
    }
    t->skipped[t->n_skipped++] = (struct import_skip){row, zh, en};
}

enum import_row_kind import_row_kind(const struct sheet_row *row)
{
    for (uint32_t i = 0; i < row->n_cells && i < 3; i++) {
        char norm[LABEL_MAX];
        size_t n = value_normalize(row->cells[i].text, row->cells[i].len, norm, sizeof(norm));
        if (starts_with_any(norm, n, total_words))
            return IMPORT_ROW_TOTAL;
    }
    if (row->n_cells == 0)
        return IMPORT_ROW_DATA;
    /* a note: its first cell starts with 注, 说明, 填表人, … and has a colon soon after (注意：,
       填报单位（盖章）：, 制表时间：); no code or name holds one */
    char norm[LABEL_MAX];
    size_t n = value_normalize(row->cells[0].text, row->cells[0].len, norm, sizeof(norm));
    const char *colon = memchr(norm, ':', n < NOTE_COLON_WITHIN ? n : NOTE_COLON_WITHIN);
    return colon && starts_with_any(norm, n, note_words) ? IMPORT_ROW_NOTE : IMPORT_ROW_DATA;
}

/* A total row (合计 in one of its first cells) or a note under the data (注：…, 填表人：…). */
static bool skippable(struct import_table *t, const struct sheet_row *row)
{
    switch (import_row_kind(row)) {
    case IMPORT_ROW_TOTAL:
        skip(t, row->number, "合计行", "total row");
        return true;
    case IMPORT_ROW_NOTE:
        skip(t, row->number, "表格注释", "a note under the table");
        return true;
    case IMPORT_ROW_DATA:
        break;
    }
    return false;
}

static void add_error(struct import_table *t, uint32_t row, int32_t sheet_col, const char *header,
                      const char *value, const char *zh, const char *en)
{
    t->errors_total++;
    if (t->n_errors >= IMPORT_ERRORS_MAX)
        return;
    struct import_cell_error *err = &t->errors[t->n_errors++];
    *err = (struct import_cell_error){.row = row, .header = header, .value = value, .reason_zh = zh, .reason_en = en};
    if (sheet_col >= 0)
        sheet_column_letters((uint32_t)sheet_col, err->column);
}

/* The text of the cell at (row number, sheet column) as the sheet has it, or NULL. */
static const char *sheet_text(const struct sheet *s, uint32_t number, int32_t col)
{
    const struct cell *c = col >= 0 ? sheet_cell(s, number, (uint32_t)col) : NULL;
    return c ? c->text : NULL;
}

void import_table_error(struct import_table *t, const struct import_row *row, size_t column, const char *zh,
                        const char *en)
{
    const char *zh_copy = arena_strndup(t->arena, zh, strlen(zh)), *en_copy = arena_strndup(t->arena, en, strlen(en));
    const struct column *col = &t->columns->columns[column];
    /* an amount or a date as typed ("-5", not the fen it was read as) */
    const char *typed = col->type != COL_TEXT ? sheet_text(t->sheet, row->number, t->sheet_col[column]) : NULL;
    const char *value = col->secret ? NULL : typed ? typed : row->values[column];
    add_error(t, row->number, t->sheet_col[column], t->header[column], value, zh_copy ? zh_copy : zh,
              en_copy ? en_copy : en);
}

size_t import_column(const struct resource_columns *rc, const char *key)
{
    size_t k = 0;
    while (k < rc->n_columns && strcmp(rc->columns[k].key, key) != 0)
        k++;
    return k;
}

bool import_table_has(const struct import_table *t, size_t column)
{
    return column < t->columns->n_columns && t->sheet_col[column] >= 0;
}

static const char *choice_value(const struct column *col, const char *s, size_t len)
{
    char norm[LABEL_MAX], name[LABEL_MAX];
    size_t n = value_normalize(s, len, norm, sizeof(norm));
    for (const struct column_choice *c = col->choices; c && c->value; c++) {
        if (value_normalize(c->label_zh, strlen(c->label_zh), name, sizeof(name)) == n && memcmp(norm, name, n) == 0)
            return c->value;
        if (strlen(c->value) == n && memcmp(norm, c->value, n) == 0)
            return c->value;
    }
    return NULL;
}

/* "部门、镇、…" or, in English, "部门 (department), 镇 (town), …" */
static const char *choice_list(struct arena *a, const struct column *col, bool en)
{
    char list[320] = "";
    size_t used = 0;
    for (const struct column_choice *c = col->choices; c && c->value && used < sizeof(list); c++)
        used += (size_t)(en ? snprintf(list + used, sizeof(list) - used, "%s%s (%s)", used ? ", " : "", c->label_zh,
                                       c->value)
                            : snprintf(list + used, sizeof(list) - used, "%s%s", used ? "、" : "", c->label_zh));
    return arena_strndup(a, list, strlen(list));
}

/* Reads one cell as its column's type into *out (canonical text); on failure records the error. */
static void read_cell(struct import_table *t, const struct sheet_row *row, size_t k, const struct cell *c,
                      enum money_unit unit, const char **out)
{
    const struct column *col = &t->columns->columns[k];
    const char *s = c->text, *header = t->header[k];
    size_t len = c->len;
    int32_t sc = t->sheet_col[k];
    value_trim(&s, &len);
    if (len == 0)
        return;
    if (c->kind == CELL_ERROR) {
        add_error(t, row->number, sc, header, c->text, "单元格是错误值（公式出错）", "the cell holds an error value (a formula failed)");
        return;
    }
    char buf[64], half[LABEL_MAX];
    if (col->type == COL_INT || COLUMN_IS_MONEY(col->type) || col->type == COL_DATE || col->type == COL_DATETIME ||
        col->type == COL_DECIMAL) {
        if (len > sizeof(half) / 2) { /* no number or date is this long: refused whole, never cut */
            add_error(t, row->number, sc, header, c->text, "内容过长，不是数字或日期", "too long for a number or a date");
            return;
        }
        len = value_normalize(s, len, half, sizeof(half)); /* "１０" typed with a Chinese input method */
        s = half;
    }
    switch (col->type) {
    case COL_TEXT:
        /* a number stored as 101.0 by some programs is the text "101" people typed */
        if (c->kind == CELL_NUMBER && len > 2 && memcmp(s + len - 2, ".0", 2) == 0)
            len -= 2;
        *out = arena_strndup(t->arena, s, len);
        return;
    case COL_INT: {
        int64_t v;
        if (value_parse_int(s, len, &v) != 0) {
            add_error(t, row->number, sc, header, c->text, "应为整数", "must be a whole number");
            return;
        }
        snprintf(buf, sizeof(buf), "%lld", (long long)v);
        break;
    }
    case COL_DECIMAL: {
        int64_t v;
        if (value_parse_decimal(s, len, c->kind == CELL_NUMBER, &v) != 0) { /* a number cell: its double, rounded */
            add_error(t, row->number, sc, header, c->text, "应为数字（最多 6 位小数，绝对值不超过 10^12）",
                      "must be a number (at most 6 decimals, a magnitude of at most 10^12)");
            return;
        }
        dec_format(v, buf);
        break;
    }
    case COL_CHOICE:
        if (c->kind == CELL_BOOL) /* TRUE typed into Excel becomes a boolean cell */
            s = c->text[0] == '1' ? "true" : "false", len = strlen(s);
        if (!(*out = choice_value(col, s, len))) {
            const char *list_zh = choice_list(t->arena, col, false), *list_en = choice_list(t->arena, col, true);
            char zh[384], en[384];
            snprintf(zh, sizeof(zh), "应为以下之一：%s", list_zh ? list_zh : "");
            snprintf(en, sizeof(en), "must be one of: %s", list_en ? list_en : "");
            add_error(t, row->number, sc, header, c->text, arena_strndup(t->arena, zh, strlen(zh)),
                      arena_strndup(t->arena, en, strlen(en)));
        }
        return;
    case COL_DATE:
    case COL_DATETIME: {
        struct date d;
        bool ok = c->kind == CELL_NUMBER ? value_parse_serial(s, len, t->sheet->date1904, &d) == 0
                                         : value_parse_date_text(s, len, &d) == 0;
        if (!ok) {
            add_error(t, row->number, sc, header, c->text, "应为日期，如 2020-03-09、2020/3/9 或 2020年3月9日",
                      "must be a date such as 2020-03-09, 2020/3/9 or 2020年3月9日");
            return;
        }
        date_format_iso(d, buf);
        break;
    }
    case COL_MONEY:
    case COL_MONEY_USD: {
        int64_t fen;
        if (money_parse(s, len, unit, c->kind == CELL_NUMBER, &fen) != 0) {
            add_error(t, row->number, sc, header, c->text, "应为金额（数字，最多精确到分）",
                      "must be an amount (a number, to the fen at most)");
            return;
        }
        snprintf(buf, sizeof(buf), "%lld", (long long)fen);
        break;
    }
    }
    *out = arena_strndup(t->arena, buf, strlen(buf));
}

/* The ranges merged down over data rows in one sheet column, by first row: a value shared by rows. */
struct column_merges {
    const struct merge **items;
    size_t n;
};

static int by_first_row(const void *x, const void *y)
{
    const struct merge *a = *(const struct merge *const *)x, *b = *(const struct merge *const *)y;
    return a->row1 < b->row1 ? -1 : a->row1 > b->row1;
}

static int collect_merges(const struct sheet *s, uint32_t col, uint32_t below, struct arena *a,
                          struct column_merges *out)
{
    *out = (struct column_merges){0};
    size_t n = 0;
    for (size_t m = 0; m < s->n_merges; m++)
        n += s->merges[m].row2 > s->merges[m].row1 && s->merges[m].row2 > below && s->merges[m].col1 <= col &&
             col <= s->merges[m].col2;
    if (n == 0)
        return 0;
    if (!(out->items = arena_alloc(a, n * sizeof(*out->items))))
        return -1;
    for (size_t m = 0; m < s->n_merges; m++)
        if (s->merges[m].row2 > s->merges[m].row1 && s->merges[m].row2 > below && s->merges[m].col1 <= col &&
            col <= s->merges[m].col2)
            out->items[out->n++] = &s->merges[m];
    qsort(out->items, out->n, sizeof(*out->items), by_first_row);
    return 0;
}

/* The cell whose value a merged range shows at (row, the column of cm), or NULL. */
static const struct cell *merged_cell(const struct sheet *s, const struct column_merges *cm, uint32_t row)
{
    size_t lo = 0, hi = cm->n;
    while (lo < hi) { /* the first range starting below row */
        size_t mid = (lo + hi) / 2;
        if (cm->items[mid]->row1 <= row)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || cm->items[lo - 1]->row2 < row)
        return NULL;
    const struct merge *g = cm->items[lo - 1];
    lo = 0, hi = s->n_rows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->rows[mid].number < g->row1)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n_rows && s->rows[lo].number == g->row1 ? sheet_row_cell(&s->rows[lo], g->col1) : NULL;
}

int import_table_read(const struct sheet *s, const struct resource_columns *rc, struct arena *a,
                      struct import_table *t, struct error *e)
{
    *t = (struct import_table){.columns = rc, .sheet = s, .arena = a};
    struct candidate *best = calloc(1, sizeof(*best));
    if (!best)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    if (find_header(s, rc, a, best, e) != 0) {
        free(best);
        return -1;
    }
    t->header_row = s->rows[best->row_index].number;
    t->header_rows = best->rows;
    t->sheet_col = arena_alloc(a, rc->n_columns * sizeof(*t->sheet_col));
    t->header = arena_alloc(a, rc->n_columns * sizeof(*t->header));
    enum money_unit units[IMPORT_COLUMNS_MAX];
    t->errors = arena_alloc(a, IMPORT_ERRORS_MAX * sizeof(*t->errors));
    size_t first = best->row_index + best->rows;
    t->rows = arena_alloc(a, (s->n_rows - first + 1) * sizeof(*t->rows));
    if (!t->sheet_col || !t->header || !t->errors || !t->rows) {
        free(best);
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    }
    for (size_t k = 0; k < rc->n_columns; k++) {
        t->sheet_col[k] = best->sheet_col[k];
        struct label l = best->header[k];
        t->header[k] = l.text ? arena_strndup(a, l.text, l.len) : rc->columns[k].header;
        units[k] = MONEY_WAN;
        if (l.text) {
            char norm[LABEL_MAX];
            size_t n = value_normalize(l.text, l.len, norm, sizeof(norm));
            label_matches(norm, n, &rc->columns[k], &units[k]);
        }
    }
    free(best);
    struct column_merges merges[IMPORT_COLUMNS_MAX];
    uint32_t last_header = t->header_row + t->header_rows - 1;
    for (size_t k = 0; k < rc->n_columns; k++)
        if (t->sheet_col[k] >= 0 && collect_merges(s, (uint32_t)t->sheet_col[k], last_header, a, &merges[k]) != 0)
            return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    for (size_t i = first; i < s->n_rows; i++) {
        const struct sheet_row *row = &s->rows[i];
        bool blank = true;
        for (uint32_t c = 0; c < row->n_cells && blank; c++) {
            const char *v = row->cells[c].text;
            size_t len = row->cells[c].len;
            value_trim(&v, &len);
            blank = len == 0;
        }
        if (blank || skippable(t, row))
            continue;
        struct import_row *out = &t->rows[t->n_rows];
        out->number = row->number;
        out->values = arena_calloc(a, rc->n_columns * sizeof(*out->values));
        if (!out->values)
            return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
        for (size_t k = 0; k < rc->n_columns; k++) {
            if (t->sheet_col[k] < 0)
                continue;
            const struct cell *c = sheet_row_cell(row, (uint32_t)t->sheet_col[k]);
            if (!c)
                c = merged_cell(s, &merges[k], row->number);
            size_t errors_before = t->errors_total;
            if (c)
                read_cell(t, row, k, c, units[k], &out->values[k]);
            if (!out->values[k] && rc->columns[k].required && t->errors_total == errors_before)
                add_error(t, row->number, t->sheet_col[k], t->header[k], NULL, "必填项不能为空", "required, must not be empty");
        }
        t->n_rows++;
    }
    return 0;
}
