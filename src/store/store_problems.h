/*
 * The store's part for problems raised against projects (included by store.h). Who may see a
 * problem: anyone who sees its project, and the assigned unit's subtree; each transition is
 * kept as an event and in the operation log, and updates the project's warning.
 */
#ifndef STORE_STORE_PROBLEMS_H
#define STORE_STORE_PROBLEMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"
#include "domain/problem.h"

struct store;
struct actor;

struct problem {
    int64_t id, project_id;
    const char *project_code, *project_name;
    const char *title, *description;
    enum problem_state state;
    int64_t unit_id; /* 0: not assigned yet */
    const char *unit_name;
    int32_t deadline; /* DAY_NONE: none */
    bool escalated;
    int64_t raised_by; /* user id, 0: the command line */
    const char *raised_by_name;
    const char *created_at, *updated_at, *closed_at; /* closed_at: when resolved, NULL while not */
};

struct problem_event {
    const char *at, *username, *action, *state_from, *state_to, *comment; /* state_from NULL for raise */
};

/* Who is looking: their data scope, and whether they run problems for the city (problems.manage). */
struct problem_viewer {
    int64_t scope, scope_enterprise;
    bool manager;
};

struct problem_filter {
    bool has_state;
    enum problem_state state;
    int64_t unit_id, project_id; /* 0: any */
    bool overdue, escalated;     /* only those */
    int64_t page, page_size;
};

int store_problems_list(struct store *st, int64_t tenant, const struct problem_viewer *v,
                        const struct problem_filter *f, struct arena *a, struct problem **items,
                        size_t *count, int64_t *total, struct error *e);
/* One problem with its events, oldest first. */
int store_problem_get(struct store *st, int64_t tenant, const struct problem_viewer *v, int64_t id,
                      struct arena *a, struct problem *out, struct problem_event **events, size_t *n_events,
                      struct error *e);

/* What an action brings: title and description to raise; unit and deadline to assign; a comment. */
struct problem_act {
    enum problem_action action;
    int64_t project_id;              /* raise */
    const char *title, *description; /* raise */
    int64_t unit_id;                 /* assign */
    int32_t deadline;                /* assign: not before today */
    const char *comment;
};

/*
 * Raises (act->project_id, which the viewer must see) or moves problem id through act->action.
 * accept and resolve need the assigned unit in the viewer's scope; confirm and reopen the raiser
 * or a manager. Fills out with the problem after it.
 */
int store_problem_act(struct store *st, int64_t tenant, const struct problem_viewer *v, int64_t id,
                      const struct problem_act *act, const struct actor *who, struct arena *a,
                      struct problem *out, struct error *e);

#endif
