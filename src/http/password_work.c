/* Password work, run on a worker thread; see password_work.h. */
#include "http/password_work.h"

#include <pthread.h>
#include <string.h>

#include "base/banned.h"

/* A hash to verify against when the user does not exist, so that both cases take as long. */
static char dummy_hash[SECRET_PWHASH_SIZE];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    char random[SECRET_TOKEN_SIZE];
    secret_token("", random);
    secret_password_hash(random, strlen(random), dummy_hash);
}

void password_work_run(struct store *st, void *arg)
{
    struct password_work *w = arg;
    if (w->verify_password) {
        if (!w->verify_hash)
            pthread_once(&dummy_once, make_dummy_hash);
        bool ok = secret_password_verify(w->verify_hash ? w->verify_hash : dummy_hash, w->verify_password,
                                         w->verify_len);
        w->verified = ok && w->verify_hash != NULL;
    }
    if (w->new_password)
        w->hash_rc = secret_password_hash(w->new_password, w->new_len, w->new_hash);
}
