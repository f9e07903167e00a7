/*
 * The annual appraisal (考核评优) in the store (included by store.h): kinds, schemes with their
 * structure (groups, subjects, the indicator tree, grades), each subject's data and its review
 * state, the engine's input read in one snapshot, published versions (frozen as served) and
 * appeals. A scheme is draft (its structure editable), open (data entry) or published. Every
 * write is logged. Results are arena-owned.
 */
#ifndef STORE_STORE_APPRAISAL_H
#define STORE_STORE_APPRAISAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"
#include "domain/appraisal.h"

struct store;
struct actor;

struct appr_kind {
    int64_t id;
    const char *code, *name;
};
int store_appr_kinds_list(struct store *st, int64_t tenant, struct arena *a, struct appr_kind **items,
                          size_t *n, struct error *e);
int store_appr_kind_add(struct store *st, int64_t tenant, const struct actor *who, const char *code,
                        const char *name, struct arena *a, struct appr_kind *out, struct error *e);

enum appr_scheme_state { APPR_SCHEME_DRAFT, APPR_SCHEME_OPEN, APPR_SCHEME_PUBLISHED };
const char *appr_scheme_state_name(enum appr_scheme_state s);

struct appr_scheme_row {
    int64_t id, kind_id;
    int year;
    const char *kind_name, *name;
    bool enterprises; /* subject_type: enterprises, else units */
    enum appr_scheme_state state;
    int revision;
    int published_version;    /* 0: never */
    const char *published_at; /* of the latest version, or NULL */
    int64_t subject_count, leaf_count;
    bool has_bonus_cap, has_deduction_cap;
    int64_t bonus_cap, deduction_cap; /* hundredths */
    int appeal_days;
    const char *issuing_office, *notice_title, *created_at, *updated_at;
};

/* The fields of a create or a patch; has_* says which were given. */
struct appr_scheme_input {
    bool has_year, has_kind, has_name, has_subject_type, has_bonus_cap, has_deduction_cap, has_appeal_days,
        has_issuing_office, has_notice_title;
    int year;
    int64_t kind_id;
    const char *name;
    bool enterprises;
    bool bonus_cap_null, deduction_cap_null;
    int64_t bonus_cap, deduction_cap;
    int appeal_days;
    const char *issuing_office, *notice_title;
};

/* year 0 / kind 0: any. Newest year first, then kind and name. */
int store_appr_schemes_list(struct store *st, int64_t tenant, int year, int64_t kind_id, struct arena *a,
                            struct appr_scheme_row **items, size_t *n, struct error *e);
int store_appr_scheme_get(struct store *st, int64_t tenant, int64_t id, struct arena *a,
                          struct appr_scheme_row *out, struct error *e);
int store_appr_scheme_create(struct store *st, int64_t tenant, const struct actor *who,
                             const struct appr_scheme_input *in, struct arena *a, struct appr_scheme_row *out,
                             struct error *e);
/* Not once published (ERR_INVALID_STATE). */
int store_appr_scheme_update(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                             const struct appr_scheme_input *in, struct arena *a, struct appr_scheme_row *out,
                             struct error *e);
/* A draft only. */
int store_appr_scheme_delete(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                             struct error *e);
/* A new draft with the same structure, no data. */
int store_appr_scheme_copy(struct store *st, int64_t tenant, const struct actor *who, int64_t id, int year,
                           const char *name, struct arena *a, struct appr_scheme_row *out, struct error *e);

enum appr_transition { APPR_OPEN, APPR_REVISE, APPR_REOPEN };
/* open: draft → open (the structure must be complete); revise: open → draft, revision + 1; reopen: published
 * → open. */
int store_appr_scheme_transition(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                                 enum appr_transition t, const char *reason, struct error *e);

enum appr_node_kind {
    APPR_NODE,
    APPR_LEAF,
    APPR_BONUS,
    APPR_DEDUCTION,
    APPR_VETO_ITEM,
    APPR_NODE_KIND_COUNT
};
const char *appr_node_kind_name(enum appr_node_kind k);
int appr_node_kind_parse(const char *s, enum appr_node_kind *out);

struct appr_group_row {
    int64_t id;
    const char *name;
};

enum appr_subject_state { APPR_SUBJ_DRAFT, APPR_SUBJ_SUBMITTED, APPR_SUBJ_RETURNED, APPR_SUBJ_ACCEPTED };
const char *appr_subject_state_name(enum appr_subject_state s);

struct appr_subject_row {
    int64_t id, group_id, unit_id, enterprise_id; /* one of unit_id, enterprise_id is 0 */
    size_t group_index;                           /* structure put: index into the groups given */
    const char *name;
    enum appr_subject_state state;
    const char *comment, *updated_at;
};

