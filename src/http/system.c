/* Health, version and the API description. */
#include <string.h>

#include "base/embedded.h"
#include "http/handlers.h"
#include "base/banned.h"

extern const struct embedded_file api_doc_files[];
extern const size_t api_doc_files_count;

#ifndef PACESETTER_VERSION
#define PACESETTER_VERSION "0.1.0"
#endif

int handle_healthz(struct request *r, struct error *e)
{
    static const char body[] = "{\"status\":\"ok\"}";
    respond_bytes(r, 200, "application/json; charset=utf-8", body, sizeof(body) - 1);
    return 0;
}

int handle_version(struct request *r, struct error *e)
{
    json_t *v = json_pack("{s:s, s:s, s:i}", "name", "pacesetter", "version", PACESETTER_VERSION, "schema_version",
                          store_schema_version_latest());
    if (!v)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    respond_json(r, 200, v);
    json_decref(v);
    return 0;
}

int handle_openapi(struct request *r, struct error *e)
{
    const struct embedded_file *f = embedded_find(api_doc_files, api_doc_files_count, H2O_STRLIT("/openapi.json"));
    if (!f)
        return error_set(e, ERR_NOT_FOUND, NULL, "接口文档缺失", "the API description is missing");
    respond_bytes(r, 200, "application/json; charset=utf-8", (const char *)f->data, f->len);
    return 0;
}
