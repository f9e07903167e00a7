/* Secrets on libsodium; see secret.h. */
#include "base/secret.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static unsigned long long ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

int secret_init(void)
{
    if (sodium_init() < 0)
        return -1;
    const char *fast = getenv("PACESETTER_FAST_HASH");
    if (fast && strcmp(fast, "1") == 0) {
        ops_limit = crypto_pwhash_OPSLIMIT_MIN;
        mem_limit = crypto_pwhash_MEMLIMIT_MIN;
    }
    return 0;
}

void secret_token(const char *prefix, char out[SECRET_TOKEN_SIZE])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    size_t p = strlen(prefix);
    memcpy(out, prefix, p);
    sodium_bin2base64(out + p, SECRET_TOKEN_SIZE - p, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

void secret_sha256_hex(const void *data, size_t len, char out[SECRET_HEX_SIZE])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, data, len);
    sodium_bin2hex(out, SECRET_HEX_SIZE, digest, sizeof(digest));
}

bool secret_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return la == lb && la > 0 && sodium_memcmp(a, b, la) == 0;
}

int secret_password_hash(const char *password, size_t len, char out[SECRET_PWHASH_SIZE])
{
    return crypto_pwhash_str_alg(out, password, len, ops_limit, mem_limit, crypto_pwhash_ALG_ARGON2ID13);
}

bool secret_password_verify(const char *hash, const char *password, size_t len)
{
    return crypto_pwhash_str_verify(hash, password, len) == 0;
}
