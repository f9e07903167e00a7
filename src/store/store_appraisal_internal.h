/* What the appraisal's store files share. Private to src/store. */
#ifndef STORE_STORE_APPRAISAL_INTERNAL_H
#define STORE_STORE_APPRAISAL_INTERNAL_H

#include "store/store_internal.h"

/* Inside a transaction: the scheme, ERR_NOT_FOUND when the tenant has none of that id. */
int appr_scheme_read(struct db *db, int64_t tenant, int64_t id, struct arena *a, struct appr_scheme_row *out,
                     struct error *e);
/* The structure (scope: 0, or the unit whose subtree's subjects alone are read); subjects' group_index and
 * indicators' parent_index filled. */
int appr_structure_read(struct db *db, int64_t tenant, int64_t id, int64_t scope, struct arena *a,
                        struct appr_structure *out, struct error *e);
/* Writes the structure over the scheme's (ids kept, new ones given, the rest removed with their data);
 * checked first. */
int appr_structure_write(struct db *db, int64_t tenant, int64_t id, const struct appr_structure *in,
                         struct error *e);
/* The scheme's data revision goes up: what its computation reads of the scheme changed (kept computations end). */
int appr_touch(struct db *db, int64_t tenant, int64_t scheme_id, struct error *e);
/* The subject's data revision goes up: its data changed (kept computations read it again). */
int appr_touch_subject(struct db *db, int64_t tenant, int64_t subject_id, struct error *e);
int appr_delete_rows(struct db *db, int64_t tenant, int64_t scheme_id, const char *table, struct error *e);
int appr_subject_state_parse(const char *s, enum appr_subject_state *out);
/* Survey ratings from their stored text (integers × 10^6 joined by ','); -1 when out of memory. */
int appr_ratings_parse(const char *text, struct arena *a, int64_t **out, size_t *n);
/* Bonus and deduction items of one subject (subject_id 0: all of the scheme's), each with its subject's id beside. */
int appr_items_read(struct db *db, int64_t tenant, int64_t scheme_id, int64_t subject_id, struct arena *a,
                    struct appr_item_row **items, int64_t **item_subjects, size_t *n_items, struct error *e);

/* May the subject's data (and evidence) be changed now? The scheme open; the subject draft or returned (office:
 * also submitted); ERR_INVALID_STATE otherwise. */
int appr_data_writable(const struct appr_structure *s, const struct appr_subject_row *subject, bool office,
                       struct error *e);

#endif
