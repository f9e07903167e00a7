/* Photos of a month's progress report (included by store.h); their bytes are kept in the database. */
#ifndef STORE_STORE_PHOTOS_H
#define STORE_STORE_PHOTOS_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"

struct store;
struct actor;

struct photo {
    int64_t id, project_id, size;
    const char *month, *content_type, *uploaded_by, *created_at;
    const void *data; /* store_photo_get only */
};

/*
 * Adds a photo to the project's report of the month (the report must exist: photos illustrate
 * it), for a writer whose scope (0: all) holds the project; at most PHOTOS_PER_REPORT_MAX.
 */
int store_photo_add(struct store *st, int64_t tenant, int64_t scope, int64_t project_id, const char *month,
                    const void *data, size_t len, const char *content_type, const struct actor *who,
                    struct arena *a, struct photo *out, struct error *e);
/* The report's photos, oldest first, without their bytes; a project outside the scopes is not found. */
int store_photos_list(struct store *st, int64_t tenant, int64_t scope, int64_t scope_enterprise,
                      int64_t project_id, const char *month, struct arena *a, struct photo **items,
                      size_t *count, struct error *e);
/* One photo with its bytes (in the arena). */
int store_photo_get(struct store *st, int64_t tenant, int64_t scope, int64_t scope_enterprise, int64_t id,
                    struct arena *a, struct photo *out, struct error *e);
int store_photo_delete(struct store *st, int64_t tenant, int64_t scope, int64_t id, const struct actor *who,
                       struct error *e);

#endif
