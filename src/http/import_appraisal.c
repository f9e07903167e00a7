/*
 * Importing a sheet of an appraisal scheme's data: the columns come from the scheme (setup), each
 * row is matched to a subject by name among the caller's subjects, each cell read exactly
 * (decimals to six places, points to two, ratings separated by 、 or ,, a veto 是 or 否), and the
 * changed subjects written by the store in one transaction; see import.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"
#include "http/import.h"
#include "io/appraisal_sheets.h"
#include "io/value.h"
#include "base/banned.h"

#define RATINGS_MAX 1000

struct appraisal_import {
    struct appr_structure s;
    struct appr_data_columns cols;
};

int import_appraisal_setup(struct import_job *job, struct store *st, int64_t tenant, struct error *e)
{
    struct appraisal_import *x = arena_calloc(&job->arena, sizeof(*x));
    if (!x)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    if (store_appr_structure_get(st, tenant, job->scheme_id, job->scope, &job->arena, &x->s, e) != 0 ||
        appr_data_columns_make(&x->s, &job->arena, &x->cols, e) != 0)
        return -1;
    job->prepared = x;
    job->columns = &x->cols.rc;
    return 0;
}

/* The sheet's cell under column k of row, to tell a number cell (its text may carry binary noise) from text.
 */
static const struct cell *cell_of(const struct import_job *job, const struct import_row *row, size_t k)
{
    const struct sheet *s = &job->sheet;
    size_t lo = 0, hi = s->n_rows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->rows[mid].number < row->number)
            lo = mid + 1;
        else
            hi = mid;
    }
    int32_t col = job->table.sheet_col[k];
    return col >= 0 && lo < s->n_rows && s->rows[lo].number == row->number
               ? sheet_row_cell(&s->rows[lo], (uint32_t)col)
               : NULL;
}

static void refuse(struct import_job *job, const struct import_row *row, size_t k, const char *zh,
                   const char *en, bool *ok)
{
    import_table_error(&job->table, row, k, zh, en);
    *ok = false;
}

static bool read_decimal(struct import_job *job, const struct import_row *row, size_t k, const char *v,
                         int64_t *out)
{
    const struct cell *c = cell_of(job, row, k);
    char half[128];
    size_t len =
        value_normalize(v, strlen(v), half, sizeof(half)); /* "１２.５" typed with a Chinese input method */
    if (strlen(v) >= sizeof(half) / 2 || dec_parse(half, len, c && c->kind == CELL_NUMBER, out) != 0)
        return false;
    return true;
}

/* "90、85、88", "90,85,88", "90，85；88" or one per line: each a decimal in [0, 100]. */
static int read_ratings(struct import_job *job, const char *v, int64_t **out, size_t *n, const char **why_zh,
                        const char **why_en)
{
    static const char *const seps[] = {"、", "，", "；", ",", ";", "\n", " ", "\t", NULL};
    size_t cap = 1;
    for (const char *p = v; *p; p++)
        cap += *p == ',' || *p == ';' || *p == '\n' || *p == ' ' || (unsigned char)*p == 0xE3 ||
               (unsigned char)*p == 0xEF;
    *out = arena_alloc(&job->arena, cap * sizeof(int64_t));
    *n = 0;
    if (!*out)
        return -1;
    for (const char *p = v; *p;) {
        const char *end = p + strlen(p);
        size_t sep_len = 0;
        for (size_t i = 0; seps[i]; i++) {
            const char *at = strstr(p, seps[i]);
            if (at && at < end) {
                end = at;
                sep_len = strlen(seps[i]);
            }
        }
        const char *t = p;
        size_t len = (size_t)(end - p);
        value_trim(&t, &len);
        if (len > 0) {
            int64_t r;
            char half[96];
            size_t hl = len < sizeof(half) / 2 ? value_normalize(t, len, half, sizeof(half)) : 0;
            if (!hl || dec_parse(half, hl, false, &r) != 0) {
                *why_zh = "评分应为数字，以“、”或“,”分隔";
                *why_en = "ratings must be numbers separated by 、 or ,";
                return 1;
            }
            if (r < 0 || r > 100 * (int64_t)DEC_SCALE) {
                *why_zh = "评分应在 0 到 100 之间";
                *why_en = "a rating is 0 to 100";
                return 1;
            }
            if (*n >= RATINGS_MAX || *n >= cap) {
                *why_zh = "评分最多 1000 个";
                *why_en = "at most 1000 ratings";
                return 1;
            }
            (*out)[(*n)++] = r;
        }
        p = sep_len ? end + sep_len : end;
    }
    return 0;
}

