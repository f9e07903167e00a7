/*
 * The appraisal engine (考核计分): scoring methods for an indicator's leaf, totals with capped
 * bonus and deduction items, ranks in a group and grades with quotas and vetoes. Pure and exact:
 * values are decimals (base/decimal.h, × 10^6), points are integer hundredths, every division is
 * done on 128-bit integers and rounded once, half away from zero, to the hundredth. The rules are
 * written out in docs/appraisal-rules.md exactly as implemented here.
 */
#ifndef DOMAIN_APPRAISAL_H
#define DOMAIN_APPRAISAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/strbuf.h"

enum appr_method { APPR_RATIO, APPR_RANK, APPR_EFFICACY, APPR_BAND, APPR_CHECK, APPR_SURVEY, APPR_METHOD_COUNT };
enum appr_direction { APPR_HIGHER, APPR_LOWER }; /* higher (or lower) actual values are better */

const char *appr_method_name(enum appr_method m); /* "ratio", "rank", "efficacy", "band", "check", "survey" */
int appr_method_parse(const char *s, enum appr_method *out);

#define APPR_BANDS_MAX 10
#define APPR_POINTS_MAX 100000000 /* hundredths: one million points, the most a leaf or cap may carry */

struct appr_band {
    int64_t threshold; /* decimal: the actual value that reaches the band */
    int64_t factor;    /* decimal in [0, 1]: the share of W the band gives */
};

/* One scored leaf of the indicator tree: its full marks and method with the method's settings. */
struct appr_leaf {
    enum appr_method method;
    enum appr_direction direction;
    int64_t full_marks; /* W, hundredths, > 0 */
    /* ratio: r = a / t (higher) or t / a (lower; a = 0 gives r = cap); W · min(r, cap); r < floor gives 0,
     * and so does r < 0 (a < 0, higher) */
    int64_t cap;        /* decimal ≥ 1 (DEC_SCALE by default) */
    bool has_floor;
    int64_t floor;      /* decimal ≥ 0 */
    /* rank: max(W − (rank − 1) · step, min_score) with a step, else W − (rank − 1) · (W − min_score) / (n − 1) */
    bool has_step;
    int64_t step;       /* hundredths > 0 */
    int64_t min_score;  /* hundredths in [0, W] */
    /* efficacy: W · (base + (1 − base) · (a − lo) / (hi − lo)), clamped to [W · base, W] */
    int64_t base;       /* decimal in [0, 1) (600000 by default) */
    bool has_bounds;    /* lo = disallowed (不允许值), hi = satisfactory (满意值); else the group's worst and best */
    int64_t disallowed, satisfactory;
    /* band: the first band reached (a ≥ threshold, or ≤ for lower) gives W · factor; none gives 0 */
    size_t n_bands;
    struct appr_band bands[APPR_BANDS_MAX];
    /* survey: the trim highest and trim lowest ratings dropped; -1: 1 each with ≥ 5 ratings, else 0 */
    int trim;
};

/* The defaults of a leaf of method m (cap 1, base 0.6, trim -1), full marks W. */
void appr_leaf_init(struct appr_leaf *leaf, enum appr_method m, int64_t full_marks);
/* Checks a leaf's settings (cap ≥ 1, bands ordered from best to worst, factors in [0, 1], …); field names the setting. */
int appr_leaf_check(const struct appr_leaf *leaf, struct error *e);

/* A subject's data for one leaf. */
/* A subject's data for one leaf (32 bytes: a province's scheme holds millions of them). */
struct appr_value {
    int64_t actual, target;  /* decimals */
    const int64_t *ratings;  /* survey: decimals in [0, 100]; borrowed */
    uint32_t n_ratings;
    bool has_actual, has_target;
};

enum appr_status {
    APPR_OK,
    APPR_MISSING,        /* no actual (or no target for ratio; for survey no rating, or too few to drop
                          * trim highest and lowest and keep one): scored 0, shown as an error */
    APPR_BAD_TARGET,     /* ratio with t ≤ 0 */
    APPR_BAD_VALUE,      /* check with a ∉ {0, 1}; a rating outside [0, 100]; lower-is-better ratio with a < 0;
                          * an actual or target beyond ±DEC_MAX */
    APPR_STATUS_COUNT
};
const char *appr_status_name(enum appr_status s); /* "ok", "missing", "bad_target", "bad_value" */

struct appr_score {
    int64_t points;         /* hundredths, rounded; 0 unless status is APPR_OK */
    enum appr_status status;
    int rank;               /* rank method: the subject's rank among the group's valid values; else 0 */
};

