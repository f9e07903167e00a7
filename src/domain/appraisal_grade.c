/*
 * The appraisal engine's totals, ranks and grades, and the whole scheme's computation and its
 * what-if; see appraisal.h and docs/appraisal-rules.md. appr_compute scores the leaves that score
 * each subject alone subject by subject (the values lie subject by subject in memory), then the
 * leaves that compare a group, group by group; appr_update_leaf redoes one leaf of one group.
 */
#include "domain/appraisal_impl.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/decimal.h"
#include "base/banned.h"

int appr_grades_check(const struct appr_grade *grades, size_t n, struct error *e)
{
    if (n < 1 || n > APPR_GRADES_MAX)
        return error_set(e, ERR_INVALID_VALUE, "grades", "等次须有 1 到 %d 个",
                         "there must be 1 to %d grades", APPR_GRADES_MAX);
    const struct appr_grade *last_min = NULL, *last_quota = NULL;
    char field[64];
    for (size_t k = 0; k < n; k++) {
        const struct appr_grade *g = &grades[k];
        if (g->has_min) {
            snprintf(field, sizeof(field), "grades[%zu].min_score", k);
            if (k == n - 1)
                return error_set(e, ERR_INVALID_VALUE, field, "最后一个等次不能有最低分：它接住其余所有对象",
                                 "the last grade cannot have a minimum: it takes everyone left");
            if (g->min_score < -APPR_POINTS_MAX * (int64_t)1000 ||
                g->min_score > APPR_POINTS_MAX * (int64_t)1000)
                return error_set(e, ERR_INVALID_VALUE, field, "第 %zu 个等次的最低分超出范围",
                                 "grade %zu's minimum is out of range", k + 1);
            if (last_min && g->min_score > last_min->min_score)
                return error_set(e, ERR_INVALID_VALUE, field, "第 %zu 个等次的最低分不能高于前面的等次",
                                 "grade %zu's minimum cannot be above a better grade's", k + 1);
            last_min = g;
        }
        if (g->has_quota) {
            snprintf(field, sizeof(field), "grades[%zu].quota", k);
            if (k == n - 1)
                return error_set(e, ERR_INVALID_VALUE, field,
                                 "最后一个等次不能有名额比例：它接住其余所有对象",
                                 "the last grade cannot have a quota: it takes everyone left");
            if (g->quota <= 0 || g->quota > DEC_SCALE)
                return error_set(e, ERR_INVALID_VALUE, field, "第 %zu 个等次的比例须大于 0 且不超过 1",
                                 "grade %zu's quota must be above 0 and at most 1", k + 1);
            if (last_quota && g->quota < last_quota->quota)
                return error_set(
                    e, ERR_INVALID_VALUE, field, "第 %zu 个等次的比例（含更优等次）不能低于前面的等次",
                    "grade %zu's quota (this grade or better) cannot be below a better grade's", k + 1);
            last_quota = g;
        }
    }
    return 0;
}

int appr_scheme_check(const struct appr_scheme *scheme, struct error *e)
{
    for (size_t l = 0; l < scheme->n_leaves; l++) {
        if (appr_leaf_check(&scheme->leaves[l], e) < 0) {
            char field[sizeof(e->field) + 32];
            snprintf(field, sizeof(field), "leaves[%zu].%s", l, e->field);
            return error_set_text(e, e->code, field, e->message_zh, e->message_en);
        }
    }
    if (appr_grades_check(scheme->grades, scheme->n_grades, e) < 0)
        return -1;
    if (scheme->has_bonus_cap && (scheme->bonus_cap < 0 || scheme->bonus_cap > APPR_POINTS_MAX))
        return error_set(e, ERR_INVALID_VALUE, "bonus_cap", "加分上限须在 0 到 %d 分之间",
                         "the bonus cap must be between 0 and %d points", APPR_POINTS_MAX / 100);
    if (scheme->has_deduction_cap && (scheme->deduction_cap < 0 || scheme->deduction_cap > APPR_POINTS_MAX))
        return error_set(e, ERR_INVALID_VALUE, "deduction_cap", "扣分上限须在 0 到 %d 分之间",
                         "the deduction cap must be between 0 and %d points", APPR_POINTS_MAX / 100);
    return 0;
}

/* A subject's leaf_sum, errors, capped bonus and deduction and total from its row of scores. */
static void total_subject(const struct appr_scheme *scheme, const struct appr_subject *subject,
                          const struct appr_score *row, struct appr_result *out)
{
    int64_t sum = 0;
    size_t errors = 0;
    for (size_t l = 0; l < scheme->n_leaves; l++) {
        sum += row[l].points;
        errors += row[l].status != APPR_OK;
    }
    out->leaf_sum = sum;
    out->n_errors = errors;
    out->bonus =
        scheme->has_bonus_cap && subject->bonus > scheme->bonus_cap ? scheme->bonus_cap : subject->bonus;
    out->deduction = scheme->has_deduction_cap && subject->deduction > scheme->deduction_cap
                         ? scheme->deduction_cap
                         : subject->deduction;
    out->total = sum + out->bonus - out->deduction;
}

/* The best grade a subject of the given rank and total may have in a group of n. */
static size_t grade_of(const struct appr_scheme *scheme, const size_t *quota_count, int rank, int64_t total,
                       enum appr_veto veto)
{
    size_t last = scheme->n_grades - 1;
    if (veto == APPR_VETO_LOWEST)
        return last;
    for (size_t g = 0; g < last; g++) {
        const struct appr_grade *grade = &scheme->grades[g];
        if (g == 0 && veto == APPR_VETO_BAR_TOP)
            continue;
        if (grade->has_min && total < grade->min_score)
            continue;
        if (grade->has_quota && (size_t)rank > quota_count[g])
            continue;
        return g;
    }
    return last;
}

