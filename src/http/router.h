/*
 * The router: one table of (method, path pattern, handler). Patterns have literal segments and
 * "{name}" parameters. Every request passes through router_dispatch, the one place where the
 * request context is set up and where (with the users issue) role and unit scope are checked.
 */
#ifndef HTTP_ROUTER_H
#define HTTP_ROUTER_H

#include "domain/permission.h"
#include "http/request.h"

struct route {
    const char *method;
    const char *pattern;
    handler_fn handler;
    enum action action; /* what the caller's role must be allowed; ACTION_NONE: public */
};

extern const struct route router_routes[];
extern const size_t router_routes_count;

/* Finds the route; returns it, or NULL with *path_known telling whether another method matches. */
const struct route *router_match(const char *method, size_t method_len, const char *path, size_t path_len,
                                 h2o_iovec_t *params, size_t *n_params, bool *path_known);

#endif
