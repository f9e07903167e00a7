/* Rewrites h2o's own plain-text error responses into the JSON error shape (see the .c file). */
#ifndef HTTP_LIBRARY_ERRORS_H
#define HTTP_LIBRARY_ERRORS_H

#include <h2o.h>

void library_errors_register(h2o_pathconf_t *pathconf);

#endif
