/* Appraisal kinds and schemes: list, create, read, change, delete, copy, structure, and the scheme's states.
 */
#include <stdio.h>
#include <string.h>

#include "base/json_escape.h"
#include "http/appraisal_json.h"
#include "http/handlers.h"
#include "http/input.h"
#include "base/banned.h"

static int respond_sb(struct request *r, int status, struct strbuf *sb, struct error *e)
{
    int rc = respond_strbuf(r, status, sb, e);
    strbuf_release(sb);
    return rc;
}

int appr_scheme_id(struct request *r, int64_t *id, struct error *e)
{
    if (input_id(r->params[0], id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "考核方案不存在", "no such appraisal scheme");
    return 0;
}

int handle_appr_kinds_list(struct request *r, struct error *e)
{
    struct appr_kind *items;
    size_t n;
    if (store_appr_kinds_list(r->store, r->tenant, &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        strbuf_addf(&sb, "%s{\"id\":%lld,\"code\":", i ? "," : "", (long long)items[i].id);
        json_escape(&sb, items[i].code, strlen(items[i].code));
        strbuf_addstr(&sb, ",\"name\":");
        json_escape(&sb, items[i].name, strlen(items[i].name));
        strbuf_addch(&sb, '}');
    }
    strbuf_addstr(&sb, "]}");
    return respond_sb(r, 200, &sb, e);
}

int handle_appr_kind_create(struct request *r, struct error *e)
{
    static const char *const fields[] = {"code", "name", NULL};
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    const char *code = NULL, *name = NULL;
    struct appr_kind k;
    int rc = input_only_fields(body, fields, e) == 0 &&
                     appr_input_text(body, "code", NULL, 30, true, &code, e) == 1 &&
                     appr_input_text(body, "name", NULL, 30, true, &name, e) == 1 &&
                     store_appr_kind_add(r->store, r->tenant, &r->actor, code, name, &r->arena, &k, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    if (rc != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "{\"id\":%lld,\"code\":", (long long)k.id);
    json_escape(&sb, k.code, strlen(k.code));
    strbuf_addstr(&sb, ",\"name\":");
    json_escape(&sb, k.name, strlen(k.name));
    strbuf_addch(&sb, '}');
    return respond_sb(r, 201, &sb, e);
}

int handle_appr_schemes_list(struct request *r, struct error *e)
{
    struct query_param q[] = {{.name = "year"}, {.name = "kind_id"}, {.name = NULL}};
    int64_t year = 0, kind = 0;
    if (input_query(r, q, e) != 0 || (q[0].value && input_query_int(&q[0], 2000, 2100, &year, e) != 0) ||
        (q[1].value && input_query_int(&q[1], 1, INT64_MAX, &kind, e) != 0))
        return -1;
    struct appr_scheme_row *items;
    size_t n;
    if (store_appr_schemes_list(r->store, r->tenant, (int)year, kind, &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        appr_json_scheme_summary(&sb, &items[i]);
    }
    strbuf_addstr(&sb, "]}");
    return respond_sb(r, 200, &sb, e);
}

/* The fields of a create (all) or a patch (the changeable ones). */
static int read_scheme_input(json_t *body, bool create, struct appr_scheme_input *in, struct error *e)
{
    static const char *const create_fields[] = {
        "year",          "kind_id",     "name",           "subject_type", "bonus_cap",
        "deduction_cap", "appeal_days", "issuing_office", "notice_title", NULL};
    if (input_only_fields(body, create ? create_fields : create_fields + 2, e) != 0)
        return -1;
    if (create && json_object_get(body, "subject_type") == NULL)
        return error_set(e, ERR_MISSING_FIELD, "subject_type", "缺少必填字段“subject_type”",
                         "missing required field \"subject_type\"");
    *in = (struct appr_scheme_input){0};
    int64_t v;
    int got;
    if (create) {
        if ((got = input_integer(body, "year", false, NULL, &v, e)) < 0)
            return -1;
        if (!got || v < 2000 || v > 2100)
            return error_set(e, got ? ERR_INVALID_VALUE : ERR_MISSING_FIELD, "year", "年度应为 2000 到 2100",
                             "year must be 2000 to 2100");
        in->has_year = true;
        in->year = (int)v;
        if ((got = input_integer(body, "kind_id", false, NULL, &in->kind_id, e)) < 0)
            return -1;
        if (!got)
            return error_set(e, ERR_MISSING_FIELD, "kind_id", "缺少必填字段“kind_id”",
                             "missing required field \"kind_id\"");
        in->has_kind = true;
        const char *type = NULL;
        if (appr_input_text(body, "subject_type", NULL, 20, true, &type, e) < 0)
            return -1;
        if (strcmp(type, "unit") != 0 && strcmp(type, "enterprise") != 0)
            return error_set(e, ERR_INVALID_VALUE, "subject_type", "subject_type 应为 unit 或 enterprise",
                             "subject_type must be unit or enterprise");
        in->has_subject_type = true;
        in->enterprises = strcmp(type, "enterprise") == 0;
    }
    if ((got = appr_input_text(body, "name", NULL, 100, create, &in->name, e)) < 0)
        return -1;
    in->has_name = got == 1;
    if ((got = appr_input_points(body, "bonus_cap", NULL, true, &in->bonus_cap_null, &in->bonus_cap, e)) < 0)
        return -1;
    in->has_bonus_cap = got == 1;
    if ((got = appr_input_points(body, "deduction_cap", NULL, true, &in->deduction_cap_null,
                                 &in->deduction_cap, e)) < 0)
        return -1;
    in->has_deduction_cap = got == 1;
    if ((in->has_bonus_cap && !in->bonus_cap_null &&
         (in->bonus_cap < 0 || in->bonus_cap > APPR_POINTS_MAX)) ||
        (in->has_deduction_cap && !in->deduction_cap_null &&
         (in->deduction_cap < 0 || in->deduction_cap > APPR_POINTS_MAX)))
        return error_set(e, ERR_INVALID_VALUE,
                         in->bonus_cap < 0 || in->bonus_cap > APPR_POINTS_MAX ? "bonus_cap" : "deduction_cap",
                         "加分、扣分上限应为 0 到 1000000 分", "caps must be 0 to 1,000,000 points");
    if ((got = input_integer(body, "appeal_days", false, NULL, &v, e)) < 0)
        return -1;
    if (got && (v < 0 || v > 365))
        return error_set(e, ERR_INVALID_VALUE, "appeal_days", "申诉期应为 0 到 365 天",
                         "appeal_days must be 0 to 365");
    in->has_appeal_days = got == 1;
    in->appeal_days = (int)v;
    if ((got = appr_input_text(body, "issuing_office", NULL, 100, false, &in->issuing_office, e)) < 0)
        return -1;
    in->has_issuing_office = got == 1;
    if ((got = appr_input_text(body, "notice_title", NULL, 200, false, &in->notice_title, e)) < 0)
        return -1;
    in->has_notice_title = got == 1;
    return 0;
}

static int respond_scheme(struct request *r, int status, int64_t id, struct error *e)
{
    struct appr_structure s;
    if (store_appr_structure_get(r->store, r->tenant, id, 0, &r->arena, &s, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    appr_json_structure(&sb, &s);
    return respond_sb(r, status, &sb, e);
}

int handle_appr_scheme_create(struct request *r, struct error *e)
{
    json_t *body;
    if (input_json_object(r, &body, e) != 0)
        return -1;
    struct appr_scheme_input in;
    struct appr_scheme_row out;
    int rc = read_scheme_input(body, true, &in, e) == 0 &&
                     store_appr_scheme_create(r->store, r->tenant, &r->actor, &in, &r->arena, &out, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    return rc == 0 ? respond_scheme(r, 201, out.id, e) : -1;
}

int handle_appr_scheme_get(struct request *r, struct error *e)
{
    int64_t id;
    return appr_scheme_id(r, &id, e) == 0 ? respond_scheme(r, 200, id, e) : -1;
}

int handle_appr_scheme_update(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    if (appr_scheme_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    struct appr_scheme_input in;
    struct appr_scheme_row out;
    int rc =
        read_scheme_input(body, false, &in, e) == 0 &&
                store_appr_scheme_update(r->store, r->tenant, &r->actor, id, &in, &r->arena, &out, e) == 0
            ? 0
            : -1;
    json_decref(body);
    return rc == 0 ? respond_scheme(r, 200, id, e) : -1;
}

int handle_appr_scheme_delete(struct request *r, struct error *e)
{
    int64_t id;
    if (appr_scheme_id(r, &id, e) != 0 ||
        store_appr_scheme_delete(r->store, r->tenant, &r->actor, id, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}

int handle_appr_scheme_copy(struct request *r, struct error *e)
{
    static const char *const fields[] = {"year", "name", NULL};
    int64_t id, year = 0;
    json_t *body;
    if (appr_scheme_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    const char *name = NULL;
    struct appr_scheme_row out;
    int got = 0;
    int rc = input_only_fields(body, fields, e) == 0 &&
                     (got = input_integer(body, "year", false, NULL, &year, e)) >= 0 &&
                     appr_input_text(body, "name", NULL, 100, false, &name, e) >= 0
                 ? 0
                 : -1;
    if (rc == 0 && (!got || year < 2000 || year > 2100))
        rc = error_set(e, got ? ERR_INVALID_VALUE : ERR_MISSING_FIELD, "year", "年度应为 2000 到 2100",
                       "year must be 2000 to 2100");
    if (rc == 0)
        rc = store_appr_scheme_copy(r->store, r->tenant, &r->actor, id, (int)year, name, &r->arena, &out, e);
    json_decref(body);
    return rc == 0 ? respond_scheme(r, 201, out.id, e) : -1;
}

int handle_appr_structure_put(struct request *r, struct error *e)
{
    int64_t id;
    json_t *body;
    if (appr_scheme_id(r, &id, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    struct appr_structure in;
    int rc = appr_parse_structure(body, &r->arena, &in, e) == 0 &&
                     store_appr_structure_put(r->store, r->tenant, &r->actor, id, &in, e) == 0
                 ? 0
                 : -1;
    json_decref(body);
    return rc == 0 ? respond_scheme(r, 200, id, e) : -1;
}

static int transition(struct request *r, enum appr_transition t, struct error *e)
{
    int64_t id;
    if (appr_scheme_id(r, &id, e) != 0)
        return -1;
    const char *reason = NULL;
    if (t != APPR_OPEN) {
        static const char *const fields[] = {"reason", NULL};
        json_t *body;
        if (input_json_object(r, &body, e) != 0)
            return -1;
        int rc = input_only_fields(body, fields, e) == 0 &&
                         appr_input_text(body, "reason", NULL, 500, true, &reason, e) == 1 &&
                         store_appr_scheme_transition(r->store, r->tenant, &r->actor, id, t, reason, e) == 0
                     ? 0
                     : -1;
        json_decref(body);
        if (rc != 0)
            return -1;
    } else if (store_appr_scheme_transition(r->store, r->tenant, &r->actor, id, t, NULL, e) != 0) {
        return -1;
    }
    return respond_scheme(r, 200, id, e);
}

int handle_appr_scheme_open(struct request *r, struct error *e)
{
    return transition(r, APPR_OPEN, e);
}

int handle_appr_scheme_revise(struct request *r, struct error *e)
{
    return transition(r, APPR_REVISE, e);
}

int handle_appr_scheme_reopen(struct request *r, struct error *e)
{
    return transition(r, APPR_REOPEN, e);
}

int handle_appr_sources_refresh(struct request *r, struct error *e)
{
    int64_t id;
    size_t updated, skipped;
    if (appr_scheme_id(r, &id, e) != 0 ||
        store_appr_sources_refresh(r->store, r->tenant, &r->actor, id, &updated, &skipped, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "{\"updated\":%zu,\"skipped\":%zu}", updated, skipped);
    return respond_sb(r, 200, &sb, e);
}
