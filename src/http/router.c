/* The route table and path matching; see router.h. */
#include "http/router.h"

#include <string.h>

#include "http/handlers.h"
#include "base/banned.h"

/* Every endpoint with the action its caller must be allowed (domain/permission.c says who may). */
const struct route router_routes[] = {
    {"GET", "/healthz", handle_healthz, ACTION_NONE},
    {"GET", "/api/v1/version", handle_version, ACTION_NONE},
    {"GET", "/api/v1/openapi.json", handle_openapi, ACTION_NONE},
    {"POST", "/api/v1/auth/login", handle_login, ACTION_NONE},
    {"POST", "/api/v1/auth/logout", handle_logout, ACTION_SELF},
    {"GET", "/api/v1/auth/me", handle_me, ACTION_SELF},
    {"POST", "/api/v1/auth/password", handle_password_change, ACTION_SELF},
    {"GET", "/api/v1/tenants", handle_tenants_list, ACTION_TENANTS_SWITCH},
    {"POST", "/api/v1/auth/tenant", handle_tenant_switch, ACTION_TENANTS_SWITCH},
    {"GET", "/api/v1/tokens", handle_tokens_list, ACTION_SELF},
    {"POST", "/api/v1/tokens", handle_token_create, ACTION_SELF},
    {"DELETE", "/api/v1/tokens/{id}", handle_token_revoke, ACTION_SELF},
    {"GET", "/api/v1/units", handle_units_list, ACTION_UNITS_READ},
    {"GET", "/api/v1/units/export", handle_units_export, ACTION_UNITS_READ},
    {"GET", "/api/v1/units/import-template", handle_units_import_template, ACTION_UNITS_READ},
    {"POST", "/api/v1/units", handle_units_create, ACTION_UNITS_WRITE},
    {"POST", "/api/v1/units/import", handle_units_import, ACTION_UNITS_WRITE},
    {"GET", "/api/v1/units/{id}", handle_unit_get, ACTION_UNITS_READ},
    {"PATCH", "/api/v1/units/{id}", handle_unit_update, ACTION_UNITS_WRITE},
    {"DELETE", "/api/v1/units/{id}", handle_unit_delete, ACTION_UNITS_WRITE},
    {"GET", "/api/v1/enterprises", handle_enterprises_list, ACTION_ENTERPRISES_READ},
    {"GET", "/api/v1/enterprises/export", handle_enterprises_export, ACTION_ENTERPRISES_READ},
    {"GET", "/api/v1/enterprises/import-template", handle_enterprises_import_template, ACTION_ENTERPRISES_READ},
    {"POST", "/api/v1/enterprises", handle_enterprises_create, ACTION_ENTERPRISES_WRITE},
    {"POST", "/api/v1/enterprises/import", handle_enterprises_import, ACTION_ENTERPRISES_WRITE},
    {"GET", "/api/v1/enterprises/{id}", handle_enterprise_get, ACTION_ENTERPRISES_READ},
    {"PATCH", "/api/v1/enterprises/{id}", handle_enterprise_update, ACTION_ENTERPRISES_WRITE},
    {"DELETE", "/api/v1/enterprises/{id}", handle_enterprise_delete, ACTION_ENTERPRISES_WRITE},
    {"GET", "/api/v1/industries", handle_industries_list, ACTION_SELF},
    {"GET", "/api/v1/users", handle_users_list, ACTION_USERS_READ},
    {"GET", "/api/v1/users/export", handle_users_export, ACTION_USERS_READ},
    {"GET", "/api/v1/users/import-template", handle_users_import_template, ACTION_USERS_READ},
    {"POST", "/api/v1/users", handle_user_create, ACTION_USERS_WRITE},
    {"POST", "/api/v1/users/import", handle_users_import, ACTION_USERS_WRITE},
    {"GET", "/api/v1/users/{id}", handle_user_get, ACTION_USERS_READ},
    {"PATCH", "/api/v1/users/{id}", handle_user_update, ACTION_USERS_WRITE},
    {"POST", "/api/v1/users/{id}/password", handle_user_password_reset, ACTION_USERS_WRITE},
    {"GET", "/api/v1/audit", handle_audit_list, ACTION_AUDIT_READ},
    {"GET", "/api/v1/audit/export", handle_audit_export, ACTION_AUDIT_EXPORT},
    {"GET", "/api/v1/projects", handle_projects_list, ACTION_PROJECTS_READ},
    {"GET", "/api/v1/projects/export", handle_projects_export, ACTION_PROJECTS_READ},
    {"GET", "/api/v1/projects/import-template", handle_projects_import_template, ACTION_PROJECTS_READ},
    {"POST", "/api/v1/projects", handle_projects_create, ACTION_PROJECTS_WRITE},
    {"POST", "/api/v1/projects/import", handle_projects_import, ACTION_PROJECTS_WRITE},
    {"POST", "/api/v1/projects/warnings/recompute", handle_warnings_recompute, ACTION_PROJECT_SETTINGS},
    {"GET", "/api/v1/projects/{id}", handle_project_get, ACTION_PROJECTS_READ},
    {"PATCH", "/api/v1/projects/{id}", handle_project_update, ACTION_PROJECTS_WRITE},
    {"DELETE", "/api/v1/projects/{id}", handle_project_delete, ACTION_PROJECTS_WRITE},
    {"GET", "/api/v1/projects/{id}/reports", handle_project_reports, ACTION_PROJECTS_READ},
    {"PUT", "/api/v1/projects/{id}/reports/{month}", handle_project_report_put, ACTION_PROGRESS_WRITE},
    {"GET", "/api/v1/projects/{id}/reports/{month}/photos", handle_photos_list, ACTION_PROJECTS_READ},
    {"POST", "/api/v1/projects/{id}/reports/{month}/photos", handle_photo_upload, ACTION_PROGRESS_WRITE},
    {"GET", "/api/v1/photos/{id}", handle_photo_get, ACTION_PROJECTS_READ},
    {"DELETE", "/api/v1/photos/{id}", handle_photo_delete, ACTION_PROGRESS_WRITE},
    {"GET", "/api/v1/progress", handle_progress_month, ACTION_PROJECT_STATS},
    {"GET", "/api/v1/progress/missing", handle_progress_missing, ACTION_PROJECT_STATS},
    {"GET", "/api/v1/progress/import-template", handle_progress_import_template, ACTION_PROGRESS_WRITE},
    {"POST", "/api/v1/progress/import", handle_progress_import, ACTION_PROGRESS_WRITE},
    {"GET", "/api/v1/project-settings/warning-rules/{year}", handle_warning_rules_get, ACTION_PROJECTS_READ},
    {"PUT", "/api/v1/project-settings/warning-rules/{year}", handle_warning_rules_put, ACTION_PROJECT_SETTINGS},
    {"GET", "/api/v1/project-settings/size-classes", handle_size_classes_get, ACTION_PROJECTS_READ},
    {"PUT", "/api/v1/project-settings/size-classes", handle_size_classes_put, ACTION_PROJECT_SETTINGS},
    {"GET", "/api/v1/problems", handle_problems_list, ACTION_PROJECTS_READ},
    {"POST", "/api/v1/problems", handle_problems_create, ACTION_PROBLEMS_RAISE},
    {"GET", "/api/v1/problems/{id}", handle_problem_get, ACTION_PROJECTS_READ},
    {"POST", "/api/v1/problems/{id}/assign", handle_problem_assign, ACTION_PROBLEMS_MANAGE},
    {"POST", "/api/v1/problems/{id}/accept", handle_problem_accept, ACTION_PROBLEMS_HANDLE},
    {"POST", "/api/v1/problems/{id}/resolve", handle_problem_resolve, ACTION_PROBLEMS_HANDLE},
    {"POST", "/api/v1/problems/{id}/confirm", handle_problem_confirm, ACTION_PROBLEMS_RAISE},
    {"POST", "/api/v1/problems/{id}/reopen", handle_problem_reopen, ACTION_PROBLEMS_RAISE},
    {"POST", "/api/v1/problems/{id}/escalate", handle_problem_escalate, ACTION_PROBLEMS_MANAGE},
    {"GET", "/api/v1/project-stats", handle_project_stats, ACTION_PROJECT_STATS},
    {"GET", "/api/v1/project-stats/export", handle_project_stats_export, ACTION_PROJECT_STATS},
    {"GET", "/api/v1/cockpit", handle_cockpit, ACTION_PROJECT_STATS},
    {"GET", "/api/v1/project-settings/targets/{year}", handle_targets_get, ACTION_PROJECT_STATS},
    {"PUT", "/api/v1/project-settings/targets/{year}", handle_targets_put, ACTION_PROJECT_SETTINGS},
    {"GET", "/api/v1/saved-filters", handle_saved_filters_list, ACTION_SELF},
    {"POST", "/api/v1/saved-filters", handle_saved_filter_create, ACTION_SELF},
    {"DELETE", "/api/v1/saved-filters/{id}", handle_saved_filter_delete, ACTION_SELF},
    {"GET", "/api/v1/appraisal/kinds", handle_appr_kinds_list, ACTION_APPRAISAL_READ},
    {"POST", "/api/v1/appraisal/kinds", handle_appr_kind_create, ACTION_APPRAISAL_MANAGE},
    {"GET", "/api/v1/appraisal/schemes", handle_appr_schemes_list, ACTION_APPRAISAL_READ},
    {"POST", "/api/v1/appraisal/schemes", handle_appr_scheme_create, ACTION_APPRAISAL_MANAGE},
    {"GET", "/api/v1/appraisal/schemes/{id}", handle_appr_scheme_get, ACTION_APPRAISAL_READ},
    {"PATCH", "/api/v1/appraisal/schemes/{id}", handle_appr_scheme_update, ACTION_APPRAISAL_MANAGE},
    {"DELETE", "/api/v1/appraisal/schemes/{id}", handle_appr_scheme_delete, ACTION_APPRAISAL_MANAGE},
    {"POST", "/api/v1/appraisal/schemes/{id}/copy", handle_appr_scheme_copy, ACTION_APPRAISAL_MANAGE},
    {"PUT", "/api/v1/appraisal/schemes/{id}/structure", handle_appr_structure_put, ACTION_APPRAISAL_MANAGE},
    {"POST", "/api/v1/appraisal/schemes/{id}/open", handle_appr_scheme_open, ACTION_APPRAISAL_MANAGE},
    {"POST", "/api/v1/appraisal/schemes/{id}/revise", handle_appr_scheme_revise, ACTION_APPRAISAL_MANAGE},
    {"POST", "/api/v1/appraisal/schemes/{id}/reopen", handle_appr_scheme_reopen, ACTION_APPRAISAL_MANAGE},
    {"POST", "/api/v1/appraisal/schemes/{id}/sources/refresh", handle_appr_sources_refresh, ACTION_APPRAISAL_MANAGE},
    {"GET", "/api/v1/appraisal/schemes/{id}/data", handle_appr_data_list, ACTION_APPRAISAL_REPORT},
    {"GET", "/api/v1/appraisal/schemes/{id}/subjects/{sid}/data", handle_appr_data_get, ACTION_APPRAISAL_REPORT},
    {"PUT", "/api/v1/appraisal/schemes/{id}/subjects/{sid}/data", handle_appr_data_put, ACTION_APPRAISAL_REPORT},
    {"POST", "/api/v1/appraisal/schemes/{id}/subjects/{sid}/submit", handle_appr_data_submit, ACTION_APPRAISAL_REPORT},
    {"POST", "/api/v1/appraisal/schemes/{id}/subjects/{sid}/return", handle_appr_data_return, ACTION_APPRAISAL_MANAGE},
    {"POST", "/api/v1/appraisal/schemes/{id}/subjects/{sid}/accept", handle_appr_data_accept, ACTION_APPRAISAL_MANAGE},
    {"GET", "/api/v1/appraisal/schemes/{id}/results", handle_appr_results, ACTION_APPRAISAL_RESULTS},
    /* the appraisal's spreadsheets and evidence (before …/results/{sid}: the first match wins) */
    {"GET", "/api/v1/appraisal/schemes/{id}/results/export", handle_appr_results_export, ACTION_APPRAISAL_RESULTS},
    {"GET", "/api/v1/appraisal/schemes/{id}/versions/{v}/export", handle_appr_version_export, ACTION_APPRAISAL_READ},
    {"GET", "/api/v1/appraisal/schemes/{id}/versions/{v}/notice.xlsx", handle_appr_notice_export, ACTION_APPRAISAL_READ},
    {"GET", "/api/v1/appraisal/schemes/{id}/data/import-template", handle_appr_data_template, ACTION_APPRAISAL_REPORT},
    {"POST", "/api/v1/appraisal/schemes/{id}/data/import", handle_appr_data_import, ACTION_APPRAISAL_REPORT},
    {"GET", "/api/v1/appraisal/schemes/{id}/subjects/{sid}/evidence", handle_appr_evidence_list, ACTION_APPRAISAL_REPORT},
    {"POST", "/api/v1/appraisal/schemes/{id}/subjects/{sid}/evidence", handle_appr_evidence_upload, ACTION_APPRAISAL_REPORT},
    {"GET", "/api/v1/appraisal/evidence/{id}", handle_appr_evidence_get, ACTION_APPRAISAL_REPORT},
    {"DELETE", "/api/v1/appraisal/evidence/{id}", handle_appr_evidence_delete, ACTION_APPRAISAL_REPORT},
    {"GET", "/api/v1/appraisal/schemes/{id}/results/{sid}", handle_appr_result_subject, ACTION_APPRAISAL_RESULTS},
    {"POST", "/api/v1/appraisal/schemes/{id}/simulate", handle_appr_simulate, ACTION_APPRAISAL_RESULTS},
    {"POST", "/api/v1/appraisal/schemes/{id}/publish", handle_appr_publish, ACTION_APPRAISAL_MANAGE},
    {"GET", "/api/v1/appraisal/schemes/{id}/versions", handle_appr_versions_list, ACTION_APPRAISAL_READ},
    {"GET", "/api/v1/appraisal/schemes/{id}/versions/{v}", handle_appr_version_get, ACTION_APPRAISAL_READ},
    {"GET", "/api/v1/appraisal/schemes/{id}/versions/{v}/subjects/{sid}", handle_appr_version_subject, ACTION_APPRAISAL_READ},
    {"GET", "/api/v1/appraisal/schemes/{id}/versions/{v}/diff", handle_appr_version_diff, ACTION_APPRAISAL_READ},
    {"GET", "/api/v1/appraisal/schemes/{id}/appeals", handle_appr_appeals_list, ACTION_APPRAISAL_REPORT},
    {"POST", "/api/v1/appraisal/schemes/{id}/appeals", handle_appr_appeal_create, ACTION_APPRAISAL_REPORT},
    {"POST", "/api/v1/appraisal/appeals/{id}/answer", handle_appr_appeal_answer, ACTION_APPRAISAL_MANAGE},
    {"GET", "/api/v1/public/notices", handle_public_notices, ACTION_NONE},
    {"GET", "/api/v1/public/notices/{id}/{v}", handle_public_notice, ACTION_NONE},
    {"GET", "/api/v1/appraisal/awards", handle_award_lists, ACTION_APPRAISAL_READ},
    {"POST", "/api/v1/appraisal/awards", handle_award_create, ACTION_APPRAISAL_MANAGE},
    {"GET", "/api/v1/appraisal/awards/{id}", handle_award_get, ACTION_APPRAISAL_READ},
    {"DELETE", "/api/v1/appraisal/awards/{id}", handle_award_delete, ACTION_APPRAISAL_MANAGE},
    {"POST", "/api/v1/appraisal/awards/{id}/regenerate", handle_award_regenerate, ACTION_APPRAISAL_MANAGE},
    {"POST", "/api/v1/appraisal/awards/{id}/entries", handle_award_entry_add, ACTION_APPRAISAL_MANAGE},
    {"POST", "/api/v1/appraisal/awards/{id}/entries/{eid}/remove", handle_award_entry_remove, ACTION_APPRAISAL_MANAGE},
    {"POST", "/api/v1/appraisal/awards/{id}/publish", handle_award_publish, ACTION_APPRAISAL_MANAGE},
    {"GET", "/api/v1/appraisal/awards/{id}/export", handle_award_export, ACTION_APPRAISAL_READ},
    {"GET", "/api/v1/appraisal/awards/{id}/quotas", handle_award_quotas_get, ACTION_APPRAISAL_REPORT},
    {"PUT", "/api/v1/appraisal/awards/{id}/quotas", handle_award_quotas_put, ACTION_APPRAISAL_MANAGE},
    {"GET", "/api/v1/appraisal/awards/{id}/nominations", handle_award_nominations, ACTION_APPRAISAL_REPORT},
    {"POST", "/api/v1/appraisal/awards/{id}/nominations", handle_award_nominate, ACTION_APPRAISAL_REPORT},
    {"POST", "/api/v1/appraisal/awards/{id}/nominations/{nid}/approve", handle_award_nomination_approve, ACTION_APPRAISAL_MANAGE},
    {"POST", "/api/v1/appraisal/awards/{id}/nominations/{nid}/reject", handle_award_nomination_reject, ACTION_APPRAISAL_MANAGE},
    {"DELETE", "/api/v1/appraisal/awards/{id}/nominations/{nid}", handle_award_nomination_withdraw, ACTION_APPRAISAL_REPORT},
    {"GET", "/api/v1/public/awards", handle_public_awards, ACTION_NONE},
    /* benchmarking (对标赶超): fixed segments before {id} */
    {"GET", "/api/v1/benchmark/indicators", handle_bm_indicators_list, ACTION_BENCHMARK_READ},
    {"POST", "/api/v1/benchmark/indicators", handle_bm_indicator_create, ACTION_BENCHMARK_MANAGE},
    {"PATCH", "/api/v1/benchmark/indicators/{id}", handle_bm_indicator_update, ACTION_BENCHMARK_MANAGE},
    {"DELETE", "/api/v1/benchmark/indicators/{id}", handle_bm_indicator_delete, ACTION_BENCHMARK_MANAGE},
    {"GET", "/api/v1/benchmark/cities", handle_bm_cities_list, ACTION_BENCHMARK_READ},
    {"POST", "/api/v1/benchmark/cities", handle_bm_city_create, ACTION_BENCHMARK_MANAGE},
    {"PATCH", "/api/v1/benchmark/cities/{id}", handle_bm_city_update, ACTION_BENCHMARK_MANAGE},
    {"DELETE", "/api/v1/benchmark/cities/{id}", handle_bm_city_delete, ACTION_BENCHMARK_MANAGE},
    {"GET", "/api/v1/benchmark/values", handle_bm_values_list, ACTION_BENCHMARK_READ},
    {"PUT", "/api/v1/benchmark/values", handle_bm_values_put, ACTION_BENCHMARK_MANAGE},
    {"GET", "/api/v1/benchmark/values/import-template", handle_bm_values_template, ACTION_BENCHMARK_READ},
    {"POST", "/api/v1/benchmark/values/import", handle_bm_values_import, ACTION_BENCHMARK_MANAGE},
    {"GET", "/api/v1/benchmark/compare", handle_bm_compare, ACTION_BENCHMARK_READ},
    {"GET", "/api/v1/benchmark/series", handle_bm_series, ACTION_BENCHMARK_READ},
    {"GET", "/api/v1/benchmark/radar", handle_bm_radar, ACTION_BENCHMARK_READ},
    {"GET", "/api/v1/benchmark/projection", handle_bm_projection, ACTION_BENCHMARK_READ},
    {"GET", "/api/v1/benchmark/goals", handle_bm_goals_list, ACTION_BENCHMARK_READ},
    {"POST", "/api/v1/benchmark/goals", handle_bm_goal_create, ACTION_BENCHMARK_MANAGE},
    {"GET", "/api/v1/benchmark/goals/export", handle_bm_goals_export, ACTION_BENCHMARK_READ},
    {"GET", "/api/v1/benchmark/goals/{id}", handle_bm_goal_get, ACTION_BENCHMARK_READ},
    {"PATCH", "/api/v1/benchmark/goals/{id}", handle_bm_goal_update, ACTION_BENCHMARK_MANAGE},
    {"DELETE", "/api/v1/benchmark/goals/{id}", handle_bm_goal_delete, ACTION_BENCHMARK_MANAGE},
    {"GET", "/api/v1/benchmark/goals/{id}/history", handle_bm_goal_history, ACTION_BENCHMARK_READ},
    {"PUT", "/api/v1/benchmark/goals/{id}/units", handle_bm_goal_units_put, ACTION_BENCHMARK_MANAGE},
    {"POST", "/api/v1/benchmark/goals/{id}/send", handle_bm_goal_send, ACTION_APPRAISAL_MANAGE},
    {"GET", "/api/v1/login-log", handle_login_log, ACTION_LOGIN_LOG_READ},
    {"GET", "/api/v1/login-log/export", handle_login_log_export, ACTION_LOGIN_LOG_READ},
};
const size_t router_routes_count = sizeof(router_routes) / sizeof(router_routes[0]);

