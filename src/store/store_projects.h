/*
 * The store's part for the project library (included by store.h): projects with their
 * milestones and yearly plans, monthly progress reports, warnings and their rules. Derived
 * fields (stage, pool, size class, totals, warning) are written only here, in the transaction
 * that changes what they derive from.
 */
#ifndef STORE_STORE_PROJECTS_H
#define STORE_STORE_PROJECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"
#include "domain/project.h"
#include "domain/warning.h"

struct store;
struct actor;
struct import_row_error;

struct project {
    int64_t id;
    const char *code, *name;
    int64_t enterprise_id, unit_id, carrier_id; /* 0: none (unit_id is always set) */
    const char *enterprise_name, *unit_name, *carrier_name;
    const char *industry_code; /* NULL: not given */
    enum project_category category;
    enum project_source source;
    const char *tags; /* "|外资|沪苏对接|", or "" for none */
    int64_t total_investment, foreign_investment;
    enum talent_tier talent_tier;
    bool major_technology, major_industrialisation, major_market;
    int64_t energy_use, land_area, annual_output; /* -1: not given */
    const char *description;
    struct milestones ms;
    int stage; /* enum milestone, or -1 */
    enum project_pool pool;
    int size_class;
    int64_t invested_total;
    int64_t year_plan, year_to_date; /* this year's; year_plan -1: no plan for the year */
    enum warning_level warning;
    const char *warning_reasons; /* a JSON array, as stored */
    const char *created_at, *updated_at;
};

/* The fields a create or update gives: has[f] for each field of enum project_field. */
enum project_field {
    PF_CODE,
    PF_NAME,
    PF_ENTERPRISE,
    PF_UNIT,
    PF_CARRIER,
    PF_INDUSTRY,
    PF_CATEGORY,
    PF_SOURCE,
    PF_TAGS,
    PF_TOTAL_INVESTMENT,
    PF_FOREIGN_INVESTMENT,
    PF_TALENT_TIER,
    PF_MAJOR_TECHNOLOGY,
    PF_MAJOR_INDUSTRIALISATION,
    PF_MAJOR_MARKET,
    PF_ENERGY_USE,
    PF_LAND_AREA,
    PF_ANNUAL_OUTPUT,
    PF_DESCRIPTION,
    PF_COUNT
};

#define PROJECT_PLANS_MAX 32
struct plan_change {
    int year;
    bool remove;
    int64_t amount;
};

struct project_input {
    struct project v; /* the values of the fields given */
    bool has[PF_COUNT];
    bool has_planned[MS_COUNT], has_actual[MS_COUNT];
    size_t n_plans;
    struct plan_change plans[PROJECT_PLANS_MAX];
};

enum project_sort {
    PROJECT_SORT_ID,
    PROJECT_SORT_CODE,
    PROJECT_SORT_NAME,
    PROJECT_SORT_TOTAL_INVESTMENT,
    PROJECT_SORT_INVESTED_TOTAL,
    PROJECT_SORT_STAGE,
    PROJECT_SORT_WARNING,
    PROJECT_SORT_UPDATED_AT,
    PROJECT_SORT_COUNT
};

struct project_filter {
    const char *text; /* NULL or a substring of name or code */
    int64_t unit_id;  /* 0, or the responsible unit whose subtree is asked for */
    int64_t carrier_id, enterprise_id;
    const char *industry_from, *industry_to; /* NULL, or the range [from, to) of industry codes asked for */
    const char *industry_section;            /* NULL, or the section letter asked for: a project may name it alone */
    const char *tag;
    bool has_category, has_source, has_pool, has_stage, has_size_class, has_warning, has_talent_tier;
    enum project_category category;
    enum project_source source;
    enum project_pool pool;
    int stage; /* -1: none */
    int size_class;
    enum warning_level warning;
    enum talent_tier talent_tier;
    int64_t min_investment, max_investment; /* -1: no bound */
    int year; /* 0, or with year_step: that step's actual date falls in the year */
    enum milestone year_step;
    int64_t scope;            /* 0, or the unit whose subtree alone is visible */
    int64_t scope_enterprise; /* 0, or the enterprise whose projects alone are visible */
    enum project_sort sort;
    bool descending;
    int64_t page, page_size;
};

