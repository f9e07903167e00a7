/* pacesetter audit verify: recompute the operation log's hash chains and report the first break. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
    "usage: pacesetter audit verify [--db TARGET]\n"
    "\n"
    "Recomputes every tenant's hash chain of the operation log. Exit 0 when every record is intact;\n"
    "exit 1 naming the first record that was changed or follows a removed one.\n"
    "校验操作日志的哈希链，报告第一处断点。\n";

int cmd_audit(int argc, char **argv)
{
    const char *action = argc > 1 ? argv[1] : "";
    if (strcmp(action, "--help") == 0 || strcmp(action, "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(action, "verify") != 0) {
        fprintf(stderr, "pacesetter: audit 需要 verify / audit needs verify\n%s", usage);
        return 2;
    }
    struct cli_options o;
    int started = cli_start(argc - 1, argv + 1, "db", usage, &o);
    if (started >= 0)
        return started;
    struct error e;
    error_clear(&e);
    struct store *st;
    int64_t checked = 0, broken_tenant = 0, broken_id = 0;
    if (store_open(&st, o.server.db, STORE_OPEN_SERVE, &e) != 0)
        return cli_fail(&e);
    int rc = store_audit_verify(st, &checked, &broken_tenant, &broken_id, &e);
    store_close(st);
    if (rc != 0)
        return cli_fail(&e);
    if (broken_id) {
        printf("broken: tenant %lld, record %lld (changed, or a record before it was removed); %lld records before it "
               "are intact\n",
               (long long)broken_tenant, (long long)broken_id, (long long)checked);
        return 1;
    }
    printf("ok: %lld records\n", (long long)checked);
    return 0;
}
