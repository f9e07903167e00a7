/* What the store's files share: the connection and its cache of list totals. Private to src/store. */
#ifndef STORE_STORE_INTERNAL_H
#define STORE_STORE_INTERNAL_H

#include "base/strbuf.h"
#include "store/db.h"
#include "store/store.h"

/*
 * Totals of recent list filters: counting a filter's matches costs more than reading a page of
 * them. On SQLite a total is valid while the database's change stamp is unchanged (any commit, by
 * any connection, changes it); on PostgreSQL for COUNT_CACHE_TTL_US at most, and any unit write of
 * this process ends every total at once.
 */
#define COUNT_CACHE_SIZE 32
#define COUNT_CACHE_TTL_US 2000000

struct count_entry {
    bool used;
    bool exact; /* validated by the change stamp (SQLite), else by time */
    int64_t fetched_us;
    uint64_t stamp[2];
    int64_t tenant, scope;
    int combo;
    enum unit_kind kind;
    int64_t parent_id;
    char text[404];
    int64_t total;
};

/*
 * Sessions recently read. On SQLite an entry is valid while nothing at all was committed since
 * (the change stamp): a logout, a password change or a disabled user is a commit, so no stale
 * session survives it. PostgreSQL has no such stamp: there an entry lives SESSION_CACHE_TTL_US at
 * most, and any change to sessions or users made by this process ends every entry at once.
 */
#define SESSION_CACHE_SIZE 64
#define SESSION_CACHE_TTL_US 2000000

struct session_entry {
    bool used;
    bool exact;         /* validated by the change stamp, not by time */
    int64_t fetched_us; /* clock_micros() when read */
    uint64_t stamp[2];
    char token_hash[65];
    char expires_at[32];
    int64_t tenant_id;
    struct user user; /* strings point into text */
    const char *csrf_token, *last_seen_at;
    char text[1024];
};

/*
 * Totals of recent project list filters, keyed by the filter as text: SQLite only, valid while the
 * change stamp is the one they were counted at (50,000 projects take milliseconds to count).
 */
#define PROJECT_COUNT_CACHE_SIZE 16

struct project_count {
    bool used;
    uint64_t stamp[2];
    int64_t total;
    char key[640];
};

/* Answers of reading requests kept per connection (answers.c): SQLite only, for one change stamp. */
#define ANSWER_CACHE_SIZE 8
#define ANSWER_BYTES_MAX (256 * 1024)

struct answer {
    uint64_t stamp[2];
    char *bytes; /* owned; NULL: the slot is free */
    size_t len;
    int64_t n;
    char key[704];
};
/* Frees the kept answers (store_close). */
void store_answers_release(struct store *st);

/* An id and the index of its row, sorted by id (a value's subject and indicator are found by bsearch). */
struct appr_id_at {
    int64_t id;
    size_t at;
};

/* Where a loaded scheme's values go: kept so that one subject's can be read again alone. */
struct appr_maps {
    long *leaf_at; /* indicator index → leaf index, or -1 */
    struct appr_id_at *subjects, *indicators;
};

/*
 * The appraisal computation kept per connection (appraisal_results.c): one scheme at a time. A
 * change of the scheme's data_rev (its structure, caps, name, or a unit's or enterprise's name) reads it all again; a change of a subject's
 * reads that subject's values again (SUBJECT_RELOADS_MAX of them, then all).
 */
struct appr_cache_slot {
    bool used;
    int64_t tenant, scheme_id, data_rev;
    struct arena arena;
    struct appr_cached kept;
    struct appr_maps maps;
    int64_t *subject_revs; /* by subject index */
    size_t reloads;
};
void store_appr_cache_release(struct store *st);

struct store {
    struct db *db;
    struct session_entry sessions[SESSION_CACHE_SIZE];
    unsigned next_session;
    struct count_entry counts[COUNT_CACHE_SIZE];
    unsigned next_count;
    struct project_count project_counts[PROJECT_COUNT_CACHE_SIZE];
    unsigned next_project_count;
    struct answer answers[ANSWER_CACHE_SIZE];
    unsigned next_answer;
    struct appr_cache_slot appraisal;
};

/* The next id of a tenant's sequence `name`, inside a write transaction. */
int store_next_id(struct db *db, int64_t tenant, const char *name, int64_t *id, struct error *e);
/* The sequence's next id, and setting it: for a transaction that hands out many ids itself. */
int store_sequence_peek(struct db *db, int64_t tenant, const char *name, int64_t *next, struct error *e);
int store_sequence_set(struct db *db, int64_t tenant, const char *name, int64_t next, struct error *e);

/* The fields a write changed, as the operation log's JSON: {"field":[before,after],…}. */
struct changes {
    struct strbuf sb;
    int n;
};
void changes_text(struct changes *c, const char *field, const char *before, const char *after);
/* A field that did not change but says which record did (a report's month): [value, value]. */
void changes_same_text(struct changes *c, const char *field, const char *value);
void changes_int(struct changes *c, const char *field, bool before_null, int64_t before, bool after_null,
                 int64_t after);
