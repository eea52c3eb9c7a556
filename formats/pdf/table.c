/* table.c: table cells for the PDF layout (table.h). */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "reserve.h"
#include "utf8.h"

/* The cell's text in runs of one face each; a character no face has is
 * drawn as the style's stand-in. */
static void runs(nc_pdf_layout *L, const nc_pdf_row_style *rs, const char *s, float x)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n && L->status == NC_OK;) {
        size_t k;
        long cp = nc_utf8_decode(s + i, n - i, &k);
        int face = cp < 0 ? -1 : nc_pdf_fonts_pick(L->fonts, rs->style, (unsigned long)cp);
        if (face < 0) {
            const char *standin;
            int f = nc_pdf_fonts_standin(L->fonts, rs->style, &standin);
            x += nc_pdf_layout_text_piece(L, rs->style, f, rs->size, 0, standin, strlen(standin), x);
            i += k;
            continue;
        }
        size_t j = i + k;
        while (j < n) {
            size_t k2;
            long c2 = nc_utf8_decode(s + j, n - j, &k2);
            if (c2 < 0 || nc_pdf_fonts_pick(L->fonts, rs->style, (unsigned long)c2) != face)
                break;
            j += k2;
        }
        x += nc_pdf_layout_text_piece(L, rs->style, face, rs->size, 0, s + i, j - i, x);
        i = j;
    }
}

nc_status nc_pdf_layout_cell(nc_pdf_layout *L, const nc_pdf_cell *cell, int first, int last,
                             const nc_pdf_row_style *rs)
{
    if (L->status != NC_OK)
        return L->status;
    if (nc_reserve(&L->lines, &L->cap_lines, L->n_lines + 1, sizeof *L->lines) != 0) {
        L->status = NC_ERR_NOMEM;
        snprintf(L->why, sizeof L->why, "out of memory");
        return L->status;
    }
    nc_pdf_line line = {.first_piece = L->n_pieces, .x = cell->x,
                        .leading = first ? rs->leading : 0,
                        .space_before = first ? rs->space_before : 0,
                        .keep = last ? rs->keep : 1, .block = L->blocks++};
    float x = cell->align == NC_ALIGN_RIGHT
                  ? cell->width - nc_pdf_layout_text_width(L, rs->style, rs->size, cell->text)
                  : 0;
    runs(L, rs, cell->text, x);
    line.n_pieces = L->n_pieces - line.first_piece;
    if (L->status == NC_OK)
        L->lines[L->n_lines++] = line;
    return L->status;
}
