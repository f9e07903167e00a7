/*
 * One error type for the whole program: a code from one code space, the field at fault (if
 * any), and the message in Chinese and English. The domain and store fill it; the HTTP layer
 * turns it into the one error shape, the CLI prints it. Functions return 0 or -1 and fill it.
 */
#ifndef BASE_ERROR_H
#define BASE_ERROR_H

enum error_code {
    ERR_NONE = 0,
    ERR_BAD_JSON,
    ERR_BAD_QUERY,
    ERR_MISSING_FIELD,
    ERR_UNKNOWN_FIELD,
    ERR_WRONG_TYPE,
    ERR_TOO_LONG,
    ERR_INVALID_VALUE,
    ERR_CYCLE,
    ERR_NOT_FOUND,
    ERR_METHOD_NOT_ALLOWED,
    ERR_DUPLICATE,
    ERR_HAS_CHILDREN,
    ERR_TOO_LARGE,
    ERR_HEADERS_TOO_LARGE,
    ERR_URI_TOO_LONG,
    ERR_MEDIA_TYPE,
    ERR_UNAUTHENTICATED,
    ERR_BAD_CREDENTIALS,
    ERR_FORBIDDEN,
    ERR_CSRF,
    ERR_BAD_ORIGIN,
    ERR_TOO_MANY_ATTEMPTS,
    ERR_BAD_FILE,      /* not a spreadsheet, corrupt, or unsafe */
    ERR_NO_SHEET,      /* no sheet of the name asked for */
    ERR_NO_HEADER,     /* no row holds the headers the resource needs */
    ERR_INVALID_ROWS,  /* an import found bad cells; the cells are listed apart */
    ERR_BUSY,          /* the database stayed locked by another write (a large import): try again */
    ERR_INVALID_STATE, /* the action is not allowed in the record's present state */
    ERR_IN_USE,        /* the record is named by another (a benchmark goal's indicator or peer) and cannot be deleted */
    ERR_INTERNAL,
};

struct error {
    enum error_code code;
    char field[64];
    char message_zh[384];
    char message_en[384];
};

/* Sets all of e (field may be NULL). Messages are printf formats taking the same arguments. */
int error_set(struct error *e, enum error_code code, const char *field, const char *zh, const char *en, ...)
    __attribute__((format(printf, 5, 6)));
/* Sets all of e from messages that are plain text, not formats (texts made at run time); field, zh
 * and en may be e's own. */
int error_set_text(struct error *e, enum error_code code, const char *field, const char *zh, const char *en);
void error_clear(struct error *e);
const char *error_code_name(enum error_code code); /* "bad_json", … */

#endif
