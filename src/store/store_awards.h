/*
 * Honour lists (表彰名单) in the store (included by store.h): 优秀企业 and 先进单位 derived from a
 * published version of an appraisal scheme (the handler reads the frozen results and picks the
 * entries with domain/award.h; the store checks them against the scheme and keeps a copy of each
 * one's result), 先进个人 from nominations by units within per-unit quotas, approved by the office.
 * A list is a draft (the office regenerates, adjusts with a reason, decides on nominations) or
 * published (frozen, public). Every write is logged (resources award_list, award_nomination).
 * Results are arena-owned.
 */
#ifndef STORE_STORE_AWARDS_H
#define STORE_STORE_AWARDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"
#include "domain/award.h"

struct store;
struct actor;

enum award_state { AWARD_LIST_DRAFT, AWARD_LIST_PUBLISHED };
enum award_source { AWARD_DERIVED, AWARD_ADDED, AWARD_NOMINATED };
enum award_nomination_state { AWARD_NOM_SUBMITTED, AWARD_NOM_APPROVED, AWARD_NOM_REJECTED };
const char *award_source_name(enum award_source s);
const char *award_nomination_state_name(enum award_nomination_state s);

struct award_list_row {
    int64_t id, scheme_id; /* scheme_id 0: none (a person list may have none) */
    int year;
    enum award_kind kind;
    enum award_state state;
    const char *name, *scheme_name; /* scheme_name NULL without a scheme */
    int version;                    /* the version derived from; 0 for a person list */
    const char **grades;            /* the grades picked (derived lists) */
    size_t n_grades;
    int64_t entry_count; /* entries listed (not removed); for a person list its approved nominations */
    const char *created_at, *updated_at, *published_at, *published_by; /* published_* NULL / "" for a draft */
};

/* One entry: a subject of the version (derived, added) or an approved nomination (person lists). */
struct award_entry_row {
    int64_t id; /* the entry's id; a person list's entry is its nomination's id */
    int64_t subject_id, unit_id, enterprise_id; /* 0 when none */
    enum award_source source;
    bool removed;
    const char *name, *unit_name, *group_name, *grade_name; /* group and grade NULL for a person */
    int64_t total;                                          /* hundredths; derived lists */
    int rank;
    const char *position, *deeds; /* a person's; NULL otherwise */
    const char *reason;           /* why it was added or removed (derived lists), "" otherwise */
};

struct award_list {
    struct award_list_row list;
    struct award_entry_row *entries; /* in order; removed ones included (removed = true) */
    size_t n_entries;
};

enum award_visibility {
    AWARD_SEE_PUBLISHED,  /* published lists only */
    AWARD_SEE_NOMINATING, /* published lists and the drafts of person lists (a reporter's) */
    AWARD_SEE_ALL,        /* the office */
};
/* year 0: every year. Newest year first, then id. */
int store_award_lists(struct store *st, int64_t tenant, int year, enum award_visibility see, struct arena *a,
                      struct award_list_row **items, size_t *n, struct error *e);
/*
 * One list with its entries. see as above (a list the caller may not see is not found); scope: 0,
 * or the unit whose subtree's entries alone a draft person list shows.
 */
int store_award_get(struct store *st, int64_t tenant, int64_t id, enum award_visibility see, int64_t scope,
                    struct arena *a, struct award_list *out, struct error *e);

/* A new list, or the derived entries of a regeneration. */
struct award_list_input {
    enum award_kind kind;
    int year; /* 0: the scheme's */
    const char *name;
    int64_t scheme_id; /* derived lists: the source; person lists: 0 or the scheme whose notice lists it */
    int version;       /* derived lists: a published version of the scheme */
    const char *const *grades;
    size_t n_grades;
    const struct award_candidate *entries; /* derived lists: in their order (award_derive) */
    size_t n_entries;
};
/* Checks the scheme (its subject type matches the kind), the version, each subject; *id the new list's. */
int store_award_create(struct store *st, int64_t tenant, const struct actor *who,
                       const struct award_list_input *in, int64_t *id, struct error *e);
