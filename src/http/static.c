/*
 * The embedded web UI: correct content types, gzip when the client accepts it, ETag with
 * If-None-Match, and a year-long cache for hashed asset names (index.html is always revalidated).
 * Unknown paths without a file extension get index.html, so the single-page app can route.
 */
#include <string.h>

#include "base/embedded.h"
#include "http/handlers.h"
#include "base/banned.h"

extern const struct embedded_file web_assets[];
extern const size_t web_assets_count;

static const char *content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".json", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},             {".png", "image/png"},
        {".ico", "image/x-icon"},              {".woff2", "font/woff2"},
        {".woff", "font/woff"},                {".ttf", "font/ttf"},
        {".txt", "text/plain; charset=utf-8"}, {".map", "application/json; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

static bool header_has(h2o_req_t *req, const h2o_token_t *token, const char *needle, size_t len)
{
    ssize_t i = h2o_find_header(&req->headers, token, -1);
    return i >= 0 && h2o_contains_token(req->headers.entries[i].value.base, req->headers.entries[i].value.len, needle,
                                        len, ',');
}

int handle_static(struct request *r, struct error *e)
{
    h2o_req_t *req = r->req;
    size_t path_len = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
    const char *path = req->path.base;
    const struct embedded_file *f = NULL;
    if (path_len == 1 && path[0] == '/')
        f = embedded_find(web_assets, web_assets_count, H2O_STRLIT("/index.html"));
    else
        f = embedded_find(web_assets, web_assets_count, path, path_len);
    if (!f) {
        size_t base = path_len;
        while (base > 0 && path[base - 1] != '/')
            base--;
        bool has_ext = memchr(path + base, '.', path_len - base) != NULL;
        if (has_ext)
            return error_set(e, ERR_NOT_FOUND, NULL, "文件不存在", "no such file");
        f = embedded_find(web_assets, web_assets_count, H2O_STRLIT("/index.html"));
        if (!f)
            return error_set(e, ERR_NOT_FOUND, NULL, "界面未打包进程序", "the web UI is not built into this binary");
    }
    bool hashed = strncmp(f->path, "/assets/", 8) == 0;
    respond_header(r, H2O_TOKEN_ETAG, f->etag, strlen(f->etag));
    respond_header(r, H2O_TOKEN_CACHE_CONTROL,
                   hashed ? "public, max-age=31536000, immutable" : "no-cache",
                   hashed ? strlen("public, max-age=31536000, immutable") : strlen("no-cache"));
    if (f->gzip)
        respond_header(r, H2O_TOKEN_VARY, H2O_STRLIT("Accept-Encoding"));

    ssize_t inm = h2o_find_header(&req->headers, H2O_TOKEN_IF_NONE_MATCH, -1);
    if (inm >= 0 && h2o_memis(req->headers.entries[inm].value.base, req->headers.entries[inm].value.len, f->etag,
                              strlen(f->etag))) {
        respond_empty(r, 304);
        return 0;
    }
    const char *type = content_type(f->path);
    respond_header(r, H2O_TOKEN_CONTENT_TYPE, type, strlen(type));
    bool gz = f->gzip && header_has(req, H2O_TOKEN_ACCEPT_ENCODING, H2O_STRLIT("gzip"));
    if (gz)
        respond_header(r, H2O_TOKEN_CONTENT_ENCODING, H2O_STRLIT("gzip"));
    static h2o_generator_t generator = {NULL, NULL};
    h2o_iovec_t body = gz ? h2o_iovec_init(f->gzip, f->gzip_len) : h2o_iovec_init(f->data, f->len);
    req->res.status = 200;
    req->res.reason = "OK";
    req->res.content_length = body.len;
    r->status = 200;
    r->bytes = body.len;
    h2o_start_response(req, &generator);
    if (h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD")))
        h2o_send(req, NULL, 0, H2O_SEND_STATE_FINAL);
    else
        h2o_send(req, &body, 1, H2O_SEND_STATE_FINAL);
    return 0;
}
