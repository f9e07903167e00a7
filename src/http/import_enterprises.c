/* Importing enterprises: each row checked by the enterprise rules, then written by the store; see import.h. */
#include <string.h>

#include "domain/enterprise.h"
#include "http/import.h"
#include "base/banned.h"

static void flag_cell(const struct import_job *job, const struct import_row *row, const char *key, bool *has,
                      bool *value)
{
    size_t column = import_column(job->columns, key);
    const char *v = row->values[column];
    if ((*has = import_table_has(&job->table, column)))
        *value = v && strcmp(v, "true") == 0;
}

/* The fields of one row, checked by the enterprise rules; false when a cell was refused. */
static bool enterprise_row(struct import_job *job, const struct import_row *row, struct enterprise_input *in,
                           const char **park)
{
    const struct resource_columns *rc = job->columns;
    const char *const *v = row->values;
    struct error e;
    size_t code = import_column(rc, "credit_code"), name = import_column(rc, "name"),
           industry = import_column(rc, "industry_code"), ownership = import_column(rc, "ownership"),
           park_column = import_column(rc, "park");
    *in = (struct enterprise_input){.has_credit_code = true, .has_name = true, .has_ownership = true,
                                    .credit_code = v[code], .name = v[name]};
    bool ok = v[code] && v[name] && v[ownership]; /* else already refused as empty or unreadable */
    if (v[code] && credit_code_check(v[code], strlen(v[code]), &e) != 0)
        import_job_refuse(job, row, "credit_code", &e), ok = false;
    if (v[name] && enterprise_check_name(v[name], strlen(v[name]), &e) != 0)
        import_job_refuse(job, row, "name", &e), ok = false;
    if (v[ownership])
        ownership_parse(v[ownership], strlen(v[ownership]), &in->ownership);
    if ((in->has_industry_code = import_table_has(&job->table, industry)) && v[industry] &&
        !import_job_industry(job, row, "industry_code", v[industry], &in->industry_code))
        ok = false;
    if ((in->has_park = import_table_has(&job->table, park_column)))
        *park = v[park_column];
    flag_cell(job, row, "above_size", &in->has_above_size, &in->above_size);
    flag_cell(job, row, "leading_talent", &in->has_leading_talent, &in->leading_talent);
    flag_cell(job, row, "high_tech", &in->has_high_tech, &in->high_tech);
    return ok;
}

int import_enterprises_apply(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                             struct error *e)
{
    struct import_table *t = &job->table;
    struct arena *a = &job->arena;
    size_t n = t->n_rows;
    struct enterprise_input *in = arena_alloc(a, (n ? n : 1) * sizeof(*in));
    const char **park = arena_calloc(a, (n ? n : 1) * sizeof(*park));
    size_t *row_of = arena_alloc(a, (n ? n : 1) * sizeof(*row_of)); /* store index → table row */
    bool *bad = arena_calloc(a, (n ? n : 1) * sizeof(*bad));
    job->actions = arena_calloc(a, (n ? n : 1) * sizeof(*job->actions));
    if (!in || !park || !row_of || !bad || !job->actions)
        return error_set(e, ERR_TOO_LARGE, NULL, "表格太大，超出了导入可用的内存", "the sheet is too large for the memory an import may use");
    /* a row with any bad cell, found while reading it or now, stays out of the store's check */
    import_job_mark_bad_rows(job, bad);
    if (import_job_refuse_repeats(job, "credit_code", "统一社会信用代码", "credit code", bad) != 0)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    size_t good = 0;
    for (size_t i = 0; i < n; i++) {
        if (!enterprise_row(job, &t->rows[i], &in[good], &park[good]) || bad[i])
            continue;
        row_of[good++] = i;
    }
    struct enterprise_import im = {.n = good, .in = in, .park = park, .dry_run = job->dry_run || t->errors_total > 0,
                                   .actions = arena_alloc(a, (good ? good : 1) * sizeof(*im.actions))};
    if (!im.actions)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    if (store_enterprises_import(st, tenant, &im, who, a, e) != 0 && e->code != ERR_INVALID_ROWS)
        return -1;
    for (size_t k = 0; k < im.n_errors; k++)
        import_job_refuse_stored(job, &im.errors[k], row_of, "credit_code");
    return import_job_finish(job, row_of, good, im.actions, im.created, im.updated, im.unchanged, e);
}
