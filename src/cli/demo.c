/*
 * pacesetter demo: (re)creates the database of a synthetic county-level city and serves it.
 * Place names are generated from syllables by a fixed-seed generator, so every run makes the
 * same city and no real list is copied. Later features add their demo data here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "base/secret.h"
#include "cli/cli.h"
#include "base/banned.h"

static const char usage[] =
    "usage: pacesetter demo [--db PATH] [--listen ADDR:PORT] [--threads N] [--no-serve]\n"
    "\n"
    "Creates (or recreates) the demo database of a synthetic county-level city and serves it.\n"
    "An existing file is reused only if it is a Pacesetter database; its data is replaced.\n"
    "创建（或重建）一个虚构县级市的演示数据库并启动服务。\n"
    "\n"
    "  --db TARGET        SQLite file or postgresql:// URI (env PACESETTER_DB; default pacesetter-demo.db)\n"
    "  --listen ADDR:PORT (env PACESETTER_LISTEN; default 127.0.0.1:8080)\n"
    "  --threads N        (env PACESETTER_THREADS; default: the number of cores)\n"
    "  --no-serve         create the database and exit\n";

/* xorshift64*: a fixed seed gives the same city on every machine */
static uint64_t rng_state = 0x5eed2020c0ffee01ULL;

static unsigned rng_below(unsigned n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned)((rng_state * 0x2545F4914F6CDD1DULL) >> 33) % n;
}

static const char *const first_syllables[] = {"澄", "泾", "凤", "锦", "金", "塘", "乐", "南", "杨", "晨",
                                              "鹿", "兆", "常", "云", "沙", "东", "德", "永", "合", "新"};
static const char *const second_syllables[] = {"港", "丰", "桥", "阳", "溪", "安", "和", "兴", "湾", "浦",
                                               "泽", "亭", "渡", "苑", "城", "塘", "湖", "山", "林", "泉"};

/* A two-syllable place name not used before in this run. */
static void place_name(char *out, size_t size, char used[][16], size_t *n_used)
{
    for (;;) {
        snprintf(out, size, "%s%s", first_syllables[rng_below(20)], second_syllables[rng_below(20)]);
        bool seen = false;
        for (size_t i = 0; i < *n_used && !seen; i++)
            seen = strcmp(used[i], out) == 0;
        if (!seen && strcmp(out, "澄港") != 0) {
            snprintf(used[(*n_used)++], 16, "%s", out);
            return;
        }
    }
}

static const struct {
    const char *code, *name;
} departments[] = {
    {"SWB", "市委办公室"},          {"ZFB", "市政府办公室"},        {"KHB", "市绩效管理办公室"},
    {"FGW", "市发展和改革委员会"},  {"GXJ", "市工业和信息化局"},    {"SWJ", "市商务局"},
    {"KJJ", "市科学技术局"},        {"CZJ", "市财政局"},            {"ZRJ", "市自然资源和规划局"},
    {"ZJJ", "市住房和城乡建设局"},  {"STJ", "市生态环境局"},        {"RSJ", "市人力资源和社会保障局"},
    {"TJJ", "市统计局"},            {"SPJ", "市行政审批局"},        {"SJJ", "市市场监督管理局"},
    {"WMB", "市文明办"},
};

static int add(struct store *st, struct arena *a, const char *code, const char *name, enum unit_kind kind,
               int64_t parent, int64_t order, int64_t *id, struct error *e)
{
    struct unit_input in = {.has_code = true, .has_name = true, .has_kind = true, .has_parent = true,
                            .has_sort_order = true, .code = code, .name = name, .kind = kind,
                            .parent_id = parent, .sort_order = order};
    struct unit u;
    if (store_unit_create(st, 1, &in, NULL, a, &u, e) != 0)
        return -1;
    if (id)
        *id = u.id;
    return 0;
}

static int fill(struct store *st, struct error *e)
{
    struct arena a = ARENA_INIT;
    char used[64][16], name[128], place[32], code[32];
    size_t n_used = 0;
    int64_t order = 0, id;
    int rc = -1;
    for (size_t i = 0; i < sizeof(departments) / sizeof(departments[0]); i++) {
        if (add(st, &a, departments[i].code, departments[i].name, UNIT_DEPARTMENT, 0, order += 10, &id, e) != 0)
            goto out;
        if (strcmp(departments[i].code, "FGW") == 0 &&
            (add(st, &a, "FGW-ZDXM", "重大项目推进办公室", UNIT_OTHER, id, 10, NULL, e) != 0 ||
             add(st, &a, "FGW-TSB", "项目提速年工作专班", UNIT_OTHER, id, 20, NULL, e) != 0))
            goto out;
    }
    for (int i = 0; i < 8; i++) {
        place_name(place, sizeof(place), used, &n_used);
        snprintf(name, sizeof(name), "%s镇", place);
        snprintf(code, sizeof(code), "TOWN-%02d", i + 1);
        if (add(st, &a, code, name, UNIT_TOWN, 0, order += 10, &id, e) != 0)
            goto out;
        if (i < 3) {
            char child_code[40];
            snprintf(name, sizeof(name), "%s镇经济发展服务中心", place);
            snprintf(child_code, sizeof(child_code), "%s-JJ", code);
            if (add(st, &a, child_code, name, UNIT_OTHER, id, 10, NULL, e) != 0)
                goto out;
        }
    }
    for (int i = 0; i < 3; i++) {
        place_name(place, sizeof(place), used, &n_used);
        snprintf(name, sizeof(name), "%s街道", place);
        snprintf(code, sizeof(code), "JD-%02d", i + 1);
        if (add(st, &a, code, name, UNIT_SUBDISTRICT, 0, order += 10, NULL, e) != 0)
            goto out;
    }
    static const char *const park_kinds[] = {"经济技术开发区", "高新技术产业开发区", "综合保税区", "冶金工业园"};
    for (int i = 0; i < 4; i++) {
        place_name(place, sizeof(place), used, &n_used);
        snprintf(name, sizeof(name), "%s%s", place, park_kinds[i]);
        snprintf(code, sizeof(code), "PARK-%02d", i + 1);
        if (add(st, &a, code, name, UNIT_PARK, 0, order += 10, &id, e) != 0)
            goto out;
        char child_code[40];
        snprintf(name, sizeof(name), "%s%s招商服务局", place, park_kinds[i]);
        snprintf(child_code, sizeof(child_code), "%s-ZS", code);
        if (add(st, &a, child_code, name, UNIT_DEPARTMENT, id, 10, NULL, e) != 0)
            goto out;
    }
    rc = 0;
out:
    arena_release(&a);
    return rc;
}