/* known_*: false for the side that does not exist (before a create, after a delete). */
void changes_bool(struct changes *c, const char *field, bool known_before, bool before, bool known_after,
                  bool after);
/* Closes the object; the caller releases c->sb. NULL when out of memory. */
const char *changes_finish(struct changes *c);
/* Appends a record to the tenant's hash-chained operation log, in the caller's transaction. */
int audit_append(struct db *db, int64_t tenant, const struct actor *who, const char *action,
                 const char *resource, int64_t resource_id, const char *changes, struct error *e);

/*
 * Many records appended in one transaction (an import): the previous hash and the next id are
 * read once, then records are hashed one by one and inserted AUDIT_BATCH_ROWS to a statement
 * (a round trip each on PostgreSQL). Nothing else may append to the tenant's log between begin
 * and end; end inserts what is left and stores the id sequence. release frees what an abandoned
 * batch holds (end does it too).
 */
#define AUDIT_BATCH_ROWS 100
struct audit_pending {
    int64_t id, resource_id;
    const char *action, *resource; /* the caller's constants */
    size_t changes;                /* offset in the batch's texts */
    char prev[65], hash[65];
};
struct audit_batch {
    int64_t tenant, next_id;
    const struct actor *who;
    char prev[65];
    char at[32];
    struct audit_pending pending[AUDIT_BATCH_ROWS];
    size_t n_pending;
    struct strbuf texts; /* the pending records' changes, NUL-separated */
};
int audit_batch_begin(struct db *db, int64_t tenant, const struct actor *who, struct audit_batch *b,
                      struct error *e);
int audit_batch_append(struct db *db, struct audit_batch *b, const char *action, const char *resource,
                       int64_t resource_id, const char *changes, struct error *e);
int audit_batch_end(struct db *db, struct audit_batch *b, struct error *e);
void audit_batch_release(struct audit_batch *b);

/* Appends a refused row to an import's errors (texts copied into the arena). */
struct import_refusals {
    struct import_row_error **errors;
    size_t *n, cap;
    struct arena *a;
    bool failed; /* one could not be recorded (no memory): the import must fail, not commit without it */
};
void import_refuse(struct import_refusals *r, size_t index, const char *field, const char *zh,
                   const char *en);
/*
 * Refuses every row whose natural key (key(ctx, i)) an earlier row has, on field, saying "<what>
 * 与本表第 N 条重复" / "the same <what> as entry N of this sheet"; marks them in *repeated (made
 * in r's arena, n entries).
 */
int import_refuse_repeats(struct import_refusals *r, size_t n, const char *(*key)(const void *ctx, size_t i),
                          const void *ctx, const char *field, const char *what_zh, const char *what_en,
                          bool **repeated, struct error *e);
/* Rows per statement of an export walk: all at once where rows stream (SQLite), else STORE_EACH_BATCH. */
int64_t store_each_batch(struct db *db);
/*
 * An export's walk over every row of a list, inside the caller's read transaction: counts
 * "SELECT count(*)" + from (refusing more than limit rows), then reads "SELECT " columns + from +
 * order + " LIMIT ?page OFFSET ?page+1" in batches of store_each_batch, handing each row to row()
 * with an arena released after it. bind() binds the filter's own parameters (below ?page).
 */
struct store_walk {
    const char *columns, *from, *order;
    int page;
    int64_t limit;
    void (*bind)(struct db_stmt *s, void *ctx);
    int (*row)(struct db_stmt *s, struct arena *a, void *ctx, struct error *e);
    void *ctx;
};
int store_walk(struct db *db, const struct store_walk *w, struct error *e);
/* The ERR_TOO_LARGE of an export over its limit. */
int store_too_many(int64_t count, int64_t limit, struct error *e);

/* A unit's or an enterprise's name changed: kept appraisal computations of the tenant end (they hold names). */
int store_appraisal_names_changed(struct db *db, int64_t tenant, struct error *e);
/* A new tenant's appraisal kinds (绩效管理, 精神文明建设, 优秀企业), inside its creation. */
int store_appraisal_kinds_seed(struct db *db, int64_t tenant, struct error *e);

/* Fills e with an out-of-memory error; returns -1. */
int store_no_memory(struct error *e);
/* A bytes column copied into the arena (never NULL on success, even for no bytes); -1 when out of memory. */
int store_blob(struct db_stmt *s, int col, struct arena *a, const void **data, int64_t *size);
/* A text column copied into the arena; NULL for NULL (or when out of memory). */
const char *store_text(struct db_stmt *s, int col, struct arena *a);
/* Runs a statement of int64 parameters ?1..?n that returns no rows. */
int store_exec_ints(struct db *db, const char *sql, struct error *e, int n, ...);

#endif
