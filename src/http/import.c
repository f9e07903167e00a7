/* Importing a spreadsheet into a resource; see import.h. */
#include "http/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_escape.h"
#include "base/strmap.h"
#include "domain/division.h"
#include "domain/unit.h"
#include "base/banned.h"

#define IMPORT_ARENA_LIMIT ((size_t)1 << 30) /* what a 100,000-row sheet of 20 columns needs, several times over */

int import_job_read(struct import_job *job)
{
    job->arena.limit = IMPORT_ARENA_LIMIT;
    error_clear(&job->error);
    if (sheet_read(job->data, job->len, job->sheet_name, &read_limits_default, &job->arena, &job->sheet,
                   &job->error) != 0 ||
        import_table_read(&job->sheet, job->columns, &job->arena, &job->table, &job->error) != 0)
        return -1;
    return 0;
}

void import_job_release(struct import_job *job)
{
    arena_release(&job->arena);
}

/* Records a rule's failure (from e) on a row's cell. */
static void refuse(struct import_job *job, const struct import_row *row, const char *key, const struct error *e)
{
    import_table_error(&job->table, row, import_column(job->columns, key), e->message_zh, e->message_en);
}

/* The unit fields of one row, checked by the unit rules; false when a cell was refused. */
static bool unit_row(struct import_job *job, const struct import_row *row, struct unit_input *in,
                     const char **parent_code)
{
    const struct resource_columns *rc = job->columns;
    struct error e;
    bool ok = true;
    const char *const *v = row->values;
    size_t code = import_column(rc, "code"), name = import_column(rc, "name"), kind = import_column(rc, "kind"),
           parent = import_column(rc, "parent_code"), division = import_column(rc, "division_code"),
           sort = import_column(rc, "sort_order");
    *in = (struct unit_input){.has_code = true, .has_name = true, .has_kind = true, .code = v[code], .name = v[name]};
    if (!v[code] || !v[name] || !v[kind])
        ok = false; /* already refused as empty or unreadable */
    if (v[code] && unit_check_code(v[code], strlen(v[code]), &e) != 0)
        refuse(job, row, "code", &e), ok = false;
    if (v[name] && unit_check_name(v[name], strlen(v[name]), &e) != 0)
        refuse(job, row, "name", &e), ok = false;
    if (v[kind])
        unit_kind_parse(v[kind], strlen(v[kind]), &in->kind);
    if ((in->has_parent = import_table_has(&job->table, parent)))
        *parent_code = v[parent];
    if ((in->has_division_code = import_table_has(&job->table, division))) {
        in->division_code = v[division];
        if (v[division] && division_check(v[division], strlen(v[division]), &e) != 0)
            refuse(job, row, "division_code", &e), ok = false;
    }
    if ((in->has_sort_order = import_table_has(&job->table, sort))) {
        int64_t n = 0;
        if (v[sort])
            n = strtoll(v[sort], NULL, 10);
        in->sort_order = n;
        if (unit_check_sort_order(n, &e) != 0)
            refuse(job, row, "sort_order", &e), ok = false;
    }
    return ok;
}