static bool read_veto(const char *v, bool *yes)
{
    static const char *const yes_words[] = {"是", "yes", "y", "1", "true", "√", NULL}, *const no_words[] = {
                                                                                           "否", "no",    "n",
                                                                                           "0",  "false", "×",
                                                                                           NULL};
    char norm[32];
    size_t n = value_normalize(v, strlen(v), norm, sizeof(norm));
    for (size_t i = 0; yes_words[i]; i++)
        if (n == strlen(yes_words[i]) && memcmp(norm, yes_words[i], n) == 0)
            return (*yes = true);
    for (size_t i = 0; no_words[i]; i++)
        if (n == strlen(no_words[i]) && memcmp(norm, no_words[i], n) == 0) {
            *yes = false;
            return true;
        }
    return false;
}

/* The cells of one row, one per indicator the sheet has a column of; false when a cell was refused. */
static bool data_row(struct import_job *job, const struct appraisal_import *x, const struct import_row *row,
                     struct appr_import_row *out)
{
    const struct appr_data_columns *c = &x->cols;
    bool ok = true;
    struct appr_import_cell *cells = arena_calloc(&job->arena, (c->rc.n_columns + 1) * sizeof(*cells));
    if (!cells)
        return false;
    out->cells = cells;
    out->n_cells = 0;
    for (size_t k = 1; k < c->rc.n_columns; k++) {
        if (!import_table_has(&job->table, k))
            continue;
        int64_t id = x->s.indicators[c->indicator[k]].id;
        struct appr_import_cell *cell = NULL;
        for (size_t j = 0; j < out->n_cells; j++)
            if (cells[j].indicator_id == id)
                cell = &cells[j];
        if (!cell) {
            cell = &cells[out->n_cells++];
            cell->indicator_id = id;
        }
        const char *v = row->values[k];
        switch (c->field[k]) {
        case APPR_FIELD_TARGET:
        case APPR_FIELD_ACTUAL: {
            bool target = c->field[k] == APPR_FIELD_TARGET;
            int64_t d = 0;
            cell->set |= target ? APPR_SET_TARGET : APPR_SET_ACTUAL;
            if (v && !read_decimal(job, row, k, v, &d)) {
                refuse(job, row, k, "应为数字（最多 6 位小数，绝对值不超过一万亿）",
                       "must be a number (at most 6 decimals, within ±10^12)", &ok);
                continue;
            }
            if (target)
                cell->has_target = v != NULL, cell->target = d;
            else
                cell->has_actual = v != NULL, cell->actual = d;
            break;
        }
        case APPR_FIELD_RATINGS: {
            cell->set |= APPR_SET_RATINGS;
            const char *zh = NULL, *en = NULL;
            int64_t *ratings = NULL;
            size_t n = 0;
            int rc = v ? read_ratings(job, v, &ratings, &n, &zh, &en) : 0;
            if (rc < 0)
                return false;
            if (rc > 0) {
                refuse(job, row, k, zh, en, &ok);
                continue;
            }
            cell->ratings = ratings;
            cell->n_ratings = n;
            break;
        }
        case APPR_FIELD_BONUS:
        case APPR_FIELD_DEDUCTION: {
            cell->set |= APPR_SET_POINTS;
            cell->reason = "表格导入";
            int64_t p = 0;
            char half[96];
            size_t hl =
                v && strlen(v) < sizeof(half) / 2 ? value_normalize(v, strlen(v), half, sizeof(half)) : 0;
            if (v && (!hl || points_parse(half, hl, &p) != 0 || p < 0 || p > APPR_POINTS_MAX)) {
                refuse(job, row, k, "应为 0 到 1000000 的分值（最多 2 位小数）",
                       "must be points from 0 to 1,000,000 (at most 2 decimals)", &ok);
                continue;
            }
            cell->has_points = v != NULL;
            cell->points = p;
            break;
        }
        case APPR_FIELD_VETO: {
            bool yes = false;
            cell->set |= APPR_SET_ACTUAL;
            if (v && !read_veto(v, &yes)) {
                refuse(job, row, k, "应为“是”或“否”", "must be 是 (yes) or 否 (no)", &ok);
                continue;
            }
            cell->has_actual = v != NULL;
            cell->actual = yes ? DEC_SCALE : 0;
            break;
        }
        default:
            break;
        }
    }
    return ok;
}

