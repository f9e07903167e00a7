/*
 * Spreadsheet downloads: exports of a list and import templates. The file is made on a worker
 * thread (with the worker's own store connection: an export of a large list takes a second) in
 * an unlinked temporary file, then sent from the loop in 64 KiB chunks as the client takes them,
 * so neither the rows nor the file are ever held in memory whole.
 */
#include "http/export.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/worker.h"
#include "io/xlsx_write.h"
#include "base/banned.h"

#define CHUNK_SIZE 65536

struct export_job {
    struct export_query q;
    enum table_format format;
    const struct resource_columns *template_of; /* non-NULL: this resource's import template */
    report_fn report;                           /* non-NULL: a report of its own making */
    void *report_ctx;
    struct store *st;                           /* the worker's, while report runs */
    const char *ascii_name;                     /* file name without extension, for old clients */
    const char *name_zh;
    int fd;
    struct error error;
};

/* An open temporary file being sent; lives in the h2o request's pool, which closes the file. */
struct file_stream {
    h2o_generator_t super;
    int fd;
    char buf[CHUNK_SIZE];
};

static void stream_proceed(h2o_generator_t *g, h2o_req_t *req)
{
    struct file_stream *s = (struct file_stream *)g;
    ssize_t n = read(s->fd, s->buf, sizeof(s->buf));
    h2o_iovec_t chunk = h2o_iovec_init(s->buf, n > 0 ? (size_t)n : 0);
    /* a short read before the end cannot be told from the end: Content-Length makes the client see it */
    h2o_send(req, &chunk, 1, n < 0 ? H2O_SEND_STATE_ERROR : n < (ssize_t)sizeof(s->buf) ? H2O_SEND_STATE_FINAL
                                                                                       : H2O_SEND_STATE_IN_PROGRESS);
}

static void stream_stop(h2o_generator_t *g, h2o_req_t *req)
{
    /* nothing to cancel: the file closes when the request's pool is disposed */
}

static void stream_dispose(void *p)
{
    struct file_stream *s = p;
    if (s->fd >= 0)
        close(s->fd);
}

/* attachment; filename="units.xlsx"; filename*=UTF-8''%E5%8D%95%E4%BD%8D.xlsx (RFC 6266, RFC 5987) */
static void content_disposition(struct request *r, const char *ascii_name, const char *name_zh, const char *ext)
{
    static const char hex[] = "0123456789ABCDEF";
    char value[512];
    int n = snprintf(value, sizeof(value), "attachment; filename=\"%s.%s\"; filename*=UTF-8''", ascii_name, ext);
    size_t used = n > 0 ? (size_t)n : 0;
    for (const unsigned char *p = (const unsigned char *)name_zh; *p && used + 4 < sizeof(value); p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '_' || *p == '.') {
            value[used++] = (char)*p;
        } else {
            value[used++] = '%';
            value[used++] = hex[*p >> 4];
            value[used++] = hex[*p & 15];
        }
    }
    n = snprintf(value + used, sizeof(value) - used, ".%s", ext);
    used += n > 0 ? (size_t)n : 0;
    respond_header(r, H2O_TOKEN_CONTENT_DISPOSITION, h2o_strdup(&r->req->pool, value, used).base, used);
}

/* Sends the whole of fd, which this takes over (closed with the request). */
static int respond_file(struct request *r, int fd, const char *content_type, struct error *e)
{
    struct stat sb;
    struct file_stream *s = h2o_mem_alloc_shared(&r->req->pool, sizeof(*s), stream_dispose);
    if (!s) {
        close(fd);
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    }
    s->fd = fd;
    s->super = (h2o_generator_t){stream_proceed, stream_stop};
    if (fstat(fd, &sb) != 0)
        return error_set(e, ERR_INTERNAL, NULL, "无法读取导出文件", "cannot read the exported file");
    h2o_req_t *req = r->req;
    req->res.status = 200;
    req->res.reason = "OK";
    req->res.content_length = (size_t)sb.st_size;
    respond_header(r, H2O_TOKEN_CONTENT_TYPE, content_type, strlen(content_type));
    r->status = 200;
    r->bytes = (size_t)sb.st_size;
    h2o_start_response(req, &s->super);
    stream_proceed(&s->super, req);
    return 0;
}

