/* table.c: column-aligned text. Wire copy sets statistics and earnings in
 * columns padded with spaces; reflowed into a paragraph they read as a
 * string of numbers ("Wheat 22.1 18.4 Corn 31.5"). A field is a run of text
 * whose words are one space apart; two or more spaces (or a tab) separate
 * fields; a line of two or more fields is a row, unless it is prose typed
 * with two spaces between sentences. A cell wrapped over two lines leaves
 * a line of one field under it: such a line continues the cell above it.
 * A run of rows and such lines, two rows or more of it stacking into two
 * or more columns, is a table. */
#include <stdlib.h>
#include <string.h>

#include "bytes8.h"
#include "reader.h"

#define MAX_FIELDS 32

typedef struct field {
    int a, b;        /* display columns [a, b) */
    size_t from, to; /* bytes [from, to) of the line */
} field;

/* The fields of a line, at most MAX_FIELDS (the rest join the last). */
static int fields(const char *s, size_t n, field *f)
{
    int nf = 0, col = 0, gap = 2;
    for (size_t i = 0; i < n;) {
        size_t k;
        unsigned long cp = nc_cp_at(s, n, i, &k);
        if (cp == ' ' || cp == '\t') {
            col = cp == '\t' ? (col / 8 + 1) * 8 : col + 1;
            gap += cp == '\t' ? 2 : 1;
        } else {
            if (gap >= 2 && nf < MAX_FIELDS)
                f[nf++] = (field){.a = col, .from = i};
            f[nf - 1].b = col + 1;
            f[nf - 1].to = i + k;
            gap = 0;
            col++;
        }
        i += k;
    }
    return nf;
}

/* Does the text before byte `end` of s end a sentence: ". ! ?", perhaps
 * with a closing quote or parenthesis after it? */
static int sentence_end(const char *s, size_t end)
{
    size_t i = end;
    if (i >= 3 && (memcmp(s + i - 3, "\xE2\x80\x9D", 3) == 0 || /* ” */
                   memcmp(s + i - 3, "\xE2\x80\x99", 3) == 0))  /* ’ */
        i -= 3;
    else if (i >= 2 && memcmp(s + i - 2, "\xC2\xBB", 2) == 0) /* » */
        i -= 2;
    else if (i >= 1 && (s[i - 1] == '"' || s[i - 1] == '\'' || s[i - 1] == ')'))
        i--;
    return i >= 1 && (s[i - 1] == '.' || s[i - 1] == '!' || s[i - 1] == '?');
}

/* The fields of line l as a table sees them, or 0 for a line of prose
 * typed with two spaces between its sentences ("... to deliver.  If"): a
 * line whose every gap is two spaces after a sentence's end and before a
 * capital or an opening quote is no row, whatever columns it lines up in. */
static int row_fields(const nc_line *l, field *f)
{
    int nf = fields(l->text, l->len, f);
    const char *s = l->text;
    for (int i = 1; i < nf; i++) {
        size_t k;
        unsigned long next = nc_cp_at(s, l->len, f[i].from, &k);
        if (f[i].from - f[i - 1].to != 2 || s[f[i - 1].to] != ' ' || s[f[i - 1].to + 1] != ' ' ||
            !sentence_end(s, f[i - 1].to) ||
            !(nc_cp_is_upper(next) || next == '"' || next == '\'' || next == 0x201C ||
              next == 0x2018 || next == 0x201E || next == 0xAB))
            return nf;
    }
    return nf >= 2 ? 0 : nf;
}

/* Stacks a row's nf fields onto the nc columns in cols[] (in no order):
 * each field merges every column it overlaps into one. Returns the new
 * number of columns, or 0 when there would be more than MAX_FIELDS. */
static int stack(field *cols, int nc, const field *f, int nf)
{
    for (int i = 0; i < nf; i++) {
        int lo = f[i].a, hi = f[i].b, j = 0;
        while (j < nc) {
            if (cols[j].a < hi && lo < cols[j].b) {
                lo = lo < cols[j].a ? lo : cols[j].a;
                hi = hi > cols[j].b ? hi : cols[j].b;
                cols[j] = cols[--nc];
            } else {
                j++;
            }
        }
        if (nc == MAX_FIELDS)
            return 0;
        cols[nc++] = (field){.a = lo, .b = hi};
    }
    return nc;
}