/* The subject of the row's name among the caller's subjects (SIZE_MAX: refused on the cell). */
static size_t subject_row(struct import_job *job, const struct appraisal_import *x,
                          const struct import_row *row)
{
    const char *name = row->values[0];
    if (!name)
        return SIZE_MAX; /* refused while reading: a required column */
    size_t found = SIZE_MAX, count = 0;
    for (size_t i = 0; i < x->s.n_subjects; i++)
        if (strcmp(x->s.subjects[i].name, name) == 0) {
            if (found == SIZE_MAX)
                found = i;
            count++;
        }
    bool ok = true;
    if (count == 0)
        refuse(job, row, 0, "本方案没有这个考核对象，或它不在您的填报范围内",
               "the scheme has no such subject, or it is not within your scope", &ok);
    else if (count > 1)
        refuse(job, row, 0, "本方案有多个同名考核对象，请在网页上逐个填报",
               "the scheme has several subjects of this name: enter their data on the web page", &ok);
    return ok ? found : SIZE_MAX;
}

int import_appraisal_apply(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                           struct error *e)
{
    const struct appraisal_import *x = job->prepared;
    struct import_table *t = &job->table;
    struct arena *a = &job->arena;
    size_t n = t->n_rows, m = n ? n : 1;
    struct appr_import_row *rows = arena_calloc(a, m * sizeof(*rows));
    size_t *row_of = arena_alloc(a, m * sizeof(*row_of));
    bool *bad = arena_calloc(a, m * sizeof(*bad));
    job->actions = arena_calloc(a, m * sizeof(*job->actions));
    if (!rows || !row_of || !bad || !job->actions)
        return error_set(e, ERR_TOO_LARGE, NULL, "表格太大，超出了导入可用的内存",
                         "the sheet is too large for the memory an import may use");
    import_job_mark_bad_rows(job, bad);
    if (import_job_refuse_repeats(job, "subject", "考核对象", "subject", bad) != 0)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    size_t good = 0;
    for (size_t i = 0; i < n; i++) {
        size_t subject = bad[i] ? SIZE_MAX : subject_row(job, x, &t->rows[i]);
        bool ok = data_row(job, x, &t->rows[i], &rows[good]);
        if (!ok || subject == SIZE_MAX)
            continue;
        rows[good].subject_id = x->s.subjects[subject].id;
        row_of[good++] = i;
    }
    struct appr_data_import im = {.n = good,
                                  .rows = rows,
                                  .office = job->office,
                                  .dry_run = job->dry_run || t->errors_total > 0,
                                  .actions = arena_calloc(a, (good ? good : 1) * sizeof(*im.actions))};
    if (!im.actions)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    if (store_appr_data_import(st, tenant, who, job->scheme_id, job->scope, &im, a, e) != 0 &&
        e->code != ERR_INVALID_ROWS)
        return -1;
    for (size_t k = 0; k < im.n_errors; k++)
        import_job_refuse_stored(job, &im.errors[k], row_of, "subject");
    return import_job_finish(job, row_of, good, im.actions, 0, im.updated, im.unchanged, e);
}