/*
 * Scores one leaf for the n subjects of one group (rank and efficacy compare them; the other
 * methods score each alone). Subjects whose status is not APPR_OK take no part in the
 * comparison: the rank method's n and the efficacy method's lo and hi are of the valid values.
 * Ties share the best rank (1, 2, 2, 4). Returns 0, or -1 when out of memory.
 */
int appr_score_leaf(const struct appr_leaf *leaf, const struct appr_value *values, size_t n,
                    struct appr_score *out);

/*
 * The formula with the numbers filled in for subject i of the group, as appr_score_leaf scored it,
 * appended to sb: "20.00 × min(95 / 100, 1) = 19.00", "排名 2/5：10.00 − (2 − 1) × (10.00 − 4.00) / (5 − 1) = 8.50".
 * A subject whose status is not OK gets the reason (zh, then en after " / ").
 */
int appr_explain_leaf(const struct appr_leaf *leaf, const struct appr_value *values, size_t n, size_t i,
                      struct strbuf *sb);

/* Grades (等次), best first. The last grade takes everyone left: no minimum, no quota. */
#define APPR_GRADES_MAX 10
struct appr_grade {
    bool has_min;
    int64_t min_score; /* hundredths */
    bool has_quota;
    int64_t quota;     /* decimal share in (0, 1] of the group at this grade or better, by rank */
};
/*
 * 1 to APPR_GRADES_MAX grades; the last without minimum or quota; minimums non-increasing and
 * quotas in (0, 1] non-decreasing down the list. field: "grades[k].min_score", "grades[k].quota".
 */
int appr_grades_check(const struct appr_grade *grades, size_t n, struct error *e);

enum appr_veto { APPR_VETO_NONE, APPR_VETO_BAR_TOP, APPR_VETO_LOWEST };

/* A subject of the scheme as the engine needs it. */
struct appr_subject {
    size_t group;           /* 0 .. n_groups − 1 */
    int64_t bonus;          /* the sum of its bonus items, hundredths ≥ 0, before the cap */
    int64_t deduction;      /* the sum of its deduction items, hundredths ≥ 0, before the cap */
    enum appr_veto veto;    /* the strongest veto triggered (LOWEST over BAR_TOP) */
};

struct appr_scheme {
    const struct appr_leaf *leaves;
    size_t n_leaves;
    const struct appr_grade *grades;
    size_t n_grades;
    bool has_bonus_cap, has_deduction_cap;
    int64_t bonus_cap, deduction_cap; /* hundredths */
};

struct appr_result {
    int64_t leaf_sum;        /* the sum of rounded leaf scores */
    int64_t bonus, deduction; /* capped */
    int64_t total;           /* leaf_sum + bonus − deduction */
    int rank;                /* by total in the group, ties sharing the best rank */
    size_t group_size;
    size_t grade;            /* index into the scheme's grades */
    size_t n_errors;         /* leaves whose status is not OK */
};

/*
 * Checks a whole scheme: every leaf (field "leaves[l].cap", …), the grades, the caps in
 * [0, APPR_POINTS_MAX]. The engine assumes a checked scheme.
 */
int appr_scheme_check(const struct appr_scheme *scheme, struct error *e);

/*
 * Computes the whole scheme: values and scores are n_subjects × n_leaves, subject by subject
 * (values[s * n_leaves + l]). Returns 0, or -1 when out of memory or a subject's group is not
 * below n_groups.
 */
int appr_compute(const struct appr_scheme *scheme, const struct appr_subject *subjects, size_t n_subjects,
                 size_t n_groups, const struct appr_value *values, struct appr_score *scores,
                 struct appr_result *results);

/*
 * After the values of leaf l changed for subjects of group g, updates scores and results as
 * appr_compute would have made them (the what-if): rescoring leaf l over group g, then the
 * group's totals, ranks and grades. Returns 0, or -1 when out of memory or l is not below n_leaves.
 */
int appr_update_leaf(const struct appr_scheme *scheme, const struct appr_subject *subjects, size_t n_subjects,
                     const struct appr_value *values, size_t l, size_t g, struct appr_score *scores,
                     struct appr_result *results);

/*
 * Ranks and grades the n results of one group from their totals and their subjects' vetoes
 * (members: indices into results and subjects). Walking down the ranking, a subject gets the best
 * grade whose minimum its total reaches, whose quota (floor(quota · n) by rank, ties within it all
 * in) its rank is within, and that no veto bars (BAR_TOP bars the first grade; LOWEST gives the last).
 */
int appr_rank_group(const struct appr_scheme *scheme, const struct appr_subject *subjects, const size_t *members,
                    size_t n, struct appr_result *results);

#endif
