/*
 * The uploaded file of a request: the part named "file" of a multipart/form-data body (as a
 * browser's form sends it), or the whole body when it is sent as the file itself
 * (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, text/csv, image/jpeg,
 * image/png, image/webp, application/pdf, the .docx type or application/octet-stream, as curl
 * --data-binary sends it).
 */
#ifndef HTTP_MULTIPART_H
#define HTTP_MULTIPART_H

#include "http/request.h"

struct upload {
    const char *data; /* in the request's body: valid until the answer */
    size_t len;
    const char *filename; /* in the arena; NULL when not given */
};

int multipart_upload(struct request *r, struct upload *out, struct error *e);

#endif
