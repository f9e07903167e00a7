/*
 * Photos of a month's progress: uploaded as the raw image or a form's "file" part, recognised by
 * their bytes (JPEG, PNG, WebP), stored in the database, and served back only as images (their
 * sniffed type, nosniff, inline under a generated name): never as a page a browser would run.
 */
#include <stdio.h>
#include <string.h>

#include "base/json_escape.h"
#include "domain/image.h"
#include "http/handlers.h"
#include "http/input.h"
#include "http/multipart.h"
#include "base/banned.h"

static void photo_json(struct strbuf *sb, const struct photo *p)
{
    strbuf_addf(sb,
                "{\"id\":%lld,\"project_id\":%lld,\"month\":\"%s\",\"content_type\":\"%s\",\"size\":%lld,"
                "\"uploaded_by\":",
                (long long)p->id, (long long)p->project_id, p->month, p->content_type, (long long)p->size);
    json_escape(sb, p->uploaded_by, strlen(p->uploaded_by));
    strbuf_addf(sb, ",\"created_at\":\"%s\",\"url\":\"/api/v1/photos/%lld\"}", p->created_at,
                (long long)p->id);
}

/* {id} and {month} of …/projects/{id}/reports/{month}/photos. */
static int report_path(struct request *r, int64_t *project_id, char month[8], struct error *e)
{
    if (input_id(r->params[0], project_id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "项目不存在", "no such project");
    h2o_iovec_t m = r->params[1];
    if (m.len != 7)
        return error_set(e, ERR_INVALID_VALUE, "month", "月份应为 YYYY-MM 格式", "the month must be YYYY-MM");
    memcpy(month, m.base, 7);
    month[7] = '\0';
    if (month_parse(month, 7) < 0)
        return error_set(e, ERR_INVALID_VALUE, "month", "月份应为 YYYY-MM 格式", "the month must be YYYY-MM");
    return 0;
}

int handle_photos_list(struct request *r, struct error *e)
{
    int64_t project_id;
    char month[8];
    struct photo *items;
    size_t n;
    if (report_path(r, &project_id, month, e) != 0 ||
        store_photos_list(r->store, r->tenant, r->scope, r->scope_enterprise, project_id, month, &r->arena,
                          &items, &n, e) != 0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        photo_json(&sb, &items[i]);
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_photo_upload(struct request *r, struct error *e)
{
    int64_t project_id;
    char month[8];
    struct upload up;
    enum image_type type;
    struct photo p;
    if (report_path(r, &project_id, month, e) != 0 || multipart_upload(r, &up, e) != 0 ||
        image_check(up.data, up.len, &type, e) != 0 ||
        store_photo_add(r->store, r->tenant, r->scope, project_id, month, up.data, up.len,
                        image_content_type(type), &r->actor, &r->arena, &p, e) != 0)
        return -1;
    char location[64];
    int n = snprintf(location, sizeof(location), "/api/v1/photos/%lld", (long long)p.id);
    respond_header(r, H2O_TOKEN_LOCATION, h2o_strdup(&r->req->pool, location, (size_t)n).base, (size_t)n);
    struct strbuf sb = STRBUF_INIT;
    photo_json(&sb, &p);
    int rc = respond_strbuf(r, 201, &sb, e);
    strbuf_release(&sb);
    return rc;
}

static int photo_id(struct request *r, int64_t *id, struct error *e)
{
    if (input_id(r->params[0], id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "照片不存在", "no such photo");
    return 0;
}

int handle_photo_get(struct request *r, struct error *e)
{
    int64_t id;
    struct photo p;
    if (photo_id(r, &id, e) != 0 ||
        store_photo_get(r->store, r->tenant, r->scope, r->scope_enterprise, id, &r->arena, &p, e) != 0)
        return -1;
    /* the type is the one sniffed when it was stored, and checked again now: never anything but an image */
    enum image_type type = image_sniff(p.data, (size_t)p.size);
    if (type == IMAGE_NONE)
        return error_set(e, ERR_INTERNAL, NULL, "照片已损坏", "the stored photo is damaged");
    char disposition[96];
    int n = snprintf(disposition, sizeof(disposition), "inline; filename=\"photo-%lld.%s\"", (long long)id,
                     image_extension(type));
    respond_header(r, H2O_TOKEN_CONTENT_DISPOSITION, h2o_strdup(&r->req->pool, disposition, (size_t)n).base,
                   (size_t)n);
    static const char cache[] = "private, max-age=86400";
    respond_header(r, H2O_TOKEN_CACHE_CONTROL, cache, sizeof(cache) - 1);
    respond_bytes(r, 200, image_content_type(type), p.data, (size_t)p.size);
    return 0;
}

int handle_photo_delete(struct request *r, struct error *e)
{
    int64_t id;
    if (photo_id(r, &id, e) != 0 || store_photo_delete(r->store, r->tenant, r->scope, id, &r->actor, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}
