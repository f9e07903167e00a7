/*
 * Importing projects and a month's progress: each row's cells checked by the project rules
 * (domain/project.h) into the store's input, then written by the store in one transaction; see
 * import.h. A column the sheet lacks leaves that field of an existing project as it is; an empty
 * cell in a column it has clears the field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "domain/project.h"
#include "http/import.h"
#include "base/banned.h"

/* A row's reader: the job, the row, and the input being filled. */
struct row_reader {
    struct import_job *job;
    const struct import_row *row;
    struct project_input *in;
    bool ok;
};

/* The row's value of column key and whether the sheet has the column; NULL for an empty cell. */
static const char *cell(struct row_reader *r, const char *key, bool *has)
{
    size_t column = import_column(r->job->columns, key);
    *has = import_table_has(&r->job->table, column);
    return *has ? r->row->values[column] : NULL;
}

static void refuse(struct row_reader *r, const char *key, const struct error *e)
{
    import_job_refuse(r->job, r->row, key, e);
    r->ok = false;
}

/* An amount column (fen, or cents): 0 ≤ amount ≤ PROJECT_AMOUNT_MAX. empty: what an empty cell means. */
static void amount(struct row_reader *r, const char *key, enum project_field f, int64_t *out, int64_t empty)
{
    bool has;
    const char *v = cell(r, key, &has);
    struct error e;
    if (!(r->in->has[f] = has))
        return;
    *out = v ? strtoll(v, NULL, 10) : empty;
    if (v && project_check_amount(*out, key, &e) != 0)
        refuse(r, key, &e);
}

static void flag(struct row_reader *r, const char *key, enum project_field f, bool *out)
{
    bool has;
    const char *v = cell(r, key, &has);
    if ((r->in->has[f] = has))
        *out = v && strcmp(v, "true") == 0;
}

/* 标签: "外资|沪苏对接" or "外资、沪苏对接" as "|外资|沪苏对接|"; each tag checked, none twice, at most 8. */
static void tags(struct row_reader *r)
{
    bool has;
    const char *v = cell(r, "tags", &has);
    if (!(r->in->has[PF_TAGS] = has))
        return;
    r->in->v.tags = "";
    if (!v)
        return;
    const char *sep = strchr(v, '|') ? "|" : "、";
    struct strbuf sb = STRBUF_INIT;
    struct error e;
    size_t count = 0;
    bool ok = true;
    for (const char *p = v; ok && *p;) {
        const char *end = strstr(p, sep);
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len > 0 && p[0] == ' ')
            p++, len--;
        while (len > 0 && p[len - 1] == ' ')
            len--;
        if (len > 0) {
            char needle[PROJECT_TAG_MAX * 4 + 3];
            if (project_check_tag(p, len, &e) != 0) {
                ok = false;
            } else if (++count > PROJECT_TAGS_MAX) {
                error_set(&e, ERR_INVALID_VALUE, "tags", "标签最多 %d 个", "at most %d tags", PROJECT_TAGS_MAX);
                ok = false;
            } else if ((size_t)snprintf(needle, sizeof(needle), "|%.*s|", (int)len, p) < sizeof(needle) && sb.buf &&
                       strstr(sb.buf, needle)) {
                error_set(&e, ERR_INVALID_VALUE, "tags", "标签“%.*s”重复", "tag \"%.*s\" is given twice", (int)len, p);
                ok = false;
            } else {
                strbuf_addstr(&sb, sb.len ? "" : "|");
                strbuf_add(&sb, p, len);
                strbuf_addch(&sb, '|');
            }
        }
        p = end ? end + strlen(sep) : p + len;
        if (!end)
            break;
    }
    if (!ok)
        refuse(r, "tags", &e);
    else if (sb.failed || !(r->in->v.tags = arena_strndup(&r->job->arena, sb.buf ? sb.buf : "", sb.len)))
        r->ok = false;
    strbuf_release(&sb);
}

static void dates(struct row_reader *r)
{
    static const char *const names[MS_COUNT] = {"negotiating", "signed",     "registered",   "started",
                                                "completed",   "production", "full_capacity"};
    for (int m = 0; m < MS_COUNT; m++) {
        for (int actual = 0; actual < 2; actual++) {
            char key[40];
            snprintf(key, sizeof(key), "%s_%s", actual ? "actual" : "planned", names[m]);
            bool has;
            const char *v = cell(r, key, &has);
            struct date d;
            int32_t day = v && date_parse_iso(v, strlen(v), &d) == 0 ? (int32_t)date_to_days(d) : DAY_NONE;
            if (actual) {
                r->in->has_actual[m] = has;
                r->in->v.ms.actual[m] = day;
            } else {
                r->in->has_planned[m] = has;
                r->in->v.ms.planned[m] = day;
            }
        }
    }
}

