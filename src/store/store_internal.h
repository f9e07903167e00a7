/* What the store's files share: the connection and its cache of list totals. Private to src/store. */
#ifndef STORE_STORE_INTERNAL_H
#define STORE_STORE_INTERNAL_H

#include "store/db.h"
#include "store/store.h"

/*
 * Totals of recent list filters, valid while the database's data version is unchanged (SQLite
 * only; any commit, by this connection or another, changes it): counting a filter's matches
 * costs more than reading a page of them.
 */
#define COUNT_CACHE_SIZE 32

struct count_entry {
    bool used;
    unsigned version;
    int64_t tenant;
    int combo;
    enum unit_kind kind;
    int64_t parent_id;
    char text[404];
    int64_t total;
};

struct store {
    struct db *db;
    struct count_entry counts[COUNT_CACHE_SIZE];
    unsigned next_count;
};

/* Fills e with an out-of-memory error; returns -1. */
int store_no_memory(struct error *e);

#endif
