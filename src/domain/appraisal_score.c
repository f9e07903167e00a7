/*
 * The appraisal engine's leaves: settings, the six scoring methods and their explanations; see
 * appraisal.h and docs/appraisal-rules.md. Every score is one exact fraction of 128-bit integers,
 * rounded once to the hundredth, half away from zero. The explanation recomputes with the same
 * functions as the score, so the two cannot disagree.
 */
#include "domain/appraisal_impl.h"

#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"
#include "domain/field.h"
#include "base/banned.h"

__extension__ typedef __int128 i128;

#define S ((i128)DEC_SCALE)
#define RATING_MAX ((int64_t)100 * DEC_SCALE)
#define TRIM_MAX 100
#define INSERTION_SORT_MAX 32

static const char *const method_names[APPR_METHOD_COUNT] = {"ratio", "rank",  "efficacy",
                                                            "band",  "check", "survey"};
static const char *const status_names[APPR_STATUS_COUNT] = {"ok", "missing", "bad_target", "bad_value"};

const char *appr_method_name(enum appr_method m)
{
    return (unsigned)m < APPR_METHOD_COUNT ? method_names[m] : "ratio";
}

int appr_method_parse(const char *s, enum appr_method *out)
{
    int i = field_name_index(method_names, APPR_METHOD_COUNT, s, strlen(s));
    if (i < 0)
        return -1;
    *out = (enum appr_method)i;
    return 0;
}

const char *appr_status_name(enum appr_status s)
{
    return (unsigned)s < APPR_STATUS_COUNT ? status_names[s] : "ok";
}

bool appr_method_compares(enum appr_method m)
{
    return m == APPR_RANK || m == APPR_EFFICACY;
}

/* ---- settings ---- */

void appr_leaf_init(struct appr_leaf *leaf, enum appr_method m, int64_t full_marks)
{
    memset(leaf, 0, sizeof(*leaf));
    leaf->method = m;
    leaf->direction = APPR_HIGHER;
    leaf->full_marks = full_marks;
    leaf->cap = DEC_SCALE;
    leaf->base = 600000;
    leaf->trim = -1;
}

static bool in_range(int64_t v)
{
    return v >= -DEC_MAX && v <= DEC_MAX;
}

static int check_bands(const struct appr_leaf *leaf, struct error *e)
{
    if (leaf->n_bands < 1 || leaf->n_bands > APPR_BANDS_MAX)
        return error_set(e, ERR_INVALID_VALUE, "bands", "分档法须有 1 到 %d 档",
                         "a band leaf has 1 to %d bands", APPR_BANDS_MAX);
    bool lower = leaf->direction == APPR_LOWER;
    for (size_t k = 0; k < leaf->n_bands; k++) {
        const struct appr_band *b = &leaf->bands[k];
        if (!in_range(b->threshold))
            return error_set(e, ERR_INVALID_VALUE, "bands", "第 %zu 档的门槛超出范围",
                             "band %zu's threshold is out of range", k + 1);
        if (b->factor < 0 || b->factor > DEC_SCALE)
            return error_set(e, ERR_INVALID_VALUE, "bands", "第 %zu 档的系数须在 0 到 1 之间",
                             "band %zu's factor must be between 0 and 1", k + 1);
        if (k == 0)
            continue;
        const struct appr_band *prev = &leaf->bands[k - 1];
        if (lower && b->threshold <= prev->threshold)
            return error_set(
                e, ERR_INVALID_VALUE, "bands", "各档须从优到劣排列：第 %zu 档的门槛须高于第 %zu 档",
                "bands go from best to worst: band %zu's threshold must be above band %zu's", k + 1, k);
        if (!lower && b->threshold >= prev->threshold)
            return error_set(
                e, ERR_INVALID_VALUE, "bands", "各档须从优到劣排列：第 %zu 档的门槛须低于第 %zu 档",
                "bands go from best to worst: band %zu's threshold must be below band %zu's", k + 1, k);
        if (b->factor > prev->factor)
            return error_set(e, ERR_INVALID_VALUE, "bands", "第 %zu 档的系数不能大于第 %zu 档",
                             "band %zu's factor cannot be larger than band %zu's", k + 1, k);
    }
    return 0;
}

