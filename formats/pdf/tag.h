/* tag.h: tagged PDF (PDF/UA-1) and PDF/A-2a. The structure tree is built
 * as pdf.c lays the document out; draw.c calls the marked-content hooks
 * around everything it draws (BDC/EMC tying it to the tree, or marking it
 * an artifact); before libharu saves, the catalog entries, XMP metadata,
 * output intent and trailer /ID those standards ask for are added. All of
 * it is tag.c, which says why it is built by hand. Private to the PDF
 * writer.
 *
 * For a plain PDF (-W pdf-standard=none) w->tags is NULL and every
 * function does nothing and returns 0. Functions returning int give 0, or
 * -1 on failure (the cause: nc_pdf_tag_failed). */
#ifndef NC_PDF_TAG_H
#define NC_PDF_TAG_H

#include <hpdf.h>

#include "state.h"
#include "sha256.h"

/* Bits of the standards a document claims. */
enum { NC_PDF_UA1 = 1, NC_PDF_A2A = 2 };

/* Sets w->tags up for w->pdf, claiming standards (none: w->tags stays
 * NULL), in language lang (BCP 47). 0, or -1 when out of memory. */
int nc_pdf_tag_new(nc_pdfw *w, int standards, const char *lang);
void nc_pdf_tag_free(nc_pdfw *w);
/* The first failure ("out of memory", or what libharu failed at), or NULL. */
const char *nc_pdf_tag_failed(const nc_pdfw *w);

/* --- Structure, in reading order, as pdf.c lays blocks out: a "leaf" is
 * the element of the block laid out next (the layout's next serial
 * number, w->L.blocks), whose lines become its content. */

/* Opens a grouping element (BlockQuote, L, LI, Figure) under the open one. */
void nc_pdf_tag_open(nc_pdfw *w, const char *role);
void nc_pdf_tag_close(nc_pdfw *w);
/* The next block is an element of role under the open one; role NULL:
 * the next block is content of the open element itself. */
void nc_pdf_tag_leaf(nc_pdfw *w, const char *role);
/* The next block continues the previous block's element: a paragraph
 * too long to lay out at once, set in parts (pdf.c). */
void nc_pdf_tag_continued(nc_pdfw *w);
/* The next block is a subhead: H2..H6, never skipping a level down. */
void nc_pdf_tag_heading(nc_pdfw *w, int level);
/* Under an open LI: its Lbl and LBody, which stays open for what else the
 * item holds (close it, then the LI). text: the next block is the item's
 * text, its marker going to Lbl and its text to a P in LBody. */
void nc_pdf_tag_item(nc_pdfw *w, int text);
/* The next block is a table's header cell (TH) heading its column, or
 * with row set, its row. */
void nc_pdf_tag_header_cell(nc_pdfw *w, int row);
/* The next block is decoration (a section break's asterisks): an artifact. */
void nc_pdf_tag_artifact(nc_pdfw *w);
/* /Alt of the open element (a Figure); text is copied. */
void nc_pdf_tag_alt(nc_pdfw *w, const char *text);

/* --- Marked content, called by draw.c only. */

typedef enum nc_pdf_content {
    NC_PDF_CONTENT_TEXT,     /* a line's text; block: its block's serial number */
    NC_PDF_CONTENT_IMAGE,    /* the photo; block: its line's block */
    NC_PDF_CONTENT_ARTIFACT  /* rules, page footers: no content of the document */
} nc_pdf_content;

/* A page begins (before anything is drawn on it) or is complete; pg is
 * 0-based. */
int nc_pdf_tag_page(nc_pdfw *w, HPDF_Page page, int pg, int begin);

/* Marked content around what is drawn. Text: begin at each line (inside
 * BT..ET), nc_pdf_tag_piece before each of its pieces, and end once,
 * before ET: the marked content of a block runs on over its lines, and
 * list markers and links get their own. Images and artifacts: begin and
 * end around each, outside a text object (an artifact's block is -1). */
int nc_pdf_tag_begin(nc_pdfw *w, HPDF_Page page, nc_pdf_content kind, int block);
int nc_pdf_tag_piece(nc_pdfw *w, HPDF_Page page, const nc_pdf_piece *pc);
int nc_pdf_tag_end(nc_pdfw *w, HPDF_Page page, nc_pdf_content kind);
/* The link annotation just made for a link piece, the pieces of the page
 * taken in the order they were drawn: joins it to their Link element. */
int nc_pdf_tag_link(nc_pdfw *w, HPDF_Page page, HPDF_Annotation annot, const char *url);

/* --- After drawing and the document information, before saving: the
 * structure and parent trees, the catalog's MarkInfo, Lang,
 * ViewerPreferences, Metadata (XMP made from the information dictionary,
 * so the two agree) and OutputIntents; PDF 1.7; a trailer /ID hashed from
 * the file's bytes as libharu saves them. */
int nc_pdf_tag_finish(nc_pdfw *w);

/* The save goes straight to the sink through a callback stream, not into
 * a memory stream copied out after: that held the whole file at the
 * moment every page and object is held too (1.6 MB of a 1 MB article's
 * peak). The stream keeps what the trailer's /ID is hashed from: the
 * CRC-32 and length of each block of HPDF_STREAM_BUF_SIZ bytes, the
 * blocks the memory stream had. */
typedef struct nc_pdf_save {
    nc_sink *sink;
    nc_status rc;        /* the sink's first failure */
    nc_sha256 blocks;    /* over the full blocks so far */
    unsigned long crc;   /* of the block being filled */
    unsigned fill;       /* its bytes */
} nc_pdf_save;

/* Makes pdf save into sink through s (which must outlive the save):
 * HPDF_SaveToStream writes into the document's stream when it has one.
 * 0, or -1 when out of memory. */
int nc_pdf_save_to(HPDF_Doc pdf, nc_pdf_save *s, nc_sink *sink);

#endif
