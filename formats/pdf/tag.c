/* tag.c: tagged PDF/UA-1 and PDF/A-2a on libharu; see tag.h.
 *
 * libharu 2.3 writes neither marked content nor a structure tree, and no
 * release has added them since (2.4.6, the newest, still lists BDC as "not
 * implemented yet" in hpdf.h); 2.4.0 brought HPDF_ICC_LoadIccFromMem,
 * HPDF_PDFA_AppendOutputIntents and PDF/A XMP, which would replace the
 * output intent here but not the rest, its XMP claiming no PDF/UA. So all
 * of it is built here, on the object API libharu exports (HPDF_Dict_*,
 * HPDF_Array_*, HPDF_Xref_Add, streams) and on the page content stream,
 * written to between libharu's own operators; nothing else in the writer
 * knows PDF objects of this kind. Once a libharu release has marked content
 * and structure elements, this file can shrink to calls of its API.
 *
 * The tree is kept in our own arrays while the document is laid out and
 * drawn, and becomes PDF objects only at the end, when every element's
 * content is known: an element whose blocks drew nothing is left out. A
 * block's content goes into a "slot", an unnamed element spliced into its
 * element's /K where the block was laid out: pages are drawn later than
 * the layout makes elements, and the slot keeps the reading order. */
#include "tag.h"

#include <hpdf_conf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "buf.h"
#include "error.h"
#include "escape.h"
#include "haru.h"
#include "reserve.h"
#include "sha256.h"
#include "utf8.h"

#define TEXT_MAX 2000 /* bytes of an /Alt or /Contents string, as the info strings */

enum { KID_MC, KID_ELEM, KID_OBJR };

typedef struct kid {
    int type, next;
    int a, b; /* MC: page, MCID; ELEM: element; OBJR: annotation */
} kid;

typedef struct elem {
    const char *role; /* NULL: a block's slot */
    int parent, first, last;
    char *alt;
    char scope;       /* a TH's: 'C'olumn or 'R'ow */
    int content;      /* something drawn below it (set by finish) */
    HPDF_Dict dict;   /* from finish on, when it has content */
    struct nc_pdf_tags *tags; /* for the write hook */
} elem;

/* Besides element indexes; -1 is a failure. */
enum { NONE = -4, ARTIFACT = -3, UNBOUND = -2 };

typedef struct block_tag {
    int slot;         /* an element, ARTIFACT or UNBOUND */
    int label;        /* Lbl for the marker, or -1 */
} block_tag;

typedef struct page_tag {
    HPDF_Page page;
    int key;          /* its /StructParents */
    size_t first_mc;  /* into mc_owner */
    int tabs;         /* /Tabs set */
} page_tag;

typedef struct annot_tag {
    HPDF_Annotation annot;
    int elem, key;
} annot_tag;

struct nc_pdf_tags {
    HPDF_Doc pdf;
    int standards;
    char lang[64];
    elem *elems;
    size_t n_elems, cap_elems;
    kid *kids;
    size_t n_kids, cap_kids;
    block_tag *blocks;
    size_t n_blocks, cap_blocks;
    int *stack;       /* open elements; stack[0] is Document */
    size_t depth, cap_stack;
    page_tag *pages;
    size_t n_pages, cap_pages;
    int *mc_owner;    /* the element of every MCID, page after page */
    size_t n_mc, cap_mc;
    annot_tag *annots;
    size_t n_annots, cap_annots;
    int *links;       /* the Link of each link piece drawn on this page, in order */
    size_t n_links, cap_links, next_link;
    int next_key;     /* parent tree keys: pages and annotations as made */
    int last_heading; /* 1 for the headline */
    /* Drawing: */
    int block;        /* of the line being drawn */
    int open;         /* element whose marked content is open, ARTIFACT, or NONE */
    int link, link_block;
    size_t link_url;
    HPDF_Dict root;   /* the StructTreeRoot, from finish on */
    nc_buf *content;  /* the page's contents being gathered (state.h) */
    const char *failed;
};

/* Names that are not standard structure types, and the standard type
 * each stands for (the role map). */
static const struct {
    const char *role, *standard;
} role_map[] = {{"Byline", "P"}, {"Credit", "P"}, {"Subtitle", "P"}};

static const char *standard_role(const char *role)
{
    for (size_t i = 0; i < sizeof role_map / sizeof *role_map; i++)
        if (strcmp(role_map[i].role, role) == 0)
            return role_map[i].standard;
    return role;
}

static int fail(nc_pdf_tags *T, const char *why)
{
    if (!T->failed)
        T->failed = why;
    return -1;
}

/* Makes room for one more of an array's items; -1 when out of memory. */
static int reserve(nc_pdf_tags *T, void *array, size_t *cap, size_t n, size_t size)
{
    return nc_reserve(array, cap, n + 1, size) == 0 ? 0 : fail(T, "out of memory");
}

static int add_kid(nc_pdf_tags *T, int owner, int type, int a, int b)
{
    if (reserve(T, &T->kids, &T->cap_kids, T->n_kids, sizeof *T->kids) != 0)
        return -1;
    int k = (int)T->n_kids++;
    T->kids[k] = (kid){.type = type, .next = -1, .a = a, .b = b};
    elem *e = &T->elems[owner];
    if (e->last >= 0)
        T->kids[e->last].next = k;
    else
        e->first = k;
    e->last = k;
    return 0;
}

/* A new element of role (NULL: a slot) under parent (-1: none); its
 * index, or -1. */
static int new_elem(nc_pdf_tags *T, const char *role, int parent)
{
    if (reserve(T, &T->elems, &T->cap_elems, T->n_elems, sizeof *T->elems) != 0)
        return -1;
    int e = (int)T->n_elems++;
    T->elems[e] = (elem){.role = role, .parent = parent, .first = -1, .last = -1};
    if (parent >= 0 && add_kid(T, parent, KID_ELEM, e, 0) != 0)
        return -1;
    return e;
}