/* A draft only, with its entries, quotas and nominations. */
int store_award_delete(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                       struct error *e);
/*
 * A derived draft's entries replaced by those of in (version, grades, entries), the office's
 * adjustments with them; logged with the reason and the versions before and after.
 */
int store_award_regenerate(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                           const struct award_list_input *in, const char *reason, struct error *e);
/* Adds a subject of the list's version (the office; a derived draft), or lists a removed one again. */
int store_award_entry_add(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                          const struct award_candidate *c, const char *reason, struct error *e);
/* Takes an entry off a derived draft (kept, marked removed, with the reason). */
int store_award_entry_remove(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                             int64_t entry_id, const char *reason, struct error *e);
/* Draft → published: refused while a nomination is undecided, or with no entry. */
int store_award_publish(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                        struct error *e);

/* ---- quotas and nominations (person lists) */

struct award_quota_row {
    int64_t unit_id;
    const char *unit_name;
    int quota, nominated, approved; /* nominated: not rejected */
};
/* A person list the caller sees (see); scope: 0, or the unit whose subtree's quotas alone are listed. Units
 * in tree order. */
int store_award_quotas(struct store *st, int64_t tenant, int64_t id, enum award_visibility see, int64_t scope,
                       struct arena *a, struct award_quota_row **items, size_t *n, struct error *e);
/* One quota given by unit, or by a subject of a scheme (its unit); field names it in errors. */
struct award_quota_input {
    int64_t unit_id, subject_id;
    int quota;
    const char *field; /* "items[2].unit_id" */
};
/*
 * Replaces a draft person list's quotas: in order, a later one for a unit replacing an earlier;
 * quotas of 0 are dropped. Refused (409 invalid_state, the field named) below a unit's approved
 * nominations.
 */
int store_award_quotas_put(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                           const struct award_quota_input *in, size_t n, struct error *e);

struct award_nomination_row {
    int64_t id, list_id, unit_id;
    enum award_nomination_state state;
    const char *unit_name, *name, *position, *deeds, *reason, *nominated_by, *created_at, *decided_by,
        *decided_at; /* decided_at NULL while submitted */
};
struct award_nomination_input {
    int64_t unit_id;
    const char *name, *position, *deeds;
};
/* The nominations of units in scope (0: all), by unit then id. */
int store_award_nominations(struct store *st, int64_t tenant, int64_t id, enum award_visibility see,
                            int64_t scope, struct arena *a, struct award_nomination_row **items, size_t *n,
                            struct error *e);
/* A draft person list; the unit in scope (else 422 on unit_id) and within its quota (409 invalid_state). */
int store_award_nominate(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                         enum award_visibility see, int64_t scope, const struct award_nomination_input *in,
                         struct arena *a, struct award_nomination_row *out, struct error *e);
/*
 * The office's decision on a draft's nomination (again, while the list is a draft): approving
 * needs room in the unit's quota; rejecting needs a reason.
 */
int store_award_decide(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                       int64_t nomination_id, bool approve, const char *reason, struct arena *a,
                       struct award_nomination_row *out, struct error *e);
/* Withdraws a submitted nomination of a draft (the unit in scope). */
int store_award_withdraw(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                         enum award_visibility see, int64_t nomination_id, int64_t scope, struct error *e);

/*
 * Published lists with their entries (removed ones left out), for the public: of a year
 * (year > 0), of every year (year < 0), or those of a notice (scheme_id and version: derived from that
 * version, and the person lists of that scheme). tenant 0: the tenant of division_code (NULL: the default);
 * *tenant_out the tenant read.
 */
int store_award_published(struct store *st, int64_t tenant, const char *division_code, int year,
                          int64_t scheme_id, int version, struct arena *a, struct award_list **lists,
                          size_t *n, int64_t *tenant_out, struct error *e);

#endif
