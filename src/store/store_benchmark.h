/*
 * Benchmarking against peer cities (对标赶超) in the store (included by store.h): the indicator
 * catalogue (the built-in ones seeded for every tenant, the tenant's own added), the cities (this
 * city and its peers), their values by year (and quarter), and goals with their units' weights.
 * The figures computed from them live in domain/benchmark.h. Every write is logged. Results are
 * arena-owned.
 */
#ifndef STORE_STORE_BENCHMARK_H
#define STORE_STORE_BENCHMARK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"
#include "domain/benchmark.h"

struct store;
struct actor;
struct db;

#define BM_YEAR_MIN 1949
#define BM_YEAR_MAX 2100
#define BM_DECIMALS_MAX 6

struct bm_indicator {
    int64_t id;
    const char *code, *name, *unit, *note; /* unit of measure: "亿元", "%", "吨标准煤/万元" */
    enum bm_direction direction;
    enum bm_kind kind;
    int decimals;  /* shown and decomposed to this many decimals, 0 .. BM_DECIMALS_MAX */
    bool builtin;  /* seeded: code, unit, direction and kind fixed; name and note editable */
    int sort_order;
};

/* The fields of a create or a patch; has_* say which were given. */
struct bm_indicator_input {
    bool has_code, has_name, has_unit, has_direction, has_kind, has_decimals, has_note, has_sort_order;
    const char *code, *name, *unit, *note;
    enum bm_direction direction;
    enum bm_kind kind;
    int decimals, sort_order;
};

/* Seeds the built-in catalogue for a new tenant (within the tenant's creation). */
int store_bm_indicators_seed(struct db *db, int64_t tenant, struct error *e);
/* By sort_order, then id. */
int store_bm_indicators_list(struct store *st, int64_t tenant, struct arena *a, struct bm_indicator **items,
                             size_t *n, struct error *e);
int store_bm_indicator_get(struct store *st, int64_t tenant, int64_t id, struct arena *a, struct bm_indicator *out,
                           struct error *e);
/*
 * code ([a-z][a-z0-9_]{0,31}) and name unique in the tenant (ERR_DUPLICATE, field "code" / "name");
 * code, name, unit, direction and kind required (ERR_MISSING_FIELD); decimals default 2.
 */
int store_bm_indicator_create(struct store *st, int64_t tenant, const struct actor *who,
                              const struct bm_indicator_input *in, struct arena *a, struct bm_indicator *out,
                              struct error *e);
/*
 * A built-in indicator's code, unit, direction and kind may not change (ERR_INVALID_VALUE, field
 * named; the same value again is accepted, so that a whole object may be sent back).
 */
int store_bm_indicator_update(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                              const struct bm_indicator_input *in, struct arena *a, struct bm_indicator *out,
                              struct error *e);
/* Not a built-in one (ERR_INVALID_STATE), and not while a goal uses it (ERR_IN_USE); its values go with it. */
int store_bm_indicator_delete(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                              struct error *e);

struct bm_city {
    int64_t id;
    const char *name, *division_code, *note; /* division_code: "" when not given */
    bool is_self; /* this city: at most one per tenant */
    bool demo;    /* made by `pacesetter demo`: fictional */
    int sort_order;
};
struct bm_city_input {
    bool has_name, has_division_code, has_is_self, has_note, has_sort_order;
    const char *name, *division_code, *note;
    bool is_self;
    int sort_order;
    bool demo; /* create only: a city the demo makes (the API never sets it) */
};
/* This city first, then by sort_order and id. */
int store_bm_cities_list(struct store *st, int64_t tenant, struct arena *a, struct bm_city **items, size_t *n,
                         struct error *e);
/*
 * name unique; division_code valid (domain/division.h, field "division_code") and unique when given
 * ("" or NULL: none); is_self: a second one is refused (ERR_DUPLICATE, field "is_self").
 */
int store_bm_city_create(struct store *st, int64_t tenant, const struct actor *who, const struct bm_city_input *in,
                         struct arena *a, struct bm_city *out, struct error *e);
int store_bm_city_update(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                         const struct bm_city_input *in, struct arena *a, struct bm_city *out, struct error *e);
/* Not while a goal names it as the peer (ERR_IN_USE); its values go with it. */
int store_bm_city_delete(struct store *st, int64_t tenant, const struct actor *who, int64_t id, struct error *e);

/* quarter 0: the whole year; 1 .. 4: from the year's start to the quarter's end (累计), as yearbooks give them. */
struct bm_value {
    int64_t indicator_id, city_id;
    int year, quarter;
    bool has_value; /* put: false deletes the value */
    int64_t value;  /* decimal, |value| ≤ DEC_MAX */
    const char *source, *note, *updated_at;
};

struct bm_values_filter {
    int64_t indicator_id, city_id; /* 0: any */
    int year_from, year_to;        /* 0: open */
    int quarter;                   /* -1: any */
};
/* By indicator, city, year, quarter; at most limit (0: no limit) rows, *more when there were more. */
int store_bm_values_list(struct store *st, int64_t tenant, const struct bm_values_filter *f, size_t limit,
                         struct arena *a, struct bm_value **items, size_t *n, bool *more, struct error *e);
/*
 * Writes n values in one transaction, all or nothing: each names an indicator and a city of the
 * tenant, a year in [BM_YEAR_MIN, BM_YEAR_MAX] and a quarter in 0 .. 4 (the error's field:
 * "values[i].city_id"); has_value false deletes; an item given twice is ERR_DUPLICATE. The audit
 * log gets one entry for the batch, saying what (e.g. "导入 2024年鉴.xlsx"; may be NULL).
 * *written: the values written, and those deleted that existed.
 */
