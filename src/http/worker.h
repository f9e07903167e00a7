/*
 * The worker pool: work that takes longer than a few milliseconds (argon2id hashing, exports,
 * later imports) runs on a few threads of its own, and its answer is handed back to the event
 * loop that took the request, so one slow request never stalls the others on its thread. The
 * pool's size also bounds the memory that concurrent argon2id hashes take.
 *
 * Each worker thread owns one store connection, opened when the pool starts: exports read the
 * whole of a list, and a connection per thread is bounded (as many as threads) and costs no
 * connect per job, which a connection per job would (a PostgreSQL login is tens of
 * milliseconds). Borrowing the loop's connection is not an option: the loop goes on using it.
 */
#ifndef HTTP_WORKER_H
#define HTTP_WORKER_H

#include "http/request.h"

/* Returned by a handler that deferred its answer with request_defer(). */
#define HANDLER_PENDING 1

typedef void (*work_fn)(struct store *st, void *arg); /* on a worker: its own store, no h2o */
typedef int (*work_done_fn)(struct request *r, void *arg, struct error *e); /* on the loop: responds */

/* Starts the threads, each with a store connection to db (store_open's target). */
int worker_pool_start(int threads, const char *db, struct error *e);
void worker_pool_stop(void);

/* Per event loop: the queue on which finished work comes back. */
struct worker_inbox;
struct worker_inbox *worker_inbox_create(h2o_loop_t *loop);
void worker_inbox_destroy(struct worker_inbox *inbox);

/*
 * Runs fn(arg) on a worker, then done(r, arg, e) on r's loop, which must answer the request
 * (returning -1 with e filled answers with that error). arg should live in r->arena, which
 * lasts until the answer. Returns HANDLER_PENDING, or -1 with e filled.
 */
int request_defer(struct request *r, work_fn fn, work_done_fn done, void *arg, struct error *e);
/* As request_defer; when the client is gone by the time the work is done, drop(arg) frees what fn made instead of done. */
typedef void (*work_drop_fn)(void *arg); /* on the loop */
int request_defer_dropping(struct request *r, work_fn fn, work_done_fn done, work_drop_fn drop, void *arg,
                           struct error *e);

/* Finishes a request: writes the log line and frees its arena (called by dispatch and by deferred work). */
void request_finish(struct request *r);

#endif
