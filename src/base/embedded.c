/* Lookup in the embedded file tables (sorted by path by tools/embed.c). */
#include "base/embedded.h"

#include <string.h>

const struct embedded_file *embedded_find(const struct embedded_file *files, size_t count, const char *path,
                                          size_t path_len)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *p = files[mid].path;
        size_t plen = strlen(p);
        int c = memcmp(p, path, plen < path_len ? plen : path_len);
        if (c == 0)
            c = plen < path_len ? -1 : plen > path_len;
        if (c == 0)
            return &files[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
