/* Problems: the list, one problem with its events, raising and every transition; see store_problems.h. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "store/project_rows.h"
#include "store/project_warnings.h"
#include "base/banned.h"

#define PROBLEM_COLUMNS                                                                                      \
    "pr.id, pr.project_id, p.code, p.name, pr.title, pr.description, pr.state, pr.unit_id, au.name, "        \
    "pr.deadline, "                                                                                          \
    "pr.escalated, pr.raised_by, pr.raised_by_name, iso(pr.created_at), iso(pr.updated_at), "                \
    "iso(pr.closed_at)"

#define PROBLEM_FROM                                                                                         \
    " FROM problems pr JOIN projects p ON p.tenant_id = pr.tenant_id AND p.id = pr.project_id"               \
    " JOIN units pu ON pu.tenant_id = p.tenant_id AND pu.id = p.unit_id"                                     \
    " LEFT JOIN units au ON au.tenant_id = pr.tenant_id AND au.id = pr.unit_id"

/* ?2 scope unit, ?3 scope enterprise: a problem is seen with its project or by its assigned unit. */
#define IN_SCOPE(path)                                                                                       \
    "(" path " >= (SELECT s.path FROM units s WHERE s.tenant_id = ?1 AND s.id = ?2)"                         \
    " AND " path " < (SELECT s.path || '~' FROM units s WHERE s.tenant_id = ?1 AND s.id = ?2))"
#define PROBLEM_VISIBLE                                                                                      \
    " WHERE pr.tenant_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR " IN_SCOPE("pu.path") " OR " IN_SCOPE(      \
        "au.path") ")"                                                                                       \
                   " AND (CAST(?3 AS BIGINT) IS NULL OR p.enterprise_id = ?3)"

static void bind_viewer(struct db_stmt *s, int64_t tenant, const struct problem_viewer *v)
{
    db_bind_int64(s, 1, tenant);
    if (v->scope)
        db_bind_int64(s, 2, v->scope);
    else
        db_bind_null(s, 2);
    if (v->scope_enterprise)
        db_bind_int64(s, 3, v->scope_enterprise);
    else
        db_bind_null(s, 3);
}

static int read_problem(struct db_stmt *s, struct arena *a, struct problem *p)
{
    size_t len;
    const char *state = db_column_text(s, 6, &len);
    *p = (struct problem){.id = db_column_int64(s, 0),
                          .project_id = db_column_int64(s, 1),
                          .project_code = store_text(s, 2, a),
                          .project_name = store_text(s, 3, a),
                          .title = store_text(s, 4, a),
                          .description = store_text(s, 5, a),
                          .unit_id = db_column_is_null(s, 7) ? 0 : db_column_int64(s, 7),
                          .unit_name = store_text(s, 8, a),
                          .deadline = project_day(s, 9),
                          .escalated = db_column_int64(s, 10) != 0,
                          .raised_by = db_column_is_null(s, 11) ? 0 : db_column_int64(s, 11),
                          .raised_by_name = store_text(s, 12, a),
                          .created_at = store_text(s, 13, a),
                          .updated_at = store_text(s, 14, a),
                          .closed_at = store_text(s, 15, a)};
    if (!state || problem_state_parse(state, len, &p->state) != 0)
        p->state = PROBLEM_OPEN;
    return p->project_code && p->project_name && p->title && p->description && p->raised_by_name &&
                   p->created_at && p->updated_at
               ? 0
               : -1;
}

/* Filter parameters after the viewer's: ?4 state, ?5 unit, ?6 project, ?7 today when only overdue, ?8
 * escalated. */
#define PROBLEM_FILTER                                                                                       \
    " AND (CAST(?4 AS TEXT) IS NULL OR pr.state = ?4) AND (CAST(?5 AS BIGINT) IS NULL OR pr.unit_id = ?5)"   \
    " AND (CAST(?6 AS BIGINT) IS NULL OR "                                                                   \
    "pr.project_id = ?6)"                                                                                    \
    " AND (CAST(?7 AS TEXT) IS NULL OR (pr.state IN ('open', 'accepted') AND pr.deadline < ?7))"             \
    " AND (CAST(?8 AS BIGINT) IS NULL OR pr.escalated = 1)"

static void bind_filter(struct db_stmt *s, const struct problem_filter *f)
{
    db_bind_text(s, 4, f->has_state ? problem_state_name(f->state) : NULL);
    if (f->unit_id)
        db_bind_int64(s, 5, f->unit_id);
    else
        db_bind_null(s, 5);
    if (f->project_id)
        db_bind_int64(s, 6, f->project_id);
    else
        db_bind_null(s, 6);
    char today[11];
    date_format_iso(date_from_days(date_today()), today);
    db_bind_text(s, 7, f->overdue ? today : NULL);
    if (f->escalated)
        db_bind_int64(s, 8, 1);
    else
        db_bind_null(s, 8);
}

