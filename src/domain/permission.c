/* The permission table; see permission.h. */
#include "domain/permission.h"

#include <string.h>

#include "base/banned.h"

static const char *const role_names[ROLE_COUNT] = {"system_admin", "project_office", "appraisal_office",
                                                   "unit_reporter", "leader", "enterprise"};
static const char *const role_labels[ROLE_COUNT] = {"系统管理员", "项目办", "考核办", "填报员", "领导", "企业用户"};
static const char *const action_names[ACTION_COUNT] = {
    "public", "self", "units.read", "units.write", "users.read", "users.write", "audit.read", "audit.export",
    "login_log.read", "tenants.switch", "enterprises.read", "enterprises.write", "projects.read", "projects.write",
    "progress.write", "problems.raise", "problems.handle", "problems.manage", "project_settings.write",
    "project_stats.read", "appraisal.read", "appraisal.manage", "appraisal.report", "appraisal.results", "benchmark.read",
    "benchmark.manage"};

#define A(action) (1u << (action))
#define EVERYONE (A(ACTION_NONE) | A(ACTION_SELF))
#define PROJECT_READERS (A(ACTION_ENTERPRISES_READ) | A(ACTION_PROJECTS_READ) | A(ACTION_PROJECT_STATS))
#define PROJECT_OWNERS                                                                                               \
    (PROJECT_READERS | A(ACTION_ENTERPRISES_WRITE) | A(ACTION_PROJECTS_WRITE) | A(ACTION_PROGRESS_WRITE) |          \
     A(ACTION_PROBLEMS_RAISE) | A(ACTION_PROBLEMS_HANDLE) | A(ACTION_PROBLEMS_MANAGE) | A(ACTION_PROJECT_SETTINGS))

#define APPRAISAL_OFFICE                                                                                             \
    (A(ACTION_APPRAISAL_READ) | A(ACTION_APPRAISAL_MANAGE) | A(ACTION_APPRAISAL_REPORT) | A(ACTION_APPRAISAL_RESULTS) |   \
     A(ACTION_BENCHMARK_READ) | A(ACTION_BENCHMARK_MANAGE))

/* Row: a role; bits: the actions it may take. */
static const unsigned table[ROLE_COUNT] = {
    [ROLE_SYSTEM_ADMIN] = EVERYONE | A(ACTION_UNITS_READ) | A(ACTION_UNITS_WRITE) | A(ACTION_USERS_READ) |
                          A(ACTION_USERS_WRITE) | A(ACTION_AUDIT_READ) | A(ACTION_AUDIT_EXPORT) |
                          A(ACTION_LOGIN_LOG_READ) | A(ACTION_TENANTS_SWITCH) | PROJECT_OWNERS | APPRAISAL_OFFICE,
    [ROLE_PROJECT_OFFICE] = EVERYONE | A(ACTION_UNITS_READ) | PROJECT_OWNERS | A(ACTION_APPRAISAL_READ) |
                            A(ACTION_BENCHMARK_READ),
    [ROLE_APPRAISAL_OFFICE] = EVERYONE | A(ACTION_UNITS_READ) | A(ACTION_AUDIT_READ) | A(ACTION_AUDIT_EXPORT) |
                              PROJECT_READERS | APPRAISAL_OFFICE,
    [ROLE_UNIT_REPORTER] = EVERYONE | A(ACTION_UNITS_READ) | PROJECT_READERS | A(ACTION_PROGRESS_WRITE) |
                           A(ACTION_PROBLEMS_RAISE) | A(ACTION_PROBLEMS_HANDLE) | A(ACTION_APPRAISAL_READ) |
                           A(ACTION_APPRAISAL_REPORT) | A(ACTION_BENCHMARK_READ),
    [ROLE_LEADER] = EVERYONE | A(ACTION_UNITS_READ) | PROJECT_READERS | A(ACTION_APPRAISAL_READ) |
                    A(ACTION_BENCHMARK_READ),
    [ROLE_ENTERPRISE] = EVERYONE | A(ACTION_PROJECTS_READ) | A(ACTION_PROBLEMS_RAISE),
};

int role_parse(const char *s, size_t len, enum role *out)
{
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (strlen(role_names[r]) == len && memcmp(role_names[r], s, len) == 0) {
            *out = (enum role)r;
            return 0;
        }
    }
    return -1;
}

const char *role_name(enum role r)
{
    return r < ROLE_COUNT ? role_names[r] : "enterprise";
}

const char *role_label_zh(enum role r)
{
    return r < ROLE_COUNT ? role_labels[r] : "企业用户";
}

const char *action_name(enum action a)
{
    return a < ACTION_COUNT ? action_names[a] : "?";
}

bool role_may(enum role r, enum action a)
{
    return r < ROLE_COUNT && a < ACTION_COUNT && (table[r] & A(a)) != 0;
}

bool role_is_scoped(enum role r)
{
    return r == ROLE_UNIT_REPORTER || r == ROLE_LEADER;
}

bool role_is_enterprise_scoped(enum role r)
{
    return r == ROLE_ENTERPRISE;
}

bool role_needs_unit(enum role r)
{
    return r == ROLE_UNIT_REPORTER;
}
