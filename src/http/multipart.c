/* Finding the uploaded file in a request body; see multipart.h. */
#include "http/multipart.h"

#include <string.h>
#include <strings.h>

#include "base/banned.h"

#define BOUNDARY_MAX 70 /* RFC 2046 */

static const char *find(const char *hay, size_t len, const char *needle, size_t nlen)
{
    if (nlen == 0 || len < nlen)
        return NULL;
    for (const char *p = hay; (p = memchr(p, needle[0], (size_t)(hay + len - p) - nlen + 1)) != NULL; p++)
        if (memcmp(p, needle, nlen) == 0)
            return p;
    return NULL;
}

/* The value of `name=` in a header value (quoted or not), into out; false when absent. */
static bool header_param(const char *v, size_t len, const char *name, char *out, size_t size)
{
    size_t nlen = strlen(name);
    for (size_t i = 0; i + nlen + 1 <= len; i++) {
        if ((i > 0 && v[i - 1] != ';' && v[i - 1] != ' ') || strncasecmp(v + i, name, nlen) != 0 ||
            v[i + nlen] != '=')
            continue;
        const char *p = v + i + nlen + 1, *end = v + len;
        size_t o = 0;
        if (p < end && *p == '"') {
            for (p++; p < end && *p != '"' && o + 1 < size; p++)
                out[o++] = *p == '\\' && p + 1 < end ? *++p : *p;
        } else {
            for (; p < end && *p != ';' && *p != ' ' && o + 1 < size; p++)
                out[o++] = *p;
        }
        out[o] = '\0';
        return o > 0;
    }
    return false;
}

static int bad_form(struct error *e, const char *zh, const char *en)
{
    return error_set_text(e, ERR_BAD_FILE, "file", zh, en);
}

/* The part named "file" between the boundaries. */
static int find_part(struct request *r, const char *body, size_t len, const char *boundary, struct upload *out,
                     struct error *e)
{
    char delim[BOUNDARY_MAX + 8];
    int dlen = snprintf(delim, sizeof(delim), "--%s", boundary);
    const char *p = find(body, len, delim, (size_t)dlen), *end = body + len;
    while (p) {
        p += dlen;
        if (end - p >= 2 && memcmp(p, "--", 2) == 0)
            break; /* the closing boundary */
        const char *headers_end = find(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!headers_end)
            break;
        const char *content = headers_end + 4;
        char next_delim[BOUNDARY_MAX + 8];
        int nlen = snprintf(next_delim, sizeof(next_delim), "\r\n--%s", boundary);
        const char *next = find(content, (size_t)(end - content), next_delim, (size_t)nlen);
        if (!next)
            break;
        const char *disposition = find(p, (size_t)(headers_end - p), "Content-Disposition:", 20);
        if (!disposition)
            disposition = find(p, (size_t)(headers_end - p), "content-disposition:", 20);
        char name[64], filename[256];
        if (disposition) {
            const char *line_end = find(disposition, (size_t)(headers_end + 2 - disposition), "\r\n", 2);
            size_t dl = (size_t)((line_end ? line_end : headers_end) - disposition);
            if (header_param(disposition, dl, "name", name, sizeof(name)) && strcmp(name, "file") == 0) {
                out->data = content;
                out->len = (size_t)(next - content);
                out->filename = header_param(disposition, dl, "filename", filename, sizeof(filename))
                                    ? arena_strndup(&r->arena, filename, strlen(filename))
                                    : NULL;
                return 0;
            }
        }
        p = next + 2;
    }
    return bad_form(e, "上传的表单中没有名为 file 的文件", "the uploaded form has no part named file");
}

int multipart_upload(struct request *r, struct upload *out, struct error *e)
{
    *out = (struct upload){0};
    const char *body = r->req->entity.base;
    size_t len = body ? r->req->entity.len : 0;
    ssize_t i = h2o_find_header(&r->req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
    if (i < 0)
        return error_set(e, ERR_MEDIA_TYPE, NULL, "请以 multipart/form-data 上传文件", "upload the file as multipart/form-data");
    h2o_iovec_t ct = r->req->headers.entries[i].value;
    static const char *const raw_types[] = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                            "text/csv", "application/octet-stream", "image/jpeg", "image/png",
                                            "image/webp", "application/pdf",
                                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                            NULL};
    for (size_t k = 0; raw_types[k]; k++)
        if (ct.len >= strlen(raw_types[k]) && strncasecmp(ct.base, raw_types[k], strlen(raw_types[k])) == 0) {
            out->data = body ? body : "";
            out->len = len;
            return len ? 0 : bad_form(e, "上传的文件是空的", "the uploaded file is empty");
        }
    char boundary[BOUNDARY_MAX + 1];
    if (ct.len < 19 || strncasecmp(ct.base, "multipart/form-data", 19) != 0)
        return error_set(e, ERR_MEDIA_TYPE, NULL, "请以 multipart/form-data 上传文件", "upload the file as multipart/form-data");
    if (!header_param(ct.base, ct.len, "boundary", boundary, sizeof(boundary)))
        return bad_form(e, "multipart/form-data 缺少 boundary", "multipart/form-data without a boundary");
    if (find_part(r, body ? body : "", len, boundary, out, e) != 0)
        return -1;
    return out->len ? 0 : bad_form(e, "上传的文件是空的", "the uploaded file is empty");
}