/* appr_rank_group with room for n keys given. */
static void rank_group(const struct appr_scheme *scheme, const struct appr_subject *subjects,
                       const size_t *members, size_t n, struct appr_result *results, struct appr_key *keys)
{
    size_t quota_count[APPR_GRADES_MAX] = {0};
    for (size_t g = 0; g < scheme->n_grades && g < APPR_GRADES_MAX; g++) {
        const struct appr_grade *grade = &scheme->grades[g];
        /* floor(quota · n) */
        quota_count[g] = grade->has_quota ? (size_t)((uint64_t)grade->quota * n / DEC_SCALE) : n;
    }
    for (size_t k = 0; k < n; k++)
        keys[k] = (struct appr_key){-results[members[k]].total, k};
    appr_keys_sort(keys, n);
    int rank = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || keys[i].key != keys[i - 1].key)
            rank = (int)i + 1;
        size_t s = members[keys[i].pos];
        struct appr_result *r = &results[s];
        r->rank = rank;
        r->group_size = n;
        r->grade = scheme->n_grades > 0 && scheme->n_grades <= APPR_GRADES_MAX
                       ? grade_of(scheme, quota_count, rank, r->total, subjects[s].veto)
                       : 0;
    }
}

int appr_rank_group(const struct appr_scheme *scheme, const struct appr_subject *subjects,
                    const size_t *members, size_t n, struct appr_result *results)
{
    if (n == 0)
        return 0;
    struct appr_key *keys = malloc(n * sizeof(*keys));
    if (!keys)
        return -1;
    rank_group(scheme, subjects, members, n, results, keys);
    free(keys);
    return 0;
}

int appr_compute(const struct appr_scheme *scheme, const struct appr_subject *subjects, size_t n_subjects,
                 size_t n_groups, const struct appr_value *values, struct appr_score *scores,
                 struct appr_result *results)
{
    size_t n_leaves = scheme->n_leaves;
    int rc = -1;
    struct appr_scratch scratch = {0};
    size_t *members = malloc((n_subjects ? n_subjects : 1) * sizeof(*members));
    size_t *start = calloc(n_groups + 2, sizeof(*start));
    if (!members || !start)
        goto out;
    /* the members of each group, in subject order: members[start[g] .. start[g + 1]) */
    for (size_t s = 0; s < n_subjects; s++) {
        if (subjects[s].group >= n_groups)
            goto out;
        start[subjects[s].group + 2]++;
    }
    size_t largest = 0;
    for (size_t g = 0; g < n_groups; g++) {
        largest = start[g + 2] > largest ? start[g + 2] : largest;
        start[g + 2] += start[g + 1];
    }
    for (size_t s = 0; s < n_subjects; s++)
        members[start[subjects[s].group + 1]++] = s;
    if (appr_scratch_keys(&scratch, largest) < 0)
        goto out;

    for (size_t s = 0; s < n_subjects; s++) {
        for (size_t l = 0; l < n_leaves; l++) {
            const struct appr_leaf *leaf = &scheme->leaves[l];
            size_t at = s * n_leaves + l;
            if (!appr_method_compares(leaf->method) &&
                appr_score_alone(leaf, &values[at], &scratch, &scores[at]) < 0)
                goto out;
        }
    }
    for (size_t l = 0; l < n_leaves; l++) {
        const struct appr_leaf *leaf = &scheme->leaves[l];
        if (!appr_method_compares(leaf->method))
            continue;
        for (size_t g = 0; g < n_groups; g++) {
            if (appr_score_members(leaf, values + l, members + start[g], start[g + 1] - start[g], n_leaves,
                                   scores + l, &scratch) < 0)
                goto out;
        }
    }
    for (size_t s = 0; s < n_subjects; s++)
        total_subject(scheme, &subjects[s], scores + s * n_leaves, &results[s]);
    for (size_t g = 0; g < n_groups; g++)
        rank_group(scheme, subjects, members + start[g], start[g + 1] - start[g], results, scratch.keys);
    rc = 0;
out:
    appr_scratch_release(&scratch);
    free(members);
    free(start);
    return rc;
}

int appr_update_leaf(const struct appr_scheme *scheme, const struct appr_subject *subjects, size_t n_subjects,
                     const struct appr_value *values, size_t l, size_t g, struct appr_score *scores,
                     struct appr_result *results)
{
    size_t n_leaves = scheme->n_leaves;
    if (l >= n_leaves)
        return -1;
    size_t n = 0;
    for (size_t s = 0; s < n_subjects; s++)
        n += subjects[s].group == g;
    if (n == 0)
        return 0;
    int rc = -1;
    struct appr_scratch scratch = {0};
    size_t *members = malloc(n * sizeof(*members));
    if (!members || appr_scratch_keys(&scratch, n) < 0)
        goto out;
    n = 0;
    for (size_t s = 0; s < n_subjects; s++) {
        if (subjects[s].group == g)
            members[n++] = s;
    }
    if (appr_score_members(&scheme->leaves[l], values + l, members, n, n_leaves, scores + l, &scratch) < 0)
        goto out;
    for (size_t k = 0; k < n; k++)
        total_subject(scheme, &subjects[members[k]], scores + members[k] * n_leaves, &results[members[k]]);
    rank_group(scheme, subjects, members, n, results, scratch.keys);
    rc = 0;
out:
    appr_scratch_release(&scratch);
    free(members);
    return rc;
}
