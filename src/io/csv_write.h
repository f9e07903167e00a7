/*
 * CSV as spreadsheet programs read it: UTF-8 with a byte order mark (so Excel keeps the
 * Chinese), CRLF line ends, RFC 4180 quoting. Text that a spreadsheet program would take for a
 * formula is prefixed with a single quote.
 */
#ifndef IO_CSV_WRITE_H
#define IO_CSV_WRITE_H

#include <stdbool.h>

#include "base/strbuf.h"

/*
 * Appends one field (no separator): quoted when it holds a comma, a quote, CR or LF, quotes
 * doubled. text: the value is free text (not a number or date we wrote), so a leading = + - @
 * TAB or CR gets a ' in front. v NULL: an empty field.
 */
void csv_write_field(struct strbuf *sb, const char *v, bool text);

#endif
