/* pacesetter tenant add|list: the cities and counties (tenants) of an installation. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/division.h"
#include "base/banned.h"

static const char usage[] =
    "usage: pacesetter tenant add [--db TARGET] --division-code CODE [--name NAME]\n"
    "       pacesetter tenant list [--db TARGET]\n"
    "\n"
    "Adds or lists the tenants (地区: one city or county each) of an installation. A province runs\n"
    "one installation on PostgreSQL with a tenant per city; every request acts within one tenant.\n"
    "添加或列出本系统中的地区（市、县）。\n"
    "\n"
    "  --db TARGET           SQLite file or postgresql:// URI (env PACESETTER_DB; default pacesetter.db)\n"
    "  --division-code CODE  GB/T 2260 six-digit code, e.g. 320582 (unique on the installation)\n"
    "  --name NAME           default: the division's official name, e.g. 张家港市\n";

static int add(struct store *st, const struct cli_options *o, struct error *e)
{
    if (!o->division_code)
        return error_set(e, ERR_MISSING_FIELD, "division-code", "缺少 --division-code", "--division-code is required");
    const char *name = o->name ? o->name : division_name(o->division_code, strlen(o->division_code));
    if (!name && division_check(o->division_code, strlen(o->division_code), e) != 0)
        return -1;
    struct arena a = ARENA_INIT;
    struct tenant t;
    int rc = store_tenant_add(st, name ? name : "", o->division_code, &a, &t, e);
    if (rc == 0)
        printf("%lld\t%s\t%s\n", (long long)t.id, t.division_code, t.name);
    arena_release(&a);
    return rc;
}

static int list(struct store *st, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct tenant *items;
    size_t n;
    int rc = store_tenants_list(st, &a, &items, &n, e);
    if (rc == 0) {
        printf("id\tdivision_code\tname\tcreated_at\n");
        for (size_t i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\n", (long long)items[i].id, items[i].division_code ? items[i].division_code : "-",
                   items[i].name, items[i].created_at);
    }
    arena_release(&a);
    return rc;
}

int cmd_tenant(int argc, char **argv)
{
    const char *action = argc > 1 ? argv[1] : "";
    if (strcmp(action, "--help") == 0 || strcmp(action, "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    bool is_add = strcmp(action, "add") == 0, is_list = strcmp(action, "list") == 0;
    if (!is_add && !is_list) {
        fprintf(stderr, "pacesetter: tenant 需要 add 或 list / tenant needs add or list\n%s", usage);
        return 2;
    }
    struct cli_options o;
    int started = cli_start(argc - 1, argv + 1, is_add ? "db division-code name" : "db", usage, &o);
    if (started >= 0)
        return started;
    struct error e;
    error_clear(&e);
    struct store *st;
    if (store_open(&st, o.server.db, STORE_OPEN_SERVE, &e) != 0)
        return cli_fail(&e);
    int rc = is_add ? add(st, &o, &e) : list(st, &e);
    store_close(st);
    return rc == 0 ? 0 : cli_fail(&e);
}
