/* Image types by their bytes; see image.h. */
#include "domain/image.h"

#include <string.h>

#include "base/banned.h"

enum image_type image_sniff(const void *data, size_t len)
{
    const unsigned char *b = data;
    if (len >= 4 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return IMAGE_JPEG;
    if (len >= 16 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(b + 12, "IHDR", 4) == 0)
        return IMAGE_PNG;
    if (len >= 16 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBPVP8", 7) == 0)
        return IMAGE_WEBP;
    return IMAGE_NONE;
}

const char *image_content_type(enum image_type t)
{
    switch (t) {
    case IMAGE_JPEG:
        return "image/jpeg";
    case IMAGE_PNG:
        return "image/png";
    case IMAGE_WEBP:
        return "image/webp";
    case IMAGE_NONE:
        break;
    }
    return NULL;
}

const char *image_extension(enum image_type t)
{
    switch (t) {
    case IMAGE_JPEG:
        return "jpg";
    case IMAGE_PNG:
        return "png";
    case IMAGE_WEBP:
        return "webp";
    case IMAGE_NONE:
        break;
    }
    return "bin";
}

int image_check(const void *data, size_t len, enum image_type *out, struct error *e)
{
    if (len == 0)
        return error_set(e, ERR_BAD_FILE, "file", "上传的照片是空的", "the uploaded photo is empty");
    if (len > PHOTO_BYTES_MAX)
        return error_set(e, ERR_TOO_LARGE, "file", "照片超过 %u MiB", "the photo is larger than %u MiB",
                         PHOTO_BYTES_MAX >> 20);
    *out = image_sniff(data, len);
    if (*out == IMAGE_NONE)
        return error_set(
            e, ERR_BAD_FILE, "file", "只接受 JPEG、PNG 或 WebP 格式的照片（按文件内容识别，而非文件名）",
            "only JPEG, PNG or WebP photos are accepted (recognised by their content, not their name)");
    return 0;
}