int appr_leaf_check(const struct appr_leaf *leaf, struct error *e)
{
    if ((unsigned)leaf->method >= APPR_METHOD_COUNT)
        return error_set(e, ERR_INVALID_VALUE, "method", "未知的计分方法", "unknown scoring method");
    if (leaf->direction != APPR_HIGHER && leaf->direction != APPR_LOWER)
        return error_set(e, ERR_INVALID_VALUE, "direction", "未知的指标方向", "unknown direction");
    int64_t w = leaf->full_marks;
    if (w <= 0 || w > APPR_POINTS_MAX)
        return error_set(e, ERR_INVALID_VALUE, "full_marks", "满分须大于 0 且不超过 %d 分",
                         "the full marks must be above 0 and at most %d points", APPR_POINTS_MAX / 100);
    switch (leaf->method) {
    case APPR_RATIO:
        if (leaf->cap < DEC_SCALE || (i128)w * leaf->cap > (i128)APPR_POINTS_MAX * S)
            return error_set(e, ERR_INVALID_VALUE, "cap", "封顶值须不小于 1，且满分 × 封顶值不超过 %d 分",
                             "the cap must be at least 1, and full marks × cap at most %d points",
                             APPR_POINTS_MAX / 100);
        if (leaf->has_floor && (leaf->floor < 0 || leaf->floor > leaf->cap))
            return error_set(e, ERR_INVALID_VALUE, "floor", "下限须在 0 到封顶值之间",
                             "the floor must be between 0 and the cap");
        return 0;
    case APPR_RANK:
        if (leaf->has_step && (leaf->step <= 0 || leaf->step > APPR_POINTS_MAX))
            return error_set(e, ERR_INVALID_VALUE, "step", "每名次扣分须大于 0", "the step must be above 0");
        if (leaf->min_score < 0 || leaf->min_score > w)
            return error_set(e, ERR_INVALID_VALUE, "min_score", "最低分须在 0 到满分之间",
                             "the minimum score must be between 0 and the full marks");
        return 0;
    case APPR_EFFICACY:
        if (leaf->base < 0 || leaf->base >= DEC_SCALE)
            return error_set(e, ERR_INVALID_VALUE, "base", "基础分系数须不小于 0 且小于 1",
                             "the base must be at least 0 and below 1");
        if (leaf->has_bounds) {
            if (!in_range(leaf->disallowed) || !in_range(leaf->satisfactory))
                return error_set(e, ERR_INVALID_VALUE, "satisfactory", "不允许值或满意值超出范围",
                                 "the disallowed or satisfactory value is out of range");
            bool lower = leaf->direction == APPR_LOWER;
            if (lower && leaf->satisfactory >= leaf->disallowed)
                return error_set(e, ERR_INVALID_VALUE, "satisfactory", "越低越好：满意值须低于不允许值",
                                 "lower is better: the satisfactory value must be below the disallowed one");
            if (!lower && leaf->satisfactory <= leaf->disallowed)
                return error_set(e, ERR_INVALID_VALUE, "satisfactory", "越高越好：满意值须高于不允许值",
                                 "higher is better: the satisfactory value must be above the disallowed one");
        }
        return 0;
    case APPR_BAND:
        return check_bands(leaf, e);
    case APPR_SURVEY:
        if (leaf->trim < -1 || leaf->trim > TRIM_MAX)
            return error_set(e, ERR_INVALID_VALUE, "trim",
                             "去掉的最高、最低评分数须在 0 到 %d 之间（-1 为默认）",
                             "trim must be between 0 and %d (-1 for the default)", TRIM_MAX);
        return 0;
    case APPR_CHECK:
    case APPR_METHOD_COUNT:
        break;
    }
    return 0;
}

/* ---- arithmetic ---- */

/* W × d for a decimal d, in hundredths. */
static int64_t times_decimal(int64_t w, int64_t d)
{
    return (int64_t)dec_div_round((i128)w * d, S);
}

/* ---- scratch ---- */

