/*
 * Importing accounts: each row checked by the account rules; the initial passwords of the sheet
 * are hashed on the worker (argon2id, ~70 ms each), never on the loop; then the store writes.
 */
#include <stdio.h>
#include <string.h>

#include "base/secret.h"
#include "domain/account.h"
#include "domain/unit.h"
#include "http/import.h"
#include "base/banned.h"

#define USERS_IMPORT_MAX 5000 /* rows: each new account's password takes ~70 ms to hash */

int import_users_prepare(struct import_job *job)
{
    struct import_table *t = &job->table;
    if (t->n_rows > USERS_IMPORT_MAX)
        return error_set(&job->error, ERR_TOO_LARGE, "file", "一次最多导入 %d 个账号", "at most %d accounts in one import",
                         USERS_IMPORT_MAX);
    size_t pw = import_column(job->columns, "initial_password"), name = import_column(job->columns, "username");
    char (*hashes)[SECRET_PWHASH_SIZE] = arena_calloc(&job->arena, (t->n_rows ? t->n_rows : 1) * sizeof(*hashes));
    if (!hashes)
        return error_set(&job->error, ERR_TOO_LARGE, "file", "内存不足", "out of memory");
    job->prepared = hashes;
    for (size_t i = 0; i < t->n_rows; i++) {
        const char *password = t->rows[i].values[pw], *username = t->rows[i].values[name];
        struct error e;
        if (!password)
            continue;
        if (account_check_password(username ? username : "", password, strlen(password), "initial_password", &e) != 0) {
            import_job_refuse(job, &t->rows[i], "initial_password", &e);
            continue;
        }
        /* a preview checks the rules only: hashing is the slow part, done when it counts */
        if (!job->dry_run && secret_password_hash(password, strlen(password), hashes[i]) != 0)
            return error_set(&job->error, ERR_INTERNAL, NULL, "无法计算密码散列", "could not hash a password");
    }
    return 0;
}

/* The account fields of one row, checked by the account rules; false when a cell was refused. */
static bool user_row(struct import_job *job, const struct import_row *row, const char *hash, struct user_input *in,
                     const char **unit_code)
{
    const struct resource_columns *rc = job->columns;
    const char *const *v = row->values;
    size_t name = import_column(rc, "username"), display = import_column(rc, "display_name"),
           role = import_column(rc, "role"), unit = import_column(rc, "unit_code"),
           disabled = import_column(rc, "disabled"), pw = import_column(rc, "initial_password");
    struct error e;
    bool ok = v[name] && v[display] && v[role]; /* else already refused as empty or unreadable */
    *in = (struct user_input){.has_username = true, .has_display_name = true, .has_role = true,
                              .username = v[name], .display_name = v[display]};
    if (v[name] && account_check_username(v[name], strlen(v[name]), &e) != 0)
        import_job_refuse(job, row, "username", &e), ok = false;
    if (v[display] && unit_check_name(v[display], strlen(v[display]), &e) != 0) {
        error_set(&e, e.code, "display_name", "姓名应为 1 到 100 个字，不含控制字符",
                  "the name must be 1 to 100 characters without control characters");
        import_job_refuse(job, row, "display_name", &e), ok = false;
    }
    if (v[role])
        role_parse(v[role], strlen(v[role]), &in->role);
    if ((in->has_unit = import_table_has(&job->table, unit)))
        *unit_code = v[unit];
    if ((in->has_disabled = import_table_has(&job->table, disabled)))
        in->disabled = v[disabled] && strcmp(v[disabled], "true") == 0;
    if (v[pw]) /* a preview checked the password's rules but did not hash it (nothing is written) */
        in->password_hash = hash[0] ? hash : job->dry_run ? "not hashed in a preview" : NULL;
    return ok;
}

int import_users_apply(struct import_job *job, struct store *st, int64_t tenant, const struct actor *who,
                       struct error *e)
{
    struct import_table *t = &job->table;
    struct arena *a = &job->arena;
    size_t n = t->n_rows;
    const char (*hashes)[SECRET_PWHASH_SIZE] = job->prepared;
    struct user_input *in = arena_alloc(a, (n ? n : 1) * sizeof(*in));
    const char **unit_code = arena_calloc(a, (n ? n : 1) * sizeof(*unit_code));
    size_t *row_of = arena_alloc(a, (n ? n : 1) * sizeof(*row_of));
    bool *bad = arena_calloc(a, (n ? n : 1) * sizeof(*bad));
    job->actions = arena_calloc(a, (n ? n : 1) * sizeof(*job->actions));
    if (!in || !unit_code || !row_of || !bad || !job->actions || !hashes)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    import_job_mark_bad_rows(job, bad);
    if (import_job_refuse_repeats(job, "username", "用户名", "user name", bad) != 0)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    size_t good = 0;
    for (size_t i = 0; i < n; i++) {
        if (!user_row(job, &t->rows[i], hashes[i], &in[good], &unit_code[good]) || bad[i]) {
            bad[i] = true;
            continue;
        }
        row_of[good++] = i;
    }
    struct user_import im = {.n = good, .in = in, .unit_code = unit_code,
                             .dry_run = job->dry_run || t->errors_total > 0,
                             .actions = arena_alloc(a, (good ? good : 1) * sizeof(*im.actions))};
    if (!im.actions)
        return error_set(e, ERR_TOO_LARGE, NULL, "内存不足", "out of memory");
    if (store_users_import(st, tenant, &im, who, a, e) != 0 && e->code != ERR_INVALID_ROWS)
        return -1;
    for (size_t k = 0; k < im.n_errors; k++)
        import_job_refuse_stored(job, &im.errors[k], row_of, "username");
    return import_job_finish(job, row_of, good, im.actions, im.created, im.updated, im.unchanged, e);
}
