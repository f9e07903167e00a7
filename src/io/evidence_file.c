/* The kinds of evidence files; see evidence_file.h. */
#include "io/evidence_file.h"

#include <string.h>
#include <zip.h>

#include "domain/image.h"
#include "base/banned.h"

/* Which Office part the zip archive holds: xlsx, docx, or neither. */
static enum evidence_type office_part(const void *data, size_t len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
    enum evidence_type t = EVIDENCE_NONE;
    if (z) {
        if (zip_name_locate(z, "xl/workbook.xml", 0) >= 0)
            t = EVIDENCE_XLSX;
        else if (zip_name_locate(z, "word/document.xml", 0) >= 0)
            t = EVIDENCE_DOCX;
        zip_discard(z);
    } else if (src) {
        zip_source_free(src);
    }
    zip_error_fini(&err);
    return t;
}

enum evidence_type evidence_sniff(const void *data, size_t len)
{
    const unsigned char *p = data;
    if (len >= 5 && memcmp(p, "%PDF-", 5) == 0)
        return EVIDENCE_PDF;
    switch (image_sniff(data, len)) {
    case IMAGE_JPEG:
        return EVIDENCE_JPEG;
    case IMAGE_PNG:
        return EVIDENCE_PNG;
    case IMAGE_WEBP:
        return EVIDENCE_WEBP;
    default:
        break;
    }
    if (len >= 4 && memcmp(p, "PK\x03\x04", 4) == 0)
        return office_part(data, len);
    return EVIDENCE_NONE;
}

const char *evidence_content_type(enum evidence_type t)
{
    static const char *const types[] = {
        NULL,
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/webp",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"};
    return types[t];
}

const char *evidence_extension(enum evidence_type t)
{
    static const char *const ext[] = {"", "pdf", "jpg", "png", "webp", "xlsx", "docx"};
    return ext[t];
}

int evidence_check(const void *data, size_t len, enum evidence_type *out, struct error *e)
{
    if (len == 0)
        return error_set(e, ERR_BAD_FILE, "file", "上传的文件是空的", "the uploaded file is empty");
    if (len > EVIDENCE_BYTES_MAX)
        return error_set(e, ERR_TOO_LARGE, "file", "佐证材料不能超过 %u MB",
                         "an evidence file is at most %u MB", EVIDENCE_BYTES_MAX >> 20);
    if ((*out = evidence_sniff(data, len)) == EVIDENCE_NONE)
        return error_set(e, ERR_BAD_FILE, "file",
                         "佐证材料应为 PDF、JPEG、PNG、WebP 图片，或 "
                         "Excel（.xlsx）、Word（.docx）文件（按文件内容识别，而非文件名）",
                         "evidence must be a PDF, a JPEG, PNG or WebP image, or an .xlsx or .docx file");
    return 0;
}
