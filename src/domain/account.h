/* Rules for accounts: user names and passwords (length only, never composition rules). */
#ifndef DOMAIN_ACCOUNT_H
#define DOMAIN_ACCOUNT_H

#include <stddef.h>

#include "base/error.h"

#define PASSWORD_MIN 12  /* characters */
#define PASSWORD_MAX 128 /* characters; never truncated */
#define USERNAME_MIN 3
#define USERNAME_MAX 64

int account_check_username(const char *s, size_t len, struct error *e);
/* field: "password" or "new_password", for the error. */
int account_check_password(const char *username, const char *password, size_t len, const char *field,
                           struct error *e);

#endif