/* The tenant's settings for projects (defaults when never set). */
int store_size_classes_get(struct store *st, int64_t tenant, struct size_classes *out, struct error *e);
/* Sets the thresholds and recomputes every project's size class. */
int store_size_classes_set(struct store *st, int64_t tenant, const struct size_classes *in,
                           const struct actor *who, struct error *e);
int store_warning_rules_get(struct store *st, int64_t tenant, int year, struct warning_rules *out,
                            struct error *e);
/* Sets the year's rules; when the year is this one, every project's warning is recomputed. */
int store_warning_rules_set(struct store *st, int64_t tenant, int year, const struct warning_rules *in,
                            const struct actor *who, struct error *e);

/*
 * The filter as text, for keys of kept totals and answers: everything a list's total depends on,
 * and with_page its sort and page too. False when it does not fit in size.
 */
bool project_filter_key(int64_t tenant, const struct project_filter *f, bool with_page, char *key, size_t size);
int store_projects_list(struct store *st, int64_t tenant, const struct project_filter *f, struct arena *a,
                        struct project **items, size_t *count, int64_t *total, struct error *e);
/* A project as its export shows it: with the codes of what it names, and whether this year has a plan. */
struct project_view {
    struct project p;
    const char *enterprise_credit_code, *unit_code, *carrier_code; /* NULL when it names none */
    bool has_year_plan;
};
/* As store_units_each: every project of the list's filter and sort (its page ignored), one by one. */
typedef int (*store_project_fn)(void *ctx, const struct project_view *v, struct error *e);
int store_projects_each(struct store *st, int64_t tenant, const struct project_filter *f, int64_t limit,
                        store_project_fn fn, void *ctx, struct error *e);
/* scope and scope_enterprise as in the filter: a project outside them is not found. */
int store_project_get(struct store *st, int64_t tenant, int64_t scope, int64_t scope_enterprise, int64_t id,
                      struct arena *a, struct project *out, struct error *e);
/* The project's yearly plans, oldest first. */
int store_project_plans(struct store *st, int64_t tenant, int64_t id, struct arena *a,
                        struct plan_change **items, size_t *count, struct error *e);
int store_project_create(struct store *st, int64_t tenant, const struct project_input *in,
                         const struct actor *who, struct arena *a, struct project *out, struct error *e);
int store_project_update(struct store *st, int64_t tenant, int64_t id, const struct project_input *in,
                         const struct actor *who, struct arena *a, struct project *out, struct error *e);
int store_project_delete(struct store *st, int64_t tenant, int64_t id, const struct actor *who,
                         struct error *e);

struct progress_report {
    int64_t project_id;
    const char *month; /* "YYYY-MM" */
    int64_t amount, cumulative, year_to_date;
    const char *progress, *reporter_name, *created_at, *updated_at;
};

/* The project's reports, oldest first. */
int store_reports_list(struct store *st, int64_t tenant, int64_t project_id, struct arena *a,
                       struct progress_report **items, size_t *count, struct error *e);
/*
 * Files or corrects the report of a month (scope: 0 or the writer's unit; a project outside it is
 * not found). Refuses a month before the project's first report month or after this month;
 * recomputes the cumulative and year-to-date figures of every later month, the project's total
 * and its warning. Fills out with the report and project with the project after it.
 */
int store_report_put(struct store *st, int64_t tenant, int64_t scope, int64_t project_id, const char *month,
                     int64_t amount, const char *progress, const struct actor *who, struct arena *a,
                     struct progress_report *out, struct project *project, struct error *e);

/* One month's report among many filed at once. */
struct report_row {
    int64_t project_id;
    const char *month; /* "YYYY-MM" */
    int64_t amount;
    const char *progress;
};

/*
 * Files many reports at once (a month filed again is replaced), each checked as store_report_put
 * checks it (the project in scope, the month allowed, a project and month given once). With any
 * row refused nothing is written and it fails with ERR_INVALID_ROWS, every refused row (by its
 * index) in *errors. Otherwise the rows go in batches, each logged, and every derived figure of
 * the projects concerned (running totals, unit month totals, warnings) is recomputed once.
 */
