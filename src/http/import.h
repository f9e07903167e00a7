/*
 * Importing a spreadsheet into a resource, shared by the API and the command line: read the
 * file into rows (no database: this part may run on a worker), then check each row against the
 * resource's rules and hand the good ones to the store in one transaction, a dry run when any
 * cell is bad, so that one answer lists every bad cell. The outcome is written as JSON.
 */
#ifndef HTTP_IMPORT_H
#define HTTP_IMPORT_H

#include "base/strbuf.h"
#include "io/import.h"
#include "store/store.h"

#define IMPORT_PREVIEW_MAX 1000 /* rows shown in the answer; all are counted */

struct import_job {
    const struct resource_columns *columns;
    const void *data;
    size_t len;
    const char *sheet_name; /* NULL: the first */
    bool dry_run;
    const struct read_limits *limits; /* NULL: read_limits_default */
    struct arena arena;     /* everything read; released by import_job_release */
    struct sheet sheet;
    struct import_table table;
    /* run on the worker after reading, e.g. to hash passwords; -1 with job->error on failure */
    int (*prepare)(struct import_job *job);
    void *prepared;
    enum import_action *actions;
    int64_t created, updated, unchanged;
    struct error error;     /* from reading, when import_job_read failed */
    int64_t scope;          /* the importer's data scope: 0, or the unit whose subtree alone it may write */
    char month[8];          /* a month's progress: the month, "YYYY-MM" */
    /* the appraisal's data: columns made from the scheme's structure before the file is read */
    int (*setup)(struct import_job *job, struct store *st, int64_t tenant, struct error *e);
    int64_t scheme_id;
    bool office;            /* the appraisal office imports (a submitted subject is writable too) */
};

/* Reads the file into the job's table; fills job->error and returns -1 on failure. */
int import_job_read(struct import_job *job);
/* Checks and writes (or previews) units; -1 with e (ERR_INVALID_ROWS: see job->table.errors). */
int import_units_apply(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                       struct error *e);
/* Checks and writes (or previews) enterprises. */
int import_enterprises_apply(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                             struct error *e);
/* Checks and writes (or previews) projects, matched by code. */
int import_projects_apply(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                          struct error *e);
/* Checks and writes (or previews) the reports of job->month, for projects in job->scope. */
int import_progress_apply(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                          struct error *e);
/* Checks and writes (or previews) accounts: the users' prepare hashes the initial passwords. */
int import_users_prepare(struct import_job *job);
int import_users_apply(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                       struct error *e);
/*
 * The appraisal's data of job->scheme_id (import_appraisal.c): setup reads the scheme (the
 * subjects in job->scope) and makes job->columns; apply checks every cell and writes every
 * changed subject in one transaction (store_appr_data_import).
 */
int import_appraisal_setup(struct import_job *job, struct store *st, int64_t tenant, struct error *e);
int import_appraisal_apply(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                           struct error *e);
void import_job_release(struct import_job *job);
/* Records a rule's failure (from e) on a row's cell. */
void import_job_refuse(struct import_job *job, const struct import_row *row, const char *key, const struct error *e);
/*
 * The industry code at the start of a cell: "3741", or "3741 飞机制造" as sheets (and our exports)
 * write it. Refuses the cell (column `key`) when no code of the table starts it.
 */
bool import_job_industry(struct import_job *job, const struct import_row *row, const char *key, const char *cell,
                         const char **code);
/*
 * Marks in bad[] every row whose `key` value repeats an earlier row's (the later ones), with the
 * error naming the first row; `what_zh`/`what_en` name the key ("单位编码", "unit code").
 */
int import_job_refuse_repeats(struct import_job *job, const char *key, const char *what_zh, const char *what_en,
                              bool *bad);
/* A row the store refused, on its cell (fallback_key's when the field is not a column); row_of maps store rows to the table's. */
void import_job_refuse_stored(struct import_job *job, const struct import_row_error *re, const size_t *row_of,
                              const char *fallback_key);
/*
 * Takes the store's actions and counts into the job (row_of as above, for `good` rows); fails with
 * ERR_INVALID_ROWS when any cell was refused, by the reading, the rules or the store.
 */
int import_job_finish(struct import_job *job, const size_t *row_of, size_t good, const enum import_action *actions,
                      int64_t created, int64_t updated, int64_t unchanged, struct error *e);
/* Marks in bad[] the rows with a bad cell found while reading (the table's errors so far). */
void import_job_mark_bad_rows(struct import_job *job, bool *bad);

/* {"dry_run":…,"sheet":…,"sheets":[…],"header_row":…,"rows":…,"created":…,…,"preview":[…]} */
void import_job_write_json(struct strbuf *sb, const struct import_job *job);
/* The error's "cells": [{"sheet","row","column","header","value","reason_zh","reason_en"}, …] */
void import_job_write_cells(struct strbuf *sb, const struct import_job *job);

#endif
