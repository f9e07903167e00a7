/* The error type: see error.h. */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/banned.h"

/*
 * Both messages use the same arguments in the same order, so one va_list serves both formats;
 * a translation that needs another order is written as a separate error_set call.
 */
int error_set(struct error *e, enum error_code code, const char *field, const char *zh, const char *en, ...)
{
    e->code = code;
    snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
    va_list ap, ap2;
    va_start(ap, en);
    va_copy(ap2, ap);
    vsnprintf(e->message_zh, sizeof(e->message_zh), zh, ap);
    vsnprintf(e->message_en, sizeof(e->message_en), en, ap2);
    va_end(ap2);
    va_end(ap);
    return -1;
}

int error_set_text(struct error *e, enum error_code code, const char *field, const char *zh, const char *en)
{
    /* the texts may be e's own (a check's error given another code or field): copy first */
    struct error copy = {.code = code};
    snprintf(copy.field, sizeof(copy.field), "%s", field ? field : "");
    snprintf(copy.message_zh, sizeof(copy.message_zh), "%s", zh);
    snprintf(copy.message_en, sizeof(copy.message_en), "%s", en);
    *e = copy;
    return -1;
}

void error_clear(struct error *e)
{
    e->code = ERR_NONE;
    e->field[0] = e->message_zh[0] = e->message_en[0] = '\0';
}

const char *error_code_name(enum error_code code)
{
    switch (code) {
    case ERR_NONE: return "none";
    case ERR_BAD_JSON: return "bad_json";
    case ERR_BAD_QUERY: return "bad_query";
    case ERR_MISSING_FIELD: return "missing_field";
    case ERR_UNKNOWN_FIELD: return "unknown_field";
    case ERR_WRONG_TYPE: return "wrong_type";
    case ERR_TOO_LONG: return "too_long";
    case ERR_INVALID_VALUE: return "invalid_value";
    case ERR_CYCLE: return "cycle";
    case ERR_NOT_FOUND: return "not_found";
    case ERR_METHOD_NOT_ALLOWED: return "method_not_allowed";
    case ERR_DUPLICATE: return "duplicate";
    case ERR_HAS_CHILDREN: return "has_children";
    case ERR_TOO_LARGE: return "too_large";
    case ERR_HEADERS_TOO_LARGE: return "headers_too_large";
    case ERR_URI_TOO_LONG: return "uri_too_long";
    case ERR_MEDIA_TYPE: return "unsupported_media_type";
    case ERR_UNAUTHENTICATED: return "unauthenticated";
    case ERR_BAD_CREDENTIALS: return "bad_credentials";
    case ERR_FORBIDDEN: return "forbidden";
    case ERR_CSRF: return "csrf_failed";
    case ERR_BAD_ORIGIN: return "bad_origin";
    case ERR_TOO_MANY_ATTEMPTS: return "too_many_attempts";
    case ERR_BAD_FILE: return "bad_file";
    case ERR_NO_SHEET: return "no_sheet";
    case ERR_NO_HEADER: return "no_header";
    case ERR_INVALID_ROWS: return "invalid_rows";
    case ERR_BUSY: return "busy";
    case ERR_INVALID_STATE: return "invalid_state";
    case ERR_IN_USE: return "in_use";
    case ERR_INTERNAL: return "internal";
    }
    return "internal";
}
