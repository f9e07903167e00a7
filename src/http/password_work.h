/*
 * Password work for the worker pool: verify a password against a stored argon2id hash and/or
 * hash a new one. The strings must stay valid until the work is done (keep them in the
 * request's arena).
 */
#ifndef HTTP_PASSWORD_WORK_H
#define HTTP_PASSWORD_WORK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/secret.h"

struct password_work {
    const char *verify_password;      /* NULL: nothing to verify */
    const char *verify_hash;          /* NULL: an unknown user (verified against a dummy, never true) */
    size_t verify_len;
    bool verified;
    const char *new_password;         /* NULL: nothing to hash */
    size_t new_len;
    char new_hash[SECRET_PWHASH_SIZE];
    int hash_rc;
};

struct store;
/* A work_fn (worker.h): needs no store. */
void password_work_run(struct store *st, void *arg);

#endif
