/*
 * Photos of a project's progress: what kind of image a file is, by its bytes (never by its name
 * or by what the client says), and the limits on them.
 */
#ifndef DOMAIN_IMAGE_H
#define DOMAIN_IMAGE_H

#include <stddef.h>

#include "base/error.h"

#define PHOTO_BYTES_MAX (10u << 20) /* 10 MiB: a phone's photo, not a video */
#define PHOTOS_PER_REPORT_MAX 20

enum image_type { IMAGE_NONE, IMAGE_JPEG, IMAGE_PNG, IMAGE_WEBP };

/* JPEG (FF D8 FF), PNG (its 8-byte signature and an IHDR chunk) or WebP (RIFF….WEBP); else IMAGE_NONE. */
enum image_type image_sniff(const void *data, size_t len);
const char *image_content_type(enum image_type t); /* "image/jpeg", …; NULL for IMAGE_NONE */
const char *image_extension(enum image_type t);    /* "jpg", "png", "webp" */
/* Refuses (field "file") anything but a JPEG, PNG or WebP of 1 byte to PHOTO_BYTES_MAX. */
int image_check(const void *data, size_t len, enum image_type *out, struct error *e);

#endif
