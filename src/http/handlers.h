/* Every endpoint's handler, one file per resource; the router's table lists them all. */
#ifndef HTTP_HANDLERS_H
#define HTTP_HANDLERS_H

#include "http/request.h"

int handle_healthz(struct request *r, struct error *e);
int handle_version(struct request *r, struct error *e);
int handle_openapi(struct request *r, struct error *e);

int handle_units_list(struct request *r, struct error *e);
int handle_units_create(struct request *r, struct error *e);
int handle_unit_get(struct request *r, struct error *e);
int handle_unit_update(struct request *r, struct error *e);
int handle_unit_delete(struct request *r, struct error *e);
int handle_units_import(struct request *r, struct error *e);
int handle_units_export(struct request *r, struct error *e);
int handle_units_import_template(struct request *r, struct error *e);

int handle_enterprises_list(struct request *r, struct error *e);
int handle_enterprises_create(struct request *r, struct error *e);
int handle_enterprise_get(struct request *r, struct error *e);
int handle_enterprise_update(struct request *r, struct error *e);
int handle_enterprise_delete(struct request *r, struct error *e);
int handle_enterprises_import(struct request *r, struct error *e);
int handle_enterprises_export(struct request *r, struct error *e);
int handle_enterprises_import_template(struct request *r, struct error *e);
int handle_industries_list(struct request *r, struct error *e);

int handle_projects_list(struct request *r, struct error *e);
int handle_projects_create(struct request *r, struct error *e);
int handle_project_get(struct request *r, struct error *e);
int handle_project_update(struct request *r, struct error *e);
int handle_project_delete(struct request *r, struct error *e);
int handle_projects_export(struct request *r, struct error *e);
int handle_projects_import_template(struct request *r, struct error *e);
int handle_projects_import(struct request *r, struct error *e);
int handle_project_reports(struct request *r, struct error *e);
int handle_project_report_put(struct request *r, struct error *e);
int handle_progress_month(struct request *r, struct error *e);
int handle_progress_missing(struct request *r, struct error *e);
int handle_progress_import_template(struct request *r, struct error *e);
int handle_progress_import(struct request *r, struct error *e);
int handle_warnings_recompute(struct request *r, struct error *e);
int handle_warning_rules_get(struct request *r, struct error *e);
int handle_warning_rules_put(struct request *r, struct error *e);
int handle_size_classes_get(struct request *r, struct error *e);
int handle_size_classes_put(struct request *r, struct error *e);

int handle_problems_list(struct request *r, struct error *e);
int handle_problems_create(struct request *r, struct error *e);
int handle_problem_get(struct request *r, struct error *e);
int handle_problem_assign(struct request *r, struct error *e);
int handle_problem_accept(struct request *r, struct error *e);
int handle_problem_resolve(struct request *r, struct error *e);
int handle_problem_confirm(struct request *r, struct error *e);
int handle_problem_reopen(struct request *r, struct error *e);
int handle_problem_escalate(struct request *r, struct error *e);

int handle_project_stats(struct request *r, struct error *e);
int handle_project_stats_export(struct request *r, struct error *e);
int handle_cockpit(struct request *r, struct error *e);
int handle_targets_get(struct request *r, struct error *e);
int handle_targets_put(struct request *r, struct error *e);

int handle_saved_filters_list(struct request *r, struct error *e);
int handle_saved_filter_create(struct request *r, struct error *e);
int handle_saved_filter_delete(struct request *r, struct error *e);
/* The appraisal (appraisal_schemes.c, appraisal_data.c, appraisal_results.c). */
/* The scheme id of the path's first parameter (not found when it is no id). */
int appr_scheme_id(struct request *r, int64_t *id, struct error *e);
int handle_appr_kinds_list(struct request *r, struct error *e);
int handle_appr_kind_create(struct request *r, struct error *e);
int handle_appr_schemes_list(struct request *r, struct error *e);
int handle_appr_scheme_create(struct request *r, struct error *e);
int handle_appr_scheme_get(struct request *r, struct error *e);
int handle_appr_scheme_update(struct request *r, struct error *e);
int handle_appr_scheme_delete(struct request *r, struct error *e);
int handle_appr_scheme_copy(struct request *r, struct error *e);
int handle_appr_structure_put(struct request *r, struct error *e);
int handle_appr_scheme_open(struct request *r, struct error *e);
int handle_appr_scheme_revise(struct request *r, struct error *e);
int handle_appr_scheme_reopen(struct request *r, struct error *e);
int handle_appr_sources_refresh(struct request *r, struct error *e);
int handle_appr_data_list(struct request *r, struct error *e);
int handle_appr_data_get(struct request *r, struct error *e);
int handle_appr_data_put(struct request *r, struct error *e);
int handle_appr_data_submit(struct request *r, struct error *e);
int handle_appr_data_return(struct request *r, struct error *e);
int handle_appr_data_accept(struct request *r, struct error *e);
int handle_appr_results(struct request *r, struct error *e);
int handle_appr_result_subject(struct request *r, struct error *e);
int handle_appr_simulate(struct request *r, struct error *e);
int handle_appr_publish(struct request *r, struct error *e);
int handle_appr_versions_list(struct request *r, struct error *e);
int handle_appr_version_get(struct request *r, struct error *e);
int handle_appr_version_subject(struct request *r, struct error *e);
int handle_appr_version_diff(struct request *r, struct error *e);
int handle_public_notices(struct request *r, struct error *e);
int handle_public_notice(struct request *r, struct error *e);
int handle_appr_appeals_list(struct request *r, struct error *e);
int handle_appr_appeal_create(struct request *r, struct error *e);
int handle_appr_appeal_answer(struct request *r, struct error *e);
/* Honour lists 表彰名单 (appraisal_awards.c). */
int handle_award_lists(struct request *r, struct error *e);
int handle_award_create(struct request *r, struct error *e);
int handle_award_get(struct request *r, struct error *e);
int handle_award_delete(struct request *r, struct error *e);
int handle_award_regenerate(struct request *r, struct error *e);
int handle_award_entry_add(struct request *r, struct error *e);
int handle_award_entry_remove(struct request *r, struct error *e);
int handle_award_publish(struct request *r, struct error *e);
int handle_award_export(struct request *r, struct error *e);
int handle_award_quotas_get(struct request *r, struct error *e);
int handle_award_quotas_put(struct request *r, struct error *e);
int handle_award_nominations(struct request *r, struct error *e);
int handle_award_nominate(struct request *r, struct error *e);
int handle_award_nomination_approve(struct request *r, struct error *e);
int handle_award_nomination_reject(struct request *r, struct error *e);
int handle_award_nomination_withdraw(struct request *r, struct error *e);

