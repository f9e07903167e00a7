/*
 * Files carried inside the binary (web UI, migrations, reference data), generated at build time
 * by tools/embed.c. Each array ends with an entry whose path is NULL.
 */
#ifndef BASE_EMBEDDED_H
#define BASE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *path; /* "/index.html", relative to the embedded root */
    const unsigned char *data;
    size_t len;
    const unsigned char *gzip; /* NULL when not compressed (or not smaller) */
    size_t gzip_len;
    const char *etag; /* quoted, e.g. "\"0123abcd...\"" */
};

/* Returns the file at path, or NULL. */
const struct embedded_file *embedded_find(const struct embedded_file *files, size_t count, const char *path,
                                          size_t path_len);

#endif
