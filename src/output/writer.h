/* writer.h: what the library gives every writer besides the public API:
 * convenient sink output and the shared rules (which time to stamp, which
 * title to show). Writers live in formats/ and include this. */
#ifndef NC_WRITER_H
#define NC_WRITER_H

#include <time.h>

#include "buf.h"
#include "document.h"
#include "newsconv.h"

nc_status nc_sink_puts(nc_sink *sink, const char *s);
nc_status nc_sink_putbuf(nc_sink *sink, const nc_buf *b);

/* The moment a writer stamps into its output: the document's own date when
 * it was read as YYYY-MM-DD (midnight UTC), else opts->timestamp when set,
 * else SOURCE_DATE_EPOCH when set and valid, else the current time. */
time_t nc_writer_time(const nc_document *doc, const nc_writer_options *opts);

/* The same rule without the document's date: for "when was this made". */
time_t nc_writer_build_time(const nc_writer_options *opts);

/* SHA-256 of the content: the metadata (but the identifier itself and
 * image paths, which name files rather than content) and every block and
 * text of the body. The same article gives the same digest in every
 * format (EPUB's urn:uuid, the IPTC formats' urn:newsconv:). */
void nc_writer_content_hash(const nc_document *doc, unsigned char digest[32]);

/* Formats t as UTC "YYYY-MM-DDThh:mm:ssZ" into out (32 bytes). */
void nc_format_utc(time_t t, char out[32]);

/* Reads a true/false format option: "true", "yes", "1" or "" (given with
 * no value) for true; "false", "no", "0" for false. Leaves *value as it is
 * when the option is absent. Returns NC_OK or NC_ERR_OPTION naming it. */
nc_status nc_option_bool(const nc_writer_options *opts, const char *key, int *value,
                         nc_error *err);

/* Reads a whole number option: decimal digits only (no sign, no space, no
 * 0x), from min to max. Leaves *value as it is when the option is absent.
 * Returns NC_OK or NC_ERR_OPTION naming it and the range. */
nc_status nc_option_uint(const nc_writer_options *opts, const char *key, unsigned long long min,
                         unsigned long long max, unsigned long long *value, nc_error *err);

/* Reads a decimal number option: digits with at most one '.' inside (no
 * sign, exponent, hexadecimal, "inf" or "nan"), from min to max. Leaves
 * *value as it is when absent. Returns NC_OK or NC_ERR_OPTION. */
nc_status nc_option_decimal(const nc_writer_options *opts, const char *key, double min,
                            double max, double *value, nc_error *err);

/* Reads a compression level, one digit 0 to 9 (zlib's levels: 0 stores,
 * 9 packs tightest). Leaves *level as it is when the option is absent.
 * Returns NC_OK or NC_ERR_OPTION naming it. */
nc_status nc_option_level(const nc_writer_options *opts, const char *key, int *level,
                          nc_error *err);

/* The sink's sticky error, copied into err (when not NULL); NC_OK when the
 * sink has not failed. A writer can simply return the status of a failed
 * nc_sink_write: nc_write fills the error from the sink. */
nc_status nc_sink_get_error(const nc_sink *sink, nc_error *err);

#endif