int handle_bm_indicators_list(struct request *r, struct error *e);
int handle_bm_indicator_create(struct request *r, struct error *e);
int handle_bm_indicator_update(struct request *r, struct error *e);
int handle_bm_indicator_delete(struct request *r, struct error *e);
int handle_bm_cities_list(struct request *r, struct error *e);
int handle_bm_city_create(struct request *r, struct error *e);
int handle_bm_city_update(struct request *r, struct error *e);
int handle_bm_city_delete(struct request *r, struct error *e);
int handle_bm_values_list(struct request *r, struct error *e);
int handle_bm_values_put(struct request *r, struct error *e);
int handle_bm_values_template(struct request *r, struct error *e);
int handle_bm_values_import(struct request *r, struct error *e);
int handle_bm_compare(struct request *r, struct error *e);
int handle_bm_series(struct request *r, struct error *e);
int handle_bm_radar(struct request *r, struct error *e);
int handle_bm_projection(struct request *r, struct error *e);
int handle_bm_goals_list(struct request *r, struct error *e);
int handle_bm_goal_create(struct request *r, struct error *e);
int handle_bm_goals_export(struct request *r, struct error *e);
int handle_bm_goal_get(struct request *r, struct error *e);
int handle_bm_goal_update(struct request *r, struct error *e);
int handle_bm_goal_delete(struct request *r, struct error *e);
int handle_bm_goal_history(struct request *r, struct error *e);
int handle_bm_goal_units_put(struct request *r, struct error *e);
int handle_bm_goal_send(struct request *r, struct error *e);
int handle_public_awards(struct request *r, struct error *e);
/* The published honour lists of a notice (derived from that version, or person lists of the scheme) as a JSON array. */
int appr_awards_notice_json(struct request *r, struct strbuf *sb, int64_t tenant, int64_t scheme_id, int version,
                            struct error *e);
/* The appraisal's spreadsheets and evidence (appraisal_sheets.c, import_endpoint.c, appraisal_evidence.c). */
int handle_appr_results_export(struct request *r, struct error *e);
int handle_appr_version_export(struct request *r, struct error *e);
int handle_appr_notice_export(struct request *r, struct error *e);
int handle_appr_data_template(struct request *r, struct error *e);
int handle_appr_data_import(struct request *r, struct error *e);
int handle_appr_evidence_upload(struct request *r, struct error *e);
int handle_appr_evidence_list(struct request *r, struct error *e);
int handle_appr_evidence_get(struct request *r, struct error *e);
int handle_appr_evidence_delete(struct request *r, struct error *e);


int handle_photos_list(struct request *r, struct error *e);
int handle_photo_upload(struct request *r, struct error *e);
int handle_photo_get(struct request *r, struct error *e);
int handle_photo_delete(struct request *r, struct error *e);

int handle_login(struct request *r, struct error *e);
int handle_logout(struct request *r, struct error *e);
int handle_me(struct request *r, struct error *e);
int handle_password_change(struct request *r, struct error *e);
int handle_tenants_list(struct request *r, struct error *e);
int handle_tenant_switch(struct request *r, struct error *e);
int handle_tokens_list(struct request *r, struct error *e);
int handle_token_create(struct request *r, struct error *e);
int handle_token_revoke(struct request *r, struct error *e);

int handle_users_list(struct request *r, struct error *e);
int handle_user_create(struct request *r, struct error *e);
int handle_users_import(struct request *r, struct error *e);
int handle_user_get(struct request *r, struct error *e);
int handle_user_update(struct request *r, struct error *e);
int handle_user_password_reset(struct request *r, struct error *e);
int handle_users_export(struct request *r, struct error *e);
int handle_users_import_template(struct request *r, struct error *e);

int handle_audit_list(struct request *r, struct error *e);
int handle_audit_export(struct request *r, struct error *e);
int handle_login_log(struct request *r, struct error *e);
int handle_login_log_export(struct request *r, struct error *e);

/* JSON of a user (never the password hash), shared by the session and user endpoints. */
void user_write_json(struct strbuf *sb, const struct user *u);
/* A JSON list response: {"items":[…],"total":…,"page":…,"page_size":…}, items already written. */
int respond_list(struct request *r, struct strbuf *items, int64_t total, int64_t page, int64_t page_size,
                 struct error *e);

/* Serves the embedded web UI; answers 404 for an unknown file. */
int handle_static(struct request *r, struct error *e);

#endif
