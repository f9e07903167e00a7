/*
 * What the two halves of the appraisal engine share (not part of its contract): appraisal_score.c
 * scores leaves, appraisal_grade.c totals, ranks and grades. Scoring works on a group's members
 * in place inside the scheme's subject-by-leaf matrix, with scratch memory allocated once per call.
 */
#ifndef DOMAIN_APPRAISAL_IMPL_H
#define DOMAIN_APPRAISAL_IMPL_H

#include "domain/appraisal.h"

/* A sort key with the position it came from; sorted ascending by key, then by position. */
struct appr_key {
    int64_t key;
    size_t pos;
};
void appr_keys_sort(struct appr_key *keys, size_t n);

struct appr_scratch {
    struct appr_key *keys;
    size_t keys_cap;
    int64_t *ratings;
    size_t ratings_cap;
};
/* Makes room for n keys; -1 when out of memory. */
int appr_scratch_keys(struct appr_scratch *scratch, size_t n);
void appr_scratch_release(struct appr_scratch *scratch);

/* Whether a method compares the subjects of a group (rank, efficacy) or scores each alone. */
bool appr_method_compares(enum appr_method m);

/* Scores one subject's value for a method that scores each alone. -1 when out of memory. */
int appr_score_alone(const struct appr_leaf *leaf, const struct appr_value *value,
                     struct appr_scratch *scratch, struct appr_score *out);

/*
 * Scores one leaf for n members of a group: member k's value is values[members[k] * stride]
 * and its score goes to out[members[k] * stride] (members NULL: k itself). -1 when out of memory.
 */
int appr_score_members(const struct appr_leaf *leaf, const struct appr_value *values, const size_t *members,
                       size_t n, size_t stride, struct appr_score *out, struct appr_scratch *scratch);

#endif
