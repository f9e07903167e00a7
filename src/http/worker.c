/* The worker pool and the hand-back of deferred requests; see worker.h. */
#include "http/worker.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/log.h"
#include "base/banned.h"

struct worker_inbox {
    h2o_multithread_queue_t *queue;
    h2o_multithread_receiver_t receiver;
};

/* A deferred request: a copy of its context, owned by the job until the loop finishes it. */
struct job {
    h2o_multithread_message_t message; /* first: the inbox gets it back as a message */
    struct job *next;                  /* in the pool's queue */
    struct request r;
    struct worker_inbox *inbox;
    work_fn fn;
    work_done_fn done;
    work_drop_fn drop;
    void *arg;
    struct guard *guard;
    bool request_gone; /* the client went away: nothing to answer */
};

/* Lives in the h2o request's pool: when h2o disposes the request, the job learns it is gone. */
struct guard {
    struct job *job;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct job *head, *tail;
static bool stopping;
static pthread_t *threads;
static struct store **stores; /* one per thread, owned by the pool */
static int n_threads, n_stores;

static void *work_loop(void *arg)
{
    struct store *st = arg;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (!head && !stopping)
            pthread_cond_wait(&wake, &lock);
        if (stopping) {
            pthread_mutex_unlock(&lock);
            return NULL;
        }
        struct job *j = head;
        head = j->next;
        if (!head)
            tail = NULL;
        pthread_mutex_unlock(&lock);
        j->fn(st, j->arg);
        h2o_multithread_send_message(&j->inbox->receiver, &j->message);
    }
}

int worker_pool_start(int count, const char *db, struct error *e)
{
    threads = calloc((size_t)count, sizeof(*threads));
    stores = calloc((size_t)count, sizeof(*stores));
    if (!threads || !stores)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    for (n_stores = 0; n_stores < count; n_stores++)
        if (store_open(&stores[n_stores], db, STORE_OPEN_SERVE, e) != 0)
            return -1;
    stopping = false;
    for (n_threads = 0; n_threads < count; n_threads++)
        if (pthread_create(&threads[n_threads], NULL, work_loop, stores[n_threads]) != 0)
            return error_set(e, ERR_INTERNAL, NULL, "无法启动工作线程", "cannot start the worker threads");
    return 0;
}

void worker_pool_stop(void)
{
    pthread_mutex_lock(&lock);
    stopping = true;
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < n_threads; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    threads = NULL;
    n_threads = 0;
    for (int i = 0; i < n_stores; i++)
        store_close(stores[i]);
    n_stores = 0;
    free(stores);
    stores = NULL;
    /*
     * Work never started stays queued and unanswered: the server is exiting and its connections
     * close with it. Freeing it here would race with the loops disposing of those requests.
     */
}

void request_finish(struct request *r)
{
    h2o_req_t *req = r->req;
    size_t path_len = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
    log_request(req->method.base, req->method.len, req->path.base, path_len, r->status, r->bytes,
                clock_micros() - r->started);
    arena_release(&r->arena);
}

static void on_request_disposed(void *p)
{
    struct guard *g = p;
    if (g->job)
        g->job->request_gone = true;
}

/* On the loop thread: the work is done; answer the request unless its client left. */
static void on_done(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
    while (!h2o_linklist_is_empty(messages)) {
        struct job *j = H2O_STRUCT_FROM_MEMBER(struct job, message.link, messages->next);
        h2o_linklist_unlink(&j->message.link);
        if (j->request_gone) {
            if (j->drop)
                j->drop(j->arg);
            arena_release(&j->r.arena);
        } else {
            j->guard->job = NULL;
            struct error e;
            error_clear(&e);
            if (j->done(&j->r, j->arg, &e) != 0)
                respond_error(&j->r, &e);
            request_finish(&j->r);
        }
        free(j);
    }
}

struct worker_inbox *worker_inbox_create(h2o_loop_t *loop)
{
    struct worker_inbox *inbox = calloc(1, sizeof(*inbox));
    if (!inbox)
        return NULL;
    inbox->queue = h2o_multithread_create_queue(loop);
    h2o_multithread_register_receiver(inbox->queue, &inbox->receiver, on_done);
    return inbox;
}

void worker_inbox_destroy(struct worker_inbox *inbox)
{
    if (!inbox)
        return;
    h2o_multithread_unregister_receiver(inbox->queue, &inbox->receiver);
    h2o_multithread_destroy_queue(inbox->queue);
    free(inbox);
}

int request_defer(struct request *r, work_fn fn, work_done_fn done, void *arg, struct error *e)
{
    return request_defer_dropping(r, fn, done, NULL, arg, e);
}

int request_defer_dropping(struct request *r, work_fn fn, work_done_fn done, work_drop_fn drop, void *arg,
                           struct error *e)
{
    struct job *j = calloc(1, sizeof(*j));
    struct guard *g = j ? h2o_mem_alloc_shared(&r->req->pool, sizeof(*g), on_request_disposed) : NULL;
    if (!g) {
        free(j);
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    }
    g->job = j;
    j->guard = g;
    j->r = *r; /* the arena moves with it: the caller must not release it */
    j->r.actor.address = j->r.address; /* it pointed into the caller's copy */
    j->inbox = r->inbox;
    j->fn = fn;
    j->done = done;
    j->drop = drop;
    j->arg = arg;
    r->arena = (struct arena)ARENA_INIT;
    pthread_mutex_lock(&lock);
    if (tail)
        tail->next = j;
    else
        head = j;
    tail = j;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    return HANDLER_PENDING;
}