/* The fields of one row, checked by the project rules; false when a cell was refused. */
static bool project_row(struct import_job *job, const struct import_row *row, int year, struct project_input *in,
                        const char **enterprise, const char **unit, const char **carrier)
{
    struct row_reader r = {job, row, in, true};
    struct project *v = &in->v;
    struct error e;
    bool has;
    *in = (struct project_input){0};
    /* the required columns: an empty cell was refused while reading */
    v->code = cell(&r, "code", &has);
    v->name = cell(&r, "name", &has);
    const char *category = cell(&r, "category", &has), *source = cell(&r, "source", &has);
    *unit = cell(&r, "unit", &has);
    if (!v->code || !v->name || !category || !source || !*unit)
        r.ok = false;
    in->has[PF_CODE] = in->has[PF_NAME] = in->has[PF_CATEGORY] = in->has[PF_SOURCE] = in->has[PF_UNIT] = true;
    if (v->code && project_check_code(v->code, strlen(v->code), &e) != 0)
        refuse(&r, "code", &e);
    if (v->name && project_check_name(v->name, strlen(v->name), &e) != 0)
        refuse(&r, "name", &e);
    if (category)
        category_parse(category, strlen(category), &v->category);
    if (source)
        source_parse(source, strlen(source), &v->source);
    *enterprise = cell(&r, "enterprise_credit_code", &in->has[PF_ENTERPRISE]);
    *carrier = cell(&r, "carrier", &in->has[PF_CARRIER]);
    const char *industry = cell(&r, "industry_code", &in->has[PF_INDUSTRY]);
    if (industry && !import_job_industry(job, row, "industry_code", industry, &v->industry_code))
        r.ok = false;
    tags(&r);
    amount(&r, "total_investment", PF_TOTAL_INVESTMENT, &v->total_investment, 0);
    amount(&r, "foreign_investment", PF_FOREIGN_INVESTMENT, &v->foreign_investment, 0);
    amount(&r, "energy_use", PF_ENERGY_USE, &v->energy_use, -1);
    amount(&r, "land_area", PF_LAND_AREA, &v->land_area, -1);
    amount(&r, "annual_output", PF_ANNUAL_OUTPUT, &v->annual_output, -1);
    const char *tier = cell(&r, "talent_tier", &in->has[PF_TALENT_TIER]);
    v->talent_tier = TALENT_NONE;
    if (tier)
        talent_tier_parse(tier, strlen(tier), &v->talent_tier);
    flag(&r, "major_technology", PF_MAJOR_TECHNOLOGY, &v->major_technology);
    flag(&r, "major_industrialisation", PF_MAJOR_INDUSTRIALISATION, &v->major_industrialisation);
    flag(&r, "major_market", PF_MAJOR_MARKET, &v->major_market);
    const char *description = cell(&r, "description", &in->has[PF_DESCRIPTION]);
    v->description = description ? description : "";
    if (description && project_check_text(description, strlen(description), "description", &e) != 0)
        refuse(&r, "description", &e);
    dates(&r);
    const char *plan = cell(&r, "year_plan", &has);
    if (has) {
        struct plan_change *pc = &in->plans[in->n_plans++];
        *pc = (struct plan_change){.year = year, .remove = !plan, .amount = plan ? strtoll(plan, NULL, 10) : 0};
        if (plan && project_check_amount(pc->amount, "year_plan", &e) != 0)
            refuse(&r, "year_plan", &e);
    }
    return r.ok;
}

