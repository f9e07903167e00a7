/* Importing a spreadsheet into a resource; see import.h. */
#include "http/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_escape.h"
#include "base/strmap.h"
#include "domain/industry.h"
#include "base/banned.h"

#define IMPORT_ARENA_LIMIT ((size_t)1 << 30) /* what a 100,000-row sheet of 20 columns needs, several times over */

int import_job_read(struct import_job *job)
{
    job->arena.limit = IMPORT_ARENA_LIMIT;
    error_clear(&job->error);
    const struct read_limits *limits = job->limits ? job->limits : &read_limits_default;
    if (sheet_read(job->data, job->len, job->sheet_name, limits, &job->arena, &job->sheet,
                   &job->error) != 0 ||
        import_table_read(&job->sheet, job->columns, &job->arena, &job->table, &job->error) != 0)
        return -1;
    return job->prepare ? job->prepare(job) : 0;
}

void import_job_release(struct import_job *job)
{
    arena_release(&job->arena);
}

void import_job_refuse(struct import_job *job, const struct import_row *row, const char *key, const struct error *e)
{
    import_table_error(&job->table, row, import_column(job->columns, key), e->message_zh, e->message_en);
}

bool import_job_industry(struct import_job *job, const struct import_row *row, const char *key, const char *cell,
                         const char **code)
{
    size_t len = 0;
    while ((cell[len] >= '0' && cell[len] <= '9') || (cell[len] >= 'A' && cell[len] <= 'Z'))
        len++;
    struct error e;
    if (industry_check(cell, len, key, &e) != 0) {
        import_job_refuse(job, row, key, &e);
        return false;
    }
    return (*code = arena_strndup(&job->arena, cell, len)) != NULL;
}

int import_job_refuse_repeats(struct import_job *job, const char *key, const char *what_zh, const char *what_en,
                              bool *bad)
{
    struct import_table *t = &job->table;
    size_t column = import_column(job->columns, key);
    struct strmap seen;
    if (strmap_init(&seen, t->n_rows) != 0)
        return -1;
    for (size_t i = 0; i < t->n_rows; i++) {
        size_t first;
        const char *v = t->rows[i].values[column];
        if (v && !strmap_add(&seen, v, i, &first) && first != SIZE_MAX) {
            char zh[128], en[128];
            snprintf(zh, sizeof(zh), "%s与第 %u 行重复", what_zh, t->rows[first].number);
            snprintf(en, sizeof(en), "the same %s as row %u", what_en, t->rows[first].number);
            import_table_error(t, &t->rows[i], column, zh, en);
            bad[i] = true;
        }
    }
    strmap_release(&seen);
    return 0;
}

void import_job_mark_bad_rows(struct import_job *job, bool *bad)
{
    const struct import_table *t = &job->table;
    /* the errors come in groups (reading, then each rule), each in row order: find each row */
    for (size_t k = 0; k < t->n_errors; k++) {
        size_t lo = 0, hi = t->n_rows;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (t->rows[mid].number < t->errors[k].row)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < t->n_rows && t->rows[lo].number == t->errors[k].row)
            bad[lo] = true;
    }
}

void import_job_refuse_stored(struct import_job *job, const struct import_row_error *re, const size_t *row_of,
                              const char *fallback_key)
{
    size_t column = import_column(job->columns, re->field);
    if (column == job->columns->n_columns)
        column = import_column(job->columns, fallback_key);
    import_table_error(&job->table, &job->table.rows[row_of[re->index]], column, re->zh, re->en);
}

int import_job_finish(struct import_job *job, const size_t *row_of, size_t good, const enum import_action *actions,
                      int64_t created, int64_t updated, int64_t unchanged, struct error *e)
{
    for (size_t g = 0; g < good; g++)
        job->actions[row_of[g]] = actions[g];
    job->created = created;
    job->updated = updated;
    job->unchanged = unchanged;
    if (job->table.errors_total > 0)
        return error_set(e, ERR_INVALID_ROWS, NULL, "有 %zu 处单元格有误，未导入任何数据",
                         "%zu cells are wrong: nothing was imported", job->table.errors_total);
    return 0;
}

static const char *const action_names[] = {"create", "update", "unchanged"};