static void tags_free(nc_pdf_tags *T);

int nc_pdf_tag_new(nc_pdfw *w, int standards, const char *lang)
{
    w->tags = NULL;
    if (!standards)
        return 0;
    nc_pdf_tags *T = calloc(1, sizeof *T);
    if (!T)
        return -1;
    T->pdf = w->pdf;
    T->content = &w->content;
    T->standards = standards;
    snprintf(T->lang, sizeof T->lang, "%s", lang && *lang ? lang : "en");
    T->open = NONE;
    T->link = -1;
    T->last_heading = 0;
    int doc = new_elem(T, "Document", -1);
    if (doc < 0 || reserve(T, &T->stack, &T->cap_stack, 0, sizeof *T->stack) != 0) {
        tags_free(T);
        return -1;
    }
    T->stack[T->depth++] = doc;
    w->tags = T;
    return 0;
}

void nc_pdf_tag_free(nc_pdfw *w)
{
    tags_free(w->tags);
    w->tags = NULL;
}

static void tags_free(nc_pdf_tags *T)
{
    if (!T)
        return;
    for (size_t i = 0; i < T->n_elems; i++)
        free(T->elems[i].alt);
    free(T->elems);
    free(T->kids);
    free(T->blocks);
    free(T->stack);
    free(T->pages);
    free(T->mc_owner);
    free(T->annots);
    free(T->links);
    free(T);
}

const char *nc_pdf_tag_failed(const nc_pdfw *w) { return w->tags ? w->tags->failed : NULL; }

/* ------------------------------------------------------------ structure */

static int current(const nc_pdf_tags *T) { return T->stack[T->depth - 1]; }

static int push(nc_pdf_tags *T, int e)
{
    if (e < 0 || reserve(T, &T->stack, &T->cap_stack, T->depth, sizeof *T->stack) != 0)
        return -1;
    T->stack[T->depth++] = e;
    return 0;
}

void nc_pdf_tag_open(nc_pdfw *w, const char *role)
{
    nc_pdf_tags *T = w->tags;
    if (T)
        push(T, new_elem(T, role, current(T)));
}

void nc_pdf_tag_close(nc_pdfw *w)
{
    nc_pdf_tags *T = w->tags;
    if (T && T->depth > 1 && !T->failed)
        T->depth--;
}

static block_tag *block_at(nc_pdf_tags *T, int block)
{
    if (block < 0)
        return NULL;
    while (T->n_blocks <= (size_t)block) {
        if (reserve(T, &T->blocks, &T->cap_blocks, T->n_blocks, sizeof *T->blocks) != 0)
            return NULL;
        T->blocks[T->n_blocks++] = (block_tag){.slot = UNBOUND, .label = -1};
    }
    return &T->blocks[block];
}

/* Binds block to a new slot of element e. */
static void bind(nc_pdf_tags *T, int e, int block, int label)
{
    block_tag *b = e < 0 ? NULL : block_at(T, block);
    if (!b)
        return;
    b->slot = new_elem(T, NULL, e);
    b->label = label;
}

void nc_pdf_tag_leaf(nc_pdfw *w, const char *role)
{
    nc_pdf_tags *T = w->tags;
    if (T)
        bind(T, role ? new_elem(T, role, current(T)) : current(T), w->L.blocks, -1);
}

void nc_pdf_tag_continued(nc_pdfw *w)
{
    nc_pdf_tags *T = w->tags;
    block_tag *prev = T ? block_at(T, w->L.blocks - 1) : NULL;
    if (!prev)
        return;
    int slot = prev->slot; /* block_at below may move the array */
    if (slot >= 0)
        bind(T, T->elems[slot].parent, w->L.blocks, -1);
    else if (slot == ARTIFACT && (prev = block_at(T, w->L.blocks)))
        prev->slot = ARTIFACT;
}

void nc_pdf_tag_heading(nc_pdfw *w, int level)
{
    nc_pdf_tags *T = w->tags;
    if (!T)
        return;
    /* Matterhorn 14-003: no heading level skipped on the way down. */
    if (level > T->last_heading + 1)
        level = T->last_heading + 1;
    if (level < 2)
        level = 2;
    if (level > 6)
        level = 6;
    T->last_heading = level;
    static const char *const names[] = {"H2", "H3", "H4", "H5", "H6"};
    nc_pdf_tag_leaf(w, names[level - 2]);
}

void nc_pdf_tag_header_cell(nc_pdfw *w, int row)
{
    nc_pdf_tags *T = w->tags;
    if (!T)
        return;
    int e = new_elem(T, "TH", current(T));
    if (e >= 0)
        T->elems[e].scope = row ? 'R' : 'C';
    bind(T, e, w->L.blocks, -1);
}

void nc_pdf_tag_item(nc_pdfw *w, int text)
{
    nc_pdf_tags *T = w->tags;
    if (!T)
        return;
    int label = new_elem(T, "Lbl", current(T));
    int body = new_elem(T, "LBody", current(T));
    if (label < 0 || push(T, body) != 0)
        return;
    if (text)
        bind(T, new_elem(T, "P", body), w->L.blocks, label);
}

void nc_pdf_tag_artifact(nc_pdfw *w)
{
    block_tag *b = w->tags ? block_at(w->tags, w->L.blocks) : NULL;
    if (b)
        b->slot = ARTIFACT;
}

void nc_pdf_tag_alt(nc_pdfw *w, const char *text)
{
    nc_pdf_tags *T = w->tags;
    if (!T || !text)
        return;
    elem *e = &T->elems[current(T)];
    free(e->alt);
    if (!(e->alt = strdup(text)))
        fail(T, "out of memory");
}

