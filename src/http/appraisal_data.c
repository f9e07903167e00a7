/* Each subject's appraisal data and its review: the caller's subjects, one subject's data, submit, return,
 * accept. */
#include <stdio.h>
#include <string.h>

#include "base/json_escape.h"
#include "http/appraisal_json.h"
#include "http/handlers.h"
#include "http/input.h"
#include "base/banned.h"

#define VALUES_MAX 5000
#define RATINGS_MAX 1000
#define NOTE_MAX 500

static int subject_param(struct request *r, int64_t *scheme, int64_t *subject, struct error *e)
{
    if (appr_scheme_id(r, scheme, e) != 0)
        return -1;
    if (input_id(r->params[1], subject) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "考核对象不存在", "no such subject in this scheme");
    return 0;
}

static void subject_json(struct strbuf *sb, const struct appr_subject_row *x)
{
    strbuf_addf(sb, "{\"subject_id\":%lld,\"name\":", (long long)x->id);
    json_escape(sb, x->name, strlen(x->name));
    strbuf_addf(sb, ",\"group_id\":%lld,\"state\":\"%s\",\"comment\":", (long long)x->group_id,
                appr_subject_state_name(x->state));
    json_escape(sb, x->comment, strlen(x->comment));
    strbuf_addf(sb, ",\"updated_at\":\"%s\"}", x->updated_at);
}