int import_projects_apply(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                          struct error *e)
{
    struct import_table *t = &job->table;
    struct arena *a = &job->arena;
    size_t n = t->n_rows, m = n ? n : 1;
    struct project_input *in = arena_alloc(a, m * sizeof(*in));
    const char **enterprise = arena_calloc(a, m * sizeof(*enterprise)), **unit = arena_calloc(a, m * sizeof(*unit)),
               **carrier = arena_calloc(a, m * sizeof(*carrier));
    size_t *row_of = arena_alloc(a, m * sizeof(*row_of)); /* store index → table row */
    bool *bad = arena_calloc(a, m * sizeof(*bad));
    job->actions = arena_calloc(a, m * sizeof(*job->actions));
    if (!in || !enterprise || !unit || !carrier || !row_of || !bad || !job->actions)
        return error_set(e, ERR_TOO_LARGE, NULL, "表格太大，超出了导入可用的内存",
                         "the sheet is too large for the memory an import may use");
    /* a row with any bad cell, found while reading it or now, stays out of the store's check */
    import_job_mark_bad_rows(job, bad);
    if (import_job_refuse_repeats(job, "code", "项目编码", "project code", bad) != 0)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    int year = date_from_days(date_today()).year;
    size_t good = 0;
    for (size_t i = 0; i < n; i++) {
        if (!project_row(job, &t->rows[i], year, &in[good], &enterprise[good], &unit[good], &carrier[good]) || bad[i])
            continue;
        row_of[good++] = i;
    }
    struct project_import im = {.n = good, .in = in, .enterprise = enterprise, .unit = unit, .carrier = carrier,
                                .dry_run = job->dry_run || t->errors_total > 0,
                                .actions = arena_alloc(a, (good ? good : 1) * sizeof(*im.actions))};
    if (!im.actions)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    if (store_projects_import(st, tenant, &im, who, a, e) != 0 && e->code != ERR_INVALID_ROWS)
        return -1;
    for (size_t k = 0; k < im.n_errors; k++)
        import_job_refuse_stored(job, &im.errors[k], row_of, "code");
    return import_job_finish(job, row_of, good, im.actions, im.created, im.updated, im.unchanged, e);
}

int import_progress_apply(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                          struct error *e)
{
    struct import_table *t = &job->table;
    struct arena *a = &job->arena;
    const struct resource_columns *rc = job->columns;
    size_t n = t->n_rows, m = n ? n : 1;
    size_t code = import_column(rc, "code"), amount_column = import_column(rc, "amount"),
           progress_column = import_column(rc, "progress");
    const char **codes = arena_calloc(a, m * sizeof(*codes)), **progress = arena_calloc(a, m * sizeof(*progress));
    int64_t *amounts = arena_calloc(a, m * sizeof(*amounts));
    size_t *row_of = arena_alloc(a, m * sizeof(*row_of));
    bool *bad = arena_calloc(a, m * sizeof(*bad));
    job->actions = arena_calloc(a, m * sizeof(*job->actions));
    if (!codes || !progress || !amounts || !row_of || !bad || !job->actions)
        return error_set(e, ERR_TOO_LARGE, NULL, "表格太大，超出了导入可用的内存",
                         "the sheet is too large for the memory an import may use");
    import_job_mark_bad_rows(job, bad);
    if (import_job_refuse_repeats(job, "code", "项目编码", "project code", bad) != 0)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    size_t good = 0;
    for (size_t i = 0; i < n; i++) {
        const struct import_row *row = &t->rows[i];
        const char *const *v = row->values;
        struct error refused;
        bool ok = v[code] && v[amount_column];
        int64_t fen = v[amount_column] ? strtoll(v[amount_column], NULL, 10) : 0;
        if (v[amount_column] && project_check_amount(fen, "amount", &refused) != 0)
            import_job_refuse(job, row, "amount", &refused), ok = false;
        if (v[progress_column] &&
            project_check_text(v[progress_column], strlen(v[progress_column]), "progress", &refused) != 0)
            import_job_refuse(job, row, "progress", &refused), ok = false;
        if (!ok || bad[i])
            continue;
        codes[good] = v[code];
        amounts[good] = fen;
        progress[good] = v[progress_column];
        row_of[good++] = i;
    }
    struct progress_import im = {.n = good, .code = codes, .amount = amounts, .progress = progress,
                                 .month = job->month, .scope = job->scope,
                                 .dry_run = job->dry_run || t->errors_total > 0,
                                 .actions = arena_alloc(a, (good ? good : 1) * sizeof(*im.actions))};
    if (!im.actions)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    if (store_progress_import(st, tenant, &im, who, a, e) != 0 && e->code != ERR_INVALID_ROWS)
        return -1;
    for (size_t k = 0; k < im.n_errors; k++)
        import_job_refuse_stored(job, &im.errors[k], row_of, "code");
    return import_job_finish(job, row_of, good, im.actions, im.created, im.updated, im.unchanged, e);
}