/* ------------------------------------------------------- marked content */

/* Into the page's contents as draw.c gathers them (state.h). */
static int put(nc_pdf_tags *T, HPDF_Page page, const char *s)
{
    (void)page;
    if (nc_buf_puts(T->content, s) != 0)
        return fail(T, "writing marked content");
    return 0;
}

int nc_pdf_tag_page(nc_pdfw *w, HPDF_Page page, int pg, int begin)
{
    nc_pdf_tags *T = w->tags;
    (void)pg;
    if (!T)
        return 0;
    if (!begin)
        return T->open == NONE ? 0 : fail(T, "marked content left open on a page");
    if (reserve(T, &T->pages, &T->cap_pages, T->n_pages, sizeof *T->pages) != 0)
        return -1;
    int key = T->next_key++;
    T->pages[T->n_pages++] = (page_tag){.page = page, .key = key, .first_mc = T->n_mc};
    T->n_links = T->next_link = 0;
    T->open = NONE;
    if (nc_hpdf()->HPDF_Dict_AddNumber(page, "StructParents", key) != HPDF_OK)
        return fail(T, "marking a page");
    return 0;
}

/* The element a slot's content belongs to: the slot's parent. */
static int owner(const nc_pdf_tags *T, int e)
{
    return T->elems[e].role ? e : T->elems[e].parent;
}

static int begin_mc(nc_pdf_tags *T, int target)
{
    page_tag *pg = &T->pages[T->n_pages - 1];
    if (target == ARTIFACT)
        return put(T, pg->page, "/Artifact BMC\012");
    int mcid = (int)(T->n_mc - pg->first_mc);
    int who = owner(T, target);
    if (reserve(T, &T->mc_owner, &T->cap_mc, T->n_mc, sizeof *T->mc_owner) != 0 ||
        add_kid(T, target, KID_MC, (int)T->n_pages - 1, mcid) != 0)
        return -1;
    T->mc_owner[T->n_mc++] = who;
    char op[96];
    snprintf(op, sizeof op, "/%s <</MCID %d>> BDC\012", standard_role(T->elems[who].role), mcid);
    return put(T, pg->page, op);
}

/* The Link element of a link piece of block: the one open when the piece
 * goes on with the same link, else a new one in the block's slot. */
static int link_for(nc_pdf_tags *T, const block_tag *b, int block, size_t url)
{
    if (T->link >= 0 && T->link_block == block && T->link_url == url)
        return T->link;
    T->link = -1;
    int e = new_elem(T, "Link", b->slot);
    if (e < 0)
        return -1;
    T->link = e;
    T->link_block = block;
    T->link_url = url;
    return e;
}

static int unmark(nc_pdf_tags *T);

/* Before drawing a piece of block's text (marker: the list marker in the
 * indent; url: its link, as the layout's pool offset + 1, or 0) or its
 * image on the current page: ends the marked content open when it belongs
 * to something else and begins the one this belongs to. */
static int mark(nc_pdf_tags *T, int block, int marker, size_t url)
{
    if (T->n_pages == 0)
        return fail(T, "marked content outside a page");
    block_tag *b = block >= 0 && (size_t)block < T->n_blocks ? &T->blocks[block] : NULL;
    int target;
    if (!b || b->slot == UNBOUND || b->slot == ARTIFACT)
        target = ARTIFACT; /* nothing in the tree stands for it */
    else if (marker && b->label >= 0)
        target = b->label;
    else if (url)
        target = link_for(T, b, block, url);
    else
        target = b->slot;
    if (target == -1)
        return -1;
    if (url && target >= 0) {
        if (reserve(T, &T->links, &T->cap_links, T->n_links, sizeof *T->links) != 0)
            return -1;
        T->links[T->n_links++] = target;
    }
    if (!url && !marker)
        T->link = -1;
    if (target == T->open)
        return 0;
    if (unmark(T) != 0)
        return -1;
    T->open = target;
    return begin_mc(T, target);
}

static int unmark(nc_pdf_tags *T)
{
    if (T->open == NONE)
        return 0;
    T->open = NONE;
    return put(T, T->pages[T->n_pages - 1].page, "EMC\012");
}

int nc_pdf_tag_begin(nc_pdfw *w, HPDF_Page page, nc_pdf_content kind, int block)
{
    nc_pdf_tags *T = w->tags;
    if (!T)
        return 0;
    if (kind == NC_PDF_CONTENT_TEXT) {
        T->block = block;
        return 0;
    }
    if (kind == NC_PDF_CONTENT_IMAGE)
        return mark(T, block, 0, 0);
    return put(T, page, "/Artifact BMC\012");
}

int nc_pdf_tag_piece(nc_pdfw *w, HPDF_Page page, const nc_pdf_piece *pc)
{
    (void)page;
    /* The marker sits in the indent, left of the line. */
    return w->tags ? mark(w->tags, w->tags->block, pc->x < 0, pc->url) : 0;
}

int nc_pdf_tag_end(nc_pdfw *w, HPDF_Page page, nc_pdf_content kind)
{
    nc_pdf_tags *T = w->tags;
    if (!T)
        return 0;
    return kind == NC_PDF_CONTENT_ARTIFACT ? put(T, page, "EMC\012") : unmark(T);
}

/* Appends text as UTF-16BE with its byte order mark, as PDF text strings
 * outside PDFDocEncoding are (libharu's own strings stop at U+FFFF). */