struct list_query {
    int64_t tenant;
    const struct problem_viewer *v;
    const struct problem_filter *f;
    struct arena *a;
    struct problem *items;
    size_t count;
    int64_t total;
};

static int list_problems(struct db *db, void *ctx, struct error *e)
{
    struct list_query *q = ctx;
    struct db_stmt *s = db_prepare(db, "SELECT count(*)" PROBLEM_FROM PROBLEM_VISIBLE PROBLEM_FILTER, e);
    if (!s)
        return -1;
    bind_viewer(s, q->tenant, q->v);
    bind_filter(s, q->f);
    int rc = db_step(s, e);
    q->total = rc == 1 ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc < 0)
        return -1;
    s = db_prepare(db,
                   "SELECT " PROBLEM_COLUMNS PROBLEM_FROM PROBLEM_VISIBLE PROBLEM_FILTER
                   " ORDER BY pr.id DESC LIMIT ?9 OFFSET ?10",
                   e);
    if (!s)
        return -1;
    bind_viewer(s, q->tenant, q->v);
    bind_filter(s, q->f);
    db_bind_int64(s, 9, q->f->page_size);
    db_bind_int64(s, 10, (q->f->page - 1) * q->f->page_size);
    q->items = arena_alloc(q->a, (size_t)q->f->page_size * sizeof(*q->items));
    if (!q->items) {
        db_reset(s);
        return store_no_memory(e);
    }
    while (q->count < (size_t)q->f->page_size && (rc = db_step(s, e)) == 1)
        if (read_problem(s, q->a, &q->items[q->count++]) != 0) {
            db_reset(s);
            return store_no_memory(e);
        }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_problems_list(struct store *st, int64_t tenant, const struct problem_viewer *v,
                        const struct problem_filter *f, struct arena *a, struct problem **items,
                        size_t *count, int64_t *total, struct error *e)
{
    struct list_query q = {.tenant = tenant, .v = v, .f = f, .a = a};
    if (db_read(st->db, list_problems, &q, e) != 0)
        return -1;
    *items = q.items;
    *count = q.count;
    *total = q.total;
    return 0;
}

static int get_problem(struct db *db, int64_t tenant, const struct problem_viewer *v, int64_t id,
                       struct arena *a, struct problem *out, struct error *e)
{
    struct db_stmt *s =
        db_prepare(db, "SELECT " PROBLEM_COLUMNS PROBLEM_FROM PROBLEM_VISIBLE " AND pr.id = ?4", e);
    if (!s)
        return -1;
    bind_viewer(s, tenant, v);
    db_bind_int64(s, 4, id);
    int rc = db_step(s, e);
    if (rc == 1 && read_problem(s, a, out) != 0)
        rc = store_no_memory(e);
    db_reset(s);
    if (rc == 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "问题不存在", "no such problem");
    return rc < 0 ? -1 : 0;
}

struct get_query {
    int64_t tenant, id;
    const struct problem_viewer *v;
    struct arena *a;
    struct problem *out;
    struct problem_event *events;
    size_t n_events;
};

static int read_events(struct db *db, void *ctx, struct error *e)
{
    struct get_query *q = ctx;
    if (get_problem(db, q->tenant, q->v, q->id, q->a, q->out, e) != 0)
        return -1;
    struct db_stmt *s =
        db_prepare(db,
                   "SELECT iso(at), username, action, state_from, state_to, comment FROM problem_events"
                   " WHERE tenant_id = ?1 AND problem_id = ?2 ORDER BY id",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, q->tenant);
    db_bind_int64(s, 2, q->id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s, e)) == 1) {
        if (q->n_events == cap) {
            cap = cap ? 2 * cap : 16;
            struct problem_event *grown = arena_alloc(q->a, cap * sizeof(*grown));
            if (!grown) {
                db_reset(s);
                return store_no_memory(e);
            }
            if (q->n_events)
                memcpy(grown, q->events, q->n_events * sizeof(*grown));
            q->events = grown;
        }
        struct problem_event *ev = &q->events[q->n_events++];
        *ev = (struct problem_event){store_text(s, 0, q->a), store_text(s, 1, q->a), store_text(s, 2, q->a),
                                     store_text(s, 3, q->a), store_text(s, 4, q->a), store_text(s, 5, q->a)};
    }
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

