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

/* The sink's sticky error, copied into err (when not NULL); NC_OK when the
 * sink has not failed. A writer can simply return the status of a failed
 * nc_sink_write: nc_write fills the error from the sink. */
nc_status nc_sink_get_error(const nc_sink *sink, nc_error *err);

#endif
