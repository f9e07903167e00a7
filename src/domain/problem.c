/* Problem states and transitions; see problem.h. */
#include "domain/problem.h"

#include <stdio.h>

#include "domain/field.h"
#include "domain/project.h"
#include "base/banned.h"

static const char *const state_names[PROBLEM_STATE_COUNT] = {"open", "accepted", "resolved", "confirmed"};
static const char *const state_labels[PROBLEM_STATE_COUNT] = {"待受理", "办理中", "已办结", "已确认"};
static const char *const action_names[PA_COUNT] = {"raise",   "assign", "accept",  "resolve",
                                                   "confirm", "reopen", "escalate"};

const char *problem_state_name(enum problem_state s)
{
    return s < PROBLEM_STATE_COUNT ? state_names[s] : "open";
}

const char *problem_state_label_zh(enum problem_state s)
{
    return s < PROBLEM_STATE_COUNT ? state_labels[s] : "待受理";
}

int problem_state_parse(const char *s, size_t len, enum problem_state *out)
{
    int i = field_name_index(state_names, PROBLEM_STATE_COUNT, s, len);
    if (i < 0)
        return -1;
    *out = (enum problem_state)i;
    return 0;
}

const char *problem_action_name(enum problem_action a)
{
    return a < PA_COUNT ? action_names[a] : "raise";
}

int problem_action_parse(const char *s, size_t len, enum problem_action *out)
{
    int i = field_name_index(action_names, PA_COUNT, s, len);
    if (i < 0)
        return -1;
    *out = (enum problem_action)i;
    return 0;
}

static bool is_pending(enum problem_state s)
{
    return s == PROBLEM_OPEN || s == PROBLEM_ACCEPTED;
}

int64_t problem_overdue_days(const struct problem_facts *f)
{
    if (!is_pending(f->state) || f->deadline == DAY_NONE || f->deadline >= f->today)
        return 0;
    return (int64_t)f->today - f->deadline;
}

static int refuse(const struct problem_facts *f, const char *zh_action, const char *en_action,
                  struct error *e)
{
    char zh[160], en[160];
    snprintf(zh, sizeof(zh), "问题当前为“%s”，不能%s", state_labels[f->state], zh_action);
    snprintf(en, sizeof(en), "the problem is %s: it cannot be %s", state_names[f->state], en_action);
    return error_set_text(e, ERR_INVALID_STATE, "state", zh, en);
}

int problem_next_state(enum problem_action action, const struct problem_facts *f, enum problem_state *next,
                       struct error *e)
{
    switch (action) {
    case PA_RAISE:
        *next = PROBLEM_OPEN;
        return 0;
    case PA_ASSIGN:
        if (!is_pending(f->state))
            return refuse(f, "交办", "assigned", e);
        *next = PROBLEM_OPEN;
        return 0;
    case PA_ACCEPT:
        if (f->state != PROBLEM_OPEN)
            return refuse(f, "受理", "accepted", e);
        if (!f->assigned)
            return error_set(e, ERR_INVALID_STATE, "unit_id", "问题尚未交办到责任单位，不能受理",
                             "the problem is not assigned to a unit yet: it cannot be accepted");
        *next = PROBLEM_ACCEPTED;
        return 0;
    case PA_RESOLVE:
        if (f->state != PROBLEM_ACCEPTED)
            return refuse(f, "办结（须先受理）", "resolved (accept it first)", e);
        *next = PROBLEM_RESOLVED;
        return 0;
    case PA_CONFIRM:
        if (f->state != PROBLEM_RESOLVED)
            return refuse(f, "确认办结", "confirmed", e);
        *next = PROBLEM_CONFIRMED;
        return 0;
    case PA_REOPEN:
        if (f->state != PROBLEM_RESOLVED)
            return refuse(f, "退回重办", "reopened", e);
        *next = PROBLEM_OPEN;
        return 0;
    case PA_ESCALATE:
        if (!is_pending(f->state))
            return refuse(f, "督办", "escalated", e);
        if (problem_overdue_days(f) == 0)
            return error_set(e, ERR_INVALID_STATE, "deadline", "问题尚未逾期，不能督办",
                             "the problem is not past its deadline: it cannot be escalated");
        *next = f->state;
        return 0;
    case PA_COUNT:
        break;
    }
    return error_set(e, ERR_INVALID_VALUE, "action", "未知的操作", "unknown action");
}

int problem_check_title(const char *s, size_t len, struct error *e)
{
    static const struct text_limits limits = {"title",           "问题标题", "the problem title",
                                              PROBLEM_TITLE_MAX, false,      false};
    return field_check_text(&limits, s, len, e);
}
