/* The problems endpoints: the board's list, one problem with its history, raising and each transition. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/json_escape.h"
#include "base/utf8.h"
#include "domain/project.h"
#include "http/handlers.h"
#include "http/input.h"
#include "base/banned.h"

#define PAGE_SIZE_MAX 1000
#define COMMENT_MAX 2000

static struct problem_viewer viewer(const struct request *r)
{
    return (struct problem_viewer){.scope = r->scope,
                                   .scope_enterprise = r->scope_enterprise,
                                   .manager = role_may(r->session->user.role, ACTION_PROBLEMS_MANAGE)};
}

static void text(struct strbuf *sb, const char *key, const char *value)
{
    strbuf_addstr(sb, key);
    if (value)
        json_escape(sb, value, strlen(value));
    else
        strbuf_add(sb, "null", 4);
}

static void problem_write_json(struct strbuf *sb, const struct problem *p, int32_t today)
{
    strbuf_addf(sb, "{\"id\":%lld,\"project_id\":%lld", (long long)p->id, (long long)p->project_id);
    text(sb, ",\"project_code\":", p->project_code);
    text(sb, ",\"project_name\":", p->project_name);
    text(sb, ",\"title\":", p->title);
    text(sb, ",\"description\":", p->description);
    text(sb, ",\"state\":", problem_state_name(p->state));
    if (p->unit_id)
        strbuf_addf(sb, ",\"unit_id\":%lld", (long long)p->unit_id);
    else
        strbuf_addstr(sb, ",\"unit_id\":null");
    text(sb, ",\"unit_name\":", p->unit_name);
    char deadline[11];
    if (p->deadline != DAY_NONE)
        date_format_iso(date_from_days(p->deadline), deadline);
    text(sb, ",\"deadline\":", p->deadline != DAY_NONE ? deadline : NULL);
    struct problem_facts facts = {p->state, p->unit_id != 0, p->deadline, today};
    strbuf_addf(sb, ",\"escalated\":%s,\"overdue_days\":%lld", p->escalated ? "true" : "false",
                (long long)problem_overdue_days(&facts));
    text(sb, ",\"raised_by_name\":", p->raised_by_name);
    text(sb, ",\"created_at\":", p->created_at);
    text(sb, ",\"updated_at\":", p->updated_at);
    text(sb, ",\"closed_at\":", p->closed_at);
    if (p->closed_at)
        strbuf_addf(sb, ",\"days_to_close\":%lld",
                    date_iso_seconds_between(p->created_at, p->closed_at) / 86400);
    else
        strbuf_addstr(sb, ",\"days_to_close\":null");
}

int handle_problems_list(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "state"},     {.name = "unit_id"},   {.name = "project_id"},
                              {.name = "overdue"},   {.name = "escalated"}, {.name = "page"},
                              {.name = "page_size"}, {.name = NULL}};
    struct problem_filter f = {.page = 1, .page_size = 25};
    if (input_query(r, q, e) != 0)
        return -1;
    if (q[0].value) {
        if (problem_state_parse(q[0].value, q[0].len, &f.state) != 0)
            return error_set(e, ERR_BAD_QUERY, "state", "state 应为 open、accepted、resolved 或 confirmed",
                             "state must be one of open, accepted, resolved, confirmed");
        f.has_state = true;
    }
    for (int i = 3; i <= 4; i++) {
        if (q[i].value && strcmp(q[i].value, "true") != 0 && strcmp(q[i].value, "false") != 0)
            return error_set(e, ERR_BAD_QUERY, q[i].name, "%s 应为 true 或 false", "%s must be true or false",
                             q[i].name);
    }
    f.overdue = q[3].value && strcmp(q[3].value, "true") == 0;
    f.escalated = q[4].value && strcmp(q[4].value, "true") == 0;
    if ((q[1].value && input_query_int(&q[1], 1, INT64_MAX, &f.unit_id, e) != 0) ||
        (q[2].value && input_query_int(&q[2], 1, INT64_MAX, &f.project_id, e) != 0) ||
        (q[5].value && input_query_int(&q[5], 1, 1000000, &f.page, e) != 0) ||
        (q[6].value && input_query_int(&q[6], 1, PAGE_SIZE_MAX, &f.page_size, e) != 0))
        return -1;
    struct problem_viewer v = viewer(r);
    struct problem *items;
    size_t count;
    int64_t total;
    if (store_problems_list(r->store, r->tenant, &v, &f, &r->arena, &items, &count, &total, e) != 0)
        return -1;
    int32_t today = (int32_t)date_today();
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < count; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        problem_write_json(&sb, &items[i], today);
        strbuf_addch(&sb, '}');
    }
    int rc = respond_list(r, &sb, total, f.page, f.page_size, e);
    strbuf_release(&sb);
    return rc;
}

static int path_id(struct request *r, int64_t *id, struct error *e)
{
    if (input_id(r->params[0], id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "问题不存在", "no such problem");
    return 0;
}

/* The problem with its events, as GET answers it and every action too. */
static int respond_problem(struct request *r, int status, int64_t id, struct error *e)
{
    struct problem_viewer v = viewer(r);
    struct problem p;
    struct problem_event *events;
    size_t n;
    if (store_problem_get(r->store, r->tenant, &v, id, &r->arena, &p, &events, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    problem_write_json(&sb, &p, (int32_t)date_today());
    strbuf_addstr(&sb, ",\"events\":[");
    for (size_t i = 0; i < n; i++) {
        text(&sb, i ? ",{\"at\":" : "{\"at\":", events[i].at);
        text(&sb, ",\"username\":", events[i].username);
        text(&sb, ",\"action\":", events[i].action);
        text(&sb, ",\"state_from\":", events[i].state_from);
        text(&sb, ",\"state_to\":", events[i].state_to);
        text(&sb, ",\"comment\":", events[i].comment);
        strbuf_addch(&sb, '}');
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, status, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_problem_get(struct request *r, struct error *e)
{
    int64_t id;
    if (path_id(r, &id, e) != 0)
        return -1;
    return respond_problem(r, 200, id, e);
}

static int read_comment(json_t *body, bool required, const char **out, struct error *e)
{
    size_t len = 0;
    int got = input_string(body, "comment", false, out, &len, e);
    if (got < 0)
        return -1;
    if (!got)
        *out = "";
    if (project_check_text(*out, len, "comment", e) != 0)
        return -1;
    /* a reason of spaces says nothing: the same as none */
    if (required && utf8_is_blank(*out, len))
        return error_set(e, ERR_MISSING_FIELD, "comment", "请说明理由（comment）", "say why (comment)");
    return 0;
}

int handle_problems_create(struct request *r, struct error *e)
{
    static const char *const fields[] = {"project_id", "title", "description", NULL};
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    struct problem_act act = {.action = PA_RAISE, .description = ""};
    size_t len = 0;
    int got_project = 0, got_title = 0;
    int rc = input_only_fields(body, fields, e);
    if (rc == 0 && (got_project = input_integer(body, "project_id", false, NULL, &act.project_id, e)) < 0)
        rc = -1;
    if (rc == 0 && (got_title = input_string(body, "title", false, &act.title, &len, e)) < 0)
        rc = -1;
    const char *missing = rc != 0 ? NULL : !got_project ? "project_id" : !got_title ? "title" : NULL;
    if (missing)
        rc = error_set(e, ERR_MISSING_FIELD, missing, "缺少必填字段“%s”", "missing required field \"%s\"",
                       missing);
    if (rc == 0 && problem_check_title(act.title, len, e) != 0)
        rc = -1;
    int got_description = rc == 0 ? input_string(body, "description", false, &act.description, &len, e) : 0;
    if (got_description < 0 ||
        (got_description && project_check_text(act.description, len, "description", e) != 0))
        rc = -1;
    struct problem_viewer v = viewer(r);
    struct problem p;
    if (rc == 0)
        rc = store_problem_act(r->store, r->tenant, &v, 0, &act, &r->actor, &r->arena, &p, e);
    json_decref(body);
    if (rc != 0)
        return -1;
    char location[64];
    int n = snprintf(location, sizeof(location), "/api/v1/problems/%lld", (long long)p.id);
    respond_header(r, H2O_TOKEN_LOCATION, h2o_strdup(&r->req->pool, location, (size_t)n).base, (size_t)n);
    return respond_problem(r, 201, p.id, e);
}

/* POST /api/v1/problems/{id}/<action>: a body {"comment"} (assign adds unit_id and deadline). */
static int take_action(struct request *r, enum problem_action action, struct error *e)
{
    static const char *const comment_only[] = {"comment", NULL};
    static const char *const assign_fields[] = {"unit_id", "deadline", "comment", NULL};
    int64_t id;
    json_t *body;
    if (path_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    struct problem_act act = {.action = action};
    bool needs_reason = action == PA_REOPEN || action == PA_ESCALATE;
    int rc = input_only_fields(body, action == PA_ASSIGN ? assign_fields : comment_only, e);
    if (rc == 0)
        rc = read_comment(body, needs_reason, &act.comment, e);
    if (rc == 0 && action == PA_ASSIGN) {
        const char *deadline = NULL;
        size_t len = 0;
        struct date d;
        int got_unit = input_integer(body, "unit_id", false, NULL, &act.unit_id, e);
        int got_deadline = got_unit < 0 ? -1 : input_string(body, "deadline", false, &deadline, &len, e);
        if (got_unit < 0 || got_deadline < 0)
            rc = -1;
        else if (!got_unit || !got_deadline)
            rc = error_set(e, ERR_MISSING_FIELD, !got_unit ? "unit_id" : "deadline",
                           "交办须给出责任单位和办理期限", "an assignment needs unit_id and deadline");
        else if (act.unit_id <= 0)
            rc = error_set(e, ERR_INVALID_VALUE, "unit_id", "unit_id 应为正整数编号",
                           "unit_id must be a positive id");
        else if (date_parse_iso(deadline, len, &d) != 0)
            rc = error_set(e, ERR_INVALID_VALUE, "deadline", "办理期限应为 YYYY-MM-DD 格式的日期",
                           "deadline must be a date YYYY-MM-DD");
        else if ((act.deadline = (int32_t)date_to_days(d)) < (int32_t)date_today())
            rc = error_set(e, ERR_INVALID_VALUE, "deadline", "办理期限不能早于今天",
                           "the deadline cannot be before today");
    }
    struct problem_viewer v = viewer(r);
    struct problem p;
    if (rc == 0)
        rc = store_problem_act(r->store, r->tenant, &v, id, &act, &r->actor, &r->arena, &p, e);
    json_decref(body);
    if (rc != 0)
        return -1;
    return respond_problem(r, 200, id, e);
}

int handle_problem_assign(struct request *r, struct error *e)
{
    return take_action(r, PA_ASSIGN, e);
}

int handle_problem_accept(struct request *r, struct error *e)
{
    return take_action(r, PA_ACCEPT, e);
}

int handle_problem_resolve(struct request *r, struct error *e)
{
    return take_action(r, PA_RESOLVE, e);
}

int handle_problem_confirm(struct request *r, struct error *e)
{
    return take_action(r, PA_CONFIRM, e);
}

int handle_problem_reopen(struct request *r, struct error *e)
{
    return take_action(r, PA_REOPEN, e);
}

int handle_problem_escalate(struct request *r, struct error *e)
{
    return take_action(r, PA_ESCALATE, e);
}
