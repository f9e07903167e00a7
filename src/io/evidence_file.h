/*
 * What kind of file an evidence upload (佐证材料) is, by its bytes, never by its name: a PDF, a
 * JPEG, PNG or WebP image, or an Office Open XML workbook or document (a zip archive holding
 * xl/workbook.xml or word/document.xml, looked into with libzip).
 */
#ifndef IO_EVIDENCE_FILE_H
#define IO_EVIDENCE_FILE_H

#include <stddef.h>

#include "base/error.h"

#define EVIDENCE_BYTES_MAX (20u << 20) /* 20 MiB: a scanned document of some pages */

enum evidence_type {
    EVIDENCE_NONE,
    EVIDENCE_PDF,
    EVIDENCE_JPEG,
    EVIDENCE_PNG,
    EVIDENCE_WEBP,
    EVIDENCE_XLSX,
    EVIDENCE_DOCX
};

enum evidence_type evidence_sniff(const void *data, size_t len);
const char *evidence_content_type(enum evidence_type t); /* "application/pdf", …; NULL for EVIDENCE_NONE */
const char *evidence_extension(enum evidence_type t);    /* "pdf", "jpg", …, "" */
/* Refuses (ERR_BAD_FILE, field "file") anything else, or an empty file, or one over EVIDENCE_BYTES_MAX. */
int evidence_check(const void *data, size_t len, enum evidence_type *out, struct error *e);

#endif