int store_problem_get(struct store *st, int64_t tenant, const struct problem_viewer *v, int64_t id,
                      struct arena *a, struct problem *out, struct problem_event **events, size_t *n_events,
                      struct error *e)
{
    struct get_query q = {.tenant = tenant, .id = id, .v = v, .a = a, .out = out};
    if (db_read(st->db, read_events, &q, e) != 0)
        return -1;
    *events = q.events;
    *n_events = q.n_events;
    return 0;
}

struct act_write {
    int64_t tenant, id;
    const struct problem_viewer *v;
    const struct problem_act *act;
    const struct actor *who;
    struct arena *a;
    struct problem *out;
};

static int add_event(struct db *db, const struct act_write *w, const char *from, const char *to,
                     const char *now, struct error *e)
{
    int64_t event_id;
    if (store_next_id(db, w->tenant, "problem_events", &event_id, e) != 0)
        return -1;
    struct db_stmt *s =
        db_prepare(db,
                   "INSERT INTO problem_events (tenant_id, id, problem_id, at, user_id, username,"
                   " action, state_from, state_to, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                   " ?9, ?10)",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, w->tenant);
    db_bind_int64(s, 2, event_id);
    db_bind_int64(s, 3, w->id);
    db_bind_text(s, 4, now);
    if (w->who->user_id)
        db_bind_int64(s, 5, w->who->user_id);
    else
        db_bind_null(s, 5);
    db_bind_text(s, 6, w->who->username);
    db_bind_text(s, 7, problem_action_name(w->act->action));
    db_bind_text(s, 8, from);
    db_bind_text(s, 9, to);
    db_bind_text(s, 10, w->act->comment ? w->act->comment : "");
    int rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

static int insert_problem(struct db *db, struct act_write *w, const char *now, struct error *e)
{
    struct project p;
    int rc = project_get(db, w->tenant, w->act->project_id, w->a, &p, e);
    if (rc == 0 && w->v->scope_enterprise && p.enterprise_id != w->v->scope_enterprise)
        rc = error_set(e, ERR_NOT_FOUND, NULL, "项目不存在", "no such project");
    if (rc == 0 && w->v->scope) {
        int in = project_unit_in_scope(db, w->tenant, w->v->scope, p.unit_id, e);
        rc = in == 1 ? 0 : in < 0 ? -1 : error_set(e, ERR_NOT_FOUND, NULL, "项目不存在", "no such project");
    }
    if (rc != 0) {
        if (e->code == ERR_NOT_FOUND)
            snprintf(e->field, sizeof(e->field), "project_id");
        return -1;
    }
    if (store_next_id(db, w->tenant, "problems", &w->id, e) != 0)
        return -1;
    struct db_stmt *s =
        db_prepare(db,
                   "INSERT INTO problems (tenant_id, id, project_id, title, description, state,"
                   " raised_by, raised_by_name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5,"
                   " 'open', ?6, ?7, ?8, ?8)",
                   e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, w->tenant);
    db_bind_int64(s, 2, w->id);
    db_bind_int64(s, 3, w->act->project_id);
    db_bind_text(s, 4, w->act->title);
    db_bind_text(s, 5, w->act->description ? w->act->description : "");
    if (w->who->user_id)
        db_bind_int64(s, 6, w->who->user_id);
    else
        db_bind_null(s, 6);
    db_bind_text(s, 7, w->who->username);
    db_bind_text(s, 8, now);
    rc = db_step(s, e);
    db_reset(s);
    return rc < 0 ? -1 : 0;
}

/* Whether the viewer may take the action on this problem, beyond what their role allows. */
static int check_actor(struct db *db, const struct act_write *w, const struct problem *p, struct error *e)
{
    enum problem_action a = w->act->action;
    if ((a == PA_ACCEPT || a == PA_RESOLVE) && w->v->scope && p->unit_id) {
        int in = project_unit_in_scope(db, w->tenant, w->v->scope, p->unit_id, e);
        if (in != 1)
            return in < 0
                       ? -1
                       : error_set(e, ERR_FORBIDDEN, NULL, "问题交办给了其他单位，只有该单位可以受理和办结",
                                   "the problem is assigned to another unit: only that unit accepts and "
                                   "resolves it");
    }
    if ((a == PA_CONFIRM || a == PA_REOPEN) && !w->v->manager && p->raised_by != w->who->user_id)
        return error_set(e, ERR_FORBIDDEN, NULL, "只有提出人或项目办可以确认或退回",
                         "only the one who raised it or the project office may confirm or reopen it");
    if (a == PA_ASSIGN) {
        struct db_stmt *s = db_prepare(db, "SELECT 1 FROM units WHERE tenant_id = ?1 AND id = ?2", e);
        if (!s)
            return -1;
        db_bind_int64(s, 1, w->tenant);
        db_bind_int64(s, 2, w->act->unit_id);
        int rc = db_step(s, e);
        db_reset(s);
        if (rc != 1)
            return rc < 0 ? -1
                          : error_set(e, ERR_INVALID_VALUE, "unit_id", "单位 %lld 不存在",
                                      "unit %lld does not exist", (long long)w->act->unit_id);
    }
    return 0;
}

static int move_problem(struct db *db, struct act_write *w, const char *now, struct error *e)
{
    struct problem p;
    int32_t today = (int32_t)date_today();
    if (get_problem(db, w->tenant, w->v, w->id, w->a, &p, e) != 0 || check_actor(db, w, &p, e) != 0)
        return -1;
    struct problem_facts facts = {p.state, p.unit_id != 0, p.deadline, today};
    enum problem_state next;
    if (problem_next_state(w->act->action, &facts, &next, e) != 0)
        return -1;
    char deadline[11];
    if (w->act->action == PA_ASSIGN)
        date_format_iso(date_from_days(w->act->deadline), deadline);
    struct db_stmt *s = db_prepare(
        db,
        "UPDATE problems SET state = ?3, updated_at = ?4,"
        " unit_id = CASE WHEN CAST(?5 AS BIGINT) IS NULL THEN unit_id ELSE ?5 END,"
        " deadline = CASE WHEN CAST(?6 AS TEXT) IS NULL THEN deadline ELSE ?6 END,"
        " escalated = CASE WHEN ?7 = 'escalate' THEN 1 WHEN ?7 = 'assign' THEN 0 ELSE escalated END,"
        " closed_at = CASE WHEN ?3 = 'resolved' THEN ?4 WHEN ?3 IN ('open', 'accepted') THEN NULL ELSE "
        "closed_at END"
        " WHERE tenant_id = ?1 AND id = ?2",
        e);
    if (!s)
        return -1;
    db_bind_int64(s, 1, w->tenant);
    db_bind_int64(s, 2, w->id);
    db_bind_text(s, 3, problem_state_name(next));
    db_bind_text(s, 4, now);
    if (w->act->action == PA_ASSIGN)
        db_bind_int64(s, 5, w->act->unit_id);
    else
        db_bind_null(s, 5);
    db_bind_text(s, 6, w->act->action == PA_ASSIGN ? deadline : NULL);
    db_bind_text(s, 7, problem_action_name(w->act->action));
    int rc = db_step(s, e);
    db_reset(s);
    if (rc < 0 || add_event(db, w, problem_state_name(p.state), problem_state_name(next), now, e) != 0)
        return -1;
    return 0;
}

static int act(struct db *db, void *ctx, struct error *e)
{
    struct act_write *w = ctx;
    char now[32];
    date_now_iso(now, sizeof(now));
    bool raise = w->act->action == PA_RAISE;
    if (raise ? insert_problem(db, w, now, e) != 0 || add_event(db, w, NULL, "open", now, e) != 0
              : move_problem(db, w, now, e) != 0)
        return -1;
    struct problem_viewer all = {0};
    if (get_problem(db, w->tenant, &all, w->id, w->a, w->out, e) != 0 ||
        project_warning_refresh(db, w->tenant, w->out->project_id, e) != 0)
        return -1;
    struct changes c = {STRBUF_INIT, 0};
    changes_text(&c, "action", NULL, problem_action_name(w->act->action));
    changes_text(&c, "state", NULL, problem_state_name(w->out->state));
    if (raise)
        changes_text(&c, "title", NULL, w->out->title);
    if (w->act->comment && *w->act->comment)
        changes_text(&c, "comment", NULL, w->act->comment);
    const char *changes = changes_finish(&c);
    int rc = changes ? audit_append(db, w->tenant, w->who, raise ? "create" : "update", "problem", w->id,
                                    changes, e)
                     : store_no_memory(e);
    strbuf_release(&c.sb);
    return rc;
}

int store_problem_act(struct store *st, int64_t tenant, const struct problem_viewer *v, int64_t id,
                      const struct problem_act *action, const struct actor *who, struct arena *a,
                      struct problem *out, struct error *e)
{
    struct act_write w = {.tenant = tenant, .id = id, .v = v, .act = action, .who = who, .a = a, .out = out};
    return db_write_tenant(st->db, tenant, act, &w, e);
}