/* The columns of the rows among lines [a, b) (lines of two fields or more;
 * a wrapped cell's next line has no say): the unions of the fields that
 * overlap, left to right, in cols[]. Returns their number (at most
 * MAX_FIELDS; 0 when there are more). */
static int columns(const nc_line *lines, size_t a, size_t b, field *cols)
{
    int nc = 0;
    field f[MAX_FIELDS];
    for (size_t l = a; l < b; l++) {
        int nf = row_fields(&lines[l], f);
        if (nf >= 2 && (nc = stack(cols, nc, f, nf)) == 0)
            return 0;
    }
    for (int i = 1; i < nc; i++) /* insertion sort: a handful of columns */
        for (int j = i; j > 0 && cols[j].a < cols[j - 1].a; j--) {
            field t = cols[j];
            cols[j] = cols[j - 1];
            cols[j - 1] = t;
        }
    return nc;
}

/* Two spaces or a tab after the text began: the cheap test that every
 * line of a text meets, before any is split into fields. */
static int gapped(const nc_line *l)
{
    const char *s = l->text, *e = s + l->len;
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    /* eight bytes at a time: a space over a space, or a tab */
    const char *p = s;
    for (; p + 9 <= e; p += 8) {
        uint64_t w = nc_load8(p);
        uint64_t pair = (w ^ (NC_ONES8 * ' ')) | (nc_load8(p + 1) ^ (NC_ONES8 * ' '));
        if (nc_has_less8(pair, 1) || nc_has_less8(w, '\t' + 1))
            break;
    }
    for (; p < e; p++)
        if ((*p == '\t' && p + 1 < e) || (*p == ' ' && p + 2 < e && p[1] == ' '))
            return 1;
    return 0;
}

/* Does line l, whose one field is f, continue a cell of the row above
 * it, whose fields are above[0, na)? It must lie under exactly one of
 * them, no further left than the first, and be no sign-off or credit:
 * "Reuter" under a table set flush left ends the story, not the last cell.
 * The row above alone decides, so that where a run of rows ends does not
 * depend on where it began (nc_table_run's memo rests on that). */
static int continues(const nc_line *l, const field *f, const field *above, int na)
{
    int under = 0;
    for (int c = 0; c < na; c++)
        under += above[c].a < f->b && f->a < above[c].b;
    const char *s = l->text + f->from;
    size_t n = f->to - f->from;
    return under == 1 && f->a >= above[0].a && !nc_credit_line(s, n) && !nc_signoff(s, n);
}

/* The first line k of the run [i, j) from which the rows of [k, j) are two
 * or more whose fields stack into two or more columns, or j. Stacking is
 * done from the end, each start's columns those of the one after it with
 * its row added, so that every start is judged in one pass. */
static size_t first_start(const nc_line *lines, size_t i, size_t j)
{
    field f[MAX_FIELDS], cols[MAX_FIELDS];
    int nc = 0;
    size_t rows = 0, first = j;
    for (size_t k = j; k-- > i;) {
        int nf = row_fields(&lines[k], f);
        if (nf < 2)
            continue;
        if ((nc = stack(cols, nc, f, nf)) == 0)
            break; /* more columns than a table has, from here back */
        if (++rows >= 2 && nc >= 2)
            first = k;
    }
    return first;
}

