/*
 * Exports: the rows of a resource's list, as the list's filter and sort select them, through the
 * table writer, one row at a time (store_*_each), so memory does not grow with the row count.
 * Shared by the HTTP export endpoints and `pacesetter export`.
 */
#ifndef IO_EXPORT_H
#define IO_EXPORT_H

#include <stdint.h>

#include "io/table_writer.h"
#include "store/store.h"

#define EXPORT_ROWS_MAX 1000000 /* rows in one export; more is refused (narrow the filter) */

enum export_resource { EXPORT_UNITS, EXPORT_USERS, EXPORT_AUDIT, EXPORT_LOGIN_LOG, EXPORT_ENTERPRISES, EXPORT_PROJECTS };

/*
 * What to export: the resource and the filter of its list (only that resource's is read). The
 * login log has no filter and belongs to the installation: tenant is not read for it.
 */
struct export_query {
    enum export_resource resource;
    int64_t tenant;
    struct unit_filter units;
    struct user_filter users;
    struct audit_filter audit;
    struct enterprise_filter enterprises;
    struct project_filter projects; /* its scope and scope_enterprise too */
};

/* "units", "users", "audit", "login-log", "enterprises", "projects"; -1 for anything else. */
int export_resource_parse(const char *s, enum export_resource *out);
const struct resource_columns *export_columns(enum export_resource r);

/*
 * Writes the export to the file at path in the given format, with a title row naming the
 * resource and the time of the export. Fills *rows with the data rows written.
 */
int export_write(struct store *st, const struct export_query *q, enum table_format format, const char *path,
                 int64_t *rows, struct error *e);

/*
 * A file made by write(path, ctx, e) in a new temporary file in $TMPDIR (default /tmp), unlinked
 * before this returns: *fd (read from its start; the caller closes it) is the only way to it, so
 * the disk space goes with the descriptor, however the request ends. On failure *fd is -1.
 */
typedef int (*export_file_fn)(const char *path, void *ctx, struct error *e);
int export_temp_file(export_file_fn write, void *ctx, int *fd, struct error *e);

/* export_write into a temporary file (export_temp_file). */
int export_to_temp_file(struct store *st, const struct export_query *q, enum table_format format, int *fd,
                        int64_t *rows, struct error *e);

#endif