static void utf16(nc_buf *b, const char *text)
{
    size_t n = strlen(text);
    if (n > TEXT_MAX)
        n = nc_utf8_prefix_chars(text, TEXT_MAX, TEXT_MAX);
    nc_buf_put(b, "\xFE\xFF", 2);
    for (size_t i = 0; i < n;) {
        size_t k;
        long cp = nc_utf8_decode(text + i, n - i, &k);
        if (cp < 0)
            cp = 0xFFFD;
        if (cp >= 0x10000) {
            unsigned long v = (unsigned long)cp - 0x10000;
            unsigned char u[4] = {(unsigned char)(0xD8 | (v >> 18)), (unsigned char)(v >> 10),
                                  (unsigned char)(0xDC | ((v >> 8) & 3)), (unsigned char)v};
            nc_buf_put(b, u, 4);
        } else {
            unsigned char u[2] = {(unsigned char)(cp >> 8), (unsigned char)cp};
            nc_buf_put(b, u, 2);
        }
        i += k ? k : 1;
    }
}

/* text as a PDF text string object; NULL when libharu failed. */
static HPDF_Binary text_string(nc_pdf_tags *T, const char *text)
{
    nc_buf b = NC_BUF_INIT;
    utf16(&b, text);
    HPDF_Binary s = b.failed ? NULL
                             : nc_hpdf()->HPDF_Binary_New(T->pdf->mmgr, (HPDF_BYTE *)b.data,
                                                          (HPDF_UINT)b.len);
    if (!s)
        fail(T, b.failed ? "out of memory" : "making a text string");
    nc_buf_free(&b);
    return s;
}

int nc_pdf_tag_link(nc_pdfw *w, HPDF_Page page, HPDF_Annotation annot, const char *contents)
{
    nc_pdf_tags *T = w->tags;
    if (!T)
        return 0;
    const nc_hpdf_api *hp = nc_hpdf();
    if (T->next_link >= T->n_links)
        return fail(T, "a link annotation without its link");
    int link = T->links[T->next_link++];
    if (reserve(T, &T->annots, &T->cap_annots, T->n_annots, sizeof *T->annots) != 0 ||
        add_kid(T, link, KID_OBJR, (int)T->n_annots, 0) != 0)
        return -1;
    int key = T->next_key++;
    T->annots[T->n_annots++] = (annot_tag){.annot = annot, .elem = link, .key = key};
    page_tag *pg = &T->pages[T->n_pages - 1];
    HPDF_Binary c = text_string(T, contents);
    /* PDF/A: printed (F 4); PDF/UA: described, in the tree, tab order
     * following the structure. */
    if (!c || hp->HPDF_Dict_Add(annot, "Contents", c) != HPDF_OK ||
        hp->HPDF_Dict_AddNumber(annot, "StructParent", key) != HPDF_OK ||
        hp->HPDF_Dict_AddNumber(annot, "F", 4) != HPDF_OK ||
        (pg->page == page && !pg->tabs && hp->HPDF_Dict_AddName(page, "Tabs", "S") != HPDF_OK))
        return fail(T, "tagging a link");
    pg->tabs = 1;
    return 0;
}

/* ------------------------------------------- the tree as PDF objects */

/* Elements become empty libharu dictionaries, numbered in the cross-
 * reference table as usual, whose keys our write hook writes from the
 * arrays above when libharu saves: a dictionary built of libharu objects
 * costs about 1.5 KB an element (each key and name takes 128 bytes), which
 * the memory test (tests/pdf/check_pdf.py memory) does not allow for an
 * article of thousands of paragraphs. The hook finds the element through
 * the dictionary's attr, which libharu leaves unused in a plain one. */

static void find_content(nc_pdf_tags *T)
{
    /* A child comes after its parent in elems. */
    for (size_t i = T->n_elems; i-- > 0;) {
        elem *e = &T->elems[i];
        for (int k = e->first; k >= 0 && !e->content; k = T->kids[k].next)
            e->content = T->kids[k].type != KID_ELEM;
        if (e->content && e->parent >= 0)
            T->elems[e->parent].content = 1;
    }
}

/* The page of e's first marked content, through its slots; -1: none. */
static int first_page(const nc_pdf_tags *T, int e)
{
    for (int k = T->elems[e].first; k >= 0; k = T->kids[k].next) {
        const kid *c = &T->kids[k];
        if (c->type == KID_MC)
            return c->a;
        if (c->type == KID_ELEM && !T->elems[c->a].role && T->elems[c->a].content) {
            int p = first_page(T, c->a);
            if (p >= 0)
                return p;
        }
    }
    return -1;
}

/* " n 0 R", a reference to an indirect object of libharu's. */
static void ref(nc_buf *b, const void *obj)
{
    const HPDF_Obj_Header *h = obj;
    nc_buf_printf(b, " %u %u R", (unsigned)(h->obj_id & 0x00FFFFFF), (unsigned)h->gen_no);
}

/* e's children in reading order, its slots spliced in: MCIDs on page pg
 * as numbers, others as marked-content references. */
static void write_kids(const nc_pdf_tags *T, int e, int pg, nc_buf *b)
{
    for (int k = T->elems[e].first; k >= 0; k = T->kids[k].next) {
        const kid *c = &T->kids[k];
        if (c->type == KID_MC && c->a == pg) {
            nc_buf_printf(b, " %d", c->b);
        } else if (c->type == KID_MC) {
            nc_buf_puts(b, " <</Type /MCR /Pg");
            ref(b, T->pages[c->a].page);
            nc_buf_printf(b, " /MCID %d>>", c->b);
        } else if (c->type == KID_OBJR) {
            nc_buf_puts(b, " <</Type /OBJR /Obj");
            ref(b, T->annots[c->a].annot);
            nc_buf_puts(b, ">>");
        } else if (!T->elems[c->a].role) {
            write_kids(T, c->a, pg, b);
        } else if (T->elems[c->a].dict) {
            ref(b, T->elems[c->a].dict);
        }
    }
}

