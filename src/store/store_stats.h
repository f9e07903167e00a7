/*
 * The store's part for the figures a project office reports (included by store.h): the speed
 * report per unit, park, industry or size class, and the leaders' cockpit. Both are read in one
 * snapshot, within the reader's data scope.
 */
#ifndef STORE_STORE_STATS_H
#define STORE_STORE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"
#include "domain/project.h"
#include "domain/warning.h"

struct store;
struct project;

enum stats_group { GROUP_UNIT, GROUP_PARK, GROUP_INDUSTRY, GROUP_SIZE_CLASS, GROUP_COUNT };
const char *stats_group_name(enum stats_group g); /* "unit", "park", "industry", "size_class" */
int stats_group_parse(const char *s, size_t len, enum stats_group *out);

/* The steps whose newly reached projects the report counts. */
enum stats_step { STEP_SIGNED, STEP_STARTED, STEP_COMPLETED, STEP_PRODUCTION, STEP_COUNT };
/* The speeds it measures: 签约→开工, 开工→竣工, 开工→投产. */
enum stats_speed { SPEED_SIGNED_STARTED, SPEED_STARTED_COMPLETED, SPEED_STARTED_PRODUCTION, SPEED_COUNT };

struct stats_count {
    int64_t count, amount;              /* projects that reached the step in the year; their total investment */
    int64_t target_count, target_amount; /* -1: no target set */
};

struct stats_speed_figure {
    int64_t n, median2;          /* projects measured; twice the median of their days (-1: none) */
    int64_t last_n, last_median2; /* the same for the year before */
};

struct stats_row {
    const char *key;   /* unit id, park unit id, industry section, size class; "" for none */
    const char *label; /* the unit's name, the section's name, the size class's label; "未指定" */
    int64_t projects;  /* projects in the group */
    struct stats_count steps[STEP_COUNT];
    int64_t month_amount[12]; /* investment reported for each month of the year */
    int64_t invested, plan;   /* the year's reported investment and the sum of the year's plans */
    int64_t investment_target; /* the year's investment target, -1: none set */
    struct stats_speed_figure speed[SPEED_COUNT];
    int64_t problems_closed, problems_close_median2, problems_open_overdue; /* closed in the year */
};

struct project_stats {
    int year;
    enum stats_group group;
    size_t n;
    struct stats_row *rows; /* by unit tree order / section / class; the last row is the total */
};

/* scope: 0 or the unit whose subtree alone is counted. */
int store_project_stats(struct store *st, int64_t tenant, int64_t scope, int year, enum stats_group group,
                        struct arena *a, struct project_stats *out, struct error *e);

/* A year's targets for the speed report: per unit (0: the whole city), per step, and investment. */
struct project_target {
    int64_t unit_id;
    const char *measure; /* "signed", "started", "completed", "production", "investment" */
    int64_t count, amount;
};
/* scope: 0, or the unit whose subtree's targets alone are read (the city's are then left out). */
int store_targets_get(struct store *st, int64_t tenant, int64_t scope, int year, struct arena *a,
                      struct project_target **items, size_t *count, struct error *e);
/* Replaces every target of the year (the caller has checked that no unit and measure repeats). */
int store_targets_set(struct store *st, int64_t tenant, int year, const struct project_target *items, size_t count,
                      const struct actor *who, struct error *e);

struct cockpit_lights {
    int64_t unit_id;
    const char *unit_name;
    int64_t count[WARN_COUNT];
};

struct cockpit {
    int year;
    int64_t pool_count[POOL_COUNT], pool_amount[POOL_COUNT];
    int64_t month_amount[12]; /* reported investment per month of the year */
    int64_t year_plan;        /* the sum of the year's plans */
    int64_t lights[WARN_COUNT];
    size_t n_units, n_parks;
    struct cockpit_lights *by_unit, *by_park; /* units and parks with projects, most red first */
    size_t n_lagging;
    struct project *lagging; /* the ten most lagging: red, then yellow, largest first */
    int speed_years;          /* the years below, oldest first */
    struct {
        int year;
        int64_t n[SPEED_COUNT], median2[SPEED_COUNT];
    } speed[5];
};

int store_cockpit(struct store *st, int64_t tenant, int64_t scope, int year, struct arena *a, struct cockpit *out,
                  struct error *e);

#endif
