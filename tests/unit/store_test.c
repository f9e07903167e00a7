/* Unit tests for src/store (SQLite backend): migrations, version checks, unit and enterprise writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <stdbool.h>

#include "base/date.h"
#include "base/strbuf.h"
#include "store/store.h"

/*
 * Each test runs on SQLite, and again on PostgreSQL when PACESETTER_TEST_PG names a server's
 * maintenance database (scripts/with-pg sets it): the same assertions hold on both backends.
 */
static bool on_postgres;
static char db_path[256];     /* SQLite file */
static char target[512];      /* what store_open is given */
static char pg_admin[512];    /* PACESETTER_TEST_PG */
static char pg_dbname[64];
static int db_counter;

/* Runs one SQL command on the maintenance database (CREATE/DROP DATABASE). */
static int pg_admin_exec(const char *sql)
{
    PGconn *c = PQconnectdb(pg_admin);
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

/* Runs SQL on the test's own database. */
static int pg_exec(const char *sql)
{
    PGconn *c = PQconnectdb(target);
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

/* A URI for database `name` on the server of PACESETTER_TEST_PG (whose path names the maintenance db). */
static void pg_target(const char *name, char *out, size_t size)
{
    const char *slash = strrchr(pg_admin, '/');
    snprintf(out, size, "%.*s/%s", (int)(slash - pg_admin), pg_admin, name);
}

static void new_target(void)
{
    db_counter++;
    if (on_postgres) {
        snprintf(pg_dbname, sizeof(pg_dbname), "store_test_%d_%d", (int)getpid(), db_counter);
        char sql[128];
        snprintf(sql, sizeof(sql), "CREATE DATABASE %s", pg_dbname);
        pg_admin_exec(sql);
        pg_target(pg_dbname, target, sizeof(target));
    } else {
        snprintf(db_path, sizeof(db_path), "/tmp/pacesetter-store-test-%d-%d.db", (int)getpid(), db_counter);
        unlink(db_path);
        snprintf(target, sizeof(target), "%s", db_path);
    }
}

static void drop_target(void)
{
    if (on_postgres) {
        char sql[128];
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", pg_dbname);
        pg_admin_exec(sql);
        return;
    }
    char path[300];
    unlink(db_path);
    snprintf(path, sizeof(path), "%s-wal", db_path);
    unlink(path);
    snprintf(path, sizeof(path), "%s-shm", db_path);
    unlink(path);
}

static int setup(void **state)
{
    new_target();
    struct store *st;
    struct error e;
    int from, to;
    if (store_open(&st, target, STORE_OPEN_CREATE, &e) != 0 || store_migrate(st, &from, &to, &e) != 0) {
        fprintf(stderr, "setup: %s\n", e.message_en);
        return -1;
    }
    *state = st;
    return 0;
}

static int teardown(void **state)
{
    store_close(*state);
    drop_target();
    return 0;
}

static int64_t add(struct store *st, const char *code, int64_t parent, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct unit_input in = {.has_code = true, .has_name = true, .has_kind = true, .has_parent = true,
                            .code = code, .name = code, .kind = UNIT_TOWN, .parent_id = parent};
    struct unit u;
    int rc = store_unit_create(st, 1, &in, NULL, &a, &u, e);
    arena_release(&a);
    return rc == 0 ? u.id : -1;
}

static int64_t count_tenant_units(struct store *st, int64_t tenant)
{
    struct arena a = ARENA_INIT;
    struct unit_filter f = {.page = 1, .page_size = 10};
    struct unit *items;
    size_t n;
    int64_t total = -1;
    struct error e;
    store_units_list(st, tenant, &f, &a, &items, &n, &total, &e);
    arena_release(&a);
    return total;
}

static int64_t count_units(struct store *st)
{
    struct arena a = ARENA_INIT;
    struct unit_filter f = {.page = 1, .page_size = 10};
    struct unit *items;
    size_t n;
    int64_t total = -1;
    struct error e;
    store_units_list(st, 1, &f, &a, &items, &n, &total, &e);
    arena_release(&a);
    return total;
}

static void serve_refuses_a_database_that_is_not_a_pacesetter_database(void **state)
{
    struct store *st;
    struct error e;
    if (on_postgres) {
        /* a database with someone else's tables */
        store_close(*state);
        assert_int_equal(pg_exec("DROP TABLE units, id_sequences, tenants, pacesetter_meta CASCADE; "
                                 "CREATE TABLE invoices (id int)"), 0);
        assert_int_equal(store_open(&st, target, STORE_OPEN_SERVE, &e), -1);
        assert_non_null(strstr(e.message_en, "not a Pacesetter database"));
        assert_int_equal(store_open(&st, "postgresql://nobody@127.0.0.1:1/none", STORE_OPEN_SERVE, &e), -1);
        assert_non_null(strstr(e.message_en, "cannot connect to PostgreSQL"));
        assert_int_equal(store_open(&st, target, STORE_OPEN_CREATE, &e), -1);
        *state = NULL;
        return;
    }
    char path[300];
    snprintf(path, sizeof(path), "%s.txt", db_path);
    FILE *f = fopen(path, "w");
    fputs("hello, this is not SQLite at all, just some text that is long enough\n", f);
    fclose(f);
    assert_int_equal(store_open(&st, path, STORE_OPEN_SERVE, &e), -1);
    assert_non_null(strstr(e.message_en, "not a Pacesetter database"));
    unlink(path);

    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(store_open(&st, path, STORE_OPEN_SERVE, &e), -1);
    assert_non_null(strstr(e.message_en, "not a Pacesetter database"));
    unlink(path);

    assert_int_equal(store_open(&st, "/nonexistent/dir/x.db", STORE_OPEN_SERVE, &e), -1);
    assert_non_null(strstr(e.message_en, "cannot open database"));
}

static void set_schema_version(int version)
{
    char sql[128];
    if (on_postgres) {
        snprintf(sql, sizeof(sql), "UPDATE pacesetter_meta SET value = '%d' WHERE key = 'schema_version'", version);
        assert_int_equal(pg_exec(sql), 0);
        return;
    }
    sqlite3 *db;
    sqlite3_open(db_path, &db);
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
}

static void serve_refuses_a_database_newer_than_the_binary(void **state)
{
    store_close(*state);
    set_schema_version(store_schema_version_latest() + 1);
    struct store *st;
    struct error e;
    assert_int_equal(store_open(&st, target, STORE_OPEN_SERVE, &e), -1);
    assert_non_null(strstr(e.message_en, "newer than this binary"));
    assert_int_equal(store_open(&st, target, STORE_OPEN_CREATE, &e), -1);
    set_schema_version(store_schema_version_latest());
    assert_int_equal(store_open(&st, target, STORE_OPEN_SERVE, &e), 0);
    *state = st;
}

static void migrate_is_idempotent(void **state)
{
    int from, to;
    struct error e;
    assert_int_equal(store_migrate(*state, &from, &to, &e), 0);
    assert_int_equal(from, store_schema_version_latest());
    assert_int_equal(to, from);
}

static void refused_writes_change_nothing(void **state)
{
    struct store *st = *state;
    struct error e;
    int64_t a = add(st, "A", 0, &e), b = add(st, "B", a, &e);
    assert_true(a > 0 && b > 0);
    assert_int_equal(count_units(st), 2);

    assert_int_equal(add(st, "A", 0, &e), -1); /* duplicate code */
    assert_int_equal(e.code, ERR_DUPLICATE);
    assert_int_equal(add(st, "C", 999, &e), -1); /* missing parent */
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    assert_int_equal(count_units(st), 2);

    struct arena ar = ARENA_INIT;
    struct unit u;
    struct unit_input move = {.has_parent = true, .parent_id = b};
    assert_int_equal(store_unit_update(st, 1, a, &move, NULL, &ar, &u, &e), -1);
    assert_int_equal(e.code, ERR_CYCLE);
    assert_int_equal(store_unit_get(st, 1, 0, a, &ar, &u, &e), 0);
    assert_int_equal(u.parent_id, 0);

    assert_int_equal(store_unit_delete(st, 1, a, NULL, &e), -1);
    assert_int_equal(e.code, ERR_HAS_CHILDREN);
    assert_int_equal(count_units(st), 2);
    assert_int_equal(store_unit_delete(st, 1, b, NULL, &e), 0);
    assert_int_equal(store_unit_delete(st, 1, a, NULL, &e), 0);
    assert_int_equal(count_units(st), 0);
    assert_int_equal(store_unit_get(st, 1, 0, a, &ar, &u, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_release(&ar);
}

static void ids_are_never_reused_after_a_delete(void **state)
{
    struct store *st = *state;
    struct error e;
    int64_t a = add(st, "X", 0, &e);
    assert_int_equal(store_unit_delete(st, 1, a, NULL, &e), 0);
    int64_t b = add(st, "Y", 0, &e);
    assert_true(b > a);
}

static void another_tenant_sees_none_of_the_units(void **state)
{
    struct store *st = *state;
    struct error e;
    int64_t a = add(st, "T1", 0, &e);
    struct arena ar = ARENA_INIT;
    struct unit u;
    assert_int_equal(store_unit_get(st, 2, 0, a, &ar, &u, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_release(&ar);
    /* the same filter, counted for tenant 1 first, must not answer for tenant 2 */
    assert_int_equal(count_tenant_units(st, 1), 1);
    assert_int_equal(count_tenant_units(st, 2), 0);
}

static void child_counts_follow_creates_moves_and_deletes(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena ar = ARENA_INIT;
    struct unit u;
    int64_t a = add(st, "PA", 0, &e), b = add(st, "PB", 0, &e), c = add(st, "PC", a, &e);
    add(st, "PD", a, &e);
    assert_int_equal(store_unit_get(st, 1, 0, a, &ar, &u, &e), 0);
    assert_int_equal(u.child_count, 2);
    struct unit_input move = {.has_parent = true, .parent_id = b};
    assert_int_equal(store_unit_update(st, 1, c, &move, NULL, &ar, &u, &e), 0);
    assert_int_equal(store_unit_get(st, 1, 0, a, &ar, &u, &e), 0);
    assert_int_equal(u.child_count, 1);
    assert_int_equal(store_unit_get(st, 1, 0, b, &ar, &u, &e), 0);
    assert_int_equal(u.child_count, 1);
    struct unit_input rename = {.has_name = true, .name = "renamed"};
    assert_int_equal(store_unit_update(st, 1, c, &rename, NULL, &ar, &u, &e), 0); /* no move: counts unchanged */
    assert_int_equal(store_unit_get(st, 1, 0, b, &ar, &u, &e), 0);
    assert_int_equal(u.child_count, 1);
    assert_int_equal(store_unit_delete(st, 1, c, NULL, &e), 0);
    assert_int_equal(store_unit_get(st, 1, 0, b, &ar, &u, &e), 0);
    assert_int_equal(u.child_count, 0);
    arena_release(&ar);
}

static void a_list_total_sees_writes_made_through_another_connection(void **state)
{
    struct store *st = *state, *other;
    struct error e;
    assert_int_equal(store_open(&other, target, STORE_OPEN_SERVE, &e), 0);
    add(st, "L1", 0, &e);
    assert_int_equal(count_units(st), 1); /* counted, and remembered */
    assert_int_equal(count_units(st), 1);
    add(other, "L2", 0, &e);
    assert_int_equal(count_units(st), 2);
    assert_int_equal(count_units(other), 2);
    add(st, "L3", 0, &e);
    assert_int_equal(count_units(other), 3);
    store_close(other);
}

/* A kept answer is given back only while nothing was written, by this connection or another. */
static void a_kept_answer_ends_with_any_write(void **state)
{
    struct store *st = *state, *other;
    struct error e;
    uint64_t stamp[2];
    const char *bytes;
    size_t len;
    int64_t n;
    if (on_postgres) { /* no change stamp: nothing is kept */
        assert_int_equal(store_answer_find(st, "page", stamp, &bytes, &len, &n), -1);
        return;
    }
    assert_int_equal(store_open(&other, target, STORE_OPEN_SERVE, &e), 0);
    assert_int_equal(store_answer_find(st, "page", stamp, &bytes, &len, &n), 0);
    store_answer_keep(st, "page", stamp, "[1,2]", 5, 2);
    assert_int_equal(store_answer_find(st, "page", stamp, &bytes, &len, &n), 1);
    assert_int_equal(len, 5);
    assert_memory_equal(bytes, "[1,2]", 5);
    assert_int_equal(n, 2);
    assert_int_equal(store_answer_find(st, "other page", stamp, &bytes, &len, &n), 0);
    add(st, "K1", 0, &e); /* this connection writes */
    assert_int_equal(store_answer_find(st, "page", stamp, &bytes, &len, &n), 0);
    store_answer_keep(st, "page", stamp, "[1,2,3]", 7, 3);
    assert_int_equal(store_answer_find(st, "page", stamp, &bytes, &len, &n), 1);
    add(other, "K2", 0, &e); /* another one does */
    assert_int_equal(store_answer_find(st, "page", stamp, &bytes, &len, &n), 0);
    store_close(other);
}

/* Keys of kept project pages: texts are length-prefixed, so two filters never share one. */
static void project_filter_keys_tell_filters_apart(void **state)
{
    (void)state;
    struct project_filter a = {.tag = "x|y", .text = "z", .page = 1, .page_size = 25},
                          b = {.tag = "x", .text = "y|z", .page = 1, .page_size = 25};
    char ka[640], kb[640], small[16];
    assert_true(project_filter_key(1, &a, true, ka, sizeof(ka)));
    assert_true(project_filter_key(1, &b, true, kb, sizeof(kb)));
    assert_string_not_equal(ka, kb);
    b = a;
    b.page = 2;
    assert_true(project_filter_key(1, &b, true, kb, sizeof(kb)));
    assert_string_not_equal(ka, kb);
    assert_true(project_filter_key(1, &b, false, kb, sizeof(kb)));
    assert_true(project_filter_key(1, &a, false, ka, sizeof(ka)));
    assert_string_equal(ka, kb); /* the total does not depend on the page */
    assert_false(project_filter_key(1, &a, true, small, sizeof(small)));
}

/* Runs one statement on the test's database, whichever the backend. */
static void exec_sql(const char *sql)
{
    if (on_postgres) {
        assert_int_equal(pg_exec(sql), 0);
        return;
    }
    sqlite3 *db;
    sqlite3_open(db_path, &db);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void the_operation_log_records_writes_and_verify_finds_tampering(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    struct actor who = {7, "zhangwei", "10.0.0.9"};
    struct unit u;
    struct unit_input in = {.has_code = true, .has_name = true, .has_kind = true, .code = "A", .name = "甲",
                            .kind = UNIT_TOWN};
    assert_int_equal(store_unit_create(st, 1, &in, &who, &a, &u, &e), 0);
    struct unit_input rename = {.has_name = true, .name = "乙"};
    assert_int_equal(store_unit_update(st, 1, u.id, &rename, &who, &a, &u, &e), 0);
    assert_int_equal(store_unit_update(st, 1, u.id, &rename, &who, &a, &u, &e), 0); /* no change: no record */
    assert_int_equal(store_unit_create(st, 1, &in, &who, &a, &u, &e), -1);          /* refused: no record */
    assert_int_equal(store_unit_delete(st, 1, u.id, &who, &e), 0);

    struct audit_filter f = {.page = 1, .page_size = 10};
    struct audit_entry *items;
    size_t n;
    int64_t total;
    assert_int_equal(store_audit_list(st, 1, &f, &a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 3);
    assert_string_equal(items[0].action, "delete");
    assert_string_equal(items[1].action, "update");
    assert_string_equal(items[1].changes, "{\"name\":[\"甲\",\"乙\"]}");
    assert_string_equal(items[2].action, "create");
    assert_string_equal(items[2].username, "zhangwei");
    assert_string_equal(items[2].address, "10.0.0.9");
    assert_int_equal(items[2].user_id, 7);
    assert_string_equal(items[1].prev_hash, items[2].hash);
    f.action = "update";
    assert_int_equal(store_audit_list(st, 1, &f, &a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);

    int64_t checked, bad_tenant, bad_id;
    assert_int_equal(store_audit_verify(st, &checked, &bad_tenant, &bad_id, &e), 0);
    assert_int_equal(checked, 3);
    assert_int_equal(bad_id, 0);
    exec_sql("UPDATE audit_log SET changes = '{\"name\":[\"甲\",\"丙\"]}' WHERE id = 2");
    assert_int_equal(store_audit_verify(st, &checked, &bad_tenant, &bad_id, &e), 0);
    assert_int_equal(bad_id, 2);
    assert_int_equal(checked, 1);
    exec_sql("DELETE FROM audit_log WHERE id = 2");
    assert_int_equal(store_audit_verify(st, &checked, &bad_tenant, &bad_id, &e), 0);
    assert_int_equal(bad_id, 3); /* the record after the removed one no longer links */
    arena_release(&a);
}

static void a_scope_sees_its_subtree_only(void **state)
{
    struct store *st = *state;
    struct error e;
    int64_t town = add(st, "TOWN", 0, &e), office = add(st, "OFFICE", town, &e), desk = add(st, "DESK", office, &e);
    int64_t other = add(st, "OTHER", 0, &e);
    struct arena a = ARENA_INIT;
    struct unit_filter f = {.page = 1, .page_size = 100, .scope = office};
    struct unit *items;
    size_t n;
    int64_t total;
    assert_int_equal(store_units_list(st, 1, &f, &a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 2);
    assert_true((items[0].id == office && items[1].id == desk) || (items[0].id == desk && items[1].id == office));
    struct unit u;
    assert_int_equal(store_unit_get(st, 1, office, desk, &a, &u, &e), 0);
    assert_int_equal(store_unit_get(st, 1, office, town, &a, &u, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(store_unit_get(st, 1, office, other, &a, &u, &e), -1);
    /* a move carries the subtree: under OTHER, the office and its desk leave the town's scope */
    struct unit_input move = {.has_parent = true, .parent_id = other};
    assert_int_equal(store_unit_update(st, 1, office, &move, NULL, &a, &u, &e), 0);
    f.scope = town;
    assert_int_equal(store_units_list(st, 1, &f, &a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    f.scope = other;
    assert_int_equal(store_units_list(st, 1, &f, &a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 3);
    assert_int_equal(store_unit_get(st, 1, other, desk, &a, &u, &e), 0);
    arena_release(&a);
}

/* Collects the codes and parent codes store_units_each gives, and stops after `stop_after` rows when set. */
struct walk {
    char seen[512];
    int rows, stop_after;
};

static int walk_unit(void *ctx, const struct unit *u, struct error *e)
{
    struct walk *w = ctx;
    size_t used = strlen(w->seen);
    snprintf(w->seen + used, sizeof(w->seen) - used, "%s<%s ", u->code, u->parent_code ? u->parent_code : "-");
    if (++w->rows == w->stop_after)
        return error_set(e, ERR_INTERNAL, NULL, "停止", "stop");
    return 0;
}

static void an_export_walk_gives_the_lists_rows_in_its_order_with_parent_codes_and_a_limit(void **state)
{
    struct store *st = *state;
    struct error e;
    int64_t town = add(st, "TOWN", 0, &e), office = add(st, "OFFICE", town, &e);
    add(st, "DESK", office, &e);
    add(st, "OTHER", 0, &e);
    struct unit_filter f = {.sort = UNIT_SORT_CODE, .descending = true};
    struct walk w = {{0}, 0, 0};
    assert_int_equal(store_units_each(st, 1, &f, 100, walk_unit, &w, &e), 0);
    assert_string_equal(w.seen, "TOWN<- OTHER<- OFFICE<TOWN DESK<OFFICE ");
    /* the data scope, as in the list */
    f.scope = office;
    memset(&w, 0, sizeof(w));
    assert_int_equal(store_units_each(st, 1, &f, 100, walk_unit, &w, &e), 0);
    assert_string_equal(w.seen, "OFFICE<TOWN DESK<OFFICE ");
    /* more rows than the limit: refused before the first row */
    f.scope = 0;
    memset(&w, 0, sizeof(w));
    assert_int_equal(store_units_each(st, 1, &f, 3, walk_unit, &w, &e), -1);
    assert_int_equal(e.code, ERR_TOO_LARGE);
    assert_int_equal(w.rows, 0);
    /* the callback's failure stops the walk and is returned */
    w.stop_after = 2;
    assert_int_equal(store_units_each(st, 1, &f, 100, walk_unit, &w, &e), -1);
    assert_int_equal(w.rows, 2);
    assert_string_equal(e.message_en, "stop");
}

static void sessions_end_when_idle_disabled_or_on_a_password_change(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    struct user_input in = {.has_username = true, .has_display_name = true, .has_role = true, .username = "li",
                            .display_name = "李", .role = ROLE_LEADER, .password_hash = "$argon2id$x"};
    struct user u;
    assert_int_equal(store_user_create(st, 1, &in, NULL, &a, &u, &e), 0);
    assert_int_equal(store_session_create(st, &u, "hash-1", "csrf-1", "2999-01-01T00:00:00Z", &e), 0);
    struct session s;
    assert_int_equal(store_session_get(st, "hash-1", 3600, &a, &s, &e), 0);
    assert_string_equal(s.user.username, "li");
    assert_string_equal(s.csrf_token, "csrf-1");
    assert_int_equal(store_session_get(st, "hash-1", -5, &a, &s, &e), -1); /* idle longer than allowed */
    assert_int_equal(store_session_get(st, "other", 3600, &a, &s, &e), -1);
    assert_int_equal(store_session_create(st, &u, "hash-2", "csrf-2", "2000-01-01T00:00:00Z", &e), 0);
    assert_int_equal(store_session_get(st, "hash-2", 3600, &a, &s, &e), -1); /* past its lifetime */
    assert_int_equal(store_user_set_password(st, 1, u.id, "$argon2id$y", NULL, &e), 0);
    assert_int_equal(store_session_get(st, "hash-1", 3600, &a, &s, &e), -1);
    assert_int_equal(store_session_create(st, &u, "hash-3", "csrf-3", "2999-01-01T00:00:00Z", &e), 0);
    struct user_input off = {.has_disabled = true, .disabled = true};
    assert_int_equal(store_user_update(st, 1, u.id, &off, NULL, &a, &u, &e), 0);
    assert_int_equal(store_session_get(st, "hash-3", 3600, &a, &s, &e), -1);
    arena_release(&a);
}

/* A second database on the current backend, migrated; its target string goes to out. */
static struct store *open_second(char *out, size_t size)
{
    char saved_target[512], saved_path[256], saved_pg[64];
    memcpy(saved_target, target, sizeof(target));
    memcpy(saved_path, db_path, sizeof(db_path));
    memcpy(saved_pg, pg_dbname, sizeof(pg_dbname));
    new_target();
    snprintf(out, size, "%s", target);
    memcpy(target, saved_target, sizeof(target));
    memcpy(db_path, saved_path, sizeof(db_path));
    memcpy(pg_dbname, saved_pg, sizeof(pg_dbname));
    struct store *st;
    struct error e;
    int from, to;
    if (store_open(&st, out, STORE_OPEN_CREATE, &e) != 0 || store_migrate(st, &from, &to, &e) != 0)
        return NULL;
    return st;
}

/* Removes a database made by open_second (after its store is closed). */
static void drop_second(const char *t)
{
    char sql[600];
    if (strncmp(t, "postgresql", 10) == 0) {
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", strrchr(t, '/') + 1);
        pg_admin_exec(sql);
        return;
    }
    unlink(t);
    snprintf(sql, sizeof(sql), "%s-wal", t);
    unlink(sql);
    snprintf(sql, sizeof(sql), "%s-shm", t);
    unlink(sql);
}

/* Some data in two tenants, with a unit whose parent has a higher id (written in a second pass). */
static void fill_for_copy(struct store *st)
{
    struct arena a = ARENA_INIT;
    struct error e;
    struct tenant t;
    assert_int_equal(store_tenant_add(st, "张家港市", "320582", &a, &t, &e), 0);
    int64_t child = add(st, "CHILD", 0, &e), parent = add(st, "PARENT", 0, &e);
    struct unit u;
    struct unit_input move = {.has_parent = true, .parent_id = parent};
    assert_int_equal(store_unit_update(st, 1, child, &move, NULL, &a, &u, &e), 0);
    struct unit_input in = {.has_code = true, .has_name = true, .has_kind = true, .code = "T2", .name = "二号",
                            .kind = UNIT_PARK, .division_code = "320582"};
    in.has_division_code = true;
    assert_int_equal(store_unit_create(st, t.id, &in, NULL, &a, &u, &e), 0);
    /* benchmarking: a city, a value, a goal split among a unit */
    struct bm_city_input ci = {.has_name = true, .name = "本市", .has_is_self = true, .is_self = true, .demo = true};
    struct bm_city city;
    assert_int_equal(store_bm_city_create(st, 1, NULL, &ci, &a, &city, &e), 0);
    struct bm_value v = {.indicator_id = 1, .city_id = city.id, .year = 2024, .has_value = true,
                         .value = 1234500000, .source = "年鉴"};
    size_t written;
    assert_int_equal(store_bm_values_put(st, 1, NULL, &v, 1, NULL, &written, &e), 0);
    struct bm_goal_input gi = {.has_name = true, .name = "目标", .has_indicator = true, .indicator_id = 1,
                               .has_year = true, .year = 2027, .has_base_year = true, .base_year = 2024,
                               .has_target_value = true, .target_value = 2000000000};
    struct bm_goal goal;
    assert_int_equal(store_bm_goal_create(st, 1, NULL, &gi, &a, &goal, &e), 0);
    struct bm_goal_unit gu = {.unit_id = child, .weight = 1000000};
    assert_int_equal(store_bm_goal_units_put(st, 1, NULL, goal.id, BM_SPLIT_SHARES, &gu, 1, &e), 0);
    arena_release(&a);
}

static void copy_moves_every_table_and_verifies_it(void **state)
{
    struct store *st = *state;
    fill_for_copy(st);
    char other[512];
    struct store *dst = open_second(other, sizeof(other));
    assert_non_null(dst);
    struct store_copy_report copied, again;
    struct error e;
    assert_int_equal(store_copy(st, dst, &copied, &e), 0);
    assert_int_equal(store_checksums(dst, &again, &e), 0);
    assert_int_equal(copied.n_tables, again.n_tables);
    for (size_t i = 0; i < copied.n_tables; i++) {
        assert_string_equal(copied.tables[i].table, again.tables[i].table);
        assert_int_equal(copied.tables[i].rows, again.tables[i].rows);
        assert_true(copied.tables[i].checksum == again.tables[i].checksum);
    }
    assert_int_equal(copied.tables[0].rows, 2); /* tenants */
    assert_int_equal(copied.tables[2].rows, 3); /* units */
    struct arena a = ARENA_INIT;
    struct unit u;
    assert_int_equal(store_unit_get(dst, 1, 0, 1, &a, &u, &e), 0);
    assert_string_equal(u.code, "CHILD");
    assert_int_equal(u.parent_id, 2);
    arena_release(&a);
    /* a target that holds data is refused, and left as it was */
    assert_int_equal(store_copy(st, dst, &copied, &e), -1);
    assert_non_null(strstr(e.message_en, "holds data"));
    assert_int_equal(store_checksums(dst, &copied, &e), 0);
    assert_true(copied.tables[2].checksum == again.tables[2].checksum);
    store_close(dst);
    drop_second(other);
}

/* Every table the migrations make is copied (pacesetter_meta belongs to each database itself). */
static void copy_covers_every_table(void **state)
{
    struct store_copy_report r;
    struct error e;
    assert_int_equal(store_checksums(*state, &r, &e), 0);
    /* room for every name: a name cut short would have no space after it */
    char listed[2048] = "";
    for (size_t i = 0; i < r.n_tables; i++)
        snprintf(listed + strlen(listed), sizeof(listed) - strlen(listed), "%s ", r.tables[i].table);
    assert_true(strlen(listed) < sizeof(listed) - 1);
    char tables[2048] = "";
    if (on_postgres) {
        PGconn *c = PQconnectdb(target);
        PGresult *res = PQexec(c, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1");
        for (int i = 0; i < PQntuples(res); i++)
            snprintf(tables + strlen(tables), sizeof(tables) - strlen(tables), "%s ", PQgetvalue(res, i, 0));
        PQclear(res);
        PQfinish(c);
    } else {
        sqlite3 *db;
        sqlite3_stmt *s;
        sqlite3_open(db_path, &db);
        sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY 1", -1, &s, NULL);
        while (sqlite3_step(s) == SQLITE_ROW)
            snprintf(tables + strlen(tables), sizeof(tables) - strlen(tables), "%s ", sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        sqlite3_close(db);
    }
    assert_true(strlen(tables) < sizeof(tables) - 1);
    for (char *name = tables; *name;) {
        char *space = strchr(name, ' ');
        *space = '\0';
        if (strcmp(name, "pacesetter_meta") != 0) {
            char needle[sizeof(tables) + 2];
            snprintf(needle, sizeof(needle), "%s ", name);
            if (!strstr(listed, needle))
                fail_msg("table %s is not copied by store_copy", name);
        }
        name = space + 1;
    }
}

/* ---- enterprises ---- */

static int enterprise_add(struct store *st, const char *credit_code, const char *name, const char *industry,
                          enum ownership ownership, int64_t park, bool high_tech, struct arena *a,
                          struct enterprise_view *out, struct error *e)
{
    struct enterprise_input in = {.has_credit_code = true, .has_name = true, .has_industry_code = true,
                                  .has_ownership = true, .has_park = true, .has_high_tech = true,
                                  .credit_code = credit_code, .name = name, .industry_code = industry,
                                  .ownership = ownership, .park_id = park, .high_tech = high_tech};
    return store_enterprise_create(st, 1, &in, NULL, a, out, e);
}

/* The ids of a filtered list, "1 3", and its total. */
static const char *enterprise_ids(struct store *st, struct enterprise_filter f, struct arena *a, int64_t *total)
{
    struct enterprise_view *items;
    size_t n;
    struct error e;
    f.page = f.page ? f.page : 1;
    f.page_size = f.page_size ? f.page_size : 100;
    assert_int_equal(store_enterprises_list(st, 1, &f, a, &items, &n, total, &e), 0);
    char *out = arena_calloc(a, 256);
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), 256 - strlen(out), "%s%lld", i ? " " : "", (long long)items[i].e.id);
    return out;
}

static void enterprises_are_created_filtered_updated_and_deleted(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    struct enterprise_view v;
    int64_t park = add(st, "PARK", 0, &e), total;
    assert_int_equal(enterprise_add(st, "91320582MA1N2L3K4M", "飞机公司", "3741", OWNERSHIP_FOREIGN, park, true, &a, &v, &e), 0);
    assert_int_equal(v.e.id, 1);
    assert_string_equal(v.park_name, "PARK");
    assert_int_equal(v.project_count, 0);
    assert_int_equal(enterprise_add(st, "91320500MA1P8Q7R2H", "药业公司", "2710", OWNERSHIP_DOMESTIC, 0, false, &a, &v, &e), 0);
    assert_int_equal(enterprise_add(st, "91110000100000000R", "农业公司", NULL, OWNERSHIP_HMT, 0, false, &a, &v, &e), 0);
    assert_int_equal(v.e.id, 3);

    assert_int_equal(enterprise_add(st, "91320582MA1N2L3K4M", "又一家", NULL, OWNERSHIP_DOMESTIC, 0, false, &a, &v, &e), -1);
    assert_int_equal(e.code, ERR_DUPLICATE);
    assert_string_equal(e.field, "credit_code");
    assert_int_equal(enterprise_add(st, "91320582MA1N2L3K4A", "无园区", NULL, OWNERSHIP_DOMESTIC, 999, false, &a, &v, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    assert_string_equal(e.field, "park_id");

    assert_string_equal(enterprise_ids(st, (struct enterprise_filter){0}, &a, &total), "3 2 1"); /* by name, bytewise: 农 药 飞 */
    assert_int_equal(total, 3);
    assert_string_equal(enterprise_ids(st, (struct enterprise_filter){.industry = "C"}, &a, &total), "2 1");
    assert_string_equal(enterprise_ids(st, (struct enterprise_filter){.industry = "37"}, &a, &total), "1");
    assert_string_equal(enterprise_ids(st, (struct enterprise_filter){.industry = "A"}, &a, &total), "");
    assert_int_equal(total, 0);
    assert_string_equal(enterprise_ids(st, (struct enterprise_filter){.has_ownership = true, .ownership = OWNERSHIP_HMT}, &a, &total), "3");
    assert_string_equal(enterprise_ids(st, (struct enterprise_filter){.has_park = true, .park_id = park}, &a, &total), "1");
    assert_string_equal(enterprise_ids(st, (struct enterprise_filter){.has_high_tech = true, .high_tech = false}, &a, &total), "3 2");
    assert_string_equal(enterprise_ids(st, (struct enterprise_filter){.text = "9132"}, &a, &total), "2 1");
    assert_string_equal(enterprise_ids(st, (struct enterprise_filter){.sort = ENTERPRISE_SORT_CREDIT_CODE, .descending = true}, &a, &total), "1 2 3");
    assert_string_equal(enterprise_ids(st, (struct enterprise_filter){.sort = ENTERPRISE_SORT_ID, .page = 2, .page_size = 2}, &a, &total), "3");
    assert_int_equal(total, 3);

    struct enterprise_input change = {.has_name = true, .name = "飞机集团", .has_park = true, .park_id = 0,
                                      .has_above_size = true, .above_size = true};
    assert_int_equal(store_enterprise_update(st, 1, 1, &change, NULL, &a, &v, &e), 0);
    assert_string_equal(v.e.name, "飞机集团");
    assert_string_equal(v.e.industry_code, "3741");
    assert_true(v.e.above_size && v.e.high_tech);
    assert_int_equal(v.e.park_id, 0);
    struct enterprise_input taken = {.has_credit_code = true, .credit_code = "91320500MA1P8Q7R2H"};
    assert_int_equal(store_enterprise_update(st, 1, 1, &taken, NULL, &a, &v, &e), -1);
    assert_int_equal(e.code, ERR_DUPLICATE);

    /* a project names enterprise 2: it stays */
    exec_sql("INSERT INTO projects (tenant_id, id, code, name, enterprise_id, unit_id, category, source, pool, "
             "created_at, updated_at) VALUES (1, 1, 'P1', '项目', 2, 1, 'industry', 'domestic', 'reserve', "
             "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')");
    assert_int_equal(store_enterprise_get(st, 1, 2, &a, &v, &e), 0);
    assert_int_equal(v.project_count, 1);
    assert_int_equal(store_enterprise_delete(st, 1, 2, NULL, &e), -1);
    assert_int_equal(e.code, ERR_HAS_CHILDREN);
    assert_int_equal(store_enterprise_delete(st, 1, 3, NULL, &e), 0);
    assert_int_equal(store_enterprise_get(st, 1, 3, &a, &v, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(store_enterprise_get(st, 2, 1, &a, &v, &e), -1); /* another tenant's id */
    assert_int_equal(e.code, ERR_NOT_FOUND);
    /* the park of an enterprise cannot be deleted */
    assert_int_equal(store_enterprise_update(st, 1, 1, &(struct enterprise_input){.has_park = true, .park_id = park},
                                             NULL, &a, &v, &e), 0);
    assert_int_equal(store_unit_delete(st, 1, park, NULL, &e), -1);
    assert_int_equal(e.code, ERR_HAS_CHILDREN);

    struct audit_filter af = {.resource = "enterprise", .page = 1, .page_size = 100};
    struct audit_entry *log;
    size_t n;
    assert_int_equal(store_audit_list(st, 1, &af, &a, &log, &n, &total, &e), 0);
    assert_int_equal(total, 6); /* three creates, two updates, one delete */
    assert_string_equal(log[0].action, "update");
    assert_non_null(strstr(log[1].changes, "\"high_tech\":[false,null]"));
    arena_release(&a);
}

static void an_enterprise_import_creates_updates_and_refuses_all_or_nothing(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    int64_t park = add(st, "PARK", 0, &e);
    struct enterprise_view v;
    assert_int_equal(enterprise_add(st, "91320582MA1N2L3K4M", "老企业", NULL, OWNERSHIP_DOMESTIC, 0, false, &a, &v, &e), 0);
    enum { N = 250 }; /* more than two insert batches */
    struct enterprise_input in[N];
    const char *parks[N];
    char codes[N][19];
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (int i = 0; i < N; i++) {
        snprintf(codes[i], sizeof(codes[i]), "91320582%09d", i);
        int sum = 0, w = 1;
        for (int k = 0; k < 17; k++, w = w * 3 % 31)
            sum += (int)(strchr(alphabet, codes[i][k]) - alphabet) * w;
        codes[i][17] = alphabet[(31 - sum % 31) % 31];
        codes[i][18] = '\0';
        in[i] = (struct enterprise_input){.has_credit_code = true, .has_name = true, .has_ownership = true,
                                          .has_park = true, .credit_code = codes[i], .name = "导入企业",
                                          .ownership = OWNERSHIP_FOREIGN};
        parks[i] = i % 2 ? "PARK" : NULL;
    }
    in[0] = (struct enterprise_input){.has_credit_code = true, .has_name = true, .credit_code = "91320582MA1N2L3K4M",
                                      .name = "改名企业"};
    enum import_action actions[N];
    struct enterprise_import im = {.n = N, .in = in, .park = parks, .actions = actions};
    assert_int_equal(store_enterprises_import(st, 1, &im, NULL, &a, &e), 0);
    assert_int_equal(im.created, N - 1);
    assert_int_equal(im.updated, 1);
    assert_int_equal(store_enterprise_get(st, 1, 1, &a, &v, &e), 0);
    assert_string_equal(v.e.name, "改名企业");
    assert_int_equal(v.e.ownership, OWNERSHIP_DOMESTIC); /* not in the sheet: kept */
    assert_int_equal(store_enterprise_get(st, 1, 2, &a, &v, &e), 0); /* row 1: an odd row, in the park */
    assert_int_equal(v.e.park_id, park);

    im = (struct enterprise_import){.n = N, .in = in, .park = parks, .actions = actions};
    assert_int_equal(store_enterprises_import(st, 1, &im, NULL, &a, &e), 0);
    assert_int_equal(im.unchanged, N);

    /* an unknown park and a repeated code: nothing written */
    parks[5] = "NO-SUCH-PARK";
    in[7].credit_code = codes[6];
    in[1].name = "不该写入";
    im = (struct enterprise_import){.n = N, .in = in, .park = parks, .actions = actions};
    assert_int_equal(store_enterprises_import(st, 1, &im, NULL, &a, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_ROWS);
    assert_int_equal(im.n_errors, 2);
    bool park_refused = false, repeat_refused = false;
    for (size_t k = 0; k < im.n_errors; k++) {
        park_refused |= im.errors[k].index == 5 && strcmp(im.errors[k].field, "park") == 0;
        repeat_refused |= im.errors[k].index == 7 && strcmp(im.errors[k].field, "credit_code") == 0 &&
                          strstr(im.errors[k].en, "the same credit code as entry ") != NULL;
    }
    assert_true(park_refused && repeat_refused);
    assert_int_equal(store_enterprise_get(st, 1, 2, &a, &v, &e), 0);
    assert_string_equal(v.e.name, "导入企业");
    arena_release(&a);
}

/*
 * The conformance check: one script of operations, run on each backend, writes down every
 * answer (ids, orders, totals, error codes) but the clock's; the two transcripts must match.
 */
static void transcript_add(struct store *st, struct strbuf *out, const char *code, const char *name,
                           enum unit_kind kind, int64_t parent, int64_t order)
{
    struct arena a = ARENA_INIT;
    struct error e;
    struct unit_input in = {.has_code = true, .has_name = true, .has_kind = true, .has_parent = true,
                            .has_sort_order = true, .code = code, .name = name, .kind = kind, .parent_id = parent,
                            .sort_order = order};
    struct unit u;
    if (store_unit_create(st, 2, &in, NULL, &a, &u, &e) == 0)
        strbuf_addf(out, "create %s -> %lld\n", code, (long long)u.id);
    else
        strbuf_addf(out, "create %s -> %s %s\n", code, error_code_name(e.code), e.field);
    arena_release(&a);
}

static void transcript_list(struct store *st, struct strbuf *out, struct unit_filter f)
{
    struct arena a = ARENA_INIT;
    struct error e;
    struct unit *items;
    size_t n;
    int64_t total;
    if (f.page == 0)
        f.page = 1;
    if (f.page_size == 0)
        f.page_size = 100;
    if (store_units_list(st, 2, &f, &a, &items, &n, &total, &e) != 0) {
        strbuf_addf(out, "list -> %s\n", error_code_name(e.code));
    } else {
        strbuf_addf(out, "list sort=%d desc=%d total=%lld:", f.sort, f.descending, (long long)total);
        for (size_t i = 0; i < n; i++)
            strbuf_addf(out, " %lld/%s/%lld/%lld", (long long)items[i].id, items[i].code,
                        (long long)items[i].parent_id, (long long)items[i].child_count);
        strbuf_addch(out, '\n');
    }
    arena_release(&a);
}

static void run_script(struct store *st, struct strbuf *out)
{
    struct arena a = ARENA_INIT;
    struct error e;
    struct tenant t;
    strbuf_addf(out, "tenant -> %d\n", store_tenant_add(st, "张家港市", "320582", &a, &t, &e) == 0 ? (int)t.id : -1);
    strbuf_addf(out, "tenant again -> %s\n",
                store_tenant_add(st, "张家港", "320582", &a, &t, &e) == 0 ? "ok" : error_code_name(e.code));
    transcript_add(st, out, "FGW", "发展和改革委员会", UNIT_DEPARTMENT, 0, 30);
    transcript_add(st, out, "ZDXM", "重大项目办", UNIT_OTHER, 1, 10);
    transcript_add(st, out, "a-lower", "alpha", UNIT_OTHER, 1, 10);
    transcript_add(st, out, "B-upper", "Beta", UNIT_OTHER, 0, 10);
    transcript_add(st, out, "TOWN1", "杨舍镇", UNIT_TOWN, 0, 20);
    transcript_add(st, out, "TOWN2", "塘桥镇", UNIT_TOWN, 0, 20);
    transcript_add(st, out, "JD1", "杨舍街道（东）", UNIT_SUBDISTRICT, 5, 0);
    transcript_add(st, out, "FGW", "duplicate", UNIT_OTHER, 0, 0);
    transcript_add(st, out, "ORPHAN", "no parent", UNIT_OTHER, 999, 0);
    struct unit u;
    struct unit_input move = {.has_parent = true, .parent_id = 7};
    strbuf_addf(out, "move 5 under 7 -> %s\n",
                store_unit_update(st, 2, 5, &move, NULL, &a, &u, &e) == 0 ? "ok" : error_code_name(e.code));
    move.parent_id = 6;
    strbuf_addf(out, "move 7 under 6 -> %s\n",
                store_unit_update(st, 2, 7, &move, NULL, &a, &u, &e) == 0 ? "ok" : error_code_name(e.code));
    strbuf_addf(out, "delete 1 -> %s\n", store_unit_delete(st, 2, 1, NULL, &e) == 0 ? "ok" : error_code_name(e.code));
    strbuf_addf(out, "delete 3 -> %s\n", store_unit_delete(st, 2, 3, NULL, &e) == 0 ? "ok" : error_code_name(e.code));
    strbuf_addf(out, "delete 3 again -> %s\n", store_unit_delete(st, 2, 3, NULL, &e) == 0 ? "ok" : error_code_name(e.code));
    for (int sort = 0; sort < UNIT_SORT_COUNT; sort++) {
        if (sort == UNIT_SORT_CREATED_AT || sort == UNIT_SORT_UPDATED_AT)
            continue; /* the clock differs between the two runs */
        transcript_list(st, out, (struct unit_filter){.sort = (enum unit_sort)sort});
        transcript_list(st, out, (struct unit_filter){.sort = (enum unit_sort)sort, .descending = true});
    }
    transcript_list(st, out, (struct unit_filter){.has_kind = true, .kind = UNIT_TOWN});
    transcript_list(st, out, (struct unit_filter){.has_parent = true, .parent_id = 0});
    transcript_list(st, out, (struct unit_filter){.has_parent = true, .parent_id = 6});
    transcript_list(st, out, (struct unit_filter){.text = "杨舍"});
    transcript_list(st, out, (struct unit_filter){.text = "a"});
    transcript_list(st, out, (struct unit_filter){.page = 2, .page_size = 2});
    transcript_list(st, out, (struct unit_filter){.page = 9, .page_size = 2});
    arena_release(&a);
}

static void copy_round_trip_sqlite_postgres_sqlite_is_identical(void **state)
{
    void *lite = NULL, *back = NULL;
    struct store *pg;
    struct error e;
    struct store_copy_report first, second, third;
    char pg_target_s[512], back_target[512];
    on_postgres = false;
    assert_int_equal(setup(&lite), 0);
    fill_for_copy(lite);
    on_postgres = true;
    pg = open_second(pg_target_s, sizeof(pg_target_s));
    assert_non_null(pg);
    assert_int_equal(store_copy(lite, pg, &first, &e), 0);
    on_postgres = false;
    back = open_second(back_target, sizeof(back_target));
    assert_non_null(back);
    assert_int_equal(store_copy(pg, back, &second, &e), 0);
    assert_int_equal(store_checksums(back, &third, &e), 0);
    for (size_t i = 0; i < first.n_tables; i++) {
        assert_int_equal(first.tables[i].rows, third.tables[i].rows);
        assert_true(first.tables[i].checksum == second.tables[i].checksum);
        assert_true(first.tables[i].checksum == third.tables[i].checksum);
    }
    store_close(pg);
    store_close(back);
    drop_second(pg_target_s);
    drop_second(back_target);
    teardown(&lite);
}

static void both_backends_give_identical_results(void **state)
{
    struct strbuf lite = STRBUF_INIT, pg = STRBUF_INIT;
    void *st = NULL;
    on_postgres = false;
    assert_int_equal(setup(&st), 0);
    run_script(st, &lite);
    teardown(&st);
    on_postgres = true;
    assert_int_equal(setup(&st), 0);
    run_script(st, &pg);
    teardown(&st);
    assert_false(lite.failed || pg.failed);
    assert_non_null(strstr(lite.buf, "move 5 under 7 -> cycle"));
    assert_string_equal(lite.buf, pg.buf);
    strbuf_release(&lite);
    strbuf_release(&pg);
}


/* ---- projects: create and update with derived fields, report corrections, warnings recomputed */

static int32_t days_ago(int n)
{
    return (int32_t)date_today() - n;
}

/* A project input with the required fields and no milestone dates. */
static struct project_input project_in(const char *code, int64_t unit)
{
    struct project_input in = {0};
    in.v.code = code;
    in.v.name = "测试项目";
    in.v.unit_id = unit;
    in.v.category = CAT_INDUSTRY;
    in.v.source = SOURCE_DOMESTIC;
    in.has[PF_CODE] = in.has[PF_NAME] = in.has[PF_UNIT] = in.has[PF_CATEGORY] = in.has[PF_SOURCE] = true;
    return in;
}

static void set_date(struct project_input *in, enum milestone m, bool actual, int32_t day)
{
    if (actual) {
        in->v.ms.actual[m] = day;
        in->has_actual[m] = true;
    } else {
        in->v.ms.planned[m] = day;
        in->has_planned[m] = true;
    }
}

static void a_project_is_created_and_updated_with_its_stage_pool_size_and_warning(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    struct actor who = {0, "tester", "127.0.0.1"};
    int64_t town = add(st, "T1", 0, &e);
    assert_true(town > 0);

    struct project_input in = project_in("P-1", town);
    in.v.total_investment = 50000000000; /* 5 亿元: the third class */
    in.has[PF_TOTAL_INVESTMENT] = true;
    set_date(&in, MS_SIGNED, true, days_ago(40));
    set_date(&in, MS_STARTED, false, days_ago(70));
    in.plans[in.n_plans++] = (struct plan_change){.year = date_from_days(date_today()).year, .amount = 1200};
    struct project p;
    assert_int_equal(store_project_create(st, 1, &in, &who, &a, &p, &e), 0);
    assert_int_equal(p.stage, MS_SIGNED);
    assert_int_equal(p.pool, POOL_PRELIMINARY);
    assert_int_equal(p.size_class, 2);
    assert_int_equal(p.warning, WARN_RED); /* 开工 70 days late */
    assert_non_null(strstr(p.warning_reasons, "\"milestone\":\"started\""));
    assert_int_equal(p.year_plan, 1200);

    /* a second project with the same code */
    struct project other;
    assert_int_equal(store_project_create(st, 1, &in, &who, &a, &other, &e), -1);
    assert_int_equal(e.code, ERR_DUPLICATE);
    assert_string_equal(e.field, "code");

    /* started before signed: refused, nothing changes */
    struct project_input up = {0};
    set_date(&up, MS_STARTED, true, days_ago(41));
    assert_int_equal(store_project_update(st, 1, p.id, &up, &who, &a, &other, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    assert_string_equal(e.field, "milestones.started.actual");
    struct project got;
    assert_int_equal(store_project_get(st, 1, 0, 0, p.id, &a, &got, &e), 0);
    assert_int_equal(got.stage, MS_SIGNED);
    assert_int_equal(got.ms.actual[MS_STARTED], DAY_NONE);

    /* started yesterday: 在建, the overdue step is done, and the name is kept */
    up = (struct project_input){0};
    set_date(&up, MS_STARTED, true, days_ago(1));
    up.v.total_investment = 9999999999;
    up.has[PF_TOTAL_INVESTMENT] = true;
    assert_int_equal(store_project_update(st, 1, p.id, &up, &who, &a, &got, &e), 0);
    assert_int_equal(got.stage, MS_STARTED);
    assert_int_equal(got.pool, POOL_CONSTRUCTION);
    assert_int_equal(got.size_class, 0);
    assert_string_equal(got.name, "测试项目");
    assert_int_equal(got.ms.planned[MS_STARTED], days_ago(70));
    assert_int_equal(got.ms.actual[MS_SIGNED], days_ago(40));

    /* an unknown unit */
    up = (struct project_input){0};
    up.v.unit_id = 987654;
    up.has[PF_UNIT] = true;
    assert_int_equal(store_project_update(st, 1, p.id, &up, &who, &a, &got, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    assert_string_equal(e.field, "unit_id");
    arena_release(&a);
}

static void month_ago(int k, char out[8])
{
    month_format(month_of_day((int32_t)date_today()) - k, out);
}

static void a_late_correction_recomputes_every_later_month(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    struct actor who = {0, "tester", "127.0.0.1"};
    int64_t town = add(st, "T1", 0, &e), elsewhere = add(st, "T2", 0, &e);
    struct project_input in = project_in("P-2", town);
    struct date first = date_from_days(date_today());
    first.day = 1;
    first.month -= 13; /* 13 months ago: the reports cross a year */
    while (first.month < 1) {
        first.month += 12;
        first.year--;
    }
    set_date(&in, MS_STARTED, true, (int32_t)date_to_days(first));
    struct project p;
    assert_int_equal(store_project_create(st, 1, &in, &who, &a, &p, &e), 0);

    char m[8];
    struct progress_report r;
    struct project after;
    for (int k = 13; k >= 0; k--) {
        month_ago(k, m);
        assert_int_equal(store_report_put(st, 1, 0, p.id, m, 100, "", &who, &a, &r, &after, &e), 0);
    }
    assert_int_equal(after.invested_total, 1400);
    /* correct the first month */
    month_ago(13, m);
    assert_int_equal(store_report_put(st, 1, 0, p.id, m, 1000, "更正", &who, &a, &r, &after, &e), 0);
    assert_int_equal(r.cumulative, 1000);
    assert_int_equal(after.invested_total, 2300);
    struct progress_report *items;
    size_t n;
    assert_int_equal(store_reports_list(st, 1, p.id, &a, &items, &n, &e), 0);
    assert_int_equal(n, 14);
    int64_t cumulative = 0, ytd = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && memcmp(items[i].month, items[i - 1].month, 4) != 0)
            ytd = 0;
        cumulative += items[i].amount;
        ytd += items[i].amount;
        assert_int_equal(items[i].cumulative, cumulative);
        assert_int_equal(items[i].year_to_date, ytd);
    }
    assert_int_equal(after.year_to_date, ytd);

    /* before the first month, after this one, outside the scope */
    month_ago(14, m);
    assert_int_equal(store_report_put(st, 1, 0, p.id, m, 1, "", &who, &a, &r, &after, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_VALUE);
    assert_string_equal(e.field, "month");
    month_ago(-1, m);
    assert_int_equal(store_report_put(st, 1, 0, p.id, m, 1, "", &who, &a, &r, &after, &e), -1);
    assert_string_equal(e.field, "month");
    month_ago(0, m);
    assert_int_equal(store_report_put(st, 1, elsewhere, p.id, m, 1, "", &who, &a, &r, &after, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(store_report_put(st, 1, town, p.id, m, 7, "", &who, &a, &r, &after, &e), 0);
    assert_int_equal(after.invested_total, 2207);

    /* a project with reports cannot be deleted */
    assert_int_equal(store_project_delete(st, 1, p.id, &who, &e), -1);
    assert_int_equal(e.code, ERR_HAS_CHILDREN);
    arena_release(&a);
}

static void what_once_named_a_unit_or_an_enterprise_keeps_or_frees_it(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    struct actor who = {0, "tester", "127.0.0.1"};
    int64_t first = add(st, "U-A", 0, &e), second = add(st, "U-B", 0, &e);
    struct project_input in = project_in("P-MOVE", first);
    set_date(&in, MS_SIGNED, true, (int32_t)date_today());
    struct project p;
    assert_int_equal(store_project_create(st, 1, &in, &who, &a, &p, &e), 0);
    char month[8];
    month_format(month_of_day((int32_t)date_today()), month);
    struct progress_report r;
    assert_int_equal(store_report_put(st, 1, 0, p.id, month, 500, "", &who, &a, &r, &p, &e), 0);
    assert_int_equal(store_unit_delete(st, 1, first, &who, &e), -1); /* its project names it */
    assert_int_equal(e.code, ERR_HAS_CHILDREN);
    struct project_input move = {0};
    move.has[PF_UNIT] = true;
    move.v.unit_id = second;
    assert_int_equal(store_project_update(st, 1, p.id, &move, &who, &a, &p, &e), 0);
    /* its month's total went with the project: nothing names the first unit any more */
    assert_int_equal(store_unit_delete(st, 1, first, &who, &e), 0);

    /* an enterprise an account names stays, and the account can still be changed */
    struct enterprise_input ent = {.has_credit_code = true, .has_name = true, .has_ownership = true,
                                   .credit_code = "91320582MA1N2L3K4M", .name = "账号企业",
                                   .ownership = OWNERSHIP_DOMESTIC};
    struct enterprise_view v;
    assert_int_equal(store_enterprise_create(st, 1, &ent, &who, &a, &v, &e), 0);
    struct user_input acc = {.has_username = true, .has_display_name = true, .has_role = true, .has_enterprise = true,
                             .username = "ent-account", .display_name = "企业", .role = ROLE_ENTERPRISE,
                             .enterprise_id = v.e.id, .password_hash = "x"};
    struct user u;
    assert_int_equal(store_user_create(st, 1, &acc, &who, &a, &u, &e), 0);
    assert_int_equal(store_enterprise_delete(st, 1, v.e.id, &who, &e), -1);
    assert_int_equal(e.code, ERR_HAS_CHILDREN);
    struct user_input off = {.has_disabled = true, .disabled = true};
    assert_int_equal(store_user_update(st, 1, u.id, &off, &who, &a, &u, &e), 0);
    assert_true(u.disabled);
    assert_int_equal(u.enterprise_id, v.e.id);
    arena_release(&a);
}

static void warnings_age_overnight_and_are_recomputed_once_a_day(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    struct actor who = {0, "tester", "127.0.0.1"};
    int64_t town = add(st, "T9", 0, &e);
    struct project_input in = project_in("P-DAY", town);
    set_date(&in, MS_STARTED, false, days_ago(2));
    struct project p, got;
    assert_int_equal(store_project_create(st, 1, &in, &who, &a, &p, &e), 0);
    assert_int_equal(p.warning, WARN_YELLOW);
    bool recomputed = true;
    assert_int_equal(store_warnings_daily(st, 1, &recomputed, &e), 0);
    assert_true(recomputed); /* never done for this city yet */
    assert_int_equal(store_warnings_daily(st, 1, &recomputed, &e), 0);
    assert_false(recomputed); /* done today already */

    /* as if the last recompute were yesterday's, with a light that has aged since */
    exec_sql("UPDATE projects SET warning = 'green', warning_reasons = '[]'");
    exec_sql("UPDATE project_settings SET warnings_on = '2000-01-01'");
    assert_int_equal(store_warnings_daily(st, 1, &recomputed, &e), 0);
    assert_true(recomputed);
    assert_int_equal(store_project_get(st, 1, 0, 0, p.id, &a, &got, &e), 0);
    assert_int_equal(got.warning, WARN_YELLOW);
    arena_release(&a);
}

static void warnings_are_recomputed_for_new_rules_and_for_the_whole_city(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    struct actor who = {0, "tester", "127.0.0.1"};
    int64_t town = add(st, "T1", 0, &e);
    struct project_input in = project_in("P-3", town);
    set_date(&in, MS_STARTED, false, days_ago(30));
    struct project late, fine;
    assert_int_equal(store_project_create(st, 1, &in, &who, &a, &late, &e), 0);
    assert_int_equal(late.warning, WARN_YELLOW);
    in = project_in("P-4", town);
    assert_int_equal(store_project_create(st, 1, &in, &who, &a, &fine, &e), 0);
    assert_int_equal(fine.warning, WARN_GREEN);

    int year = date_from_days(date_today()).year;
    struct warning_rules rules = warning_rules_default;
    rules.milestone_red_days = 20;
    assert_int_equal(store_warning_rules_set(st, 1, year + 1, &rules, &who, &e), 0);
    struct project got;
    assert_int_equal(store_project_get(st, 1, 0, 0, late.id, &a, &got, &e), 0);
    assert_int_equal(got.warning, WARN_YELLOW); /* next year's rules */
    assert_int_equal(store_warning_rules_set(st, 1, year, &rules, &who, &e), 0);
    assert_int_equal(store_project_get(st, 1, 0, 0, late.id, &a, &got, &e), 0);
    assert_int_equal(got.warning, WARN_RED);
    struct warning_rules read;
    assert_int_equal(store_warning_rules_get(st, 1, year, &read, &e), 0);
    assert_int_equal(read.milestone_red_days, 20);

    /* a light changed behind the store's back is put right by a recompute */
    exec_sql("UPDATE projects SET warning = 'green', warning_reasons = '[]'");
    struct warning_counts c;
    assert_int_equal(store_warnings_recompute(st, 1, &c, &e), 0);
    assert_int_equal(c.projects, 2);
    assert_int_equal(c.red, 1);
    assert_int_equal(c.green, 1);
    assert_int_equal(c.yellow, 0);
    assert_int_equal(store_project_get(st, 1, 0, 0, late.id, &a, &got, &e), 0);
    assert_int_equal(got.warning, WARN_RED);
    assert_non_null(strstr(got.warning_reasons, "milestone_overdue"));

    /* the list sees the stored light, and this year's figures */
    struct project_filter f = {.page = 1, .page_size = 10, .min_investment = -1, .max_investment = -1,
                               .has_warning = true, .warning = WARN_RED};
    struct project *items;
    size_t n;
    int64_t total;
    assert_int_equal(store_projects_list(st, 1, &f, &a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].id, late.id);
    arena_release(&a);
}

/* ---- problems and the speed report: what the API cannot reach (a deadline already past) */

static size_t problem_events(struct store *st, int64_t id)
{
    struct arena a = ARENA_INIT;
    struct error e;
    struct problem p;
    struct problem_event *ev;
    size_t n = 0;
    struct problem_viewer all = {0, 0, true};
    assert_int_equal(store_problem_get(st, 1, &all, id, &a, &p, &ev, &n, &e), 0);
    arena_release(&a);
    return n;
}

static enum warning_level project_light(struct store *st, int64_t id)
{
    struct arena a = ARENA_INIT;
    struct error e;
    struct project p;
    assert_int_equal(store_project_get(st, 1, 0, 0, id, &a, &p, &e), 0);
    enum warning_level w = p.warning;
    arena_release(&a);
    return w;
}

static void a_problem_past_its_deadline_is_overdue_may_be_escalated_and_turns_its_project_yellow_then_red(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    struct actor who = {0, "tester", "127.0.0.1"};
    int64_t town = add(st, "T1", 0, &e), other = add(st, "T2", 0, &e);
    struct project_input in = project_in("PB-1", town);
    struct project proj;
    assert_int_equal(store_project_create(st, 1, &in, &who, &a, &proj, &e), 0);
    assert_int_equal(proj.warning, WARN_GREEN);
    /* its times in the stored form on both backends, though a project row puts them past column 24 */
    assert_int_equal(strlen(proj.created_at), 20);
    assert_int_equal(proj.created_at[10], 'T');
    assert_int_equal(proj.updated_at[19], 'Z');

    struct problem_viewer office = {0, 0, true};
    struct problem p;
    struct problem_act raise = {.action = PA_RAISE, .project_id = proj.id, .title = "用地", .description = ""};
    assert_int_equal(store_problem_act(st, 1, &office, 0, &raise, &who, &a, &p, &e), 0);
    int64_t id = p.id;
    assert_int_equal(p.state, PROBLEM_OPEN);

    /* the store takes a deadline already past (the API refuses one): 5 days overdue */
    struct problem_act assign = {.action = PA_ASSIGN, .unit_id = town, .deadline = days_ago(5), .comment = "请办"};
    assert_int_equal(store_problem_act(st, 1, &office, id, &assign, &who, &a, &p, &e), 0);
    struct problem_facts facts = {p.state, p.unit_id != 0, p.deadline, (int32_t)date_today()};
    assert_int_equal(problem_overdue_days(&facts), 5);
    assert_int_equal(project_light(st, proj.id), WARN_YELLOW);

    /* the list's overdue filter finds it; escalation is allowed and keeps the state */
    struct problem_filter f = {.overdue = true, .page = 1, .page_size = 10};
    struct problem *items;
    size_t n;
    int64_t total;
    assert_int_equal(store_problems_list(st, 1, &office, &f, &a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    struct problem_act escalate = {.action = PA_ESCALATE, .comment = "督办"};
    assert_int_equal(store_problem_act(st, 1, &office, id, &escalate, &who, &a, &p, &e), 0);
    assert_true(p.escalated);
    assert_int_equal(p.state, PROBLEM_OPEN);
    f = (struct problem_filter){.escalated = true, .page = 1, .page_size = 10};
    assert_int_equal(store_problems_list(st, 1, &office, &f, &a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);

    /* a viewer scoped to another unit sees nothing of it and cannot accept it */
    struct problem_viewer outsider = {other, 0, false};
    f = (struct problem_filter){.page = 1, .page_size = 10};
    assert_int_equal(store_problems_list(st, 1, &outsider, &f, &a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    struct problem_act accept = {.action = PA_ACCEPT, .comment = ""};
    assert_int_equal(store_problem_act(st, 1, &outsider, id, &accept, &who, &a, &p, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    /* assigned to the other unit, its reporter sees it and may accept it; the first town's may not */
    struct problem_act to_other = {.action = PA_ASSIGN, .unit_id = other, .deadline = days_ago(40)};
    assert_int_equal(store_problem_act(st, 1, &office, id, &to_other, &who, &a, &p, &e), 0);
    assert_false(p.escalated); /* a new assignment clears the mark */
    assert_int_equal(project_light(st, proj.id), WARN_RED); /* 40 days > problem_red_days (30) */
    struct problem_viewer town_reporter = {town, 0, false};
    assert_int_equal(store_problem_act(st, 1, &town_reporter, id, &accept, &who, &a, &p, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(store_problem_act(st, 1, &outsider, id, &accept, &who, &a, &p, &e), 0);
    assert_int_equal(p.state, PROBLEM_ACCEPTED);

    /* a transition from the wrong state changes nothing, records nothing */
    size_t before = problem_events(st, id);
    struct problem_act confirm = {.action = PA_CONFIRM, .comment = ""};
    assert_int_equal(store_problem_act(st, 1, &office, id, &confirm, &who, &a, &p, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_STATE);
    assert_string_equal(e.field, "state");
    assert_int_equal(problem_events(st, id), before);

    /* the speed report counts it open and overdue; resolving it puts the project back to green */
    struct project_stats ps;
    int year = date_from_days(date_today()).year;
    assert_int_equal(store_project_stats(st, 1, 0, year, GROUP_UNIT, &a, &ps, &e), 0);
    assert_int_equal(ps.rows[ps.n - 1].problems_open_overdue, 1);
    struct problem_act resolve = {.action = PA_RESOLVE, .comment = ""};
    assert_int_equal(store_problem_act(st, 1, &outsider, id, &resolve, &who, &a, &p, &e), 0);
    assert_non_null(p.closed_at);
    assert_int_equal(project_light(st, proj.id), WARN_GREEN);
    assert_int_equal(store_project_stats(st, 1, 0, year, GROUP_UNIT, &a, &ps, &e), 0);
    assert_int_equal(ps.rows[ps.n - 1].problems_open_overdue, 0);
    assert_int_equal(ps.rows[ps.n - 1].problems_closed, 1);
    assert_int_equal(ps.rows[ps.n - 1].problems_close_median2, 0);
    struct problem_act escalate_late = {.action = PA_ESCALATE, .comment = "x"};
    assert_int_equal(store_problem_act(st, 1, &office, id, &escalate_late, &who, &a, &p, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_STATE);
    assert_int_equal(problem_events(st, id), before + 1);
    arena_release(&a);
}

static int32_t day_of(int year, int month, int day)
{
    return (int32_t)date_to_days((struct date){year, month, day});
}

static void the_speed_report_counts_last_years_steps_with_exact_medians_and_a_scoped_total(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    struct actor who = {0, "tester", "127.0.0.1"};
    int y = date_from_days(date_today()).year - 1;
    int64_t a_town = add(st, "TA", 0, &e), b_town = add(st, "TB", 0, &e);
    const struct {
        const char *code;
        int64_t unit;
        int32_t signed_day, started_day;
        int64_t total;
    } rows[] = {
        {"S-1", a_town, day_of(y, 1, 10), day_of(y, 1, 20), 300}, /* 10 days */
        {"S-2", a_town, day_of(y, 2, 1), day_of(y, 2, 14), 200},  /* 13 days */
        {"S-3", b_town, day_of(y - 1, 3, 1), day_of(y - 1, 3, 21), 50}, /* 20 days, the year before */
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct project_input in = project_in(rows[i].code, rows[i].unit);
        set_date(&in, MS_SIGNED, true, rows[i].signed_day);
        set_date(&in, MS_STARTED, true, rows[i].started_day);
        in.v.total_investment = rows[i].total;
        in.has[PF_TOTAL_INVESTMENT] = true;
        struct project p;
        assert_int_equal(store_project_create(st, 1, &in, &who, &a, &p, &e), 0);
    }
    struct project_target targets[] = {{0, "signed", 5, 1000}, {a_town, "signed", 2, 400}};
    assert_int_equal(store_targets_set(st, 1, y, targets, 2, &who, &e), 0);

    struct project_stats s;
    assert_int_equal(store_project_stats(st, 1, 0, y, GROUP_UNIT, &a, &s, &e), 0);
    assert_int_equal(s.n, 3);
    const struct stats_row *ra = &s.rows[0], *total = &s.rows[2];
    assert_int_equal(ra->steps[STEP_SIGNED].count, 2);
    assert_int_equal(ra->steps[STEP_SIGNED].amount, 500);
    assert_int_equal(ra->steps[STEP_SIGNED].target_count, 2);
    assert_int_equal(ra->speed[SPEED_SIGNED_STARTED].n, 2);
    assert_int_equal(ra->speed[SPEED_SIGNED_STARTED].median2, 23); /* 11.5 days */
    assert_int_equal(s.rows[1].speed[SPEED_SIGNED_STARTED].last_median2, 40);
    assert_int_equal(total->steps[STEP_SIGNED].count, 2);
    assert_int_equal(total->steps[STEP_SIGNED].target_count, 5);
    assert_int_equal(total->speed[SPEED_SIGNED_STARTED].median2, 23);
    assert_int_equal(total->speed[SPEED_SIGNED_STARTED].last_n, 1);

    /* scoped to town A: its rows only, and its own target on the total */
    assert_int_equal(store_project_stats(st, 1, a_town, y, GROUP_UNIT, &a, &s, &e), 0);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.rows[1].projects, 2);
    assert_int_equal(s.rows[1].steps[STEP_SIGNED].target_count, 2);
    assert_int_equal(s.rows[1].speed[SPEED_SIGNED_STARTED].last_n, 0);
    arena_release(&a);
}

/* The number of projects of tenant 1 (of the list without a filter). */
static int64_t count_projects(struct store *st)
{
    struct arena a = ARENA_INIT;
    struct project_filter f = {.page = 1, .page_size = 1, .min_investment = -1, .max_investment = -1};
    struct project *items;
    size_t n;
    int64_t total = -1;
    struct error e;
    assert_int_equal(store_projects_list(st, 1, &f, &a, &items, &n, &total, &e), 0);
    arena_release(&a);
    return total;
}

struct project_walk {
    size_t n, with_carrier, with_plan;
    char first_code[16], unit_code[16];
};

static int walk_project(void *ctx, const struct project_view *v, struct error *e)
{
    struct project_walk *w = ctx;
    if (w->n++ == 0)
        snprintf(w->first_code, sizeof(w->first_code), "%s", v->p.code);
    snprintf(w->unit_code, sizeof(w->unit_code), "%s", v->unit_code);
    w->with_carrier += v->carrier_code && strcmp(v->carrier_code, "PARK") == 0;
    w->with_plan += v->has_year_plan;
    return 0;
}

static int count_errors_on(const struct import_row_error *errors, size_t n, size_t index, const char *field)
{
    int found = 0;
    for (size_t k = 0; k < n; k++)
        found += errors[k].index == index && strcmp(errors[k].field, field) == 0;
    return found;
}

static void a_project_import_derives_as_a_create_does_and_refuses_all_or_nothing(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    struct actor who = {0, "tester", "127.0.0.1"};
    int64_t town = add(st, "T1", 0, &e), park = add(st, "PARK", 0, &e);
    struct enterprise_view owner;
    assert_int_equal(enterprise_add(st, "91320582MA1N2L3K4M", "业主企业", NULL, OWNERSHIP_DOMESTIC, 0, false, &a,
                                    &owner, &e),
                     0);
    int year = date_from_days(date_today()).year;
    struct project_input one = project_in("P-1", town);
    one.plans[one.n_plans++] = (struct plan_change){.year = year, .amount = 500};
    struct project existing;
    assert_int_equal(store_project_create(st, 1, &one, &who, &a, &existing, &e), 0);

    /* 120 rows: more than two insert batches; the first changes P-1 */
    enum { N = 120 };
    static struct project_input in[N];
    static char codes[N][16];
    const char *enterprises[N], *units[N], *carriers[N];
    for (int i = 0; i < N; i++) {
        snprintf(codes[i], sizeof(codes[i]), "IMP-%03d", i);
        in[i] = project_in(i == 0 ? "P-1" : codes[i], 0);
        in[i].has[PF_ENTERPRISE] = in[i].has[PF_CARRIER] = in[i].has[PF_TOTAL_INVESTMENT] = true;
        in[i].v.total_investment = (int64_t)i * 1000000000; /* i × 1,000 万元: every size class */
        enterprises[i] = i % 3 ? NULL : "91320582MA1N2L3K4M";
        units[i] = "T1";
        carriers[i] = i % 4 ? NULL : "PARK";
        set_date(&in[i], MS_SIGNED, true, days_ago(100 + i));
        set_date(&in[i], MS_STARTED, false, days_ago(i)); /* overdue by i days: green, yellow and red */
        in[i].plans[in[i].n_plans++] = (struct plan_change){.year = year, .amount = 700, .remove = i % 5 == 0};
    }
    in[0].v.name = "改名项目";
    enum import_action actions[N];
    struct project_import im = {.n = N, .in = in, .enterprise = enterprises, .unit = units, .carrier = carriers,
                                .actions = actions};
    assert_int_equal(store_projects_import(st, 1, &im, &who, &a, &e), 0);
    assert_int_equal(im.created, N - 1);
    assert_int_equal(im.updated, 1);
    assert_int_equal(actions[0], IMPORT_UPDATE);
    assert_int_equal(count_projects(st), N);

    /* each imported project is what a create of the same input gives: stage, pool, size class and light */
    struct project_filter f = {.page = 1, .page_size = N, .min_investment = -1, .max_investment = -1,
                               .sort = PROJECT_SORT_CODE};
    struct project *items;
    size_t n;
    int64_t total;
    assert_int_equal(store_projects_list(st, 1, &f, &a, &items, &n, &total, &e), 0);
    for (int i = 1; i < N; i += 7) {
        struct project_input same = in[i];
        char code[16];
        snprintf(code, sizeof(code), "CMP-%03d", i);
        same.v.code = code;
        same.v.unit_id = town;
        same.v.carrier_id = carriers[i] ? park : 0;
        same.v.enterprise_id = enterprises[i] ? owner.e.id : 0;
        struct project created;
        assert_int_equal(store_project_create(st, 1, &same, &who, &a, &created, &e), 0);
        const struct project *got = &items[i - 1]; /* IMP-001.. sort before P-1 */
        assert_string_equal(got->code, codes[i]);
        assert_int_equal(got->stage, created.stage);
        assert_int_equal(got->pool, created.pool);
        assert_int_equal(got->size_class, created.size_class);
        assert_int_equal(got->warning, created.warning);
        assert_string_equal(got->warning_reasons, created.warning_reasons);
        assert_int_equal(got->year_plan, created.year_plan);
        assert_int_equal(got->carrier_id, same.v.carrier_id);
        assert_int_equal(got->enterprise_id, same.v.enterprise_id);
    }
    /* the export's walk: the list's rows in its order, with the codes of what each names */
    struct project_walk walk = {.n = 0};
    assert_int_equal(store_projects_each(st, 1, &f, 1000, walk_project, &walk, &e), 0);
    assert_int_equal(walk.n, N + 17); /* and the 17 projects made by create to compare */
    assert_string_equal(walk.first_code, "CMP-001");
    assert_string_equal(walk.unit_code, "T1");
    assert_int_equal(walk.with_carrier, 30 + 4); /* rows 0, 4, …, 116, and CMP-008, 036, 064, 092 */
    assert_int_equal(walk.with_plan, 96 + 14); /* rows whose number is not a multiple of 5, and their twins */
    assert_int_equal(store_projects_each(st, 1, &f, 10, walk_project, &walk, &e), -1);
    assert_int_equal(e.code, ERR_TOO_LARGE);
    struct project p1;
    assert_int_equal(store_project_get(st, 1, 0, 0, existing.id, &a, &p1, &e), 0);
    assert_string_equal(p1.name, "改名项目");
    assert_int_equal(p1.year_plan, -1); /* row 0 removes this year's plan: none is left */

    /* the same sheet again: nothing changes; a dry run that would create writes nothing */
    int64_t before = count_projects(st);
    im = (struct project_import){.n = N, .in = in, .enterprise = enterprises, .unit = units, .carrier = carriers,
                                 .actions = actions};
    assert_int_equal(store_projects_import(st, 1, &im, &who, &a, &e), 0);
    assert_int_equal(im.unchanged, N);
    in[1].v.code = "NEW-1";
    im = (struct project_import){.n = N, .in = in, .enterprise = enterprises, .unit = units, .carrier = carriers,
                                 .actions = actions, .dry_run = true};
    assert_int_equal(store_projects_import(st, 1, &im, &who, &a, &e), 0);
    assert_int_equal(im.created, 1);
    assert_int_equal(count_projects(st), before);

    /* an unknown unit, enterprise and carrier, started before signed, a repeated code: nothing written */
    units[2] = "NO-SUCH-UNIT";
    enterprises[3] = "91110000100000000R";
    carriers[4] = "NOWHERE";
    set_date(&in[5], MS_STARTED, true, days_ago(200));
    in[7].v.code = in[6].v.code;
    in[8].v.name = "不该写入";
    im = (struct project_import){.n = N, .in = in, .enterprise = enterprises, .unit = units, .carrier = carriers,
                                 .actions = actions};
    assert_int_equal(store_projects_import(st, 1, &im, &who, &a, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_ROWS);
    assert_int_equal(im.n_errors, 5);
    assert_int_equal(count_errors_on(im.errors, im.n_errors, 2, "unit"), 1);
    assert_int_equal(count_errors_on(im.errors, im.n_errors, 3, "enterprise_credit_code"), 1);
    assert_int_equal(count_errors_on(im.errors, im.n_errors, 4, "carrier"), 1);
    assert_int_equal(count_errors_on(im.errors, im.n_errors, 5, "actual_started"), 1);
    assert_int_equal(count_errors_on(im.errors, im.n_errors, 7, "code"), 1);
    assert_int_equal(count_projects(st), before);
    assert_int_equal(store_projects_list(st, 1, &f, &a, &items, &n, &total, &e), 0);
    for (size_t k = 0; k < n; k++)
        assert_string_not_equal(items[k].name, "不该写入");
    arena_release(&a);
}

static void a_progress_import_files_a_month_as_reports_do_in_scope_all_or_nothing(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena a = ARENA_INIT;
    struct actor who = {0, "tester", "127.0.0.1"};
    int64_t town = add(st, "T1", 0, &e), other = add(st, "T2", 0, &e);
    const char *codes[] = {"R-1", "R-2", "R-3"};
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        struct project_input in = project_in(codes[i], i == 2 ? other : town);
        set_date(&in, MS_STARTED, true, days_ago(400));
        struct project p;
        assert_int_equal(store_project_create(st, 1, &in, &who, &a, &p, &e), 0);
        ids[i] = p.id;
    }
    char last[8], now[8];
    month_ago(1, last);
    month_ago(0, now);
    struct progress_report r;
    struct project after;
    assert_int_equal(store_report_put(st, 1, 0, ids[0], now, 50, "", &who, &a, &r, &after, &e), 0);

    /* last month for in the reporter's town: R-1's later month is recomputed */
    const char *sheet_codes[] = {"R-1", "R-2"};
    const int64_t amounts[] = {100, 200};
    const char *progress[] = {"主体施工", NULL};
    enum import_action actions[3];
    struct progress_import im = {.n = 2, .code = sheet_codes, .amount = amounts, .progress = progress,
                                 .month = last, .scope = town, .actions = actions};
    assert_int_equal(store_progress_import(st, 1, &im, &who, &a, &e), 0);
    assert_int_equal(im.created, 2);
    assert_int_equal(store_project_get(st, 1, 0, 0, ids[0], &a, &after, &e), 0);
    assert_int_equal(after.invested_total, 150);
    struct progress_report *items;
    size_t n;
    assert_int_equal(store_reports_list(st, 1, ids[0], &a, &items, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(items[1].cumulative, 150);
    assert_string_equal(items[0].progress, "主体施工");
    assert_string_equal(items[0].reporter_name, "tester");
    /* again: unchanged; a corrected amount: updated */
    im = (struct progress_import){.n = 2, .code = sheet_codes, .amount = amounts, .progress = progress,
                                  .month = last, .scope = town, .actions = actions};
    assert_int_equal(store_progress_import(st, 1, &im, &who, &a, &e), 0);
    assert_int_equal(im.unchanged, 2);

    /* R-3 is outside the town, X-9 does not exist, a month before the start: refused, nothing written */
    const char *bad_codes[] = {"R-1", "R-3", "X-9"};
    const int64_t bad_amounts[] = {999, 1, 1};
    const char *none[] = {NULL, NULL, NULL};
    im = (struct progress_import){.n = 3, .code = bad_codes, .amount = bad_amounts, .progress = none,
                                  .month = last, .scope = town, .actions = actions};
    assert_int_equal(store_progress_import(st, 1, &im, &who, &a, &e), -1);
    assert_int_equal(e.code, ERR_INVALID_ROWS);
    assert_int_equal(im.n_errors, 2);
    assert_int_equal(count_errors_on(im.errors, im.n_errors, 1, "code"), 1);
    assert_int_equal(count_errors_on(im.errors, im.n_errors, 2, "code"), 1);
    char early[8];
    month_ago(14, early);
    im = (struct progress_import){.n = 1, .code = bad_codes, .amount = bad_amounts, .progress = none,
                                  .month = early, .scope = town, .actions = actions};
    assert_int_equal(store_progress_import(st, 1, &im, &who, &a, &e), -1);
    assert_int_equal(count_errors_on(im.errors, im.n_errors, 0, "month"), 1);
    assert_int_equal(store_project_get(st, 1, 0, 0, ids[0], &a, &after, &e), 0);
    assert_int_equal(after.invested_total, 150);
    /* without a scope the other town's project reports too */
    im = (struct progress_import){.n = 1, .code = &bad_codes[1], .amount = bad_amounts, .progress = none,
                                  .month = last, .actions = actions};
    assert_int_equal(store_progress_import(st, 1, &im, &who, &a, &e), 0);
    assert_int_equal(store_project_get(st, 1, 0, 0, ids[2], &a, &after, &e), 0);
    assert_int_equal(after.invested_total, 999);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(serve_refuses_a_database_that_is_not_a_pacesetter_database, setup, teardown),
        cmocka_unit_test_setup_teardown(serve_refuses_a_database_newer_than_the_binary, setup, teardown),
        cmocka_unit_test_setup_teardown(migrate_is_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(refused_writes_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(ids_are_never_reused_after_a_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(another_tenant_sees_none_of_the_units, setup, teardown),
        cmocka_unit_test_setup_teardown(child_counts_follow_creates_moves_and_deletes, setup, teardown),
        cmocka_unit_test_setup_teardown(a_list_total_sees_writes_made_through_another_connection, setup, teardown),
        cmocka_unit_test_setup_teardown(a_kept_answer_ends_with_any_write, setup, teardown),
        cmocka_unit_test(project_filter_keys_tell_filters_apart),
        cmocka_unit_test_setup_teardown(copy_moves_every_table_and_verifies_it, setup, teardown),
        cmocka_unit_test_setup_teardown(copy_covers_every_table, setup, teardown),
        cmocka_unit_test_setup_teardown(the_operation_log_records_writes_and_verify_finds_tampering, setup, teardown),
        cmocka_unit_test_setup_teardown(a_scope_sees_its_subtree_only, setup, teardown),
        cmocka_unit_test_setup_teardown(an_export_walk_gives_the_lists_rows_in_its_order_with_parent_codes_and_a_limit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(sessions_end_when_idle_disabled_or_on_a_password_change, setup, teardown),
        cmocka_unit_test_setup_teardown(enterprises_are_created_filtered_updated_and_deleted, setup, teardown),
        cmocka_unit_test_setup_teardown(an_enterprise_import_creates_updates_and_refuses_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(a_project_is_created_and_updated_with_its_stage_pool_size_and_warning, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_late_correction_recomputes_every_later_month, setup, teardown),
        cmocka_unit_test_setup_teardown(warnings_are_recomputed_for_new_rules_and_for_the_whole_city, setup, teardown),
        cmocka_unit_test_setup_teardown(warnings_age_overnight_and_are_recomputed_once_a_day, setup, teardown),
        cmocka_unit_test_setup_teardown(what_once_named_a_unit_or_an_enterprise_keeps_or_frees_it, setup, teardown),
        cmocka_unit_test_setup_teardown(a_progress_import_files_a_month_as_reports_do_in_scope_all_or_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_project_import_derives_as_a_create_does_and_refuses_all_or_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_problem_past_its_deadline_is_overdue_may_be_escalated_and_turns_its_project_yellow_then_red,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(the_speed_report_counts_last_years_steps_with_exact_medians_and_a_scoped_total, setup,
                                        teardown),
    };
    int failed = cmocka_run_group_tests_name("store on SQLite", tests, NULL, NULL);
    const char *pg = getenv("PACESETTER_TEST_PG");
    if (pg && *pg) {
        snprintf(pg_admin, sizeof(pg_admin), "%s", pg);
        on_postgres = true;
        failed += cmocka_run_group_tests_name("store on PostgreSQL", tests, NULL, NULL);
        const struct CMUnitTest conformance[] = {
            cmocka_unit_test(both_backends_give_identical_results),
            cmocka_unit_test(copy_round_trip_sqlite_postgres_sqlite_is_identical),
        };
        failed += cmocka_run_group_tests_name("store conformance", conformance, NULL, NULL);
    }
    return failed;
}
