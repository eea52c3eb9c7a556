/* haru.h: libharu, opened the first time a PDF is written (src/base/dynlib.h
 * says why) and reached through one table by pdf.c, fonts.c and
 * layout.c. Every libharu function they call, public or from the
 * internal headers hpdf.h installs, is listed here and nowhere else, and
 * is called by its own name through the table: hp->HPDF_AddPage(pdf), with
 * hp = nc_hpdf(). Private to the PDF writer. */
#ifndef NC_PDF_HPDF_H
#define NC_PDF_HPDF_H

#include <hpdf.h>

#include "newsconv.h"

#define NC_HPDF_FUNCTIONS(X)                                                                   \
    X(HPDF_AddPage) X(HPDF_CallbackWriter_New) X(HPDF_CreateOutline) X(HPDF_Destination_SetXYZ)                         \
    X(HPDF_Free) X(HPDF_GetEncoder)                                     \
    X(HPDF_Image_GetHeight) X(HPDF_Image_GetWidth) X(HPDF_LinkAnnot_SetBorderStyle)          \
    X(HPDF_LoadJpegImageFromMem) X(HPDF_LoadPngImageFromMem)                                  \
    X(HPDF_MemStream_FreeData) X(HPDF_MemStream_GetBufCount) X(HPDF_MemStream_GetBufPtr)     \
    X(HPDF_NewEx) X(HPDF_Outline_SetDestination) X(HPDF_Outline_SetOpened)                   \
    X(HPDF_Page_BeginText) X(HPDF_Page_CreateDestination) X(HPDF_Page_CreateURILinkAnnot)    \
    X(HPDF_Page_DrawImage) X(HPDF_Page_EndText) X(HPDF_Page_GetInheritableItem)              \
    X(HPDF_Page_LineTo) X(HPDF_Page_MoveTo)                                                   \
    X(HPDF_Page_New_Content_Stream) X(HPDF_Page_SetGrayStroke) X(HPDF_Page_SetHeight)        \
    X(HPDF_Page_SetLineWidth) X(HPDF_Page_SetWidth)                                           \
    X(HPDF_Page_Stroke) X(HPDF_SaveToStream)                           \
    X(HPDF_SetCompressionMode) X(HPDF_SetCurrentEncoder) X(HPDF_SetInfoAttr)                 \
    X(HPDF_SetInfoDateAttr) X(HPDF_SetPagesConfiguration) X(HPDF_Stream_Write)               \
    X(HPDF_Stream_WriteStr) X(HPDF_UseUTFEncodings)                                           \
    /* tag.c and fonts.c: the object API, for what libharu does not write */                 \
    X(HPDF_Array_Add) X(HPDF_Array_AddNumber) X(HPDF_Array_New) X(HPDF_Binary_New)           \
    X(HPDF_DictStream_New) X(HPDF_Dict_Add) X(HPDF_Dict_AddBoolean) X(HPDF_Dict_AddName)     \
    X(HPDF_Dict_AddNumber) X(HPDF_Dict_AddReal) X(HPDF_Dict_GetItem) X(HPDF_Dict_New)        \
    X(HPDF_String_New) X(HPDF_Xref_Add)

/* Typed with libharu's own prototypes: a mismatch does not compile. */
typedef struct nc_hpdf_api {
#define NC_HPDF_POINTER(f) __typeof__(f) *f;
    NC_HPDF_FUNCTIONS(NC_HPDF_POINTER)
#undef NC_HPDF_POINTER
} nc_hpdf_api;

/* Opens libharu the first time (thread-safe; later calls only check).
 * NC_OK, or NC_ERR_WRITER with "pdf writer: cannot load <soname>: <why>"
 * in err. */
nc_status nc_hpdf_load(nc_error *err);

/* The table: complete once nc_hpdf_load has returned NC_OK in this
 * process, which the PDF writer makes sure of before anything else. */
const nc_hpdf_api *nc_hpdf(void);

/* Deflates a complete page's contents now at level (0-9), so that memory
 * does not hold every page uncompressed until saving: what libharu wrote
 * into its content stream, then the n bytes at more (the writer's own
 * operators since). 0, or -1 when out of memory (a page not as expected
 * gets more written into its stream, and is left for libharu to deflate). */
int nc_hpdf_deflate_page(HPDF_Page page, const char *more, size_t n, int level);
/* Makes a page deflated by nc_hpdf_deflate_page take more content (in a
 * content stream of its own). 0, or -1 when libharu fails. */
int nc_hpdf_reopen_page(HPDF_Page page);

/* Writes len bytes of operators into the page's content stream, between
 * libharu's own: the text, drawn as glyph codes of fonts libharu does not
 * know (fonts.h), and the marked content (tag.c), gathered by the writer
 * until libharu draws or the page is complete. 0, or -1 on failure. */
int nc_hpdf_page_write(HPDF_Page page, const char *data, size_t len);
/* Names font (a font dictionary in the document's xref) name among the
 * page's font resources, once. 0, or -1 on failure. */
int nc_hpdf_page_use_font(HPDF_Page page, const char *name, HPDF_Dict font);

#endif
