/*
 * Evidence files (佐证材料) of an appraisal subject: uploaded as a form's "file" part (its name
 * kept, for the download) or the raw bytes, recognised by their bytes (PDF, JPEG, PNG, WebP, .xlsx,
 * .docx: io/evidence_file.h), listed, downloaded as an attachment of their sniffed type, removed.
 * Scoped like the subject's data: a subject outside the caller's unit subtree is not found.
 */
#include <stdio.h>
#include <string.h>

#include "base/json_escape.h"
#include "base/utf8.h"
#include "http/handlers.h"
#include "http/input.h"
#include "http/multipart.h"
#include "io/evidence_file.h"
#include "base/banned.h"

static void evidence_json(struct strbuf *sb, const struct appr_evidence *x)
{
    strbuf_addf(sb, "{\"id\":%lld,\"scheme_id\":%lld,\"subject_id\":%lld,\"indicator_id\":", (long long)x->id,
                (long long)x->scheme_id, (long long)x->subject_id);
    if (x->indicator_id)
        strbuf_addf(sb, "%lld", (long long)x->indicator_id);
    else
        strbuf_addstr(sb, "null");
    strbuf_addstr(sb, ",\"file_name\":");
    json_escape(sb, x->file_name, strlen(x->file_name));
    strbuf_addf(sb, ",\"content_type\":\"%s\",\"size\":%lld,\"uploaded_by\":", x->content_type,
                (long long)x->size);
    json_escape(sb, x->uploaded_by, strlen(x->uploaded_by));
    strbuf_addf(sb, ",\"created_at\":\"%s\",\"url\":\"/api/v1/appraisal/evidence/%lld\"}", x->created_at,
                (long long)x->id);
}

static int subject_param(struct request *r, int64_t *scheme, int64_t *subject, struct error *e)
{
    if (appr_scheme_id(r, scheme, e) != 0)
        return -1;
    if (input_id(r->params[1], subject) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "考核对象不存在", "no such subject in this scheme");
    return 0;
}

/*
 * The name to keep: the last part of what the client sent (a browser may send a path), without
 * control characters, at most APPR_EVIDENCE_NAME_MAX characters; else 佐证材料.<ext>.
 */
static const char *file_name(struct request *r, const char *given, enum evidence_type t)
{
    const char *base = given ? given : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t len = strlen(base);
    if (len && utf8_valid(base, len) && !utf8_has_control(base, len) && !utf8_is_blank(base, len) &&
        utf8_count(base, len) <= APPR_EVIDENCE_NAME_MAX)
        return base;
    char fallback[64];
    snprintf(fallback, sizeof(fallback), "佐证材料.%s", evidence_extension(t));
    return arena_strndup(&r->arena, fallback, strlen(fallback));
}

int handle_appr_evidence_upload(struct request *r, struct error *e)
{
    int64_t scheme, subject, indicator = 0;
    struct query_param q[] = {{.name = "indicator_id"}, {.name = NULL}};
    struct upload up;
    enum evidence_type type;
    if (subject_param(r, &scheme, &subject, e) != 0 || input_query(r, q, e) != 0)
        return -1;
    if (q[0].value && input_query_int(&q[0], 1, INT64_MAX, &indicator, e) != 0)
        return -1;
    if (multipart_upload(r, &up, e) != 0 || evidence_check(up.data, up.len, &type, e) != 0)
        return -1;
    struct appr_evidence in = {.indicator_id = indicator,
                               .file_name = file_name(r, up.filename, type),
                               .content_type = evidence_content_type(type)},
                         out;
    if (!in.file_name)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    bool office = role_may(r->session->user.role, ACTION_APPRAISAL_MANAGE);
    if (store_appr_evidence_add(r->store, r->tenant, &r->actor, scheme, subject, r->scope, office, &in,
                                up.data, up.len, &r->arena, &out, e) != 0)
        return -1;
    char location[64];
    int n = snprintf(location, sizeof(location), "/api/v1/appraisal/evidence/%lld", (long long)out.id);
    respond_header(r, H2O_TOKEN_LOCATION, h2o_strdup(&r->req->pool, location, (size_t)n).base, (size_t)n);
    struct strbuf sb = STRBUF_INIT;
    evidence_json(&sb, &out);
    int rc = respond_strbuf(r, 201, &sb, e);
    strbuf_release(&sb);
    return rc;
}

int handle_appr_evidence_list(struct request *r, struct error *e)
{
    int64_t scheme, subject;
    struct appr_evidence *items;
    size_t n;
    if (subject_param(r, &scheme, &subject, e) != 0 ||
        store_appr_evidence_list(r->store, r->tenant, scheme, subject, r->scope, &r->arena, &items, &n, e) !=
            0)
        return -1;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        evidence_json(&sb, &items[i]);
    }
    strbuf_addstr(&sb, "]}");
    int rc = respond_strbuf(r, 200, &sb, e);
    strbuf_release(&sb);
    return rc;
}

static int evidence_id(struct request *r, int64_t *id, struct error *e)
{
    if (input_id(r->params[0], id) != 0)
        return error_set(e, ERR_NOT_FOUND, NULL, "佐证材料不存在", "no such evidence file");
    return 0;
}

/* attachment; filename="evidence-12.pdf"; filename*=UTF-8''<the kept name> (RFC 6266, RFC 5987) */
static void disposition(struct request *r, const struct appr_evidence *x, enum evidence_type t)
{
    static const char hex[] = "0123456789ABCDEF";
    char value[1024];
    int n = snprintf(value, sizeof(value), "attachment; filename=\"evidence-%lld.%s\"; filename*=UTF-8''",
                     (long long)x->id, evidence_extension(t));
    size_t used = n > 0 ? (size_t)n : 0;
    for (const unsigned char *p = (const unsigned char *)x->file_name; *p && used + 4 < sizeof(value); p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '_' || *p == '.') {
            value[used++] = (char)*p;
        } else {
            value[used++] = '%';
            value[used++] = hex[*p >> 4];
            value[used++] = hex[*p & 15];
        }
    }
    respond_header(r, H2O_TOKEN_CONTENT_DISPOSITION, h2o_strdup(&r->req->pool, value, used).base, used);
}

int handle_appr_evidence_get(struct request *r, struct error *e)
{
    int64_t id;
    struct appr_evidence x;
    if (evidence_id(r, &id, e) != 0 ||
        store_appr_evidence_get(r->store, r->tenant, id, r->scope, &r->arena, &x, e) != 0)
        return -1;
    /* served as what its bytes are, checked again now, and always as an attachment: never a page to run */
    enum evidence_type t = evidence_sniff(x.data, (size_t)x.size);
    if (t == EVIDENCE_NONE)
        return error_set(e, ERR_INTERNAL, NULL, "佐证材料已损坏", "the stored evidence file is damaged");
    disposition(r, &x, t);
    static const char cache[] = "private, max-age=86400";
    respond_header(r, H2O_TOKEN_CACHE_CONTROL, cache, sizeof(cache) - 1);
    respond_bytes(r, 200, evidence_content_type(t), x.data, (size_t)x.size);
    return 0;
}

int handle_appr_evidence_delete(struct request *r, struct error *e)
{
    int64_t id;
    bool office = r->session && role_may(r->session->user.role, ACTION_APPRAISAL_MANAGE);
    if (evidence_id(r, &id, e) != 0 ||
        store_appr_evidence_delete(r->store, r->tenant, &r->actor, id, r->scope, office, e) != 0)
        return -1;
    respond_empty(r, 204);
    return 0;
}