static int write_template(const char *path, void *ctx, struct error *e)
{
    return xlsx_template_write(path, ctx, e);
}

static int write_report(const char *path, void *ctx, struct error *e)
{
    struct export_job *j = ctx;
    return j->report(j->st, path, j->report_ctx, e);
}

/* On a worker: the file, into an unlinked temporary file. */
static void export_work(struct store *st, void *arg)
{
    struct export_job *j = arg;
    int64_t rows;
    error_clear(&j->error);
    j->st = st;
    if (j->report)
        export_temp_file(write_report, j, &j->fd, &j->error);
    else if (j->template_of)
        export_temp_file(write_template, (void *)j->template_of, &j->fd, &j->error);
    else
        export_to_temp_file(st, &j->q, j->format, &j->fd, &rows, &j->error);
}

/* The client left before the file was sent. */
static void export_drop(void *arg)
{
    struct export_job *j = arg;
    if (j->fd >= 0)
        close(j->fd);
}

/* Back on the loop: send the file, or the error. */
static int export_done(struct request *r, void *arg, struct error *e)
{
    struct export_job *j = arg;
    if (j->fd < 0) {
        *e = j->error;
        return -1;
    }
    content_disposition(r, j->ascii_name, j->name_zh, table_format_extension(j->format));
    return respond_file(r, j->fd, table_format_content_type(j->format), e);
}

int export_respond(struct request *r, const struct export_query *q, enum table_format format, struct error *e)
{
    struct export_job *j = arena_calloc(&r->arena, sizeof(*j));
    if (!j)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    j->q = *q;
    j->q.tenant = r->tenant;
    j->format = format;
    j->fd = -1;
    const struct resource_columns *cols = export_columns(q->resource);
    j->ascii_name = cols->resource;
    j->name_zh = cols->title;
    return request_defer_dropping(r, export_work, export_done, export_drop, j, e);
}

int template_respond(struct request *r, const struct resource_columns *cols, struct error *e)
{
    struct export_job *j = arena_calloc(&r->arena, sizeof(*j));
    char *ascii = arena_alloc(&r->arena, 64), *zh = arena_alloc(&r->arena, 128);
    if (!j || !ascii || !zh)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    snprintf(ascii, 64, "%s-import-template", cols->resource);
    snprintf(zh, 128, "%s导入模板", cols->title);
    j->template_of = cols;
    j->format = TABLE_XLSX;
    j->fd = -1;
    j->ascii_name = ascii;
    j->name_zh = zh;
    return request_defer_dropping(r, export_work, export_done, export_drop, j, e);
}

int report_respond(struct request *r, report_fn report, void *ctx, const char *ascii_name, const char *name_zh,
                   struct error *e)
{
    struct export_job *j = arena_calloc(&r->arena, sizeof(*j));
    if (!j)
        return error_set(e, ERR_INTERNAL, NULL, "内存不足", "out of memory");
    j->report = report;
    j->report_ctx = ctx;
    j->format = TABLE_XLSX;
    j->fd = -1;
    j->ascii_name = ascii_name;
    j->name_zh = name_zh;
    return request_defer_dropping(r, export_work, export_done, export_drop, j, e);
}

int export_read_format(const struct query_param *p, enum table_format *out, struct error *e)
{
    *out = TABLE_XLSX;
    if (p->value && table_format_parse(p->value, out) != 0)
        return error_set(e, ERR_BAD_QUERY, "format", "format 应为 xlsx 或 csv", "format must be xlsx or csv");
    return 0;
}