size_t nc_table_run(const nc_line *lines, size_t i, size_t end, nc_table_memo *memo)
{
    /* A run that could not start a table at its first line may at a later
     * row; the caller asks line by line, and the memo answers each of them
     * without scanning the run again (which made rows that collapse into one
     * column quadratic: 20,000 such lines took 45 s). */
    if (memo && i > memo->from && i < memo->end && i <= memo->first)
        return i == memo->first ? memo->end : i;
    field f[MAX_FIELDS], above[MAX_FIELDS];
    if (end - i < 2 || !gapped(&lines[i]))
        return i;
    int na = row_fields(&lines[i], above);
    if (na < 2)
        return i;
    /* rows, and after a row the next lines of its wrapped cells */
    size_t j = i + 1;
    for (; j < end; j++) {
        int nf = row_fields(&lines[j], f);
        if (nf >= 2) {
            memcpy(above, f, (size_t)nf * sizeof *f);
            na = nf;
        } else if (nf != 1 || !continues(&lines[j], f, above, na)) {
            break;
        }
    }
    size_t first = first_start(lines, i, j);
    if (memo)
        *memo = (nc_table_memo){.from = i, .end = j, .first = first};
    return first == i ? j : i;
}

static int numeric(const char *s, size_t n)
{
    size_t k;
    unsigned long cp = nc_cp_at(s, n, 0, &k);
    if (cp == '(' || cp == '-' || cp == '+' || cp == '$')
        cp = nc_cp_at(s, n, k, &k);
    return nc_cp_is_digit(cp);
}

/* One line's fields, placed in columns: cell[c] is the field in column c
 * (fields of one line in one column run together), or from == to. */
static void place(const nc_line *l, const field *cols, int nc, field *cell)
{
    field f[MAX_FIELDS];
    int nf = fields(l->text, l->len, f);
    for (int c = 0; c < nc; c++)
        cell[c] = (field){0};
    for (int i = 0, c = 0; i < nf; i++) {
        while (c + 1 < nc && f[i].a >= cols[c].b)
            c++;
        if (cell[c].to == 0)
            cell[c] = f[i];
        else
            cell[c].to = f[i].to, cell[c].b = f[i].b;
    }
}

/* How many rows at the top hold column titles: those whose first cell is
 * empty while every row below has one ("            1987    1986" over
 * "Wheat       22.1    18.4"), else the first row when it has no number
 * and a later row has. Rows are the lines row[0, rows) (a wrapped cell's
 * next lines have no say). */
static size_t header_rows(field (*cell)[MAX_FIELDS], const nc_line *ls, const size_t *row,
                          size_t rows, int nc)
{
    size_t h = 0;
    while (h < rows && cell[row[h]][0].to == 0)
        h++;
    int below_full = h > 0 && h + 2 <= rows;
    for (size_t r = h; r < rows && below_full; r++)
        below_full = cell[row[r]][0].to != 0;
    if (below_full)
        return h;
    int numbers_first = 0, numbers_after = 0;
    for (size_t r = 0; r < rows; r++)
        for (int c = 0; c < nc; c++) {
            const field *f = &cell[row[r]][c];
            if (f->to > f->from && numeric(ls[row[r]].text + f->from, f->to - f->from))
                *(r ? &numbers_after : &numbers_first) = 1;
        }
    return rows > 2 && !numbers_first && numbers_after;
}

/* A column is right-aligned when its cells' right edges line up more
 * than their left edges do (numbers padded on the left). */
static nc_align column_align(field (*cell)[MAX_FIELDS], const size_t *row, size_t from,
                             size_t rows, int c)
{
    int same_a = 0, same_b = 0, prev_a = -1, prev_b = -1;
    for (size_t r = from; r < rows; r++) {
        const field *f = &cell[row[r]][c];
        if (f->to == 0)
            continue;
        same_a += f->a == prev_a;
        same_b += f->b == prev_b;
        prev_a = f->a;
        prev_b = f->b;
    }
    return same_b > same_a ? NC_ALIGN_RIGHT : NC_ALIGN_LEFT;
}

/* The text of column c of the row of lines [g, h) (a row and the next
 * lines of its wrapped cells) into *text, pieces a space apart; its
 * lines into *first and *last (the row's line when it is empty). */