int handle_appr_data_list(struct request *r, struct error *e)
{
    int64_t id;
    struct appr_subject_row *items;
    size_t n;
    if (appr_scheme_id(r, &id, e) != 0 ||
        store_appr_subjects_list(r->store, r->tenant, id, r->scope, &r->arena, &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        subject_json(&sb, &items[i]);
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

static void data_json(struct strbuf *sb, const struct appr_subject_data *d)
{
    subject_json(sb, &d->subject);
    sb->len--;
    strbuf_addstr(sb, ",\"values\":[");
    for (size_t i = 0; i < d->n_values; i++) {
        const struct appr_value_row *v = &d->values[i];
        strbuf_addf(sb, "%s{\"indicator_id\":%lld,\"target\":", i ? "," : "", (long long)v->indicator_id);
        if (v->has_target)
            appr_json_decimal(sb, v->target);
        else
            strbuf_addstr(sb, "null");
        strbuf_addstr(sb, ",\"actual\":");
        if (v->has_actual)
            appr_json_decimal(sb, v->actual);
        else
            strbuf_addstr(sb, "null");
        strbuf_addstr(sb, ",\"ratings\":");
        if (v->has_ratings) {
            strbuf_addch(sb, '[');
            for (size_t k = 0; k < v->n_ratings; k++) {
                if (k)
                    strbuf_addch(sb, ',');
                appr_json_decimal(sb, v->ratings[k]);
            }
            strbuf_addch(sb, ']');
        } else {
            strbuf_addstr(sb, "null");
        }
        strbuf_addstr(sb, ",\"note\":");
        json_escape(sb, v->note, strlen(v->note));
        strbuf_addch(sb, '}');
    }
    strbuf_addstr(sb, "],\"items\":[");
    for (size_t i = 0; i < d->n_items; i++) {
        strbuf_addf(sb, "%s{\"indicator_id\":%lld,\"points\":", i ? "," : "",
                    (long long)d->items[i].indicator_id);
        appr_json_points(sb, d->items[i].points);
        strbuf_addstr(sb, ",\"reason\":");
        json_escape(sb, d->items[i].reason, strlen(d->items[i].reason));
        strbuf_addch(sb, '}');
    }
    strbuf_addstr(sb, "]}");
}

static int respond_data(struct request *r, int64_t scheme, int64_t subject, struct error *e)
{
    struct appr_subject_data d;
    if (store_appr_data_get(r->store, r->tenant, scheme, subject, r->scope, &r->arena, &d, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    data_json(&sb, &d);
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_appr_data_get(struct request *r, struct error *e)
{
    int64_t scheme, subject;
    return subject_param(r, &scheme, &subject, e) == 0 ? respond_data(r, scheme, subject, e) : -1;
}

static int read_ratings(json_t *o, const char *path, struct arena *a, struct appr_value_row *v,
                        struct error *e)
{
    json_t *list = json_object_get(o, "ratings");
    char field[64];
    appr_field(field, sizeof(field), "%s.ratings", path);
    if (!list || json_is_null(list))
        return 0;
    if (!json_is_array(list) || json_array_size(list) > RATINGS_MAX)
        return error_set(e, ERR_WRONG_TYPE, field, "“%s”应为至多 %d 个评分的数组",
                         "\"%s\" must be an array of at most %d ratings", field, RATINGS_MAX);
    v->has_ratings = true;
    v->n_ratings = json_array_size(list);
    if (!(v->ratings = arena_alloc(a, (v->n_ratings + 1) * sizeof(int64_t))))
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t k = 0; k < v->n_ratings; k++) {
        json_t *wrap = json_pack("{sO}", "r", json_array_get(list, k));
        char item[80];
        appr_field(item, sizeof(item), "%s[%zu]", field, k);
        int got = wrap ? appr_input_decimal(wrap, "r", NULL, false, NULL, &v->ratings[k], e) : -1;
        json_decref(wrap);
        if (got != 1) {
            appr_field(e->field, sizeof(e->field), "%s", item);
            return -1;
        }
        if (v->ratings[k] < 0 || v->ratings[k] > 100 * (int64_t)1000000)
            return error_set(e, ERR_INVALID_VALUE, item, "评分应在 0 到 100 之间", "a rating is 0 to 100");
    }
    return 0;
}

static int read_data(json_t *body, struct arena *a, struct appr_subject_data *d, struct error *e)
{
    static const char *const fields[] = {"values", "items", NULL};
    static const char *const value_fields[] = {"indicator_id", "target", "actual", "ratings", "note", NULL};
    static const char *const item_fields[] = {"indicator_id", "points", "reason", NULL};
    *d = (struct appr_subject_data){0};
    if (input_only_fields(body, fields, e) != 0)
        return -1;
    json_t *values = json_object_get(body, "values"), *items = json_object_get(body, "items");
    if ((values && !json_is_array(values)) || (items && !json_is_array(items)) ||
        json_array_size(values) + json_array_size(items) > VALUES_MAX)
        return error_set(e, ERR_WRONG_TYPE, values && !json_is_array(values) ? "values" : "items",
                         "values 与 items 应为数组（合计至多 %d 项）",
                         "values and items must be arrays (at most %d in all)", VALUES_MAX);
    d->n_values = json_array_size(values);
    d->n_items = json_array_size(items);
    d->values = arena_calloc(a, (d->n_values + 1) * sizeof(*d->values));
    d->items = arena_calloc(a, (d->n_items + 1) * sizeof(*d->items));
    if (!d->values || !d->items)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (size_t i = 0; i < d->n_values; i++) {
        char path[48];
        appr_field(path, sizeof(path), "values[%zu]", i);
        json_t *o = json_array_get(values, i);
        struct appr_value_row *v = &d->values[i];
        bool null;
        int got;
        if (!json_is_object(o))
            return error_set(e, ERR_WRONG_TYPE, path, "“%s”应为对象", "\"%s\" must be an object", path);
        if (appr_only_fields(o, value_fields, path, e) != 0)
            return -1;
        json_t *ind = json_object_get(o, "indicator_id");
        if (!json_is_integer(ind)) {
            char field[64];
            appr_field(field, sizeof(field), "%s.indicator_id", path);
            return error_set(e, ind ? ERR_WRONG_TYPE : ERR_MISSING_FIELD, field, "“%s”应为指标编号",
                             "\"%s\" must be an indicator id", field);
        }
        v->indicator_id = json_integer_value(ind);
        if ((got = appr_input_decimal(o, "target", path, true, &null, &v->target, e)) < 0)
            return -1;
        v->has_target = got && !null;
        if ((got = appr_input_decimal(o, "actual", path, true, &null, &v->actual, e)) < 0)
            return -1;
        v->has_actual = got && !null;
        if (read_ratings(o, path, a, v, e) != 0 ||
            appr_input_text(o, "note", path, NOTE_MAX, false, &v->note, e) < 0)
            return -1;
    }
    for (size_t i = 0; i < d->n_items; i++) {
        char path[48];
        appr_field(path, sizeof(path), "items[%zu]", i);
        json_t *o = json_array_get(items, i);
        struct appr_item_row *it = &d->items[i];
        if (!json_is_object(o))
            return error_set(e, ERR_WRONG_TYPE, path, "“%s”应为对象", "\"%s\" must be an object", path);
        if (appr_only_fields(o, item_fields, path, e) != 0)
            return -1;
        json_t *ind = json_object_get(o, "indicator_id");
        char field[64];
        appr_field(field, sizeof(field), "%s.indicator_id", path);
        if (!json_is_integer(ind))
            return error_set(e, ind ? ERR_WRONG_TYPE : ERR_MISSING_FIELD, field, "“%s”应为指标编号",
                             "\"%s\" must be an indicator id", field);
        it->indicator_id = json_integer_value(ind);
        int got = appr_input_points(o, "points", path, false, NULL, &it->points, e);
        appr_field(field, sizeof(field), "%s.points", path);
        if (got < 0)
            return -1;
        if (got == 0 || it->points < 0 || it->points > APPR_POINTS_MAX)
            return error_set(e, got ? ERR_INVALID_VALUE : ERR_MISSING_FIELD, field,
                             "“%s”应为 0 到 1000000 的分值", "\"%s\" must be points from 0 to 1,000,000",
                             field);
        if (appr_input_text(o, "reason", path, NOTE_MAX, false, &it->reason, e) < 0)
            return -1;
    }
    return 0;
}

int handle_appr_data_put(struct request *r, struct error *e)
{
    int64_t scheme, subject;
    json_t *body;
    if (subject_param(r, &scheme, &subject, e) != 0 || input_json_object(r, &body, e) != 0)
        return -1;
    struct appr_subject_data d;
    bool office = role_may(r->session->user.role, ACTION_APPRAISAL_MANAGE);
    int rc =
        read_data(body, &r->arena, &d, e) == 0 && store_appr_data_put(r->store, r->tenant, &r->actor, scheme,
                                                                      subject, r->scope, office, &d, e) == 0
            ? 0
            : -1;
    json_decref(body);
    return rc == 0 ? respond_data(r, scheme, subject, e) : -1;
}

static int review(struct request *r, enum appr_review action, struct error *e)
{
    int64_t scheme, subject;
    if (subject_param(r, &scheme, &subject, e) != 0)
        return -1;
    const char *comment = NULL;
    json_t *body = NULL;
    if (action == APPR_RETURN) {
        static const char *const fields[] = {"comment", NULL};
        if (input_json_object(r, &body, e) != 0)
            return -1;
        if (input_only_fields(body, fields, e) != 0 ||
            appr_input_text(body, "comment", NULL, NOTE_MAX, true, &comment, e) != 1) {
            json_decref(body);
            return -1;
        }
    }
    int rc = store_appr_review(r->store, r->tenant, &r->actor, scheme, subject, r->scope, action, comment, e);
    json_decref(body);
    return rc == 0 ? respond_data(r, scheme, subject, e) : -1;
}

int handle_appr_data_submit(struct request *r, struct error *e)
{
    return review(r, APPR_SUBMIT, e);
}

int handle_appr_data_return(struct request *r, struct error *e)
{
    return review(r, APPR_RETURN, e);
}

int handle_appr_data_accept(struct request *r, struct error *e)
{
    return review(r, APPR_ACCEPT, e);
}