/*
 * Where a leaf's actual value comes from: entered, or computed from the project library for the
 * scheme's year over the subject's projects (a unit: those its subtree is responsible for; an
 * enterprise: its own). Units: investment in 万元 and foreign investment in 万美元 (so the decimal's
 * integer is the amount in fen and in US cents), counts, a percentage, days.
 */
enum appr_source {
    APPR_SOURCE_ENTERED,
    APPR_SOURCE_INVEST_COMPLETION,  /* actual: the year's reported investment; target: the year's plans */
    APPR_SOURCE_STARTED_COUNT,      /* projects started in the year with total investment ≥ source_min */
    APPR_SOURCE_STARTED_AMOUNT,     /* their total investment */
    APPR_SOURCE_FOREIGN_SIGNED,     /* foreign investment of foreign-funded projects signed in the year */
    APPR_SOURCE_PROBLEM_CLOSE_RATE, /* % of problems due in the year closed by their deadline */
    APPR_SOURCE_SIGNED_TO_STARTED,  /* median days from signing to start of projects started in the year */
    APPR_SOURCE_COUNT
};
const char *appr_source_name(enum appr_source s);
int appr_source_parse(const char *s, enum appr_source *out);

struct appr_indicator_row {
    int64_t id, parent_id; /* parent_id 0: a root */
    long parent_index;     /* index of the parent in the flat list (-1: a root); parents come first */
    const char *name;
    enum appr_node_kind kind;
    struct appr_leaf leaf;    /* APPR_LEAF */
    enum appr_veto veto_mode; /* APPR_VETO_ITEM */
    enum appr_source source;  /* APPR_LEAF */
    int64_t source_min;       /* fen: STARTED_COUNT and STARTED_AMOUNT count projects of this size and up */
};

struct appr_grade_row {
    const char *name;
    struct appr_grade grade;
};

/* A scheme's structure; indicators in tree order (a parent before its children, siblings in order). */
struct appr_structure {
    struct appr_scheme_row scheme;
    struct appr_group_row *groups;
    size_t n_groups;
    struct appr_subject_row *subjects; /* by group, then their order */
    size_t n_subjects;
    struct appr_indicator_row *indicators;
    size_t n_indicators;
    struct appr_grade_row *grades;
    size_t n_grades;
};

/* scope: 0, or the unit whose subtree's subjects alone are listed (the others are left out). */
int store_appr_structure_get(struct store *st, int64_t tenant, int64_t id, int64_t scope, struct arena *a,
                             struct appr_structure *out, struct error *e);
/*
 * Replaces the structure of a draft: items with an id of the scheme keep it (and their data),
 * those without are new, those left out are removed with their data. Checks every unit or
 * enterprise exists, appears once, and every leaf and the grades (domain/appraisal.h); the
 * error's field names the item ("subjects[3].unit_id").
 */
int store_appr_structure_put(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                             const struct appr_structure *in, struct error *e);

/* A subject's data: values of leaves and vetoes, items of bonus and deduction nodes. */
struct appr_value_row {
    int64_t indicator_id;
    bool has_target, has_actual, has_ratings;
    int64_t target, actual;
    int64_t *ratings;
    size_t n_ratings;
    const char *note;
};
struct appr_item_row {
    int64_t id, indicator_id;
    int64_t points; /* hundredths ≥ 0 */
    const char *reason;
};
struct appr_subject_data {
    struct appr_subject_row subject;
    struct appr_value_row *values;
    size_t n_values;
    struct appr_item_row *items;
    size_t n_items;
};

/* The subjects the caller may see (scope as above), with their states. */
int store_appr_subjects_list(struct store *st, int64_t tenant, int64_t scheme_id, int64_t scope,
                             struct arena *a, struct appr_subject_row **items, size_t *n, struct error *e);
/* A subject outside scope is not found. */
int store_appr_data_get(struct store *st, int64_t tenant, int64_t scheme_id, int64_t subject_id,
                        int64_t scope, struct arena *a, struct appr_subject_data *out, struct error *e);
/*
 * Replaces the subject's data: the scheme open; the subject draft or returned (office: not
 * accepted). Checks that each value names a leaf or veto, each item a bonus or deduction node.
 */
int store_appr_data_put(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                        int64_t subject_id, int64_t scope, bool office, const struct appr_subject_data *in,
                        struct error *e);
enum appr_review { APPR_SUBMIT, APPR_RETURN, APPR_ACCEPT };
int store_appr_review(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                      int64_t subject_id, int64_t scope, enum appr_review action, const char *comment,
                      struct error *e);

