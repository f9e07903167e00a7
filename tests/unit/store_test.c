/* Unit tests for src/store (SQLite backend): migrations, version checks and unit writes. */
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

#include "store/store.h"

static char db_path[256];

static int setup(void **state)
{
    snprintf(db_path, sizeof(db_path), "/tmp/pacesetter-store-test-%d.db", (int)getpid());
    unlink(db_path);
    struct store *st;
    struct error e;
    int from, to;
    if (store_open(&st, db_path, STORE_OPEN_CREATE, &e) != 0 || store_migrate(st, &from, &to, &e) != 0)
        return -1;
    *state = st;
    return 0;
}

static int teardown(void **state)
{
    store_close(*state);
    char path[300];
    unlink(db_path);
    snprintf(path, sizeof(path), "%s-wal", db_path);
    unlink(path);
    snprintf(path, sizeof(path), "%s-shm", db_path);
    unlink(path);
    return 0;
}

static int64_t add(struct store *st, const char *code, int64_t parent, struct error *e)
{
    struct arena a = ARENA_INIT;
    struct unit_input in = {.has_code = true, .has_name = true, .has_kind = true, .has_parent = true,
                            .code = code, .name = code, .kind = UNIT_TOWN, .parent_id = parent};
    struct unit u;
    int rc = store_unit_create(st, 1, &in, &a, &u, e);
    arena_release(&a);
    return rc == 0 ? u.id : -1;
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

static void serve_refuses_a_file_that_is_not_a_pacesetter_database(void **state)
{
    char path[300];
    snprintf(path, sizeof(path), "%s.txt", db_path);
    FILE *f = fopen(path, "w");
    fputs("hello, this is not SQLite at all, just some text that is long enough\n", f);
    fclose(f);
    struct store *st;
    struct error e;
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

static void serve_refuses_a_database_newer_than_the_binary(void **state)
{
    store_close(*state);
    sqlite3 *db;
    sqlite3_open(db_path, &db);
    char sql[64];
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", store_schema_version_latest() + 1);
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    struct store *st;
    struct error e;
    assert_int_equal(store_open(&st, db_path, STORE_OPEN_SERVE, &e), -1);
    assert_non_null(strstr(e.message_en, "newer than this binary"));
    assert_int_equal(store_open(&st, db_path, STORE_OPEN_CREATE, &e), -1);
    /* reopen at the right version for teardown */
    sqlite3_open(db_path, &db);
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", store_schema_version_latest());
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(store_open(&st, db_path, STORE_OPEN_SERVE, &e), 0);
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
    assert_int_equal(store_unit_update(st, 1, a, &move, &ar, &u, &e), -1);
    assert_int_equal(e.code, ERR_CYCLE);
    assert_int_equal(store_unit_get(st, 1, a, &ar, &u, &e), 0);
    assert_int_equal(u.parent_id, 0);

    assert_int_equal(store_unit_delete(st, 1, a, &e), -1);
    assert_int_equal(e.code, ERR_HAS_CHILDREN);
    assert_int_equal(count_units(st), 2);
    assert_int_equal(store_unit_delete(st, 1, b, &e), 0);
    assert_int_equal(store_unit_delete(st, 1, a, &e), 0);
    assert_int_equal(count_units(st), 0);
    assert_int_equal(store_unit_get(st, 1, a, &ar, &u, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_release(&ar);
}

static void ids_are_never_reused_after_a_delete(void **state)
{
    struct store *st = *state;
    struct error e;
    int64_t a = add(st, "X", 0, &e);
    assert_int_equal(store_unit_delete(st, 1, a, &e), 0);
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
    assert_int_equal(store_unit_get(st, 2, a, &ar, &u, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_release(&ar);
}

static void child_counts_follow_creates_moves_and_deletes(void **state)
{
    struct store *st = *state;
    struct error e;
    struct arena ar = ARENA_INIT;
    struct unit u;
    int64_t a = add(st, "PA", 0, &e), b = add(st, "PB", 0, &e), c = add(st, "PC", a, &e);
    add(st, "PD", a, &e);
    assert_int_equal(store_unit_get(st, 1, a, &ar, &u, &e), 0);
    assert_int_equal(u.child_count, 2);
    struct unit_input move = {.has_parent = true, .parent_id = b};
    assert_int_equal(store_unit_update(st, 1, c, &move, &ar, &u, &e), 0);
    assert_int_equal(store_unit_get(st, 1, a, &ar, &u, &e), 0);
    assert_int_equal(u.child_count, 1);
    assert_int_equal(store_unit_get(st, 1, b, &ar, &u, &e), 0);
    assert_int_equal(u.child_count, 1);
    struct unit_input rename = {.has_name = true, .name = "renamed"};
    assert_int_equal(store_unit_update(st, 1, c, &rename, &ar, &u, &e), 0); /* no move: counts unchanged */
    assert_int_equal(store_unit_get(st, 1, b, &ar, &u, &e), 0);
    assert_int_equal(u.child_count, 1);
    assert_int_equal(store_unit_delete(st, 1, c, &e), 0);
    assert_int_equal(store_unit_get(st, 1, b, &ar, &u, &e), 0);
    assert_int_equal(u.child_count, 0);
    arena_release(&ar);
}

static void a_list_total_sees_writes_made_through_another_connection(void **state)
{
    struct store *st = *state, *other;
    struct error e;
    assert_int_equal(store_open(&other, db_path, STORE_OPEN_SERVE, &e), 0);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(serve_refuses_a_file_that_is_not_a_pacesetter_database, setup, teardown),
        cmocka_unit_test_setup_teardown(serve_refuses_a_database_newer_than_the_binary, setup, teardown),
        cmocka_unit_test_setup_teardown(migrate_is_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(refused_writes_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(ids_are_never_reused_after_a_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(another_tenant_sees_none_of_the_units, setup, teardown),
        cmocka_unit_test_setup_teardown(child_counts_follow_creates_moves_and_deletes, setup, teardown),
        cmocka_unit_test_setup_teardown(a_list_total_sees_writes_made_through_another_connection, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
