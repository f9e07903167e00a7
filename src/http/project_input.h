/* Reading a project's fields from a JSON body, every field checked by the domain's rules. */
#ifndef HTTP_PROJECT_INPUT_H
#define HTTP_PROJECT_INPUT_H

#include "http/request.h"

/* Fills in from obj; on create, code, name, unit_id, category and source are required. */
int project_input_read(json_t *obj, bool create, struct arena *a, struct project_input *in, struct error *e);

#endif