static HPDF_STATUS put_buf(nc_pdf_tags *T, HPDF_Stream out, nc_buf *b)
{
    HPDF_STATUS st = HPDF_FAILD_TO_ALLOC_MEM;
    if (b->failed)
        fail(T, "out of memory");
    else
        st = nc_hpdf()->HPDF_Stream_Write(out, (const HPDF_BYTE *)b->data, (HPDF_UINT)b->len);
    nc_buf_clear(b);
    return st;
}

/* A structure element's keys, written by libharu's dictionary hook. */
static HPDF_STATUS write_elem(HPDF_Dict d, HPDF_Stream out)
{
    elem *e = d->attr;
    nc_pdf_tags *T = e->tags;
    int i = (int)(e - T->elems);
    int p = e->parent;
    while (p >= 0 && !T->elems[p].role)
        p = T->elems[p].parent;
    int pg = first_page(T, i);
    nc_buf b = NC_BUF_INIT;
    nc_buf_printf(&b, "/S /%s\012/P", e->role);
    ref(&b, p >= 0 ? (void *)T->elems[p].dict : (void *)T->root);
    if (pg >= 0) {
        nc_buf_puts(&b, "\012/Pg");
        ref(&b, T->pages[pg].page);
    }
    nc_buf_puts(&b, "\012/K [");
    write_kids(T, i, pg, &b);
    nc_buf_puts(&b, " ]\012");
    /* What a header cell heads (Matterhorn 15-003). */
    if (e->scope)
        nc_buf_printf(&b, "/A <</O /Table /Scope /%s>>\012", e->scope == 'R' ? "Row" : "Column");
    if (e->alt) {
        nc_buf u = NC_BUF_INIT;
        utf16(&u, e->alt);
        nc_buf_puts(&b, "/Alt <");
        for (size_t k = 0; k < u.len; k++)
            nc_buf_printf(&b, "%02X", (unsigned char)u.data[k]);
        nc_buf_puts(&b, ">\012");
        b.failed |= u.failed;
        nc_buf_free(&u);
    }
    HPDF_STATUS st = put_buf(T, out, &b);
    nc_buf_free(&b);
    return st;
}

/* The parent tree's /Nums: each page's MCIDs to their elements, each
 * annotation to its Link, under the keys given as they were made. */
static HPDF_STATUS write_parent_tree(HPDF_Dict d, HPDF_Stream out)
{
    nc_pdf_tags *T = d->attr;
    nc_buf b = NC_BUF_INIT;
    nc_buf_puts(&b, "/Nums [");
    HPDF_STATUS st = HPDF_OK;
    size_t i = 0, j = 0;
    while (st == HPDF_OK && (i < T->n_pages || j < T->n_annots)) {
        if (j == T->n_annots || (i < T->n_pages && T->pages[i].key < T->annots[j].key)) {
            size_t end = i + 1 < T->n_pages ? T->pages[i + 1].first_mc : T->n_mc;
            nc_buf_printf(&b, "\012%d [", T->pages[i].key);
            for (size_t m = T->pages[i].first_mc; m < end; m++)
                ref(&b, T->elems[T->mc_owner[m]].dict);
            nc_buf_puts(&b, " ]");
            i++;
        } else {
            nc_buf_printf(&b, "\012%d", T->annots[j].key);
            ref(&b, T->elems[T->annots[j].elem].dict);
            j++;
        }
        st = put_buf(T, out, &b);
    }
    nc_buf_puts(&b, " ]\012");
    if (st == HPDF_OK)
        st = put_buf(T, out, &b);
    nc_buf_free(&b);
    return st;
}

/* An empty dictionary in the cross-reference table whose keys hook
 * writes; NULL when libharu failed. */
static HPDF_Dict hooked(nc_pdf_tags *T, HPDF_Dict_OnWriteFunc hook, void *attr)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_Dict d = hp->HPDF_Dict_New(T->pdf->mmgr);
    if (!d || hp->HPDF_Xref_Add(T->pdf->xref, d) != HPDF_OK)
        return NULL;
    d->write_fn = hook;
    d->attr = attr;
    return d;
}

/* The StructTreeRoot, every element with content under it; NULL when
 * libharu failed. */
static HPDF_Dict structure(nc_pdf_tags *T)
{
    const nc_hpdf_api *hp = nc_hpdf();
    find_content(T);
    T->root = hp->HPDF_Dict_New(T->pdf->mmgr);
    if (!T->root || hp->HPDF_Xref_Add(T->pdf->xref, T->root) != HPDF_OK)
        return NULL;
    for (size_t i = 0; i < T->n_elems; i++) {
        elem *e = &T->elems[i];
        e->tags = T;
        /* The document element stays even when empty: the root needs a kid;
         * so does an empty cell of a row: it holds its column's place. */
        int cell = e->role && (strcmp(e->role, "TD") == 0 || strcmp(e->role, "TH") == 0);
        int keep = e->content || i == 0 || (cell && T->elems[e->parent].content);
        if (e->role && keep && !(e->dict = hooked(T, write_elem, e)))
            return NULL;
    }
    HPDF_Dict tree = hooked(T, write_parent_tree, T);
    HPDF_Dict roles = tree ? hp->HPDF_Dict_New(T->pdf->mmgr) : NULL;
    if (!roles || hp->HPDF_Dict_Add(T->root, "RoleMap", roles) != HPDF_OK ||
        hp->HPDF_Dict_AddName(T->root, "Type", "StructTreeRoot") != HPDF_OK ||
        hp->HPDF_Dict_Add(T->root, "K", T->elems[0].dict) != HPDF_OK ||
        hp->HPDF_Dict_Add(T->root, "ParentTree", tree) != HPDF_OK ||
        hp->HPDF_Dict_AddNumber(T->root, "ParentTreeNextKey", T->next_key) != HPDF_OK)
        return NULL;
    for (size_t i = 0; i < sizeof role_map / sizeof *role_map; i++)
        if (hp->HPDF_Dict_AddName(roles, role_map[i].role, role_map[i].standard) != HPDF_OK)
            return NULL;
    return T->root;
}

