/*
 * Reading what a client sent: the JSON body (an object, UTF-8, no duplicate keys, right
 * Content-Type), typed fields from it, and query parameters (percent-decoded, valid UTF-8,
 * unknown names refused). Every failure fills the error with the field or parameter at fault.
 */
#ifndef HTTP_INPUT_H
#define HTTP_INPUT_H

#include "http/request.h"

/* Parses the body; caller json_decref()s *out. */
int input_json_object(struct request *r, json_t **out, struct error *e);

/* Checks that every key of obj is one of `allowed` (NULL-terminated). */
int input_only_fields(json_t *obj, const char *const *allowed, struct error *e);
/* Field readers: return 1 when present, 0 when absent, -1 (e filled) when of the wrong type. */
int input_string(json_t *obj, const char *field, bool nullable, const char **out, size_t *len, struct error *e);
int input_integer(json_t *obj, const char *field, bool nullable, bool *is_null, int64_t *out, struct error *e);
int input_boolean(json_t *obj, const char *field, bool *out, struct error *e);

struct query_param {
    const char *name;
    const char *value; /* arena-owned, decoded, NUL-terminated; NULL when absent */
    size_t len;
};

/* Fills params (NULL-name-terminated) from the query string; unknown or repeated names are refused. */
int input_query(struct request *r, struct query_param *params, struct error *e);
/* "true" or "false"; fills a bad_query error naming param otherwise. */
int input_query_bool(const struct query_param *p, bool *out, struct error *e);
/* Parses a decimal integer within [min, max]; fills a bad_query error naming param otherwise. */
int input_query_int(const struct query_param *p, int64_t min, int64_t max, int64_t *out, struct error *e);
/* A month, YYYY-MM, into month (this month when the parameter is absent); bad_query otherwise. */
int input_query_month(const struct query_param *p, char month[8], struct error *e);
/* Parses a positive decimal id (path parameter); -1 when it is not one. */
int input_id(h2o_iovec_t s, int64_t *out);

#endif
