/*
 * Answers kept while the database is unchanged: a reading request that costs a millisecond (a
 * project list page: 25 rows of fifty fields, their names and this year's figures, as JSON) is
 * answered again by copying its bytes while SQLite's change stamp is the one it was made at. Per
 * connection, like the list totals; PostgreSQL has no change stamp and keeps nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "base/banned.h"

int store_answer_find(struct store *st, const char *key, uint64_t stamp[2], const char **bytes, size_t *len,
                      int64_t *n)
{
    if (db_change_stamp(st->db, stamp) != 0 || strlen(key) >= sizeof(st->answers[0].key))
        return -1;
    for (int i = 0; i < ANSWER_CACHE_SIZE; i++) {
        const struct answer *a = &st->answers[i];
        if (a->bytes && a->stamp[0] == stamp[0] && a->stamp[1] == stamp[1] && strcmp(a->key, key) == 0) {
            *bytes = a->bytes;
            *len = a->len;
            *n = a->n;
            return 1;
        }
    }
    return 0;
}

void store_answer_keep(struct store *st, const char *key, const uint64_t stamp[2], const char *bytes,
                       size_t len, int64_t n)
{
    if (strlen(key) >= sizeof(st->answers[0].key) || len > ANSWER_BYTES_MAX)
        return;
    char *copy = malloc(len + 1);
    if (!copy)
        return; /* kept or not, the answer is the same */
    memcpy(copy, bytes, len);
    copy[len] = '\0';
    struct answer *a = &st->answers[st->next_answer++ % ANSWER_CACHE_SIZE];
    free(a->bytes);
    *a = (struct answer){.stamp = {stamp[0], stamp[1]}, .bytes = copy, .len = len, .n = n};
    memcpy(a->key, key, strlen(key) + 1);
}

void store_answers_release(struct store *st)
{
    for (int i = 0; i < ANSWER_CACHE_SIZE; i++) {
        free(st->answers[i].bytes);
        st->answers[i].bytes = NULL;
    }
}
