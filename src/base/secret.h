/*
 * Secrets, on libsodium: random tokens (256 bits, base64url), their SHA-256 for storage, hashes
 * chained over records, constant-time comparison, and argon2id password hashes. Call
 * secret_init() once at start, before any thread.
 */
#ifndef BASE_SECRET_H
#define BASE_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define SECRET_TOKEN_SIZE 48   /* prefix (4) + 43 base64url characters + NUL */
#define SECRET_HEX_SIZE 65     /* SHA-256 as hex + NUL */
#define SECRET_PWHASH_SIZE 128 /* crypto_pwhash_STRBYTES */

int secret_init(void);
/* A new random token: prefix ("" or "pst_") + 32 random bytes in base64url. */
void secret_token(const char *prefix, char out[SECRET_TOKEN_SIZE]);
/* SHA-256 of bytes, as lower-case hex. */
void secret_sha256_hex(const void *data, size_t len, char out[SECRET_HEX_SIZE]);
bool secret_equal(const char *a, const char *b); /* constant time for equal lengths */
/* argon2id with the interactive limits (or the minimum ones when PACESETTER_FAST_HASH=1, for tests). */
int secret_password_hash(const char *password, size_t len, char out[SECRET_PWHASH_SIZE]);
bool secret_password_verify(const char *hash, const char *password, size_t len);

#endif
