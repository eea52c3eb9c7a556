/* write.c: the one entry point that runs a writer, and the helpers every
 * writer shares. */
#include "writer.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "sha256.h"

nc_status nc_writer_prepare(const nc_writer *writer)
{
    if (!writer)
        return NC_ERR_ARGUMENT;
    /* A description made before prepare existed ends before it. */
    if (writer->struct_size < offsetof(nc_writer, prepare) + sizeof writer->prepare ||
        !writer->prepare)
        return NC_OK;
    return writer->prepare();
}

nc_status nc_write(const nc_document *doc, const nc_writer *writer,
                   const nc_writer_options *opts, nc_sink *sink, nc_error *err)
{
    /* A writer always gets an error to fill, whatever its caller passed. */
    nc_error own_err;
    if (!err)
        err = &own_err;
    nc_error_clear(err);
    if (!doc || !writer || !sink)
        return nc_error_set(err, NC_ERR_ARGUMENT, "nc_write needs a document, a writer and a sink");
    if (writer->struct_size < offsetof(nc_writer, write) + sizeof writer->write || !writer->write)
        return nc_error_set(err, NC_ERR_WRITER, "writer '%s' is not a valid writer description",
                            writer->name ? writer->name : "?");
    nc_writer_options defaults;
    if (!opts) {
        nc_writer_options_init(&defaults);
        opts = &defaults;
    } else if (opts->struct_size != sizeof *opts) {
        return nc_error_set(err, NC_ERR_ARGUMENT,
                            "writer options not set up by nc_writer_options_init");
    }
    if (opts->n_options && !opts->options)
        return nc_error_set(err, NC_ERR_ARGUMENT, "writer options: n_options without options");
    for (size_t i = 0; i < opts->n_options; i++) {
        const nc_option *o = &opts->options[i];
        if (!o->key)
            return nc_error_set(err, NC_ERR_OPTION, "writer option without a name");
        const nc_option_spec *spec = nc_writer_option_spec(writer, o->key);
        if (!spec)
            return nc_error_set(err, NC_ERR_OPTION, "unknown writer option '%s' for %s", o->key,
                                writer->name ? writer->name : "this writer");
        nc_status rc = nc_option_check(spec, o->value ? o->value : "", err);
        if (rc != NC_OK)
            return rc;
    }
    nc_status rc = writer->write(doc, opts, sink, err);
    if (rc == NC_OK)
        return NC_OK;
    /* A writer may just pass on the status of a failed sink write, or say
     * only that writing failed: the sink knows the first cause. */
    nc_error sink_err;
    if ((rc == NC_ERR_IO || err->code == NC_OK) && nc_sink_get_error(sink, &sink_err) != NC_OK) {
        *err = sink_err;
        return sink_err.code;
    }
    if (err->code == NC_OK)
        nc_error_set(err, rc, "%s writer: %s", writer->name ? writer->name : "?",
                     nc_status_string(rc));
    return rc;
}

nc_status nc_sink_puts(nc_sink *sink, const char *s) { return nc_sink_write(sink, s, strlen(s)); }

nc_status nc_sink_putbuf(nc_sink *sink, const nc_buf *b)
{
    if (b->failed)
        return NC_ERR_NOMEM;
    return nc_sink_write(sink, b->data, b->len);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar; pure
 * arithmetic, so no time zone or locale can change the answer. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

time_t nc_writer_build_time(const nc_writer_options *opts)
{
    if (opts && opts->timestamp != (time_t)-1)
        return opts->timestamp;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (!*end && errno == 0 && v >= 0 && v < 253402300800LL)
            return (time_t)v;
    }
    return time(NULL);
}

time_t nc_writer_time(const nc_document *doc, const nc_writer_options *opts)
{
    const char *d = doc->meta.date;
    if (doc->meta.date_iso && d && strlen(d) == 10) {
        int y = atoi(d), m = atoi(d + 5), day = atoi(d + 8);
        if (y >= 1970 && y <= 9999 && m >= 1 && m <= 12 && day >= 1 && day <= 31)
            return (time_t)(days_from_civil(y, (unsigned)m, (unsigned)day) * 86400LL);
    }
    return nc_writer_build_time(opts);
}

void nc_format_utc(time_t t, char out[32])
{
    long long s = (long long)t;
    long long days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
    long long rem = s - days * 86400;
    /* civil_from_days */
    long long z = days + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = (long long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 0 || y > 9999)
        y = y < 0 ? 0 : 9999;
    unsigned sec = (unsigned)rem % 86400u;
    snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u, m % 100u, d % 100u,
             sec / 3600u, sec % 3600u / 60u, sec % 60u);
}

static void hash_str(nc_sha256 *h, const char *s)
{
    nc_sha256_update(h, s, strlen(s) + 1); /* the NUL keeps "ab"+"c" apart from "a"+"bc" */
}

void nc_writer_content_hash(const nc_document *doc, unsigned char digest[32])
{
    nc_sha256 h;
    nc_sha256_init(&h);
    hash_str(&h, "newsconv article 1");
    for (const nc_meta_key *k = nc_meta_keys; k->key; k++) {
        if (strcmp(k->key, "identifier") == 0 || strcmp(k->key, "image") == 0 ||
            strcmp(k->key, "cover-image") == 0)
            continue;
        size_t n = nc_meta_count(doc, k->key);
        for (size_t i = 0; i < n; i++) {
            hash_str(&h, k->key);
            hash_str(&h, nc_meta_item(doc, k->key, i));
        }
    }
    nc_iter it;
    nc_iter_init(&it, doc->body);
    nc_event ev;
    while ((ev = nc_iter_next(&it)) != NC_EVENT_DONE) {
        const nc_node *n = it.node;
        if (ev == NC_EVENT_EXIT) {
            hash_str(&h, "/");
            continue;
        }
        hash_str(&h, nc_node_type_name(n->type));
        if (n->literal)
            hash_str(&h, n->literal);
    }
    nc_sha256_final(&h, digest);
}
