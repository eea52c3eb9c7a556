/* formats.h: the built-in writers, each defined in a file of its own and
 * listed once, in registry.c. */
#ifndef NC_FORMATS_H
#define NC_FORMATS_H

#include "newsconv.h"

extern const nc_writer nc_writer_markdown;
extern const nc_writer nc_writer_json;
extern const nc_writer nc_writer_html;
extern const nc_writer nc_writer_epub;
extern const nc_writer nc_writer_docbook;
extern const nc_writer nc_writer_pdf;
extern const nc_writer nc_writer_ninjs;
extern const nc_writer nc_writer_newsml;

#endif