/* ------------------------------------------------------------- metadata */

/* An information dictionary string as libharu keeps it (UTF-8, as the
 * writer set it); NULL when absent. */
static const char *info_text(nc_pdf_tags *T, const char *key, size_t *len)
{
    HPDF_String s = T->pdf->info ? nc_hpdf()->HPDF_Dict_GetItem(T->pdf->info, key, HPDF_OCLASS_STRING)
                                 : NULL;
    if (!s || !s->value)
        return NULL;
    *len = s->len;
    return (const char *)s->value;
}

/* <tag>value</tag>, value wrapped in open and close (an rdf:Alt ...). */
static void xmp_text(nc_pdf_tags *T, nc_buf *x, const char *tag, const char *key, const char *open,
                     const char *close)
{
    size_t n;
    const char *v = info_text(T, key, &n);
    if (!v)
        return;
    nc_buf_printf(x, "<%s>%s", tag, open);
    nc_escape_xml(x, v, n, NC_XML_MARKUP);
    nc_buf_printf(x, "%s</%s>\n", close, tag);
}

/* An information dictionary date, D:YYYYMMDDHHmmSS and a zone, as XMP's. */
static void xmp_date(nc_pdf_tags *T, nc_buf *x, const char *tag, const char *key)
{
    size_t n;
    const char *d = info_text(T, key, &n);
    if (!d || n < 16 || strncmp(d, "D:", 2) != 0)
        return;
    nc_buf_printf(x, "<%s>%.4s-%.2s-%.2sT%.2s:%.2s:%.2s", tag, d + 2, d + 6, d + 8, d + 10, d + 12,
                  d + 14);
    if (n >= 17 && d[16] == 'Z')
        nc_buf_puts(x, "Z");
    else if (n >= 22 && (d[16] == '+' || d[16] == '-'))
        nc_buf_printf(x, "%c%.2s:%.2s", d[16], d + 17, d + 20);
    nc_buf_printf(x, "</%s>\n", tag);
}

/* PDF/A-2 knows the pdfuaid schema only when the file describes it. */
static const char pdfua_extension[] =
    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaProperty:name>part</pdfaProperty:name>\n"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
    "<pdfaProperty:category>internal</pdfaProperty:category>\n"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n"
    "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n";

/* The XMP packet: every information dictionary entry in its XMP property
 * (as PDF/A asks: the same values), the language, the claims. */
