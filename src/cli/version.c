/* pacesetter version */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "base/banned.h"

#ifndef PACESETTER_VERSION
#define PACESETTER_VERSION "0.1.0"
#endif

int cmd_version(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs("usage: pacesetter version\n\nPrints the version, the schema version and the SQLite version.\n", stdout);
        return 0;
    }
    printf("pacesetter %s (schema %d, sqlite %s)\n", PACESETTER_VERSION, store_schema_version_latest(),
           sqlite3_libversion());
    return 0;
}
