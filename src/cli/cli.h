/*
 * Subcommands, one file each (after git's builtins): cmd_<name>(argc, argv) returns the exit
 * code. Options shared by several commands are parsed here: flags over PACESETTER_*
 * environment variables over defaults.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdbool.h>

#include "http/server.h"
#include "store/store.h"

int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
/* The demo city's enterprises, projects, reports and problems (demo_projects.c). */
int demo_projects_fill(struct store *st, struct error *e);
/* The demo city's appraisal schemes: last year's published, this year's open (demo_appraisal.c). */
int demo_appraisal_fill(struct store *st, struct error *e);
/* The demo city's peers, ten years of their figures and three goals split among its towns and parks (demo_benchmark.c). */
int demo_benchmark_fill(struct store *st, struct error *e);
int cmd_migrate(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_tenant(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);

struct cli_options {
    struct server_config server;
    char host_buf[64], port_buf[8];
    bool no_serve; /* demo only: create the database and exit */
    const char *name, *division_code; /* tenant add */
    const char *from, *to;            /* copy */
    const char *tenant;               /* user add: a division code, or "default" */
    int64_t tenant_id;                /* what cli_resolve_tenant found */
    const char *username, *role, *unit, *display_name; /* user */
    const char *sheet; /* import */
    bool dry_run;      /* import */
    const char *month; /* import progress: YYYY-MM */
    int64_t scheme;    /* import appraisal-data: the scheme's id */
    const char *format;                                /* export: xlsx or csv */
    bool help;
};

/* Flags this command accepts, e.g. "db listen threads"; an unknown flag is an error. */
int cli_parse(int argc, char **argv, const char *accepted, struct cli_options *o);
/* Prints an error to stderr in both languages; returns the exit code to use (1). */
int cli_fail(const struct error *e);
/* cli_parse, then --help: returns -1 to go on, else the exit code (0 after printing usage, 2 on a bad option). */
int cli_start(int argc, char **argv, const char *accepted, const char *usage, struct cli_options *o);
/* Finds the tenant named by --tenant ("default" or a division code) and sets o->tenant_id. */
int cli_resolve_tenant(struct cli_options *o, struct error *e);
/* Opens (creating if needed) and migrates the database; prints what was done. */
int cli_open_migrated(const char *db, struct store **out, struct error *e);

#endif
