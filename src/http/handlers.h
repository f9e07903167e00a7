/* Every endpoint's handler, one file per resource; the router's table lists them all. */
#ifndef HTTP_HANDLERS_H
#define HTTP_HANDLERS_H

#include "http/request.h"

int handle_healthz(struct request *r, struct error *e);
int handle_version(struct request *r, struct error *e);
int handle_openapi(struct request *r, struct error *e);

int handle_units_list(struct request *r, struct error *e);
int handle_units_create(struct request *r, struct error *e);
int handle_unit_get(struct request *r, struct error *e);
int handle_unit_update(struct request *r, struct error *e);
int handle_unit_delete(struct request *r, struct error *e);

/* Serves the embedded web UI; answers 404 for an unknown file. */
int handle_static(struct request *r, struct error *e);

#endif
