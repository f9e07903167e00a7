/* The daily recompute of warnings; see daily.h. */
#include "http/daily.h"

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/log.h"
#include "store/store.h"
#include "base/banned.h"

#define CHECK_EVERY_SECONDS 60

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static bool stopping, running;
static pthread_t thread;
static struct store *st;

static void check_cities(void)
{
    struct arena a = ARENA_INIT;
    struct tenant *tenants;
    size_t n;
    struct error e = {0};
    if (store_tenants_list(st, &a, &tenants, &n, &e) != 0) {
        log_error("daily warnings: cannot list the cities: %s", e.message_en);
        n = 0;
    }
    for (size_t i = 0; i < n; i++) {
        bool done;
        int64_t started = clock_micros();
        if (store_warnings_daily(st, tenants[i].id, &done, &e) != 0)
            log_error("daily warnings of city %lld: %s", (long long)tenants[i].id, e.message_en);
        else if (done)
            log_info("warnings of city %lld recomputed for the day in %lld ms", (long long)tenants[i].id,
                     (long long)((clock_micros() - started) / 1000));
    }
    arena_release(&a);
}

static void *daily_loop(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    while (!stopping) {
        pthread_mutex_unlock(&lock);
        check_cities();
        pthread_mutex_lock(&lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += CHECK_EVERY_SECONDS;
        while (!stopping && pthread_cond_timedwait(&wake, &lock, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int daily_start(const char *db, struct error *e)
{
    if (store_open(&st, db, STORE_OPEN_SERVE, e) != 0)
        return -1;
    stopping = false;
    if (pthread_create(&thread, NULL, daily_loop, NULL) != 0) {
        store_close(st);
        st = NULL;
        return error_set(e, ERR_INTERNAL, NULL, "无法启动后台线程", "cannot start the background thread");
    }
    running = true;
    return 0;
}

void daily_stop(void)
{
    if (!running)
        return;
    pthread_mutex_lock(&lock);
    stopping = true;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    pthread_join(thread, NULL);
    running = false;
    store_close(st);
    st = NULL;
}
