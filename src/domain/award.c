/* Honour lists as rules; see award.h. */
#include "domain/award.h"

#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static const char *const kind_names[AWARD_KIND_COUNT] = {"enterprise", "unit", "person"};
static const char *const kind_labels[AWARD_KIND_COUNT] = {"优秀企业", "先进单位", "先进个人"};

const char *award_kind_name(enum award_kind k)
{
    return k < AWARD_KIND_COUNT ? kind_names[k] : "person";
}

const char *award_kind_label(enum award_kind k)
{
    return k < AWARD_KIND_COUNT ? kind_labels[k] : "先进个人";
}

int award_kind_parse(const char *s, enum award_kind *out)
{
    for (int k = 0; k < AWARD_KIND_COUNT; k++)
        if (strcmp(kind_names[k], s) == 0) {
            *out = (enum award_kind)k;
            return 0;
        }
    return -1;
}

static bool picked(const char *grade, const char *const *grades, size_t n)
{
    for (size_t i = 0; grade && i < n; i++)
        if (grades[i] && strcmp(grades[i], grade) == 0)
            return true;
    return false;
}

size_t award_derive(const struct award_candidate *c, size_t n, const char *const *grades, size_t n_grades,
                    size_t *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (picked(c[i].grade_name, grades, n_grades))
            out[m++] = i;
    /* insertion sort: stable, and linear on a version's results, which come by group and rank already */
    for (size_t i = 1; i < m; i++) {
        size_t x = out[i], j = i;
        while (j > 0 && (c[out[j - 1]].group > c[x].group ||
                         (c[out[j - 1]].group == c[x].group && c[out[j - 1]].rank > c[x].rank))) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = x;
    }
    return m;
}

int award_quota_of_grade(const struct award_grade_quota *q, size_t n, int others, const char *grade_name)
{
    for (size_t i = 0; grade_name && i < n; i++)
        if (q[i].grade_name && strcmp(q[i].grade_name, grade_name) == 0)
            return q[i].quota;
    return others;
}

bool award_quota_allows(int quota, int used)
{
    return quota > 0 && used < quota;
}
