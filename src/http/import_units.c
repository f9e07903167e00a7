/* Importing units: each row checked by the unit rules, then written by the store; see import.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"
#include "domain/division.h"
#include "domain/unit.h"
#include "http/import.h"
#include "base/banned.h"

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
        import_job_refuse(job, row, "code", &e), ok = false;
    if (v[name] && unit_check_name(v[name], strlen(v[name]), &e) != 0)
        import_job_refuse(job, row, "name", &e), ok = false;
    if (v[kind])
        unit_kind_parse(v[kind], strlen(v[kind]), &in->kind);
    if ((in->has_parent = import_table_has(&job->table, parent)))
        *parent_code = v[parent];
    if ((in->has_division_code = import_table_has(&job->table, division))) {
        in->division_code = v[division];
        if (v[division] && division_check(v[division], strlen(v[division]), &e) != 0)
            import_job_refuse(job, row, "division_code", &e), ok = false;
    }
    if ((in->has_sort_order = import_table_has(&job->table, sort))) {
        int64_t n = 0;
        if (v[sort])
            n = strtoll(v[sort], NULL, 10);
        in->sort_order = n;
        if (unit_check_sort_order(n, &e) != 0)
            import_job_refuse(job, row, "sort_order", &e), ok = false;
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
    size_t good = 0, code = import_column(job->columns, "code"), unused;
    /* a row with any bad cell, found while reading it or now, stays out of the store's check */
    import_job_mark_bad_rows(job, bad);
    if (import_job_refuse_repeats(job, "code", "单位编码", "unit code", bad) != 0)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (!unit_row(job, &t->rows[i], &in[good], &parent_code[good]) || bad[i]) {
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
        import_job_refuse_stored(job, re, row_of, "code");
    }
    strmap_release(&bad_codes);
    return import_job_finish(job, row_of, good, im.actions, im.created, im.updated, im.unchanged, e);
}