/* Matches path against pattern segment by segment, collecting "{…}" segments into params. */
static bool match_pattern(const char *pattern, const char *path, size_t path_len, h2o_iovec_t *params, size_t *n)
{
    size_t pi = 0, si = 0, plen = strlen(pattern);
    *n = 0;
    while (pi < plen && si < path_len) {
        if (pattern[pi] == '{') {
            const char *close = strchr(pattern + pi, '}');
            size_t start = si;
            while (si < path_len && path[si] != '/')
                si++;
            if (si == start || *n == ROUTE_PARAMS_MAX)
                return false;
            params[(*n)++] = h2o_iovec_init(path + start, si - start);
            pi = (size_t)(close - pattern) + 1;
        } else if (pattern[pi] == path[si]) {
            pi++;
            si++;
        } else {
            return false;
        }
    }
    return pi == plen && si == path_len;
}

const struct route *router_match(const char *method, size_t method_len, const char *path, size_t path_len,
                                 h2o_iovec_t *params, size_t *n_params, bool *path_known)
{
    *path_known = false;
    /* a fixed path (/api/v1/units/export) is never also a parameter ({id}), whatever the method */
    bool fixed = false;
    for (size_t i = 0; i < router_routes_count && !fixed; i++)
        fixed = !strchr(router_routes[i].pattern, '{') &&
                match_pattern(router_routes[i].pattern, path, path_len, params, n_params);
    for (size_t i = 0; i < router_routes_count; i++) {
        const struct route *rt = &router_routes[i];
        if ((fixed && strchr(rt->pattern, '{')) || !match_pattern(rt->pattern, path, path_len, params, n_params))
            continue;
        if (strlen(rt->method) == method_len && memcmp(rt->method, method, method_len) == 0)
            return rt;
        /* HEAD is answered as GET without a body (h2o drops the body) */
        if (method_len == 4 && memcmp(method, "HEAD", 4) == 0 && strcmp(rt->method, "GET") == 0)
            return rt;
        *path_known = true;
    }
    return NULL;
}