/* One account per role, all with the same password, printed when the demo starts. */
static const char demo_password[] = "pacesetter-demo";
static const struct {
    const char *username, *display_name, *unit_code;
    enum role role;
} demo_accounts[] = {
    {"admin", "系统管理员", NULL, ROLE_SYSTEM_ADMIN},
    {"project", "项目办 王敏", NULL, ROLE_PROJECT_OFFICE},
    {"appraisal", "考核办 李静", NULL, ROLE_APPRAISAL_OFFICE},
    {"reporter", "填报员 张伟", "TOWN-01", ROLE_UNIT_REPORTER},
    {"leader", "市领导 陈刚", NULL, ROLE_LEADER},
    {"town_leader", "镇领导 刘洋", "TOWN-02", ROLE_LEADER},
    {"enterprise", "企业用户 赵磊", NULL, ROLE_ENTERPRISE}, /* linked to an enterprise by demo_projects_fill */
};

static int add_accounts(struct store *st, struct error *e)
{
    struct arena a = ARENA_INIT;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++) {
        char hash[SECRET_PWHASH_SIZE]; /* each with its own salt, like any other account */
        if (secret_password_hash(demo_password, strlen(demo_password), hash) != 0) {
            rc = error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
            break;
        }
        struct user_input in = {.has_username = true, .has_display_name = true, .has_role = true,
                                .username = demo_accounts[i].username, .display_name = demo_accounts[i].display_name,
                                .role = demo_accounts[i].role, .password_hash = hash};
        if (demo_accounts[i].unit_code) {
            struct unit_filter f = {.text = demo_accounts[i].unit_code, .page = 1, .page_size = 10};
            struct unit *items;
            size_t n;
            int64_t total;
            rc = store_units_list(st, 1, &f, &a, &items, &n, &total, e);
            for (size_t k = 0; rc == 0 && k < n; k++)
                if (strcmp(items[k].code, demo_accounts[i].unit_code) == 0)
                    in.unit_id = items[k].id;
            in.has_unit = true;
        }
        struct user u;
        if (rc == 0)
            rc = store_user_create(st, 1, &in, NULL, &a, &u, e);
    }
    arena_release(&a);
    return rc;
}

static void print_accounts(void)
{
    fprintf(stderr, "pacesetter: demo accounts (created by demo only), password for all: %s\n", demo_password);
    for (size_t i = 0; i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++)
        fprintf(stderr, "pacesetter:   %-12s %-18s %s%s%s\n", demo_accounts[i].username,
                role_name(demo_accounts[i].role), role_label_zh(demo_accounts[i].role),
                demo_accounts[i].unit_code ? ", unit " : "", demo_accounts[i].unit_code ? demo_accounts[i].unit_code : "");
}

int cmd_demo(int argc, char **argv)
{
    struct cli_options o;
    int started = cli_start(argc, argv, "db listen threads max-body log-requests no-serve", usage, &o);
    if (started >= 0)
        return started;
    bool db_given = false;
    for (int i = 1; i < argc; i++)
        db_given = db_given || strncmp(argv[i], "--db", 4) == 0;
    if (!db_given && !getenv("PACESETTER_DB"))
        o.server.db = "pacesetter-demo.db";
    struct error e;
    error_clear(&e);
    struct store *st;
    if (cli_open_migrated(o.server.db, &st, &e) != 0)
        return cli_fail(&e);
    int rc = secret_init() == 0 && store_recreate(st, &e) == 0 && fill(st, &e) == 0 && add_accounts(st, &e) == 0
                 ? demo_projects_fill(st, &e)
                 : -1;
    if (rc == 0)
        rc = demo_appraisal_fill(st, &e);
    if (rc == 0)
        rc = demo_benchmark_fill(st, &e);
    if (rc == 0)
        fprintf(stderr,
                "pacesetter: demo database %s created: a synthetic county-level city (澄港市) with its units,\n"
                "pacesetter: 2,000 enterprises and 800 projects over three years with their reports and problems,\n"
                "pacesetter: last year's appraisal published and this year's two open for data entry,\n"
                "pacesetter: eight fictional peer cities with ten years of figures and three benchmarking goals\n",
                store_display_name(st));
    store_close(st);
    if (rc != 0)
        return cli_fail(&e);
    print_accounts();
    if (o.no_serve)
        return 0;
    fprintf(stderr, "pacesetter: open http://%s%s%s:%s in a browser and log in / 在浏览器中打开并登录\n",
            strchr(o.server.host, ':') ? "[" : "", o.server.host, strchr(o.server.host, ':') ? "]" : "",
            o.server.port);
    if (server_run(&o.server, &e) != 0)
        return cli_fail(&e);
    return 0;
}
