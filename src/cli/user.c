/*
 * pacesetter user add|list|disable|enable|passwd: accounts from the command line, so the first
 * administrator of a new database can be made. Passwords are read from standard input (one
 * line), never from the command line, where other users of the machine could see them.
 */
#include <stdio.h>
#include <string.h>

#include "base/secret.h"
#include "cli/cli.h"
#include "domain/account.h"
#include "base/banned.h"

static const char usage[] =
    "usage: pacesetter user add --username NAME --role ROLE [--unit CODE] [--display-name NAME] [--tenant CODE]\n"
    "       pacesetter user list | disable --username NAME | enable --username NAME | passwd --username NAME\n"
    "       (every form takes --db TARGET; env PACESETTER_DB; default pacesetter.db)\n"
    "\n"
    "Manages accounts. add and passwd read the password from standard input (one line; 12 to 128\n"
    "characters, not the user name). Roles: system_admin, project_office, appraisal_office,\n"
    "unit_reporter (needs --unit), leader, enterprise. --unit is a unit's code; --tenant a tenant's\n"
    "division code (default: the default tenant).\n"
    "管理用户账号。密码从标准输入读取（一行）。\n";

static int read_password(char *buf, size_t size, size_t *len, struct error *e)
{
    if (!fgets(buf, (int)size, stdin))
        return error_set(e, ERR_MISSING_FIELD, "password", "请从标准输入提供密码（一行）",
                         "give the password on standard input (one line)");
    *len = strcspn(buf, "\r\n");
    buf[*len] = '\0';
    return 0;
}

static const struct actor cli_actor = {0, "cli", "local"};

/* The id of the unit with `code` in the tenant. */
static int find_unit(struct store *st, int64_t tenant, const char *code, int64_t *id, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct unit_filter f = {.text = code, .page = 1, .page_size = 1000};
    struct unit *items;
    size_t n;
    int64_t total;
    *id = 0;
    int rc = store_units_list(st, tenant, &f, &a, &items, &n, &total, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (strcmp(items[i].code, code) == 0)
            *id = items[i].id;
    arena_release(&a);
    if (rc == 0 && !*id)
        rc = error_set(e, ERR_NOT_FOUND, "unit", "没有编码为 %s 的单位", "no unit has the code %s", code);
    return rc;
}

static int add(struct store *st, struct cli_options *o, struct error *e)
{
    struct user_input in = {.has_username = true, .has_display_name = true, .has_role = true};
    if (!o->username || !o->role)
        return error_set(e, ERR_MISSING_FIELD, o->username ? "role" : "username", "需要 --username 和 --role",
                         "--username and --role are required");
    in.username = o->username;
    in.display_name = o->display_name ? o->display_name : o->username;
    if (account_check_username(o->username, strlen(o->username), e) != 0)
        return -1;
    if (role_parse(o->role, strlen(o->role), &in.role) != 0)
        return error_set(e, ERR_INVALID_VALUE, "role", "角色不存在：%s", "no such role: %s", o->role);
    if (o->unit && find_unit(st, o->tenant_id, o->unit, &in.unit_id, e) != 0)
        return -1;
    in.has_unit = in.unit_id != 0;
    if (role_needs_unit(in.role) && !in.unit_id)
        return error_set(e, ERR_MISSING_FIELD, "unit", "填报员需要 --unit", "a unit reporter needs --unit");
    char password[512], hash[SECRET_PWHASH_SIZE];
    size_t len = 0;
    if (read_password(password, sizeof(password), &len, e) != 0 ||
        account_check_password(o->username, password, len, "password", e) != 0)
        return -1;
    if (secret_password_hash(password, len, hash) != 0)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    in.password_hash = hash;
    struct arena a = ARENA_INIT;
    struct user u;
    int rc = store_user_create(st, o->tenant_id, &in, &cli_actor, &a, &u, e);
    if (rc == 0)
        printf("%lld\t%s\t%s\n", (long long)u.id, u.username, role_name(u.role));
    arena_release(&a);
    return rc;
}

static int list(struct store *st, struct cli_options *o, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct tenant *tenants;
    size_t nt;
    int rc = store_tenants_list(st, &a, &tenants, &nt, e);
    if (rc == 0)
        printf("id\tusername\trole\tunit_id\ttenant_id\tdisabled\tdisplay_name\n");
    for (size_t t = 0; rc == 0 && t < nt; t++) {
        struct user_filter f = {.page = 1, .page_size = 1000};
        struct user *items;
        size_t n;
        int64_t total;
        rc = store_users_list(st, tenants[t].id, &f, &a, &items, &n, &total, e);
        for (size_t i = 0; rc == 0 && i < n; i++)
            printf("%lld\t%s\t%s\t%lld\t%lld\t%s\t%s\n", (long long)items[i].id, items[i].username,
                   role_name(items[i].role), (long long)items[i].unit_id, (long long)items[i].tenant_id,
                   items[i].disabled ? "yes" : "no", items[i].display_name);
    }
    arena_release(&a);
    return rc;
}

static int change(struct store *st, struct cli_options *o, const char *action, struct error *e)
{
    if (!o->username)
        return error_set(e, ERR_MISSING_FIELD, "username", "需要 --username", "--username is required");
    struct arena a = ARENA_INIT;
    struct user u;
    int rc = store_user_by_name(st, o->username, &a, &u, e);
    if (rc == 0 && strcmp(action, "passwd") == 0) {
        char password[512], hash[SECRET_PWHASH_SIZE];
        size_t len = 0;
        rc = read_password(password, sizeof(password), &len, e);
        if (rc == 0)
            rc = account_check_password(u.username, password, len, "password", e);
        if (rc == 0 && secret_password_hash(password, len, hash) != 0)
            rc = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
        if (rc == 0)
            rc = store_user_set_password(st, u.tenant_id, u.id, hash, &cli_actor, e);
    } else if (rc == 0) {
        struct user_input in = {.has_disabled = true, .disabled = strcmp(action, "disable") == 0};
        struct user out;
        rc = store_user_update(st, u.tenant_id, u.id, &in, &cli_actor, &a, &out, e);
    }
    if (rc == 0)
        fprintf(stderr, "pacesetter: user %s: %s done\n", o->username, action);
    arena_release(&a);
    return rc;
}

int cmd_user(int argc, char **argv)
{
    const char *action = argc > 1 ? argv[1] : "";
    if (strcmp(action, "--help") == 0 || strcmp(action, "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    static const char *const actions[] = {"add", "list", "disable", "enable", "passwd"};
    bool known = false;
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
        known = known || strcmp(action, actions[i]) == 0;
    if (!known) {
        fprintf(stderr, "pacesetter: user 需要 add、list、disable、enable 或 passwd / user needs an action\n%s", usage);
        return 2;
    }
    struct cli_options o;
    const char *flags = strcmp(action, "add") == 0    ? "db username role unit display-name tenant"
                        : strcmp(action, "list") == 0 ? "db"
                                                      : "db username";
    int started = cli_start(argc - 1, argv + 1, flags, usage, &o);
    if (started >= 0)
        return started;
    struct error e;
    error_clear(&e);
    if (secret_init() != 0)
        return 1;
    struct store *st;
    if (cli_resolve_tenant(&o, &e) != 0 || store_open(&st, o.server.db, STORE_OPEN_SERVE, &e) != 0)
        return cli_fail(&e);
    int rc = strcmp(action, "add") == 0    ? add(st, &o, &e)
             : strcmp(action, "list") == 0 ? list(st, &o, &e)
                                           : change(st, &o, action, &e);
    store_close(st);
    return rc == 0 ? 0 : cli_fail(&e);
}