static void cell_text(const nc_line *ls, field (*cell)[MAX_FIELDS], size_t g, size_t h, int c,
                      nc_buf *text, unsigned long *first, unsigned long *last)
{
    nc_buf_clear(text);
    *first = *last = ls[g].number;
    int any = 0;
    for (size_t l = g; l < h; l++) {
        const field *f = &cell[l][c];
        if (f->to == 0)
            continue;
        if (any)
            nc_buf_putc(text, ' ');
        else
            *first = ls[l].number;
        *last = ls[l].number;
        any = 1;
        /* a tab inside a field is a space, as in paragraphs */
        for (size_t i = f->from; i < f->to; i++)
            nc_buf_putc(text, ls[l].text[i] == '\t' ? ' ' : ls[l].text[i]);
    }
}

/* The row of lines [g, h): the row's line and the next lines of its
 * wrapped cells. */
static int add_row(nc_document *doc, nc_node *t, const nc_line *ls, field (*cell)[MAX_FIELDS],
                   size_t g, size_t h, int nc, const nc_align *align, int header, int smart,
                   const char *lang, nc_buf *scratch)
{
    nc_node *row = nc_node_new(&doc->arena, NC_NODE_ROW);
    if (!row || nc_node_append(t, row) < 0)
        return -1;
    row->line_first = ls[g].number;
    row->line_last = ls[h - 1].number;
    row->header = header;
    nc_buf text = NC_BUF_INIT;
    int rc = 0;
    for (int c = 0; c < nc && rc == 0; c++) {
        nc_node *cn = nc_node_new(&doc->arena, NC_NODE_CELL);
        if (!cn || nc_node_append(row, cn) < 0) {
            rc = -1;
            break;
        }
        cell_text(ls, cell, g, h, c, &text, &cn->line_first, &cn->line_last);
        cn->align = align[c];
        const char *s = nc_buf_cstr(&text);
        if (!s || (text.len && nc_inline(doc, cn, s, text.len, smart, lang, scratch) < 0))
            rc = -1;
    }
    nc_buf_free(&text);
    return rc;
}

int nc_table(nc_document *doc, nc_node *t, const nc_unit *x, int smart, const char *lang,
             nc_buf *scratch)
{
    /* the unit's text holds the table's lines as written, LF-separated */
    size_t lines = 1;
    for (size_t i = 0; i < x->len; i++)
        lines += x->text[i] == '\n';
    nc_line *ls = calloc(lines, sizeof *ls); /* zeroed: GCC cannot tell lines >= 1 */
    field (*cell)[MAX_FIELDS] = malloc(lines * sizeof *cell);
    /* the rows' lines; a line of one field continues the row above it */
    size_t *row = malloc((lines + 1) * sizeof *row), rows = 0;
    if (!ls || !cell || !row) {
        free(ls);
        free(cell);
        free(row);
        return -1;
    }
    int rc = 0;
    field f[MAX_FIELDS];
    for (size_t r = 0, at = 0; r < lines; r++) {
        const char *nl = memchr(x->text + at, '\n', x->len - at);
        size_t end = nl ? (size_t)(nl - x->text) : x->len;
        ls[r] = (nc_line){.text = x->text + at, .len = end - at, .number = x->first + r};
        at = end + 1;
        if (r == 0 || row_fields(&ls[r], f) >= 2)
            row[rows++] = r;
    }
    row[rows] = lines;
    field cols[MAX_FIELDS];
    int nc = columns(ls, 0, lines, cols);
    if (nc == 0)
        rc = -1; /* nc_table_run made sure of two columns or more */
    for (size_t r = 0; rc == 0 && r < lines; r++)
        place(&ls[r], cols, nc, cell[r]);
    size_t header = rc == 0 ? header_rows(cell, ls, row, rows, nc) : 0;
    nc_align align[MAX_FIELDS];
    for (int c = 0; rc == 0 && c < nc; c++)
        align[c] = column_align(cell, row, header, rows, c);
    for (size_t r = 0; rc == 0 && r < rows; r++)
        rc = add_row(doc, t, ls, cell, row[r], row[r + 1], nc, align, r < header, smart, lang,
                     scratch);
    free(ls);
    free(cell);
    free(row);
    return rc;
}
