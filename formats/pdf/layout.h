/* layout.h: the PDF writer's typesetter. Blocks of styled text go in;
 * positioned lines come out: broken at Unicode line-break opportunities,
 * hyphenated from the language's dictionary, justified by placing words,
 * then shared out over pages without widows, orphans or stranded subheads.
 * Measures in PDF points. Private to the PDF writer. */
#ifndef NC_PDF_LAYOUT_H
#define NC_PDF_LAYOUT_H

#include <pthread.h>
#include <stddef.h>

#include "buf.h"
#include "newsconv.h"
#include "fonts.h"
#include "hyphenate.h"

/* A piece of a block's text in one style; url is set inside a link. */
typedef struct nc_pdf_span {
    const char *text;
    size_t len;
    nc_pdf_style style;
    const char *url;
} nc_pdf_span;

typedef enum nc_pdf_align { NC_PDF_JUSTIFY = 0, NC_PDF_LEFT, NC_PDF_CENTER } nc_pdf_align;

typedef struct nc_pdf_block_style {
    float size, leading;
    float indent_left, indent_right; /* from the margins */
    float first_indent;              /* more for the first line */
    nc_pdf_align align;
    float space_before;              /* dropped at the top of a page */
    int keep_with_next;              /* never the last thing on a page */
    const char *marker;              /* drawn left of the first line: bullet, number */
    nc_pdf_style marker_style;
    int hyphenate;
    float gray;                      /* 0 black .. 1 white */
} nc_pdf_block_style;

/* One glyph of a piece, as shaped (face.h). */
typedef struct nc_pdf_glyph {
    unsigned gid;
    int advance;                     /* thousandths of an em, kerning included */
    int dx;                          /* drawn this far right of the pen */
    unsigned text, len;              /* the characters it stands for: bytes of its
                                      * piece's text; len 0 on a cluster's later glyphs */
} nc_pdf_glyph;

/* One run of text in one face, positioned on its line. */
typedef struct nc_pdf_piece {
    float x, width;                  /* x from the line's left edge */
    nc_pdf_style style;
    int face;
    float size, gray;
    size_t text;                     /* offset of NUL-terminated UTF-8 in the pool */
    size_t url;                      /* offset of the URL in the pool + 1, or 0 */
    size_t first_glyph, n_glyphs;    /* what is drawn: in the layout's glyphs */
} nc_pdf_piece;

typedef struct nc_pdf_line {
    size_t first_piece, n_pieces;
    float x;                         /* left edge, from the left margin */
    float leading;                   /* baseline to the previous baseline; less than
                                      * 0 on a table cell's first line, back up to
                                      * its row's first baseline (table.h) */
    float after;                     /* further down after this line: a table
                                      * row's foot below its last cell's line */
    float space_before;
    float char_space;                /* a justified line without word spaces */
    int keep;                        /* no page break after this line */
    int hyphenated;
    int block;                       /* serial number of its block */
    int bookmark;                    /* 0, or 1 + outline level */
    float image_w, image_h;          /* an image line: its size, else 0 */
    /* Set by nc_pdf_paginate: */
    int page;                        /* 0-based */
    float y;                         /* baseline (image: bottom) below the top margin */
} nc_pdf_line;

typedef struct nc_pdf_layout {
    nc_pdf_fonts *fonts;
    float width;                     /* the measure between the margins */
    const char *lang;                /* for line breaking and hyphenation */
    nc_pdf_hyphenator hyph;
    nc_buf pool;                     /* piece texts and URLs */
    nc_pdf_piece *pieces;
    size_t n_pieces, cap_pieces;
    nc_pdf_glyph *glyphs;            /* the pieces' glyphs */
    size_t n_glyphs, cap_glyphs;
    nc_pdf_shaper shaper;
    nc_pdf_line *lines;
    size_t n_lines, cap_lines;
    unsigned long *missing;          /* code points drawn as stand-ins, first seen first */
    size_t n_missing, cap_missing;
    int blocks;
    size_t placed;                   /* lines[0 .. placed) have their page and y */
    int page, top;                   /* where pagination stands */
    double y;
    int n_pages;                     /* set by the final nc_pdf_paginate */
    nc_status status;                /* first failure; sticky */
    char why[256];
} nc_pdf_layout;

/* Opens libunibreak the first time (thread-safe; later calls only check)
 * and fills its tables. NC_OK, or NC_ERR_WRITER with "pdf writer: cannot
 * load <soname>: <why>" in err. Before any nc_pdf_layout_init. */
nc_status nc_pdf_layout_load(nc_error *err);

/* Sets L up for a document in language lang (BCP 47, may be NULL) whose
 * text (the words a line may hyphenate, in any order; NULL when unknown or
 * too long to be worth it) is the len bytes at text. The hyphenation
 * dictionary, when Debian has one for the language: for the first short
 * document of the process, the patterns that can match in its words
 * (hyphen_cut.h), parsed when a line first needs them; otherwise the whole
 * dictionary, shared by the documents of the process, starting to load on
 * a second thread unless an earlier document loaded it already. */
nc_status nc_pdf_layout_init(nc_pdf_layout *L, nc_pdf_fonts *fonts, float width,
                             const char *lang, const char *text, size_t len);
void nc_pdf_layout_free(nc_pdf_layout *L);

/* Sets a block; returns L->status. */
nc_status nc_pdf_layout_block(nc_pdf_layout *L, const nc_pdf_span *spans, size_t n,
                              const nc_pdf_block_style *bs, int bookmark);
/* Adds an image line of the given size (already fitted to the measure). */
nc_status nc_pdf_layout_image(nc_pdf_layout *L, float w, float h, float space_before);

/* Shares the lines not yet placed out over pages whose text area is
 * height tall, setting each line's page and y, as far as the lines laid
 * out so far allow: a group of lines kept together waits for the block
 * that ends it. final: the document is complete; also sets L->n_pages.
 * Lines on pages before L->page are final and may be drawn and dropped. */
void nc_pdf_paginate(nc_pdf_layout *L, float height, int final);

/* Forgets the first n placed lines (those drawn), their pieces and their
 * text, so that memory holds about a page, not the document. */
void nc_pdf_layout_drop(nc_pdf_layout *L, size_t n);

/* The width of text set in style s at size, shaped as it is drawn. */
float nc_pdf_layout_text_width(nc_pdf_layout *L, nc_pdf_style s, float size, const char *text);
/* Adds a piece of the len bytes at text, all in one face of style s, at x
 * on the line being made, shaped; returns its width. */
float nc_pdf_layout_text_piece(nc_pdf_layout *L, nc_pdf_style s, int face, float size, float gray,
                               const char *text, size_t len, float x);

#endif
