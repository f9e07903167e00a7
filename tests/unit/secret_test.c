/* Unit tests for src/base/secret: tokens, their hashes, constant-time comparison, argon2id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/secret.h"

static int init(void **state)
{
    unsetenv("PACESETTER_FAST_HASH");
    return secret_init();
}

static void tokens_are_256_random_bits_in_base64url_with_their_prefix(void **state)
{
    char a[SECRET_TOKEN_SIZE], b[SECRET_TOKEN_SIZE];
    secret_token("pst_", a);
    secret_token("pst_", b);
    assert_int_equal(strlen(a), 4 + 43); /* 32 bytes in unpadded base64 */
    assert_memory_equal(a, "pst_", 4);
    assert_int_equal(strspn(a + 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
    assert_string_not_equal(a, b);
    secret_token("", a);
    assert_int_equal(strlen(a), 43);
}

static void token_hashes_are_sha256_in_hex(void **state)
{
    char hex[SECRET_HEX_SIZE];
    secret_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void comparison_needs_equal_non_empty_strings(void **state)
{
    assert_true(secret_equal("csrf-token", "csrf-token"));
    assert_false(secret_equal("csrf-token", "csrf-tokeN"));
    assert_false(secret_equal("csrf-token", "csrf-toke"));
    assert_false(secret_equal("", ""));
}

static void passwords_are_hashed_with_argon2id_at_the_interactive_limits(void **state)
{
    char hash[SECRET_PWHASH_SIZE];
    const char *pw = "correct horse battery";
    assert_int_equal(secret_password_hash(pw, strlen(pw), hash), 0);
    /* interactive: 64 MiB, 2 passes */
    assert_non_null(strstr(hash, "$argon2id$v=19$m=65536,t=2,p=1$"));
    assert_true(secret_password_verify(hash, pw, strlen(pw)));
    assert_false(secret_password_verify(hash, pw, strlen(pw) - 1)); /* never truncated */
    assert_false(secret_password_verify(hash, "correct horse battery!", 22));
    char again[SECRET_PWHASH_SIZE];
    secret_password_hash(pw, strlen(pw), again);
    assert_string_not_equal(hash, again); /* salted */
}

static void long_passwords_count_every_byte(void **state)
{
    char a[200], b[200], hash[SECRET_PWHASH_SIZE];
    memset(a, 'x', sizeof(a));
    memcpy(b, a, sizeof(b));
    b[199] = 'y';
    assert_int_equal(secret_password_hash(a, sizeof(a), hash), 0);
    assert_true(secret_password_verify(hash, a, sizeof(a)));
    assert_false(secret_password_verify(hash, b, sizeof(b)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokens_are_256_random_bits_in_base64url_with_their_prefix),
        cmocka_unit_test(token_hashes_are_sha256_in_hex),
        cmocka_unit_test(comparison_needs_equal_non_empty_strings),
        cmocka_unit_test(passwords_are_hashed_with_argon2id_at_the_interactive_limits),
        cmocka_unit_test(long_passwords_count_every_byte),
    };
    return cmocka_run_group_tests(tests, init, NULL);
}
