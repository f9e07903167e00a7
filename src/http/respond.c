/* Building responses, and the one error shape every failure is answered with. */
#include "http/request.h"

#include "base/log.h"
#include "base/secret.h"

#include <string.h>

#include "base/banned.h"

static const char json_content_type[] = "application/json; charset=utf-8";

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 422: return "Unprocessable Entity";
    default: return status < 500 ? "Error" : "Internal Server Error";
    }
}

void respond_header(struct request *r, const h2o_token_t *token, const char *value, size_t len)
{
    h2o_add_header(&r->req->pool, &r->req->res.headers, token, NULL, value, len);
}

void respond_bytes(struct request *r, int status, const char *content_type, const char *body, size_t len)
{
    h2o_req_t *req = r->req;
    req->res.status = status;
    req->res.reason = reason(status);
    req->res.content_length = len;
    if (content_type)
        respond_header(r, H2O_TOKEN_CONTENT_TYPE, content_type, strlen(content_type));
    r->status = status;
    r->bytes = len;
    h2o_send_inline(req, body, len);
}

void respond_empty(struct request *r, int status)
{
    r->req->res.status = status;
    r->req->res.reason = reason(status);
    r->status = status;
    r->bytes = 0;
    static h2o_generator_t generator = {NULL, NULL};
    h2o_start_response(r->req, &generator);
    h2o_send(r->req, NULL, 0, H2O_SEND_STATE_FINAL);
}

void respond_json(struct request *r, int status, json_t *json)
{
    char *body = json_dumps(json, JSON_COMPACT);
    if (!body) {
        struct error e;
        error_set(&e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
        respond_error(r, &e);
        return;
    }
    respond_bytes(r, status, json_content_type, body, strlen(body));
    free(body);
}

int respond_strbuf(struct request *r, int status, const struct strbuf *sb, struct error *e)
{
    if (sb->failed || !sb->buf)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    respond_bytes(r, status, json_content_type, sb->buf, sb->len);
    return 0;
}

int error_http_status(enum error_code code)
{
    switch (code) {
    case ERR_BAD_JSON:
    case ERR_BAD_QUERY: return 400;
    case ERR_MISSING_FIELD:
    case ERR_UNKNOWN_FIELD:
    case ERR_WRONG_TYPE:
    case ERR_TOO_LONG:
    case ERR_INVALID_VALUE:
    case ERR_CYCLE:
    case ERR_NO_SHEET:
    case ERR_NO_HEADER:
    case ERR_INVALID_ROWS: return 422;
    case ERR_BAD_FILE: return 400;
    case ERR_NOT_FOUND: return 404;
    case ERR_METHOD_NOT_ALLOWED: return 405;
    case ERR_DUPLICATE:
    case ERR_HAS_CHILDREN: return 409;
    case ERR_TOO_LARGE: return 413;
    case ERR_MEDIA_TYPE: return 415;
    case ERR_URI_TOO_LONG: return 414;
    case ERR_HEADERS_TOO_LARGE: return 431;
    case ERR_UNAUTHENTICATED:
    case ERR_BAD_CREDENTIALS: return 401;
    case ERR_FORBIDDEN:
    case ERR_CSRF:
    case ERR_BAD_ORIGIN: return 403;
    case ERR_TOO_MANY_ATTEMPTS: return 429;
    case ERR_BUSY: return 503;
    case ERR_INVALID_STATE:
    case ERR_IN_USE: return 409;
    case ERR_NONE:
    case ERR_INTERNAL: break;
    }
    return 500;
}

void respond_error(struct request *r, const struct error *e)
{
    json_t *inner = json_object(), *outer = json_object();
    if (inner && outer) {
        if (e->code == ERR_BUSY) /* another write holds the database for a while yet */
            respond_header(r, H2O_TOKEN_RETRY_AFTER, H2O_STRLIT("5"));
        json_object_set_new(inner, "code", json_string(error_code_name(e->code)));
        json_object_set_new(inner, "message", json_string(r->lang == LANG_EN ? e->message_en : e->message_zh));
        json_object_set_new(inner, "message_zh", json_string(e->message_zh));
        json_object_set_new(inner, "message_en", json_string(e->message_en));
        if (e->field[0])
            json_object_set_new(inner, "field", json_string(e->field));
        if (error_http_status(e->code) >= 500) {
            /* the id ties what the client saw to the server's log, which holds the details */
            char id[SECRET_TOKEN_SIZE];
            secret_token("", id);
            id[16] = '\0';
            json_object_set_new(inner, "id", json_string(id));
            log_error("request failed with error id %s: %s", id, e->message_en);
        }
        json_object_set(outer, "error", inner);
    }
    char *body = outer ? json_dumps(outer, JSON_COMPACT) : NULL;
    json_decref(inner);
    json_decref(outer);
    static const char fallback[] = "{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}";
    int status = error_http_status(e->code);
    respond_bytes(r, status, json_content_type, body ? body : fallback, body ? strlen(body) : sizeof(fallback) - 1);
    free(body);
}
