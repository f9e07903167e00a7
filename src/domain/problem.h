/*
 * Problems (问题/诉求/堵点) raised against projects: their states and the transitions between
 * them, who may make each, and the figures (overdue days, days to close) reported about them.
 *
 *   open ──accept──▶ accepted ──resolve──▶ resolved ──confirm──▶ confirmed
 *    ▲  ◀──assign (again)──┘                  │
 *    └───────────────reopen───────────────────┘
 *
 * assign (the project office) names the responsible unit and the deadline, in open or accepted
 * (a re-assignment starts over at open); accept and resolve are the assigned unit's; confirm and
 * reopen the raiser's (or the project office's); escalate (督办) marks an overdue open or
 * accepted problem, without changing its state.
 */
#ifndef DOMAIN_PROBLEM_H
#define DOMAIN_PROBLEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define PROBLEM_TITLE_MAX 100 /* characters */

enum problem_state {
    PROBLEM_OPEN,
    PROBLEM_ACCEPTED,
    PROBLEM_RESOLVED,
    PROBLEM_CONFIRMED,
    PROBLEM_STATE_COUNT
};
enum problem_action {
    PA_RAISE,
    PA_ASSIGN,
    PA_ACCEPT,
    PA_RESOLVE,
    PA_CONFIRM,
    PA_REOPEN,
    PA_ESCALATE,
    PA_COUNT
};

const char *problem_state_name(enum problem_state s);     /* "open", "accepted", "resolved", "confirmed" */
const char *problem_state_label_zh(enum problem_state s); /* 待受理, 办理中, 已办结, 已确认 */
int problem_state_parse(const char *s, size_t len, enum problem_state *out);
const char *problem_action_name(enum problem_action a); /* "raise", "assign", … */
int problem_action_parse(const char *s, size_t len, enum problem_action *out);

/* What the transition needs to know besides the state. */
struct problem_facts {
    enum problem_state state;
    bool assigned;    /* has a responsible unit */
    int32_t deadline; /* day number, or DAY_NONE (domain/project.h) */
    int32_t today;
};

/*
 * The state after action, or -1 with e filled (ERR_INVALID_STATE, saying what the state allows)
 * when the action is not allowed now: accept needs an assigned open problem, resolve an accepted
 * one, confirm and reopen a resolved one, escalate an open or accepted one past its deadline.
 */
int problem_next_state(enum problem_action action, const struct problem_facts *f, enum problem_state *next,
                       struct error *e);
/* Days past the deadline of a problem still open or accepted; 0 when not overdue. */
int64_t problem_overdue_days(const struct problem_facts *f);
int problem_check_title(const char *s, size_t len, struct error *e);

#endif
