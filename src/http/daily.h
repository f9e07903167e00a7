/*
 * The server's background chore: warnings count days, so every minute a thread with a store
 * connection of its own recomputes the warnings of each city whose were last computed before
 * today (the first minute after midnight, and at start-up).
 */
#ifndef HTTP_DAILY_H
#define HTTP_DAILY_H

#include "base/error.h"

int daily_start(const char *db, struct error *e);
/* Stops and joins the thread (a recompute under way finishes first). */
void daily_stop(void);

#endif
