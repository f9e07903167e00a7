/*
 * The appraisal's spreadsheets and evidence in the store (included by store.h): a sheet of many
 * subjects' data imported in one transaction, with the same checks as one subject's PUT; and the
 * evidence files (佐证材料) of a subject, kept in the database, writable when its data is.
 */
#ifndef STORE_STORE_APPRAISAL_SHEETS_H
#define STORE_STORE_APPRAISAL_SHEETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"

struct store;
struct actor;
struct import_row_error;

/* Which fields of an indicator an imported row gives (the sheet has their column). */
enum appr_import_set { APPR_SET_TARGET = 1, APPR_SET_ACTUAL = 2, APPR_SET_RATINGS = 4, APPR_SET_POINTS = 8 };

struct appr_import_cell {
    int64_t indicator_id;
    unsigned set;                            /* enum appr_import_set bits */
    bool has_target, has_actual, has_points; /* false: the cell is empty, the field cleared */
    int64_t target, actual;                  /* decimals */
    int64_t points;                          /* bonus or deduction: the node's sum, hundredths ≥ 0 */
    const int64_t *ratings;                  /* n_ratings 0: none */
    size_t n_ratings;
    const char *reason; /* of the item made when the points change */
};

struct appr_import_row {
    int64_t subject_id;
    const struct appr_import_cell *cells;
    size_t n_cells;
};

struct appr_data_import {
    size_t n;
    const struct appr_import_row *rows;
    bool office; /* the appraisal office: a submitted subject is writable too */
    bool dry_run;
    enum import_action *actions;     /* out, per row (caller-allocated) */
    struct import_row_error *errors; /* out, in the arena; field "subject" */
    size_t n_errors;
    int64_t updated, unchanged;
};

/*
 * Lays each row's cells over its subject's stored data (a field whose column the sheet lacks is
 * kept; a bonus or deduction whose sum is unchanged keeps its items, else becomes one item) and
 * writes every changed subject, all in one transaction: a subject outside scope, given twice, or
 * not writable (store_appr_data_put's rules) refuses its row; with any row refused nothing is
 * written and it fails with ERR_INVALID_ROWS. An unchanged row is never refused.
 */
int store_appr_data_import(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                           int64_t scope, struct appr_data_import *im, struct arena *a, struct error *e);

/* ---- evidence */

#define APPR_EVIDENCE_PER_SUBJECT_MAX 200
#define APPR_EVIDENCE_NAME_MAX 200 /* characters of a file name */

struct appr_evidence {
    int64_t id, scheme_id, subject_id, indicator_id; /* indicator_id 0: the subject's in general */
    int64_t size;
    const char *file_name, *content_type, *uploaded_by, *created_at;
    const void *data; /* store_appr_evidence_get only */
};

/*
 * Adds a file to a subject of the scheme (in scope) and, when indicator_id is not 0, to one of
 * its leaves, vetoes, bonus or deduction nodes; the subject's data must be writable (the scheme
 * open, the subject draft or returned; office: also submitted).
 */
int store_appr_evidence_add(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                            int64_t subject_id, int64_t scope, bool office, const struct appr_evidence *in,
                            const void *data, size_t len, struct arena *a, struct appr_evidence *out,
                            struct error *e);
/* The subject's files, oldest first, without their bytes. */
int store_appr_evidence_list(struct store *st, int64_t tenant, int64_t scheme_id, int64_t subject_id,
                             int64_t scope, struct arena *a, struct appr_evidence **items, size_t *n,
                             struct error *e);
/* One file with its bytes (in the arena), if its subject is in scope. */
int store_appr_evidence_get(struct store *st, int64_t tenant, int64_t id, int64_t scope, struct arena *a,
                            struct appr_evidence *out, struct error *e);
/* Removes a file, when its subject's data is writable. */
int store_appr_evidence_delete(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                               int64_t scope, bool office, struct error *e);

#endif
