/*
 * Spreadsheet downloads for the handlers: an export of a list (the list's filter already read)
 * or an import template, made on the worker pool and streamed from a temporary file.
 */
#ifndef HTTP_EXPORT_H
#define HTTP_EXPORT_H

#include "http/input.h"
#include "http/request.h"
#include "io/export.h"

/* The `format` query parameter: xlsx (the default) or csv. */
int export_read_format(const struct query_param *p, enum table_format *out, struct error *e);
/* Answers with the export of q (its tenant is taken from r); returns HANDLER_PENDING or -1. */
int export_respond(struct request *r, const struct export_query *q, enum table_format format, struct error *e);
/* Answers with the resource's import template (.xlsx); returns HANDLER_PENDING or -1. */
int template_respond(struct request *r, const struct resource_columns *cols, struct error *e);

/* Writes a report of its own to path (.xlsx), on a worker with the worker's store connection. */
typedef int (*report_fn)(struct store *st, const char *path, void *ctx, struct error *e);
/* Answers with the report's file; ctx must live in the request's arena. Returns HANDLER_PENDING or -1. */
int report_respond(struct request *r, report_fn report, void *ctx, const char *ascii_name, const char *name_zh,
                   struct error *e);

#endif