static void xmp(nc_pdf_tags *T, nc_buf *x)
{
    nc_buf_puts(x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                   "<rdf:Description rdf:about=\"\"\n"
                   " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                   " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                   " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                   " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                   " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n"
                   " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
                   " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
                   " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
                   "<dc:format>application/pdf</dc:format>\n");
    static const char alt[] = "<rdf:Alt><rdf:li xml:lang=\"x-default\">", alt_end[] = "</rdf:li></rdf:Alt>";
    xmp_text(T, x, "dc:title", "Title", alt, alt_end);
    /* One entry: the Author string as it is (PDF/A compares the two). */
    xmp_text(T, x, "dc:creator", "Author", "<rdf:Seq><rdf:li>", "</rdf:li></rdf:Seq>");
    xmp_text(T, x, "dc:description", "Subject", alt, alt_end);
    nc_buf_puts(x, "<dc:language><rdf:Bag><rdf:li>");
    nc_escape_xml(x, T->lang, strlen(T->lang), NC_XML_MARKUP);
    nc_buf_puts(x, "</rdf:li></rdf:Bag></dc:language>\n");
    xmp_text(T, x, "pdf:Keywords", "Keywords", "", "");
    xmp_text(T, x, "pdf:Producer", "Producer", "", "");
    xmp_text(T, x, "xmp:CreatorTool", "Creator", "", "");
    xmp_date(T, x, "xmp:CreateDate", "CreationDate");
    xmp_date(T, x, "xmp:ModifyDate", "ModDate");
    if (T->standards & NC_PDF_A2A)
        nc_buf_puts(x, "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>\n");
    if (T->standards & NC_PDF_UA1) {
        nc_buf_puts(x, "<pdfuaid:part>1</pdfuaid:part>\n");
        if (T->standards & NC_PDF_A2A)
            nc_buf_puts(x, pdfua_extension);
    }
    nc_buf_puts(x, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>\n");
}

static void be32(nc_buf *b, unsigned long v)
{
    unsigned char u[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
                          (unsigned char)v};
    nc_buf_put(b, u, 4);
}

static void xyz(nc_buf *b, double x, double y, double z)
{
    nc_buf_put(b, "XYZ \0\0\0\0", 8);
    be32(b, (unsigned long)(long)(x * 65536 + 0.5));
    be32(b, (unsigned long)(long)(y * 65536 + 0.5));
    be32(b, (unsigned long)(long)(z * 65536 + 0.5));
}

enum { TRC_POINTS = 1024 };

/* An sRGB ICC profile (version 2.1, display class), made here so that the
 * output intent depends on no file of the system: D50 white, the sRGB
 * primaries adapted to D50 (Bradford), and the sRGB transfer curve in
 * 1,024 points. The same bytes on every run. */
static void srgb_profile(nc_buf *p)
{
    static const char desc_text[] = "sRGB IEC61966-2.1 (newsconv)";
    nc_buf data[7] = {NC_BUF_INIT, NC_BUF_INIT, NC_BUF_INIT, NC_BUF_INIT,
                      NC_BUF_INIT, NC_BUF_INIT, NC_BUF_INIT};
    nc_buf_put(&data[0], "desc\0\0\0\0", 8);
    be32(&data[0], sizeof desc_text);
    nc_buf_put(&data[0], desc_text, sizeof desc_text);
    static const char tail[4 + 4 + 2 + 1 + 67] = {0}; /* no Unicode nor ScriptCode names */
    nc_buf_put(&data[0], tail, sizeof tail);
    nc_buf_put(&data[1], "text\0\0\0\0No copyright, use freely\0", 33);
    xyz(&data[2], 0.9642, 1.0, 0.8249);
    xyz(&data[3], 0.4361, 0.2225, 0.0139);
    xyz(&data[4], 0.3851, 0.7169, 0.0971);
    xyz(&data[5], 0.1431, 0.0606, 0.7141);
    nc_buf_put(&data[6], "curv\0\0\0\0", 8);
    be32(&data[6], TRC_POINTS);
    for (int i = 0; i < TRC_POINTS; i++) {
        double v = (double)i / (TRC_POINTS - 1);
        v = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
        unsigned long u = (unsigned long)(v * 65535 + 0.5);
        unsigned char c[2] = {(unsigned char)(u >> 8), (unsigned char)u};
        nc_buf_put(&data[6], c, 2);
    }
    static const char *const sigs[9] = {"desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ",
                                        "rTRC", "gTRC", "bTRC"};
    size_t offset[7], at = 128 + 4 + 9 * 12;
    for (int i = 0; i < 7; i++) {
        offset[i] = at;
        at += (data[i].len + 3) & ~(size_t)3;
    }
    be32(p, at);
    nc_buf_put(p, "\0\0\0\0\x02\x10\0\0mntrRGB XYZ ", 20);
    static const unsigned char date[12] = {0x07, 0xE6, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0}; /* 2022-01-01 */
    nc_buf_put(p, date, sizeof date);
    nc_buf_put(p, "acsp", 4);
    static const char zero[48] = {0};
    nc_buf_put(p, zero, 28); /* platform, flags, maker, model, attributes, intent */
    be32(p, 0xF6D6);         /* the PCS illuminant, D50 */
    be32(p, 0x10000);
    be32(p, 0xD32D);
    nc_buf_put(p, zero, 48); /* creator, profile ID, reserved */
    be32(p, 9);
    for (int i = 0; i < 9; i++) {
        int d = i < 6 ? i : 6; /* the three curves share one */
        nc_buf_put(p, sigs[i], 4);
        be32(p, offset[d]);
        be32(p, data[d].len);
    }
    for (int i = 0; i < 7; i++) {
        nc_buf_put(p, data[i].data, data[i].len);
        nc_buf_put(p, zero, ((data[i].len + 3) & ~(size_t)3) - data[i].len);
        p->failed |= data[i].failed;
        nc_buf_free(&data[i]);
    }
}

/* A stream object with the bytes of b; NULL when libharu failed. */
static HPDF_Dict stream_of(nc_pdf_tags *T, const nc_buf *b, int deflate)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_Dict d = hp->HPDF_DictStream_New(T->pdf->mmgr, T->pdf->xref);
    if (!d || hp->HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)b->data, (HPDF_UINT)b->len) != HPDF_OK)
        return NULL;
    d->filter = deflate ? HPDF_STREAM_FILTER_FLATE_DECODE : HPDF_STREAM_FILTER_NONE;
    return d;
}

static HPDF_Dict output_intent(nc_pdf_tags *T)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_MMgr mm = T->pdf->mmgr;
    nc_buf icc = NC_BUF_INIT;
    srgb_profile(&icc);
    HPDF_Dict profile = icc.failed ? NULL : stream_of(T, &icc, 1);
    nc_buf_free(&icc);
    HPDF_Dict oi = profile ? hp->HPDF_Dict_New(mm) : NULL;
    const char *name = "sRGB IEC61966-2.1";
    if (!oi || hp->HPDF_Xref_Add(T->pdf->xref, oi) != HPDF_OK ||
        hp->HPDF_Dict_AddNumber(profile, "N", 3) != HPDF_OK ||
        hp->HPDF_Dict_AddName(oi, "Type", "OutputIntent") != HPDF_OK ||
        hp->HPDF_Dict_AddName(oi, "S", "GTS_PDFA1") != HPDF_OK ||
        hp->HPDF_Dict_Add(oi, "OutputConditionIdentifier", hp->HPDF_String_New(mm, name, NULL)) != HPDF_OK ||
        hp->HPDF_Dict_Add(oi, "Info", hp->HPDF_String_New(mm, name, NULL)) != HPDF_OK ||
        hp->HPDF_Dict_Add(oi, "RegistryName", hp->HPDF_String_New(mm, "http://www.color.org", NULL)) != HPDF_OK ||
        hp->HPDF_Dict_Add(oi, "DestOutputProfile", profile) != HPDF_OK)
        return NULL;
    return oi;
}

/* Writes the information dictionary's text strings again as our own
 * UTF-16: libharu's drop every character past U+FFFF (a title with an
 * emoji would differ from its XMP dc:title, which PDF/A forbids). After
 * the XMP is made from them. */
static int rewrite_info(nc_pdf_tags *T)
{
    static const char *const keys[] = {"Title", "Author", "Subject", "Keywords", "Creator"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        size_t n;
        const char *v = info_text(T, keys[i], &n);
        HPDF_String s = v ? nc_hpdf()->HPDF_Dict_GetItem(T->pdf->info, keys[i], HPDF_OCLASS_STRING) : NULL;
        if (!s || !s->encoder)
            continue; /* written as it is: ASCII, or absent */
        char *text = strndup(v, n);
        HPDF_Binary b = text ? text_string(T, text) : NULL;
        free(text);
        if (!b || nc_hpdf()->HPDF_Dict_Add(T->pdf->info, keys[i], b) != HPDF_OK)
            return -1;
    }
    return 0;
}