void import_job_write_json(struct strbuf *sb, const struct import_job *job)
{
    const struct import_table *t = &job->table;
    const struct resource_columns *rc = job->columns;
    strbuf_addf(sb, "{\"dry_run\":%s,\"sheet\":", job->dry_run ? "true" : "false");
    json_escape(sb, job->sheet.name, strlen(job->sheet.name));
    strbuf_addstr(sb, ",\"sheets\":[");
    for (size_t i = 0; i < job->sheet.n_names; i++) {
        if (i)
            strbuf_addch(sb, ',');
        json_escape(sb, job->sheet.names[i], strlen(job->sheet.names[i]));
    }
    strbuf_addf(sb, "],\"header_row\":%u,\"rows\":%zu,\"created\":%lld,\"updated\":%lld,\"unchanged\":%lld,",
                t->header_row, t->n_rows, (long long)job->created, (long long)job->updated,
                (long long)job->unchanged);
    strbuf_addstr(sb, "\"columns\":[");
    bool first = true;
    for (size_t k = 0; k < rc->n_columns; k++) {
        if (t->sheet_col[k] < 0)
            continue;
        char letters[8];
        sheet_column_letters((uint32_t)t->sheet_col[k], letters);
        strbuf_addf(sb, "%s{\"field\":\"%s\",\"column\":\"%s\",\"header\":", first ? "" : ",", rc->columns[k].key,
                    letters);
        json_escape(sb, t->header[k], strlen(t->header[k]));
        strbuf_addch(sb, '}');
        first = false;
    }
    strbuf_addstr(sb, "],\"skipped\":[");
    for (size_t i = 0; i < t->n_skipped; i++)
        strbuf_addf(sb, "%s{\"row\":%u,\"reason_zh\":\"%s\",\"reason_en\":\"%s\"}", i ? "," : "", t->skipped[i].row,
                    t->skipped[i].reason_zh, t->skipped[i].reason_en);
    strbuf_addstr(sb, "],\"preview\":[");
    for (size_t i = 0; i < t->n_rows && i < IMPORT_PREVIEW_MAX; i++) {
        strbuf_addf(sb, "%s{\"row\":%u,\"action\":\"%s\",\"values\":{", i ? "," : "", t->rows[i].number,
                    job->actions ? action_names[job->actions[i]] : "create");
        first = true;
        for (size_t k = 0; k < rc->n_columns; k++) {
            if (t->sheet_col[k] < 0 || rc->columns[k].secret)
                continue;
            const char *v = t->rows[i].values[k];
            strbuf_addf(sb, "%s\"%s\":", first ? "" : ",", rc->columns[k].key);
            if (!v)
                strbuf_addstr(sb, "null");
            else if (rc->columns[k].type == COL_INT || COLUMN_IS_MONEY(rc->columns[k].type))
                strbuf_addstr(sb, v);
            else
                json_escape(sb, v, strlen(v));
            first = false;
        }
        strbuf_addstr(sb, "}}");
    }
    strbuf_addstr(sb, "]}");
}

/* By row, then column, as one reads the sheet (A before B before AA). */
static int by_place(const void *x, const void *y)
{
    const struct import_cell_error *a = *(const struct import_cell_error *const *)x,
                                   *b = *(const struct import_cell_error *const *)y;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    size_t la = strlen(a->column), lb = strlen(b->column);
    return la != lb ? (la < lb ? -1 : 1) : strcmp(a->column, b->column);
}

void import_job_write_cells(struct strbuf *sb, const struct import_job *job)
{
    const struct import_table *t = &job->table;
    const struct import_cell_error **sorted = malloc((t->n_errors ? t->n_errors : 1) * sizeof(*sorted));
    if (!sorted) {
        strbuf_addstr(sb, "[]");
        return;
    }
    for (size_t i = 0; i < t->n_errors; i++)
        sorted[i] = &t->errors[i];
    qsort(sorted, t->n_errors, sizeof(*sorted), by_place);
    strbuf_addstr(sb, "[");
    for (size_t i = 0; i < t->n_errors; i++) {
        const struct import_cell_error *c = sorted[i];
        strbuf_addstr(sb, i ? ",{\"sheet\":" : "{\"sheet\":");
        json_escape(sb, job->sheet.name, strlen(job->sheet.name));
        strbuf_addf(sb, ",\"row\":%u,\"column\":\"%s\",\"header\":", c->row, c->column);
        json_escape(sb, c->header, strlen(c->header));
        strbuf_addstr(sb, ",\"value\":");
        if (c->value)
            json_escape(sb, c->value, strlen(c->value));
        else
            strbuf_addstr(sb, "null");
        strbuf_addstr(sb, ",\"reason_zh\":");
        json_escape(sb, c->reason_zh, strlen(c->reason_zh));
        strbuf_addstr(sb, ",\"reason_en\":");
        json_escape(sb, c->reason_en, strlen(c->reason_en));
        strbuf_addch(sb, '}');
    }
    strbuf_addch(sb, ']');
    free(sorted);
}
