/* The route table and path matching; see router.h. */
#include "http/router.h"

#include <string.h>

#include "http/handlers.h"
#include "base/banned.h"

const struct route router_routes[] = {
    {"GET", "/healthz", handle_healthz},
    {"GET", "/api/v1/version", handle_version},
    {"GET", "/api/v1/openapi.json", handle_openapi},
    {"GET", "/api/v1/units", handle_units_list},
    {"POST", "/api/v1/units", handle_units_create},
    {"GET", "/api/v1/units/{id}", handle_unit_get},
    {"PATCH", "/api/v1/units/{id}", handle_unit_update},
    {"DELETE", "/api/v1/units/{id}", handle_unit_delete},
};
const size_t router_routes_count = sizeof(router_routes) / sizeof(router_routes[0]);

/* Matches path against pattern segment by segment, collecting "{…}" segments into params. */
static bool match_pattern(const char *pattern, const char *path, size_t path_len, h2o_iovec_t *params, size_t *n)
{
    size_t pi = 0, si = 0, plen = strlen(pattern);
    *n = 0;
    while (pi < plen && si < path_len) {
        if (pattern[pi] == '{') {
            const char *close = strchr(pattern + pi, '}');
            size_t start = si;
            while (si < path_len && path[si] != '/')
                si++;
            if (si == start || *n == ROUTE_PARAMS_MAX)
                return false;
            params[(*n)++] = h2o_iovec_init(path + start, si - start);
            pi = (size_t)(close - pattern) + 1;
        } else if (pattern[pi] == path[si]) {
            pi++;
            si++;
        } else {
            return false;
        }
    }
    return pi == plen && si == path_len;
}

const struct route *router_match(const char *method, size_t method_len, const char *path, size_t path_len,
                                 h2o_iovec_t *params, size_t *n_params, bool *path_known)
{
    *path_known = false;
    for (size_t i = 0; i < router_routes_count; i++) {
        const struct route *rt = &router_routes[i];
        if (!match_pattern(rt->pattern, path, path_len, params, n_params))
            continue;
        if (strlen(rt->method) == method_len && memcmp(rt->method, method, method_len) == 0)
            return rt;
        /* HEAD is answered as GET without a body (h2o drops the body) */
        if (method_len == 4 && memcmp(method, "HEAD", 4) == 0 && strcmp(rt->method, "GET") == 0)
            return rt;
        *path_known = true;
    }
    return NULL;
}
