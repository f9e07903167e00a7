/* pacesetter migrate: create a database or bring it to this binary's schema version. */
#include <stdio.h>

#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
    "usage: pacesetter migrate [--db PATH]\n"
    "\n"
    "Creates the database if it does not exist, then applies every migration it lacks, each in\n"
    "its own transaction (forward only). Makes no user accounts and no demo data.\n"
    "创建数据库（如不存在）并升级到本程序的版本；每个迁移在一个事务中完成，只进不退。\n"
    "\n"
    "  --db TARGET  SQLite file or postgresql:// URI (env PACESETTER_DB; default pacesetter.db)\n";

int cmd_migrate(int argc, char **argv)
{
    struct cli_options o;
    int started = cli_start(argc, argv, "db", usage, &o);
    if (started >= 0)
        return started;
    struct error e;
    error_clear(&e);
    struct store *st;
    if (cli_open_migrated(o.server.db, &st, &e) != 0)
        return cli_fail(&e);
    store_close(st);
    return 0;
}
