/* table.c: table cells for the PDF layout (table.h). */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "reserve.h"
#include "utf8.h"

/* The len bytes at s in runs of one face each; a character no face has
 * is drawn as the style's stand-in. */
static void runs(nc_pdf_layout *L, const nc_pdf_row_style *rs, const char *s, size_t n, float x)
{
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

/* The width of the len bytes at s (a copy the caller may write to: the
 * byte after them is set to NUL for the measuring, then put back). */
static float width_of(nc_pdf_layout *L, const nc_pdf_row_style *rs, char *s, size_t len)
{
    char keep = s[len];
    s[len] = '\0';
    float w = nc_pdf_layout_text_width(L, rs->style, rs->size, s);
    s[len] = keep;
    return w;
}

/* The bytes of s (n of them, no leading space) that go on one line of the
 * given width: as many words as fit, at least one; *w is their width. */
static size_t fit(nc_pdf_layout *L, const nc_pdf_row_style *rs, char *s, size_t n, float width,
                  float *w)
{
    size_t best = 0;
    *w = 0;
    for (size_t e = 0; e <= n; e++) {
        if (e < n && s[e] != ' ')
            continue;
        if (e == 0 || s[e - 1] == ' ')
            continue;
        /* A hundredth of a point: the columns were sized from the same
         * widths, measured word by word at size 1. */
        float we = width_of(L, rs, s, e);
        if (best && we > width + 0.01f)
            break;
        best = e;
        *w = we;
    }
    return best;
}

/* Adds one line of a cell: the len bytes at s, we wide. */
static void add_line(nc_pdf_layout *L, const nc_pdf_cell *cell, const nc_pdf_line *proto,
                     const nc_pdf_row_style *rs, const char *s, size_t len, float we)
{
    if (nc_reserve(&L->lines, &L->cap_lines, L->n_lines + 1, sizeof *L->lines) != 0) {
        L->status = NC_ERR_NOMEM;
        snprintf(L->why, sizeof L->why, "out of memory");
        return;
    }
    nc_pdf_line line = *proto;
    line.first_piece = L->n_pieces;
    runs(L, rs, s, len, cell->align == NC_ALIGN_RIGHT ? cell->width - we : 0);
    line.n_pieces = L->n_pieces - line.first_piece;
    if (L->status == NC_OK)
        L->lines[L->n_lines++] = line;
}

nc_status nc_pdf_layout_cell(nc_pdf_layout *L, nc_pdf_row *row, const nc_pdf_cell *cell,
                             const nc_pdf_row_style *rs)
{
    if (L->status != NC_OK)
        return L->status;
    size_t n = strlen(cell->text);
    char *s = malloc(n + 1);
    if (!s) {
        L->status = NC_ERR_NOMEM;
        snprintf(L->why, sizeof L->why, "out of memory");
        return L->status;
    }
    memcpy(s, cell->text, n + 1);
    nc_pdf_line line = {.x = cell->x, .keep = 1, .block = L->blocks++};
    if (row->cells == 0) {
        line.leading = rs->leading;
        line.space_before = rs->space_before;
    } else {
        line.leading = -(float)(row->prev_lines - 1) * rs->leading;
    }
    int lines = 0;
    size_t i = strspn(s, " ");
    do {
        float we;
        size_t len = fit(L, rs, s + i, n - i, cell->width, &we);
        add_line(L, cell, &line, rs, s + i, len, we);
        lines++;
        line.leading = rs->leading;
        line.space_before = 0;
        i += len;
        i += strspn(s + i, " ");
    } while (i < n && L->status == NC_OK);
    free(s);
    row->cells++;
    row->prev_lines = lines;
    if (lines > row->most_lines)
        row->most_lines = lines;
    return L->status;
}

void nc_pdf_layout_row_end(nc_pdf_layout *L, const nc_pdf_row *row, const nc_pdf_row_style *rs)
{
    if (L->status != NC_OK || !row->cells || !L->n_lines)
        return;
    nc_pdf_line *last = &L->lines[L->n_lines - 1];
    last->after = (float)(row->most_lines - row->prev_lines) * rs->leading;
    last->keep = rs->keep;
}