/* One block of the saved file into the /ID's hash: its CRC-32 and length. */
static void hash_block(nc_sha256 *h, unsigned long c, unsigned len)
{
    unsigned char b[8] = {(unsigned char)(c >> 24), (unsigned char)(c >> 16), (unsigned char)(c >> 8),
                          (unsigned char)c, (unsigned char)(len >> 24), (unsigned char)(len >> 16),
                          (unsigned char)(len >> 8), (unsigned char)len};
    nc_sha256_update(h, b, sizeof b);
}

static HPDF_STATUS save_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT siz)
{
    nc_pdf_save *s = stream->attr;
    for (HPDF_UINT left = siz; left;) {
        unsigned n = HPDF_STREAM_BUF_SIZ - s->fill;
        if (n > left)
            n = left;
        s->crc = crc32(s->crc, ptr + (siz - left), n);
        s->fill += n;
        left -= n;
        if (s->fill == HPDF_STREAM_BUF_SIZ) {
            hash_block(&s->blocks, s->crc, s->fill);
            s->crc = 0;
            s->fill = 0;
        }
    }
    if (s->rc == NC_OK)
        s->rc = nc_sink_write(s->sink, ptr, siz);
    return s->rc == NC_OK ? HPDF_OK : HPDF_FILE_IO_ERROR;
}

int nc_pdf_save_to(HPDF_Doc pdf, nc_pdf_save *s, nc_sink *sink)
{
    *s = (nc_pdf_save){.sink = sink, .rc = NC_OK};
    nc_sha256_init(&s->blocks);
    pdf->stream = nc_hpdf()->HPDF_CallbackWriter_New(pdf->mmgr, save_write, s);
    return pdf->stream ? 0 : -1;
}

/* The trailer's write hook, called when libharu writes the trailer, after
 * every byte before it went through the save stream: the file /ID is a
 * hash of them, so the same document always gets the same /ID and another
 * document another. SHA-256 over the whole file cost 6% of the time of a
 * 1 MB article's PDF (129 M instructions of 2,949 M); it hashes the CRC-32
 * of each 4 KB block instead (10 M), every byte still counting. */
static HPDF_STATUS write_id(HPDF_Dict trailer, HPDF_Stream out)
{
    (void)trailer;
    if (out->type != HPDF_STREAM_CALLBACK || out->write_fn != save_write)
        return HPDF_OK;
    const nc_pdf_save *s = out->attr;
    nc_sha256 h = s->blocks;
    if (s->fill)
        hash_block(&h, s->crc, s->fill);
    unsigned char digest[32];
    char hex[65], id[100];
    nc_sha256_final(&h, digest);
    nc_sha256_hex(digest, hex);
    snprintf(id, sizeof id, "/ID [<%.32s> <%.32s>]\012", hex, hex);
    return nc_hpdf()->HPDF_Stream_WriteStr(out, id);
}

int nc_pdf_tag_finish(nc_pdfw *w)
{
    nc_pdf_tags *T = w->tags;
    if (!T)
        return 0;
    if (T->failed || unmark(T) != 0)
        return -1;
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_MMgr mm = T->pdf->mmgr;
    HPDF_Dict catalog = T->pdf->catalog;
    HPDF_Dict root = structure(T);
    HPDF_Dict mark = root ? hp->HPDF_Dict_New(mm) : NULL;
    HPDF_Dict view = mark ? hp->HPDF_Dict_GetItem(catalog, "ViewerPreferences", HPDF_OCLASS_DICT) : NULL;
    if (mark && !view && (!(view = hp->HPDF_Dict_New(mm)) ||
                          hp->HPDF_Dict_Add(catalog, "ViewerPreferences", view) != HPDF_OK))
        view = NULL;
    if (!view || hp->HPDF_Dict_Add(catalog, "StructTreeRoot", root) != HPDF_OK ||
        hp->HPDF_Dict_Add(catalog, "MarkInfo", mark) != HPDF_OK ||
        hp->HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE) != HPDF_OK ||
        hp->HPDF_Dict_AddBoolean(view, "DisplayDocTitle", HPDF_TRUE) != HPDF_OK ||
        hp->HPDF_Dict_Add(catalog, "Lang", hp->HPDF_String_New(mm, T->lang, NULL)) != HPDF_OK)
        return fail(T, "writing the structure tree");
    nc_buf x = NC_BUF_INIT;
    xmp(T, &x);
    HPDF_Dict meta = x.failed ? NULL : stream_of(T, &x, 0);
    nc_buf_free(&x);
    if (!meta || hp->HPDF_Dict_AddName(meta, "Type", "Metadata") != HPDF_OK ||
        hp->HPDF_Dict_AddName(meta, "Subtype", "XML") != HPDF_OK ||
        hp->HPDF_Dict_Add(catalog, "Metadata", meta) != HPDF_OK || rewrite_info(T) != 0)
        return fail(T, "writing the XMP metadata");
    if (T->standards & NC_PDF_A2A) {
        HPDF_Dict oi = output_intent(T);
        HPDF_Array intents = oi ? hp->HPDF_Array_New(mm) : NULL;
        if (!intents || hp->HPDF_Array_Add(intents, oi) != HPDF_OK ||
            hp->HPDF_Dict_Add(catalog, "OutputIntents", intents) != HPDF_OK)
            return fail(T, "writing the output intent");
    }
    T->pdf->pdf_version = HPDF_VER_17;
    T->pdf->trailer->write_fn = write_id;
    return 0;
}
