/* pacesetter: dispatches to the subcommand in src/cli. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "base/banned.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"serve", cmd_serve, "serve a database: API and web UI / 启动服务"},
    {"demo", cmd_demo, "create the demo city's database and serve it / 创建演示数据并启动"},
    {"migrate", cmd_migrate, "create a database or upgrade its schema / 创建或升级数据库"},
    {"tenant", cmd_tenant, "add or list the cities on an installation / 管理地区"},
    {"user", cmd_user, "manage accounts: add, list, disable, enable, passwd / 管理用户"},
    {"audit", cmd_audit, "verify the operation log's hash chain / 校验操作日志"},
    {"import", cmd_import, "import a spreadsheet (.xlsx or .csv) into a resource / 导入表格"},
    {"export", cmd_export, "export units, users, the operation log or the login log to .xlsx or CSV / 导出"},
    {"copy", cmd_copy, "copy a whole database to another backend / 复制整个数据库"},
    {"version", cmd_version, "print the version / 显示版本"},
};

static int usage(FILE *out)
{
    fputs("usage: pacesetter COMMAND [OPTIONS]   (pacesetter COMMAND --help for a command's options)\n\n"
          "Pacesetter: project acceleration, annual appraisal and benchmarking for a city government.\n"
          "项目提速·考核评优·对标赶超 平台\n\ncommands:\n",
          out);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    return out == stdout ? 0 : 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage(stderr);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)
        return usage(stdout);
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(1, argv);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "pacesetter: 未知命令“%s” / unknown command \"%s\"\n", argv[1], argv[1]);
    return usage(stderr);
}
