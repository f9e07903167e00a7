/*
 * Reading a CSV file as one sheet named "CSV". Chinese Excel saves CSV in GB18030 (GBK) unless
 * told otherwise, and "Unicode text" as tab-separated UTF-16: we take UTF-8 (with or without a
 * byte-order mark), UTF-16 with its mark, and otherwise GB18030, converting with iconv. Quoting
 * follows RFC 4180; the row number of a record is its position, as Excel shows it.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "io/sheet_build.h"
#include "base/banned.h"

/* Converts the whole of in from `from` to UTF-8 into a malloc'd buffer; NULL if it is not that encoding. */
static char *convert(const char *from, const char *in, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 2 + 16, left_in = len, left_out = cap;
    char *out = malloc(cap), *src = (char *)in, *dst = out;
    while (out && left_in > 0) {
        if (iconv(cd, &src, &left_in, &dst, &left_out) != (size_t)-1)
            continue;
        if (errno != E2BIG) {
            free(out);
            out = NULL;
            break;
        }
        size_t used = (size_t)(dst - out);
        char *bigger = realloc(out, cap * 2);
        if (!bigger) {
            free(out);
            out = NULL;
            break;
        }
        out = bigger;
        dst = out + used;
        left_out += cap;
        cap *= 2;
    }
    iconv_close(cd);
    if (out)
        *out_len = (size_t)(dst - out);
    return out;
}

/* The text as UTF-8: in itself (*owned NULL) or a converted copy (*owned to free). */
static int to_utf8(const char *data, size_t len, const char **text, size_t *text_len, char **owned, struct error *e)
{
    *owned = NULL;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3, len -= 3;
    } else if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0)) {
        *owned = convert(data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", data + 2, len - 2, text_len);
        if (!*owned)
            return error_set(e, ERR_BAD_FILE, "file", "文件标明是 UTF-16 编码，但内容不是", "the file is marked UTF-16 but is not");
        *text = *owned;
        return 0;
    } else if (!utf8_valid(data, len)) {
        *owned = convert("GB18030", data, len, text_len);
        if (!*owned)
            return error_set(e, ERR_BAD_FILE, "file", "无法识别文件的编码：既不是 UTF-8，也不是 GB18030/GBK",
                             "the file's encoding is neither UTF-8 nor GB18030/GBK");
        *text = *owned;
        return 0;
    }
    if (!utf8_valid(data, len))
        return error_set(e, ERR_BAD_FILE, "file", "文件以 UTF-8 标记开头，但内容不是有效的 UTF-8",
                         "the file starts with a UTF-8 mark but is not valid UTF-8");
    *text = data;
    *text_len = len;
    return 0;
}

/* Tab-separated when the first line has a tab and no comma (Excel's "Unicode text"). */
static char delimiter(const char *s, size_t len)
{
    bool tab = false;
    for (size_t i = 0; i < len && s[i] != '\n' && s[i] != '\r'; i++) {
        if (s[i] == ',')
            return ',';
        tab |= s[i] == '\t';
    }
    return tab ? '\t' : ',';
}

/* Appends n bytes to a growing field buffer. */
static int append(char **field, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n > *cap) {
        size_t next = *cap ? *cap : 256;
        while (next < *len + n)
            next *= 2;
        char *p = realloc(*field, next);
        if (!p)
            return -1;
        *field = p;
        *cap = next;
    }
    memcpy(*field + *len, s, n);
    *len += n;
    return 0;
}

static int parse(const char *s, size_t len, struct sheet_builder *b, struct error *e)
{
    char sep = delimiter(s, len);
    char *field = NULL;
    size_t flen = 0, fcap = 0;
    uint32_t row = 1, col = 0;
    size_t i = 0;
    int rc = -1;
    if (memchr(s, '\0', len)) {
        error_set(e, ERR_BAD_FILE, "file", "文件含有二进制内容，不是 CSV 或 xlsx 表格",
                  "the file holds binary data: it is neither a CSV nor an xlsx sheet");
        goto out;
    }
    if (len == 0 || sheet_builder_row(b, row, e) != 0)
        goto done;
    while (i < len) {
        bool quoted = s[i] == '"';
        flen = 0;
        if (quoted) {
            i++;
            for (;;) {
                if (i >= len) {
                    error_set(e, ERR_BAD_FILE, "file", "第 %u 行的引号没有闭合", "the quote opened in row %u is never closed",
                              row);
                    goto out;
                }
                if (s[i] == '"' && i + 1 < len && s[i + 1] == '"')
                    i++;
                else if (s[i] == '"')
                    break;
                if (append(&field, &flen, &fcap, s + i, 1) != 0) {
                    error_set(e, ERR_TOO_LARGE, "file", "内存不足", "out of memory");
                    goto out;
                }
                i++;
            }
            i++; /* the closing quote */
        }
        size_t start = i;
        while (i < len && s[i] != sep && s[i] != '\n' && s[i] != '\r')
            i++;
        if (!quoted && sheet_builder_cell(b, col, CELL_TEXT, s + start, i - start, e) != 0)
            goto out;
        if (quoted) { /* text after the closing quote is kept, as Excel does: "quoted"tail is quotedtail */
            if (i > start && append(&field, &flen, &fcap, s + start, i - start) != 0) {
                error_set(e, ERR_TOO_LARGE, "file", "内存不足", "out of memory");
                goto out;
            }
            if (sheet_builder_cell(b, col, CELL_TEXT, field ? field : "", flen, e) != 0)
                goto out;
        }
        if (i < len && s[i] == sep) {
            i++;
            col++;
            continue;
        }
        /* the end of a record: CRLF, LF or CR */
        if (i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
            i += 2;
        else if (i < len)
            i++;
        if (sheet_builder_row_end(b, e) != 0)
            goto out;
        col = 0;
        if (i < len && sheet_builder_row(b, ++row, e) != 0)
            goto out;
    }
done:
    rc = sheet_builder_row_end(b, e);
out:
    free(field);
    return rc;
}

int csv_read(const void *data, size_t len, const struct read_limits *limits, struct arena *a, struct sheet *out,
             struct error *e)
{
    *out = (struct sheet){.name = "CSV", .n_names = 1};
    out->names[0] = "CSV";
    const char *text = NULL;
    size_t text_len = 0;
    char *owned;
    if (to_utf8(data, len, &text, &text_len, &owned, e) != 0)
        return -1;
    struct sheet_builder b;
    sheet_builder_init(&b, a, limits, out);
    int rc = parse(text, text_len, &b, e);
    sheet_builder_release(&b);
    free(owned);
    return rc;
}