static int compare_keys(const void *pa, const void *pb)
{
    const struct appr_key *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

void appr_keys_sort(struct appr_key *keys, size_t n)
{
    qsort(keys, n, sizeof(*keys), compare_keys);
}

int appr_scratch_keys(struct appr_scratch *scratch, size_t n)
{
    if (n <= scratch->keys_cap)
        return 0;
    struct appr_key *keys = realloc(scratch->keys, n * sizeof(*keys));
    if (!keys)
        return -1;
    scratch->keys = keys;
    scratch->keys_cap = n;
    return 0;
}

static int64_t *scratch_ratings(struct appr_scratch *scratch, size_t n)
{
    if (n > scratch->ratings_cap) {
        int64_t *r = realloc(scratch->ratings, n * sizeof(*r));
        if (!r)
            return NULL;
        scratch->ratings = r;
        scratch->ratings_cap = n;
    }
    return scratch->ratings;
}

void appr_scratch_release(struct appr_scratch *scratch)
{
    free(scratch->keys);
    free(scratch->ratings);
    memset(scratch, 0, sizeof(*scratch));
}

/* ---- the methods ---- */

/* Why a value scored as it did: finer than appr_status, for the explanation. */
enum reason {
    R_OK,
    R_NO_ACTUAL,
    R_NO_TARGET,
    R_NO_RATINGS,
    R_FEW_RATINGS,
    R_BAD_TARGET,
    R_OUT_OF_RANGE,
    R_NEGATIVE_LOWER,
    R_NOT_CHECK,
    R_BAD_RATING,
};

static enum appr_status status_of(enum reason r)
{
    switch (r) {
    case R_OK:
        return APPR_OK;
    case R_NO_ACTUAL:
    case R_NO_TARGET:
    case R_NO_RATINGS:
    case R_FEW_RATINGS:
        return APPR_MISSING;
    case R_BAD_TARGET:
        return APPR_BAD_TARGET;
    case R_OUT_OF_RANGE:
    case R_NEGATIVE_LOWER:
    case R_NOT_CHECK:
    case R_BAD_RATING:
        break;
    }
    return APPR_BAD_VALUE;
}

static enum reason actual_reason(const struct appr_value *v)
{
    if (!v->has_actual)
        return R_NO_ACTUAL;
    return in_range(v->actual) ? R_OK : R_OUT_OF_RANGE;
}

/* ratio: how r compares with the floor, 0 and the cap decides the formula. */
enum ratio_case { RATIO_PLAIN, RATIO_CAPPED, RATIO_BELOW_FLOOR, RATIO_NEGATIVE, RATIO_ZERO_ACTUAL };

static enum reason ratio_score(const struct appr_leaf *leaf, const struct appr_value *v, int64_t *points,
                               enum ratio_case *how)
{
    enum reason r = actual_reason(v);
    if (r != R_OK)
        return r;
    if (!v->has_target)
        return R_NO_TARGET;
    if (!in_range(v->target))
        return R_OUT_OF_RANGE;
    if (v->target <= 0)
        return R_BAD_TARGET;
    bool lower = leaf->direction == APPR_LOWER;
    if (lower && v->actual < 0)
        return R_NEGATIVE_LOWER;
    /* r = num / den, den > 0 */
    i128 num = lower ? v->target : v->actual, den = lower ? v->actual : v->target;
    int64_t w = leaf->full_marks;
    if (lower && v->actual == 0) {
        *how = RATIO_ZERO_ACTUAL;
        *points = times_decimal(w, leaf->cap);
    } else if (num < 0) {
        *how = RATIO_NEGATIVE;
        *points = 0;
    } else if (leaf->has_floor && num * S < (i128)leaf->floor * den) {
        *how = RATIO_BELOW_FLOOR;
        *points = 0;
    } else if (num * S >= (i128)leaf->cap * den) {
        *how = RATIO_CAPPED;
        *points = times_decimal(w, leaf->cap);
    } else {
        *how = RATIO_PLAIN;
        *points = (int64_t)dec_div_round(w * num, den);
    }
    return R_OK;
}

/* band: the index of the first band reached, or n_bands. */
static size_t band_reached(const struct appr_leaf *leaf, int64_t a)
{
    size_t k = 0;
    for (; k < leaf->n_bands; k++) {
        int64_t x = leaf->bands[k].threshold;
        if (leaf->direction == APPR_LOWER ? a <= x : a >= x)
            break;
    }
    return k;
}

static enum reason band_score(const struct appr_leaf *leaf, const struct appr_value *v, int64_t *points)
{
    enum reason r = actual_reason(v);
    if (r != R_OK)
        return r;
    size_t k = band_reached(leaf, v->actual);
    *points = k < leaf->n_bands ? times_decimal(leaf->full_marks, leaf->bands[k].factor) : 0;
    return R_OK;
}

static enum reason check_score(const struct appr_leaf *leaf, const struct appr_value *v, int64_t *points)
{
    if (!v->has_actual)
        return R_NO_ACTUAL;
    if (v->actual != 0 && v->actual != DEC_SCALE)
        return R_NOT_CHECK;
    *points = v->actual == DEC_SCALE ? leaf->full_marks : 0;
    return R_OK;
}

static int effective_trim(const struct appr_leaf *leaf, size_t n_ratings)
{
    return leaf->trim >= 0 ? leaf->trim : n_ratings >= 5 ? 1 : 0;
}

/* Ratings checked, their number and the trim; the first bad rating's index in *bad. */
static enum reason survey_reason(const struct appr_leaf *leaf, const struct appr_value *v, size_t *bad)
{
    if (v->n_ratings == 0 || !v->ratings)
        return R_NO_RATINGS;
    for (size_t k = 0; k < v->n_ratings; k++) {
        if (v->ratings[k] < 0 || v->ratings[k] > RATING_MAX) {
            *bad = k;
            return R_BAD_RATING;
        }
    }
    if (v->n_ratings <= 2 * (size_t)effective_trim(leaf, v->n_ratings))
        return R_FEW_RATINGS;
    return R_OK;
}

static int compare_ratings(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return a < b ? -1 : a > b;
}

/* A survey has a handful of ratings: insertion sort, unless there are many. */
static void sort_ratings(int64_t *r, size_t n)
{
    if (n > INSERTION_SORT_MAX) {
        qsort(r, n, sizeof(*r), compare_ratings);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        int64_t x = r[i];
        size_t j = i;
        for (; j > 0 && r[j - 1] > x; j--)
            r[j] = r[j - 1];
        r[j] = x;
    }
}

/* survey: the kept ratings' sum and number; sorted (ascending, all of them) into *sorted when asked. */
static int survey_sum(const struct appr_leaf *leaf, const struct appr_value *v, struct appr_scratch *scratch,
                      i128 *sum, size_t *kept, const int64_t **sorted)
{
    size_t n = v->n_ratings;
    int trim = effective_trim(leaf, n);
    *kept = n - 2 * (size_t)trim;
    *sum = 0;
    if (trim <= 1 && !sorted) {
        int64_t lo = v->ratings[0], hi = v->ratings[0];
        for (size_t k = 0; k < n; k++) {
            *sum += v->ratings[k];
            lo = v->ratings[k] < lo ? v->ratings[k] : lo;
            hi = v->ratings[k] > hi ? v->ratings[k] : hi;
        }
        if (trim == 1)
            *sum -= (i128)lo + hi;
        return 0;
    }
    int64_t *r = scratch_ratings(scratch, n);
    if (!r)
        return -1;
    memcpy(r, v->ratings, n * sizeof(*r));
    sort_ratings(r, n);
    for (size_t k = (size_t)trim; k < n - (size_t)trim; k++)
        *sum += r[k];
    if (sorted)
        *sorted = r;
    return 0;
}

static int survey_score(const struct appr_leaf *leaf, const struct appr_value *v,
                        struct appr_scratch *scratch, enum reason *reason, int64_t *points)
{
    size_t bad;
    *reason = survey_reason(leaf, v, &bad);
    if (*reason != R_OK)
        return 0;
    i128 sum;
    size_t kept;
    if (survey_sum(leaf, v, scratch, &sum, &kept, NULL) < 0)
        return -1;
    *points = (int64_t)dec_div_round(leaf->full_marks * sum, (i128)kept * RATING_MAX);
    return 0;
}

static void set_score(struct appr_score *out, enum reason r, int64_t points, int rank)
{
    out->status = status_of(r);
    out->points = r == R_OK ? points : 0;
    out->rank = r == R_OK ? rank : 0;
}

int appr_score_alone(const struct appr_leaf *leaf, const struct appr_value *value,
                     struct appr_scratch *scratch, struct appr_score *out)
{
    int64_t points = 0;
    enum reason r = R_OK;
    enum ratio_case how;
    switch (leaf->method) {
    case APPR_RATIO:
        r = ratio_score(leaf, value, &points, &how);
        break;
    case APPR_BAND:
        r = band_score(leaf, value, &points);
        break;
    case APPR_CHECK:
        r = check_score(leaf, value, &points);
        break;
    case APPR_SURVEY:
        if (survey_score(leaf, value, scratch, &r, &points) < 0)
            return -1;
        break;
    case APPR_RANK:
    case APPR_EFFICACY:
    case APPR_METHOD_COUNT:
        break;
    }
    set_score(out, r, points, 0);
    return 0;
}

static const struct appr_value *member_value(const struct appr_value *values, const size_t *members, size_t k,
                                             size_t stride)
{
    return &values[(members ? members[k] : k) * stride];
}

/* rank: the sort key that puts the best first. */
static int64_t rank_key(const struct appr_leaf *leaf, int64_t a)
{
    return leaf->direction == APPR_LOWER ? a : -a;
}

static int64_t rank_points(const struct appr_leaf *leaf, int rank, size_t n_valid)
{
    int64_t w = leaf->full_marks, min = leaf->min_score;
    if (leaf->has_step) {
        i128 p = (i128)w - (i128)(rank - 1) * leaf->step;
        return p > min ? (int64_t)p : min;
    }
    if (n_valid <= 1)
        return w;
    i128 steps = (i128)n_valid - 1;
    return (int64_t)dec_div_round((i128)w * steps - (i128)(rank - 1) * (w - min), steps);
}

static int score_rank(const struct appr_leaf *leaf, const struct appr_value *values, const size_t *members,
                      size_t n, size_t stride, struct appr_score *out, struct appr_scratch *scratch)
{
    if (appr_scratch_keys(scratch, n) < 0)
        return -1;
    size_t n_valid = 0;
    for (size_t k = 0; k < n; k++) {
        const struct appr_value *v = member_value(values, members, k, stride);
        enum reason r = actual_reason(v);
        if (r == R_OK)
            scratch->keys[n_valid++] = (struct appr_key){rank_key(leaf, v->actual), k};
        else
            set_score(&out[(members ? members[k] : k) * stride], r, 0, 0);
    }
    appr_keys_sort(scratch->keys, n_valid);
    int rank = 0;
    for (size_t i = 0; i < n_valid; i++) {
        if (i == 0 || scratch->keys[i].key != scratch->keys[i - 1].key)
            rank = (int)i + 1;
        size_t k = scratch->keys[i].pos;
        set_score(&out[(members ? members[k] : k) * stride], R_OK, rank_points(leaf, rank, n_valid), rank);
    }
    return 0;
}

/* efficacy: lo (the worst) and hi (the best) of the valid values, or the configured bounds; false if none. */
static bool efficacy_bounds(const struct appr_leaf *leaf, const struct appr_value *values,
                            const size_t *members, size_t n, size_t stride, int64_t *lo, int64_t *hi)
{
    if (leaf->has_bounds) {
        *lo = leaf->disallowed;
        *hi = leaf->satisfactory;
        return true;
    }
    bool any = false;
    int64_t min = 0, max = 0;
    for (size_t k = 0; k < n; k++) {
        const struct appr_value *v = member_value(values, members, k, stride);
        if (actual_reason(v) != R_OK)
            continue;
        min = !any || v->actual < min ? v->actual : min;
        max = !any || v->actual > max ? v->actual : max;
        any = true;
    }
    bool lower = leaf->direction == APPR_LOWER;
    *lo = lower ? max : min;
    *hi = lower ? min : max;
    return any;
}

/* The clamp that applied: -1 at the base, 1 at full marks, 0 none. */
static int64_t efficacy_points(const struct appr_leaf *leaf, int64_t a, int64_t lo, int64_t hi, int *clamped)
{
    int64_t w = leaf->full_marks;
    *clamped = 0;
    if (hi == lo)
        return w;
    i128 num = (i128)a - lo, den = (i128)hi - lo;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    if (num < 0 || num > den) {
        *clamped = num < 0 ? -1 : 1;
        return num < 0 ? times_decimal(w, leaf->base) : w;
    }
    return (int64_t)dec_div_round((i128)w * ((i128)leaf->base * den + (S - leaf->base) * num), S * den);
}

static void score_efficacy(const struct appr_leaf *leaf, const struct appr_value *values,
                           const size_t *members, size_t n, size_t stride, struct appr_score *out)
{
    int64_t lo, hi;
    efficacy_bounds(leaf, values, members, n, stride, &lo, &hi);
    for (size_t k = 0; k < n; k++) {
        const struct appr_value *v = member_value(values, members, k, stride);
        enum reason r = actual_reason(v);
        int clamped;
        int64_t points = r == R_OK ? efficacy_points(leaf, v->actual, lo, hi, &clamped) : 0;
        set_score(&out[(members ? members[k] : k) * stride], r, points, 0);
    }
}

int appr_score_members(const struct appr_leaf *leaf, const struct appr_value *values, const size_t *members,
                       size_t n, size_t stride, struct appr_score *out, struct appr_scratch *scratch)
{
    if (leaf->method == APPR_RANK)
        return score_rank(leaf, values, members, n, stride, out, scratch);
    if (leaf->method == APPR_EFFICACY) {
        score_efficacy(leaf, values, members, n, stride, out);
        return 0;
    }
    for (size_t k = 0; k < n; k++) {
        size_t at = (members ? members[k] : k) * stride;
        if (appr_score_alone(leaf, &values[at], scratch, &out[at]) < 0)
            return -1;
    }
    return 0;
}

int appr_score_leaf(const struct appr_leaf *leaf, const struct appr_value *values, size_t n,
                    struct appr_score *out)
{
    struct appr_scratch scratch = {0};
    int rc = appr_score_members(leaf, values, NULL, n, 1, out, &scratch);
    appr_scratch_release(&scratch);
    return rc;
}

/* ---- explanations ---- */

static void add_dec(struct strbuf *sb, int64_t v)
{
    char buf[DEC_TEXT_MAX];
    strbuf_add(sb, buf, (size_t)dec_format(v, buf));
}

/* A decimal inside a formula: a negative one in parentheses, "(-5)". */
static void add_operand(struct strbuf *sb, int64_t v)
{
    if (v < 0)
        strbuf_addch(sb, '(');
    add_dec(sb, v);
    if (v < 0)
        strbuf_addch(sb, ')');
}

static void add_points(struct strbuf *sb, int64_t hundredths)
{
    char buf[DEC_TEXT_MAX];
    strbuf_add(sb, buf, (size_t)points_format(hundredths, buf));
}

static void explain_error(struct strbuf *sb, enum reason r, const struct appr_leaf *leaf,
                          const struct appr_value *v, size_t bad)
{
    char a[DEC_TEXT_MAX], t[DEC_TEXT_MAX];
    dec_format(v->has_actual ? v->actual : 0, a);
    dec_format(v->has_target ? v->target : 0, t);
    int trim = effective_trim(leaf, v->n_ratings);
    switch (r) {
    case R_NO_ACTUAL:
        strbuf_addstr(sb, "缺少实际值 / the actual value is missing");
        break;
    case R_NO_TARGET:
        strbuf_addstr(sb, "缺少目标值 / the target value is missing");
        break;
    case R_NO_RATINGS:
        strbuf_addstr(sb, "没有评分 / there are no ratings");
        break;
    case R_FEW_RATINGS:
        strbuf_addf(
            sb,
            "评分只有 %zu 个，去掉最高、最低各 %d 个至少需要 %d 个 / only %zu ratings: dropping the %d "
            "highest and the %d lowest needs at least %d",
            (size_t)v->n_ratings, trim, 2 * trim + 1, (size_t)v->n_ratings, trim, trim, 2 * trim + 1);
        break;
    case R_BAD_TARGET:
        strbuf_addf(sb, "目标值须大于 0，现为 %s / the target must be greater than 0, it is %s", t, t);
        break;
    case R_OUT_OF_RANGE:
        strbuf_addstr(
            sb, "数值超出范围（绝对值至多 10^12） / a value is out of range (at most 10^12 either way)");
        break;
    case R_NEGATIVE_LOWER:
        strbuf_addf(
            sb,
            "越低越好的指标按完成率计分，实际值不能为负，现为 %s / a lower-is-better ratio's actual value "
            "cannot be negative, it is %s",
            a, a);
        break;
    case R_NOT_CHECK:
        strbuf_addf(sb, "达标类指标的值须为 0 或 1，现为 %s / a check's value must be 0 or 1, it is %s", a,
                    a);
        break;
    case R_BAD_RATING:
        dec_format(v->ratings[bad], a);
        strbuf_addf(sb, "第 %zu 个评分 %s 不在 0 到 100 之间 / rating %zu, %s, is not between 0 and 100",
                    bad + 1, a, bad + 1, a);
        break;
    case R_OK:
        break;
    }
}

static void explain_ratio(struct strbuf *sb, const struct appr_leaf *leaf, const struct appr_value *v,
                          enum ratio_case how, int64_t points)
{
    bool lower = leaf->direction == APPR_LOWER;
    int64_t num = lower ? v->target : v->actual, den = lower ? v->actual : v->target;
    if (how == RATIO_ZERO_ACTUAL) {
        strbuf_addstr(sb, "实际值为 0，比率取封顶值：");
        add_points(sb, leaf->full_marks);
        strbuf_addstr(sb, " × ");
        add_dec(sb, leaf->cap);
    } else if (how == RATIO_BELOW_FLOOR) {
        add_operand(sb, num);
        strbuf_addstr(sb, " / ");
        add_operand(sb, den);
        strbuf_addstr(sb, " < ");
        add_dec(sb, leaf->floor);
        strbuf_addstr(sb, "（下限）：0.00");
        return;
    } else {
        add_points(sb, leaf->full_marks);
        strbuf_addstr(sb, how == RATIO_NEGATIVE ? " × max(min(" : " × min(");
        add_operand(sb, num);
        strbuf_addstr(sb, " / ");
        add_operand(sb, den);
        strbuf_addstr(sb, ", ");
        add_dec(sb, leaf->cap);
        strbuf_addstr(sb, how == RATIO_NEGATIVE ? "), 0)" : ")");
    }
    strbuf_addstr(sb, " = ");
    add_points(sb, points);
}

static void explain_rank(struct strbuf *sb, const struct appr_leaf *leaf, const struct appr_value *values,
                         size_t n, size_t i)
{
    int64_t key = rank_key(leaf, values[i].actual);
    size_t n_valid = 0, better = 0;
    for (size_t k = 0; k < n; k++) {
        if (actual_reason(&values[k]) != R_OK)
            continue;
        n_valid++;
        better += rank_key(leaf, values[k].actual) < key;
    }
    int rank = (int)better + 1;
    strbuf_addf(sb, "排名 %d/%zu：", rank, n_valid);
    int64_t points = rank_points(leaf, rank, n_valid);
    if (leaf->has_step) {
        strbuf_addstr(sb, "max(");
        add_points(sb, leaf->full_marks);
        strbuf_addf(sb, " − (%d − 1) × ", rank);
        add_points(sb, leaf->step);
        strbuf_addstr(sb, ", ");
        add_points(sb, leaf->min_score);
        strbuf_addstr(sb, ") = ");
    } else if (n_valid > 1) {
        add_points(sb, leaf->full_marks);
        strbuf_addf(sb, " − (%d − 1) × (", rank);
        add_points(sb, leaf->full_marks);
        strbuf_addstr(sb, " − ");
        add_points(sb, leaf->min_score);
        strbuf_addf(sb, ") / (%zu − 1) = ", n_valid);
    }
    add_points(sb, points);
}

static void explain_efficacy(struct strbuf *sb, const struct appr_leaf *leaf, const struct appr_value *values,
                             size_t n, size_t i)
{
    int64_t lo, hi, a = values[i].actual;
    efficacy_bounds(leaf, values, NULL, n, 1, &lo, &hi);
    strbuf_addstr(sb, leaf->has_bounds ? "不允许值 " : "最差值 ");
    add_dec(sb, lo);
    strbuf_addstr(sb, leaf->has_bounds ? "，满意值 " : "，最优值 ");
    add_dec(sb, hi);
    strbuf_addstr(sb, "：");
    int clamped;
    int64_t points = efficacy_points(leaf, a, lo, hi, &clamped);
    if (hi != lo) {
        add_points(sb, leaf->full_marks);
        strbuf_addstr(sb, " × (");
        add_dec(sb, leaf->base);
        strbuf_addstr(sb, " + (1 − ");
        add_dec(sb, leaf->base);
        strbuf_addstr(sb, ") × (");
        add_operand(sb, a);
        strbuf_addstr(sb, " − ");
        add_operand(sb, lo);
        strbuf_addstr(sb, ") / (");
        add_operand(sb, hi);
        strbuf_addstr(sb, " − ");
        add_operand(sb, lo);
        strbuf_addstr(sb, ")) = ");
    }
    add_points(sb, points);
    if (clamped != 0) {
        strbuf_addstr(sb, "（限于 [");
        add_points(sb, times_decimal(leaf->full_marks, leaf->base));
        strbuf_addstr(sb, ", ");
        add_points(sb, leaf->full_marks);
        strbuf_addstr(sb, "]）");
    }
}

static void explain_band(struct strbuf *sb, const struct appr_leaf *leaf, int64_t a, int64_t points)
{
    size_t k = band_reached(leaf, a);
    const char *op = leaf->direction == APPR_LOWER ? "≤" : "≥";
    if (k == leaf->n_bands) {
        strbuf_addf(sb, "未达最低档（%s ", op);
        add_dec(sb, leaf->bands[leaf->n_bands - 1].threshold);
        strbuf_addstr(sb, "）：0.00");
        return;
    }
    strbuf_addf(sb, "第 %zu 档（%s ", k + 1, op);
    add_dec(sb, leaf->bands[k].threshold);
    strbuf_addstr(sb, "）：");
    add_points(sb, leaf->full_marks);
    strbuf_addstr(sb, " × ");
    add_dec(sb, leaf->bands[k].factor);
    strbuf_addstr(sb, " = ");
    add_points(sb, points);
}

static int explain_survey(struct strbuf *sb, const struct appr_leaf *leaf, const struct appr_value *v)
{
    struct appr_scratch scratch = {0};
    i128 sum;
    size_t kept;
    const int64_t *sorted;
    if (survey_sum(leaf, v, &scratch, &sum, &kept, &sorted) < 0)
        return -1;
    int trim = effective_trim(leaf, v->n_ratings);
    if (trim > 0)
        strbuf_addf(sb, "去掉最高、最低各 %d 个评分，保留 ", trim);
    else
        strbuf_addstr(sb, "评分 ");
    for (size_t k = (size_t)trim; k < v->n_ratings - (size_t)trim; k++) {
        if (k > (size_t)trim)
            strbuf_addstr(sb, ", ");
        add_dec(sb, sorted[k]);
    }
    appr_scratch_release(&scratch);
    int64_t mean = (int64_t)dec_div_round(sum, (i128)kept);
    strbuf_addstr(sb, "；平均 ");
    add_dec(sb, (int64_t)sum);
    strbuf_addf(sb, " / %zu %s ", kept, sum % (i128)kept == 0 ? "=" : "≈");
    add_dec(sb, mean);
    strbuf_addstr(sb, "：");
    add_points(sb, leaf->full_marks);
    strbuf_addstr(sb, " × ");
    add_dec(sb, mean);
    strbuf_addstr(sb, " / 100 = ");
    add_points(sb, (int64_t)dec_div_round(leaf->full_marks * sum, (i128)kept * RATING_MAX));
    return 0;
}

int appr_explain_leaf(const struct appr_leaf *leaf, const struct appr_value *values, size_t n, size_t i,
                      struct strbuf *sb)
{
    const struct appr_value *v = &values[i];
    enum reason r = R_OK;
    int64_t points = 0;
    size_t bad = 0;
    enum ratio_case how = RATIO_PLAIN;
    switch (leaf->method) {
    case APPR_RATIO:
        r = ratio_score(leaf, v, &points, &how);
        break;
    case APPR_RANK:
    case APPR_EFFICACY:
        r = actual_reason(v);
        break;
    case APPR_BAND:
        r = band_score(leaf, v, &points);
        break;
    case APPR_CHECK:
        r = check_score(leaf, v, &points);
        break;
    case APPR_SURVEY:
        r = survey_reason(leaf, v, &bad);
        break;
    case APPR_METHOD_COUNT:
        break;
    }
    if (r != R_OK) {
        explain_error(sb, r, leaf, v, bad);
        return sb->failed ? -1 : 0;
    }
    int rc = 0;
    switch (leaf->method) {
    case APPR_RATIO:
        explain_ratio(sb, leaf, v, how, points);
        break;
    case APPR_RANK:
        explain_rank(sb, leaf, values, n, i);
        break;
    case APPR_EFFICACY:
        explain_efficacy(sb, leaf, values, n, i);
        break;
    case APPR_BAND:
        explain_band(sb, leaf, v->actual, points);
        break;
    case APPR_CHECK:
        strbuf_addstr(sb, points > 0 ? "达标：" : "未达标：");
        add_points(sb, points);
        break;
    case APPR_SURVEY:
        rc = explain_survey(sb, leaf, v);
        break;
    case APPR_METHOD_COUNT:
        break;
    }
    return rc < 0 || sb->failed ? -1 : 0;
}