int store_reports_load(struct store *st, int64_t tenant, int64_t scope, const struct report_row *rows, size_t n,
                       const struct actor *who, struct arena *a, struct import_row_error **errors, size_t *n_errors,
                       struct error *e);

/* A project on a reporter's monthly screen, with that month's report if one was filed. */
struct progress_row {
    struct project project;
    bool has_report;
    struct progress_report report;
};
#define PROGRESS_ROWS_MAX 5000

/*
 * The projects that report in the month (in the 前期, 在建 and 竣工 pools, or with a report for
 * it), by responsible unit then code: those in scope (0: all) and under unit_id (0: all).
 * More than PROGRESS_ROWS_MAX fail with ERR_TOO_LARGE (narrow by unit).
 */
int store_progress_month(struct store *st, int64_t tenant, int64_t scope, int64_t unit_id, const char *month,
                         struct arena *a, struct progress_row **items, size_t *count, struct error *e);

/* Projects under construction (在建) without a report for the month, by responsible unit. */
struct missing_project {
    int64_t id, unit_id;
    const char *code, *name, *unit_name;
};
int store_progress_missing(struct store *st, int64_t tenant, int64_t scope, const char *month, struct arena *a,
                           struct missing_project **items, size_t *count, struct error *e);

struct project_import {
    size_t n;
    /*
     * Per row: has[], has_planned[] and has_actual[] for the columns the sheet has, their values,
     * and n_plans 0 or 1 (this year's plan, when the sheet has the column); the references below.
     */
    const struct project_input *in;
    const char *const *enterprise; /* per row, used when has[PF_ENTERPRISE]: a credit code, NULL for none */
    const char *const *unit;       /* per row, used when has[PF_UNIT]: a unit's code or name */
    const char *const *carrier;    /* per row, used when has[PF_CARRIER]: a unit's code or name, NULL for none */
    bool dry_run;
    enum import_action *actions;     /* out, per row (caller-allocated) */
    struct import_row_error *errors; /* out, in the arena; field: the sheet column's key ("actual_started") */
    size_t n_errors;
    int64_t created, updated, unchanged;
};

/*
 * Creates or updates each row's project, matched by code: the enterprise by credit code, units by
 * code or else name. Every row is decided in memory (merged over the project's fields, milestones
 * checked, stage, pool and size class derived as a single write derives them) before anything is
 * written; then new projects are inserted in batches, changed ones updated, plans set, each
 * project's warning refreshed, and the operation log appended as a batch. All or nothing, as
 * store_units_import.
 */
int store_projects_import(struct store *st, int64_t tenant, struct project_import *im, const struct actor *who,
                          struct arena *a, struct error *e);

struct progress_import {
    size_t n;
    const char *const *code;       /* per row: the project's code */
    const int64_t *amount;         /* per row: the month's investment, fen */
    const char *const *progress;   /* per row: the text, NULL for none */
    const char *month;             /* "YYYY-MM" */
    int64_t scope;                 /* 0, or the writer's unit: a project outside its subtree is refused */
    bool dry_run;
    enum import_action *actions;     /* out, per row (caller-allocated) */
    struct import_row_error *errors; /* out, in the arena; field "code" or "month" */
    size_t n_errors;
    int64_t created, updated, unchanged;
};

/*
 * Files or corrects the month's report of each row's project as store_report_put does (running
 * totals recomputed, the units' monthly totals kept, the warning refreshed, each report logged),
 * all in one transaction. A code that names no project in scope, or a project that may not report
 * the month, is refused; all or nothing. A row equal to the report already filed is unchanged.
 */
int store_progress_import(struct store *st, int64_t tenant, struct progress_import *im, const struct actor *who,
                          struct arena *a, struct error *e);

struct warning_counts {
    int64_t projects, green, yellow, red;
};
/*
 * Warnings count days, so they age overnight: recomputes every project's warning when this was
 * last done before today (the server calls it for each city every minute); *recomputed says so.
 */
int store_warnings_daily(struct store *st, int64_t tenant, bool *recomputed, struct error *e);
/* Recomputes the warning of every project of the tenant as of today (and the day it was done). */
int store_warnings_recompute(struct store *st, int64_t tenant, struct warning_counts *out, struct error *e);

#endif