/*
 * Computes the actual values (and, for investment completion, the targets) of every leaf with a
 * source, for every subject whose data is not accepted yet, and writes them with a note saying
 * their inputs; the scheme must be open. *updated and *skipped: subjects written and left (accepted).
 */
int store_appr_sources_refresh(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                               size_t *updated, size_t *skipped, struct error *e);

/* Everything a computation needs, read in one snapshot, laid out for domain/appraisal.h (store_appr_cached,
 * publishing). */
struct appr_loaded {
    struct appr_structure s;
    size_t *leaf_of;           /* n_leaves: the index in s.indicators of each leaf */
    struct appr_leaf *leaves;  /* n_leaves */
    struct appr_scheme scheme; /* pointing at leaves and grades */
    struct appr_grade *grades;
    struct appr_subject *subjects; /* as s.subjects */
    struct appr_value *values;     /* n_subjects × n_leaves */
    struct appr_item_row *items;   /* every bonus and deduction item, by subject */
    size_t *item_subject;          /* n_items: the index in s.subjects of each item's subject */
    size_t n_items;
    size_t n_leaves;
};

/*
 * A scheme loaded once and kept by the connection (in memory of its own, not the caller's arena)
 * while nothing its computation reads has changed (the scheme's data revision, raised also when a
 * unit's or an enterprise's name changes; a subject's, which reads that subject again). The caller computes into scores and results when computed
 * is false and then sets it; a what-if must leave what is kept as it found it. Borrowed: valid
 * until the next store_appr_cached call on st (or store_close).
 */
struct appr_cached {
    struct appr_loaded in;
    struct appr_score *scores;   /* n_subjects × n_leaves */
    struct appr_result *results; /* n_subjects */
    bool computed;
};
int store_appr_cached(struct store *st, int64_t tenant, int64_t scheme_id, struct appr_cached **out,
                      struct error *e);

/*
 * Publishing: inside one write transaction, loads the scheme (which must be open, every
 * subject accepted), hands it to make(), which computes and fills the frozen texts (the results
 * JSON and one detail JSON per subject, arena-owned) or refuses with e; then stores them as the
 * next version and marks the scheme published. *version: the version made.
 */
struct appr_frozen {
    const char *results;
    const char **details; /* per subject of the loaded structure */
};
typedef int (*appr_freeze_fn)(const struct appr_loaded *in, struct arena *a, void *ctx,
                              struct appr_frozen *out, struct error *e);
int store_appr_publish(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                       appr_freeze_fn make, void *ctx, struct arena *a, int *version, struct error *e);

struct appr_version_row {
    int version;
    const char *published_at, *published_by;
};
int store_appr_versions_list(struct store *st, int64_t tenant, int64_t scheme_id, struct arena *a,
                             struct appr_version_row **items, size_t *n, struct error *e);
/* The frozen results of a version (subject_id 0) or one subject's frozen detail. */
int store_appr_version_get(struct store *st, int64_t tenant, int64_t scheme_id, int version,
                           int64_t subject_id, struct arena *a, const char **json, struct error *e);

/* Published notices of a tenant (by division code; NULL: the default tenant), newest first. */
struct appr_notice_row {
    int64_t scheme_id;
    int version;
    const char *title, *issuing_office, *published_at;
};
int store_appr_notices_list(struct store *st, const char *division_code, struct arena *a,
                            struct appr_notice_row **items, size_t *n, int64_t *tenant, struct error *e);

enum appr_appeal_state { APPR_APPEAL_OPEN, APPR_APPEAL_UPHELD, APPR_APPEAL_REJECTED };
struct appr_appeal_row {
    int64_t id, scheme_id, subject_id;
    int version;
    const char *subject_name, *body, *answer, *raised_by_name, *created_at, *answered_at;
    enum appr_appeal_state state;
};
/* Within appeal_days of the latest publication (ERR_INVALID_STATE after), the subject in scope. */
int store_appr_appeal_add(struct store *st, int64_t tenant, const struct actor *who, int64_t scheme_id,
                          int64_t subject_id, int64_t scope, const char *body, struct arena *a,
                          struct appr_appeal_row *out, struct error *e);
int store_appr_appeals_list(struct store *st, int64_t tenant, int64_t scheme_id, int64_t scope,
                            struct arena *a, struct appr_appeal_row **items, size_t *n, struct error *e);
/* An open appeal only. */
int store_appr_appeal_answer(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                             bool upheld, const char *answer, struct arena *a, struct appr_appeal_row *out,
                             struct error *e);

#endif
