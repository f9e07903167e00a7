/*
 * Roles and what each may do: the one permission table of the application (docs/permissions.md
 * shows the same table). The router asks role_may() for every endpoint; data scope (a
 * reporter's or a town leader's unit subtree) is decided by role_is_scoped().
 */
#ifndef DOMAIN_PERMISSION_H
#define DOMAIN_PERMISSION_H

#include <stdbool.h>
#include <stddef.h>

enum role { ROLE_SYSTEM_ADMIN, ROLE_PROJECT_OFFICE, ROLE_APPRAISAL_OFFICE, ROLE_UNIT_REPORTER, ROLE_LEADER,
            ROLE_ENTERPRISE, ROLE_COUNT };

enum action {
    ACTION_NONE,        /* public: no login needed */
    ACTION_SELF,        /* any logged-in user, on their own session, password and tokens */
    ACTION_UNITS_READ,
    ACTION_UNITS_WRITE,
    ACTION_USERS_READ,
    ACTION_USERS_WRITE,
    ACTION_AUDIT_READ,
    ACTION_AUDIT_EXPORT,
    ACTION_LOGIN_LOG_READ,
    ACTION_TENANTS_SWITCH, /* an installation administrator (of the default tenant) choosing a city */
    ACTION_ENTERPRISES_READ,
    ACTION_ENTERPRISES_WRITE,
    ACTION_PROJECTS_READ,     /* scoped: a reporter's or town leader's unit subtree; an enterprise its own */
    ACTION_PROJECTS_WRITE,    /* the project library itself: projects, milestones, plans */
    ACTION_PROGRESS_WRITE,    /* monthly reports, for projects in the writer's scope */
    ACTION_PROBLEMS_RAISE,    /* raise a problem against a visible project; confirm or reopen one's own */
    ACTION_PROBLEMS_HANDLE,   /* accept and resolve problems assigned to one's unit (scoped) */
    ACTION_PROBLEMS_MANAGE,   /* assign, set deadlines, escalate (督办) */
    ACTION_PROJECT_SETTINGS,  /* warning rules, size thresholds, targets */
    ACTION_PROJECT_STATS,     /* the speed report and the cockpit (scoped like projects.read) */
    ACTION_APPRAISAL_READ,    /* appraisal schemes, their structure, published results */
    ACTION_APPRAISAL_MANAGE,  /* schemes, review of data, publication, answers to appeals */
    ACTION_APPRAISAL_REPORT,  /* a subject's data and its appeals (scoped: the subjects in the unit subtree) */
    ACTION_APPRAISAL_RESULTS, /* results before publication and what-ifs */
    ACTION_BENCHMARK_READ,    /* peer cities' figures, comparisons, goals (a goal's units scoped) */
    ACTION_BENCHMARK_MANAGE,  /* the indicator catalogue, cities, values and their imports, goals */
    ACTION_COUNT
};

int role_parse(const char *s, size_t len, enum role *out);
const char *role_name(enum role r);
const char *role_label_zh(enum role r);
const char *action_name(enum action a); /* "units.read", … */
bool role_may(enum role r, enum action a);
/* True when the role, given a unit, sees only that unit and its descendants. */
bool role_is_scoped(enum role r);
/* True when the role sees only the projects of its own enterprise (and their problems). */
bool role_is_enterprise_scoped(enum role r);
/* True when the role must have a unit. */
bool role_needs_unit(enum role r);

#endif