int store_bm_values_put(struct store *st, int64_t tenant, const struct actor *who, const struct bm_value *values,
                        size_t n, const char *what, size_t *written, struct error *e);

/*
 * A dense matrix of values read in one snapshot: for each of n_indicators × n_cities × n_years,
 * at [(i · n_cities + c) · n_years + y], the value of indicators[i], cities[c] in year_from + y
 * (and quarter); a missing value has has = false. cities NULL: every city of the tenant, in list
 * order; otherwise the ones given, in their order, each once. indicators and cities filled.
 * An unknown indicator or city: ERR_NOT_FOUND; years outside [BM_YEAR_MIN, BM_YEAR_MAX] or
 * reversed, a quarter outside 0 .. 4: ERR_INVALID_VALUE (field "year" / "quarter").
 */
struct bm_matrix {
    size_t n_indicators, n_cities, n_years;
    int year_from, quarter;
    struct bm_indicator *indicators;
    struct bm_city *cities;
    struct bm_opt *values;
};
int store_bm_matrix(struct store *st, int64_t tenant, const int64_t *indicator_ids, size_t n_indicators,
                    const int64_t *city_ids, size_t n_cities, int year_from, int year_to, int quarter,
                    struct arena *a, struct bm_matrix *out, struct error *e);

/* How a goal's value is split among units. */
enum bm_split { BM_SPLIT_SHARES, BM_SPLIT_WEIGHTS, BM_SPLIT_SAME };
const char *bm_split_name(enum bm_split s); /* "shares" (fixed shares adding up to 1), "weights" (any, normalised), "same" (each unit the whole target) */
int bm_split_parse(const char *s, enum bm_split *out);

struct bm_goal_unit {
    int64_t unit_id;
    const char *unit_name;
    int64_t weight; /* decimal ≥ 0 (a share, a weight; ignored by SAME) */
};

struct bm_goal {
    int64_t id, indicator_id, peer_city_id; /* peer_city_id 0: a value goal */
    const char *name, *note, *created_at, *updated_at;
    int year, base_year; /* the target year (> base_year) and the year progress is measured from */
    bool has_target_value;
    int64_t target_value; /* decimal: a value goal's target */
    int cagr_years;       /* the rates compared are CAGRs over this many years (1 .. 20) */
    enum bm_split split;
    struct bm_goal_unit *units;
    size_t n_units;
};
struct bm_goal_input {
    bool has_name, has_indicator, has_year, has_base_year, has_target_value, has_peer, has_cagr_years, has_note;
    const char *name, *note;
    int64_t indicator_id, peer_city_id;
    int year, base_year, cagr_years;
    bool target_value_null;
    int64_t target_value;
};

/* By year, then name; with their units. */
int store_bm_goals_list(struct store *st, int64_t tenant, struct arena *a, struct bm_goal **items, size_t *n,
                        struct error *e);
int store_bm_goal_get(struct store *st, int64_t tenant, int64_t id, struct arena *a, struct bm_goal *out,
                      struct error *e);
/*
 * Exactly one of a target value and a peer (not this city; field "peer_city_id"); base_year < year
 * (field "base_year"); cagr_years 1 .. 20 (default 5); name unique. A new goal is split by weights
 * (a ratio indicator's: same) among no units yet. In an update, giving one of target value and
 * peer clears the other; the indicator may not become a ratio one while split by shares or weights.
 */
int store_bm_goal_create(struct store *st, int64_t tenant, const struct actor *who, const struct bm_goal_input *in,
                         struct arena *a, struct bm_goal *out, struct error *e);
int store_bm_goal_update(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                         const struct bm_goal_input *in, struct arena *a, struct bm_goal *out, struct error *e);
int store_bm_goal_delete(struct store *st, int64_t tenant, const struct actor *who, int64_t id, struct error *e);
/*
 * Replaces the goal's split and units: each unit of the tenant once ("units[i].unit_id");
 * shares adding up to exactly 1; weights ≥ 0 with a positive sum; shares and weights refused
 * for a ratio indicator (only SAME splits a ratio; field "split"). SAME keeps no weights (0 is
 * stored). Errors name "units", "units[i].unit_id", "units[i].weight".
 */
int store_bm_goal_units_put(struct store *st, int64_t tenant, const struct actor *who, int64_t id,
                            enum bm_split split, const struct bm_goal_unit *units, size_t n, struct error *e);

/* One unit's target to write into an appraisal scheme's leaf. */
struct bm_leaf_target {
    int64_t unit_id;
    int64_t target; /* decimal */
};
/*
 * Sets the target of leaf indicator_id of scheme_id for each unit that is a subject of it (a
 * units scheme, open, the indicator a leaf; the subject's data not accepted), keeping every
 * other value, and logs it naming the goal. *sent: subjects written; *skipped: units not a
 * subject or accepted (their ids in skipped_ids, in the order given, arena-owned). indicator_id is
 * the scheme's leaf (appraisal_indicators), not a benchmark indicator. The subject's data_rev goes
 * up (a kept computation reads it again). Errors: the goal unknown ERR_NOT_FOUND; the scheme
 * unknown or of enterprises ERR_INVALID_VALUE "scheme_id", not open ERR_INVALID_STATE; not a leaf
 * of it, or one whose target comes from the project library, ERR_INVALID_VALUE "indicator_id".
 */
int store_bm_send_targets(struct store *st, int64_t tenant, const struct actor *who, int64_t goal_id,
                          int64_t scheme_id, int64_t indicator_id, const struct bm_leaf_target *targets, size_t n,
                          struct arena *a, size_t *sent, int64_t **skipped_ids, size_t *skipped, struct error *e);

#endif
