/* What the benchmarking store files share: reads inside a caller's transaction. Private to src/store. */
#ifndef STORE_STORE_BENCHMARK_INTERNAL_H
#define STORE_STORE_BENCHMARK_INTERNAL_H

#include "store/store_internal.h"

/* The indicator (the city), ERR_NOT_FOUND when the tenant has none of that id; field names the error's field.
 */
int bm_indicator_read(struct db *db, int64_t tenant, int64_t id, const char *field, struct arena *a,
                      struct bm_indicator *out, struct error *e);
int bm_city_read(struct db *db, int64_t tenant, int64_t id, const char *field, struct arena *a,
                 struct bm_city *out, struct error *e);
/* Every city of the tenant in list order (this city first, then sort_order, id). */
int bm_cities_read(struct db *db, int64_t tenant, struct arena *a, struct bm_city **items, size_t *n,
                   struct error *e);
/* A text field's limits checked (field_check_text) with the field's name and labels. */
int bm_check_text(const char *field, const char *zh, const char *en, size_t max, bool may_be_blank,
                  const char *s, struct error *e);

#endif