int import_units_apply(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                       struct error *e)
{
    struct import_table *t = &job->table;
    struct arena *a = &job->arena;
    size_t n = t->n_rows;
    struct unit_input *in = arena_alloc(a, (n ? n : 1) * sizeof(*in));
    const char **parent_code = arena_calloc(a, (n ? n : 1) * sizeof(*parent_code));
    size_t *row_of = arena_alloc(a, (n ? n : 1) * sizeof(*row_of)); /* store index → table row */
    bool *bad = arena_calloc(a, (n ? n : 1) * sizeof(*bad));
    job->actions = arena_calloc(a, (n ? n : 1) * sizeof(*job->actions));
    if (!in || !parent_code || !row_of || !bad || !job->actions)
        return error_set(e, ERR_TOO_LARGE, NULL, "表格太大，超出了导入可用的内存", "the sheet is too large for the memory an import may use");
    size_t good = 0, read_errors = t->n_errors, next = 0, code = import_column(job->columns, "code"), unused;
    struct strmap seen;
    if (strmap_init(&seen, n) != 0)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    for (size_t i = 0; i < n; i++) {
        size_t first;
        const char *v = t->rows[i].values[code];
        if (v && !strmap_add(&seen, v, i, &first) && first != SIZE_MAX) {
            char zh[96], en[96];
            snprintf(zh, sizeof(zh), "单位编码与第 %u 行重复", t->rows[first].number);
            snprintf(en, sizeof(en), "the same unit code as row %u", t->rows[first].number);
            import_table_error(t, &t->rows[i], code, zh, en);
            bad[i] = true;
        }
    }
    strmap_release(&seen);
    for (size_t i = 0; i < n; i++) {
        /* a row with any bad cell, found while reading it or now, stays out of the store's check */
        uint32_t number = t->rows[i].number;
        while (next < read_errors && t->errors[next].row < number)
            next++;
        bool read_ok = next == read_errors || t->errors[next].row != number;
        if (!unit_row(job, &t->rows[i], &in[good], &parent_code[good]) || !read_ok || bad[i]) {
            bad[i] = true;
            continue;
        }
        row_of[good++] = i;
    }
    struct strmap bad_codes;
    bool cells_bad = t->errors_total > 0;
    struct unit_import im = {.n = good, .in = in, .parent_code = parent_code, .dry_run = job->dry_run || cells_bad,
                             .actions = arena_alloc(a, (good ? good : 1) * sizeof(*im.actions))};
    if (!im.actions)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    int rc = store_units_import(st, tenant, &im, who, a, e);
    if (rc != 0 && e->code != ERR_INVALID_ROWS)
        return -1;
    /* the store's refusals, except a missing parent that is a refused row of this very sheet */
    if (strmap_init(&bad_codes, n) != 0)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    for (size_t i = 0; i < n; i++)
        if (bad[i] && t->rows[i].values[code])
            strmap_add(&bad_codes, t->rows[i].values[code], i, &unused);
    for (size_t k = 0; k < im.n_errors; k++) {
        const struct import_row_error *re = &im.errors[k];
        if (strcmp(re->field, "parent_code") == 0 && parent_code[re->index] &&
            strmap_get(&bad_codes, parent_code[re->index], &unused))
            continue;
        size_t column = import_column(job->columns, re->field);
        if (column == job->columns->n_columns)
            column = code;
        import_table_error(t, &t->rows[row_of[re->index]], column, re->zh, re->en);
    }
    strmap_release(&bad_codes);
    for (size_t g = 0; g < good; g++)
        job->actions[row_of[g]] = im.actions[g];
    job->created = im.created;
    job->updated = im.updated;
    job->unchanged = im.unchanged;
    if (t->errors_total > 0)
        return error_set(e, ERR_INVALID_ROWS, NULL, "有 %zu 处单元格有误，未导入任何数据",
                         "%zu cells are wrong: nothing was imported", t->errors_total);
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
            if (t->sheet_col[k] < 0)
                continue;
            const char *v = t->rows[i].values[k];
            strbuf_addf(sb, "%s\"%s\":", first ? "" : ",", rc->columns[k].key);
            if (!v)
                strbuf_addstr(sb, "null");
            else if (rc->columns[k].type == COL_INT || rc->columns[k].type == COL_MONEY)
                strbuf_addstr(sb, v);
            else
                json_escape(sb, v, strlen(v));
            first = false;
        }
        strbuf_addstr(sb, "}}");
    }
    strbuf_addstr(sb, "]}");
}

void import_job_write_cells(struct strbuf *sb, const struct import_job *job)
{
    const struct import_table *t = &job->table;
    strbuf_addstr(sb, "[");
    for (size_t i = 0; i < t->n_errors; i++) {
        const struct import_cell_error *c = &t->errors[i];
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
}
