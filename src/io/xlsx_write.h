/*
 * Writing .xlsx with libxlsxwriter: the table writer's xlsx backend (table_writer.h) and the
 * import templates. libxlsxwriter writes only to a named file, and only when it is closed.
 */
#ifndef IO_XLSX_WRITE_H
#define IO_XLSX_WRITE_H

#include "base/error.h"
#include "io/columns.h"

/*
 * The import template of a resource at path: a title row, the headers of the importable columns
 * (required ones in red, bold), one example row, a drop-down list of the Chinese labels on every
 * choice column, and a second sheet “说明” that lists each column, whether it is required and
 * what it takes.
 */
int xlsx_template_write(const char *path, const struct resource_columns *cols, struct error *e);

#endif
