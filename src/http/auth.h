/* Authentication and authorisation for every request (see auth.c). */
#ifndef HTTP_AUTH_H
#define HTTP_AUTH_H

#include "domain/permission.h"
#include "http/request.h"

#define AUTH_COOKIE "ps_session"
#define AUTH_CSRF_HEADER "x-csrf-token"

/* Finds the caller and checks that they may take `action`; fills r's session, tenant and scope. */
int auth_check(struct request *r, enum action action, struct error *e);
void auth_security_headers(h2o_req_t *req);
void auth_peer_address(h2o_req_t *req, char *out, size_t size);
/* The session cookie's value, if the request carries one. */
bool auth_session_token(h2o_req_t *req, char *out, size_t size);

#endif
