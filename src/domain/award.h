/*
 * Honour lists (表彰名单) as rules: which subjects of a published appraisal version a derived list
 * holds (those whose grade the office picked, by group then rank), and the per-unit quotas of
 * nominations for individual awards (a quota per unit, optionally defaulted from the unit's grade).
 * Pure: plain structs in and out.
 */
#ifndef DOMAIN_AWARD_H
#define DOMAIN_AWARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 优秀企业 (from an enterprise scheme), 先进单位 (from a unit scheme), 先进个人 (nominated). */
enum award_kind { AWARD_ENTERPRISE, AWARD_UNIT, AWARD_PERSON, AWARD_KIND_COUNT };
const char *award_kind_name(enum award_kind k);  /* "enterprise", "unit", "person" */
const char *award_kind_label(enum award_kind k); /* 优秀企业, 先进单位, 先进个人 */
int award_kind_parse(const char *s, enum award_kind *out);

#define AWARD_QUOTA_MAX 100 /* nominations one unit may make to one list */
#define AWARD_GRADES_MAX 10 /* grades picked for a derived list */

/* One subject of a published version as the list is derived from it (strings borrowed). */
struct award_candidate {
    int64_t subject_id;
    const char *name, *group_name, *grade_name;
    size_t group; /* the group's place in the version */
    int rank;
    int64_t total; /* hundredths */
};

/*
 * The subjects whose grade_name is one of grades (n_grades ≥ 1), by group, then rank, then their
 * order in c: out (room for n) receives their indices in c; returns how many.
 */
size_t award_derive(const struct award_candidate *c, size_t n, const char *const *grades, size_t n_grades,
                    size_t *out);

/* A unit's quota from its grade: the quota given for grade_name, else others. */
struct award_grade_quota {
    const char *grade_name;
    int quota;
};
int award_quota_of_grade(const struct award_grade_quota *q, size_t n, int others, const char *grade_name);

/*
 * Whether one more nomination (approving: one more approval) fits a unit's quota: used counts the
 * unit's nominations that are not rejected (approving: those approved).
 */
bool award_quota_allows(int quota, int used);

#endif
