/* hyphen_pack.h: a parsed hyphenation dictionary moved into one block.
 *
 * libhyphen builds a dictionary from some 440,000 small allocations for
 * English (a string for each state, a transition array grown one entry at a
 * time, hash tables dropped at the end), so the 0.85 MB it keeps lie
 * scattered over 2.5 MB of heap that malloc cannot give back: a third of
 * what a 1 MB article's PDF writer holds of its own. The same dictionary
 * copied into one block takes 0.6 MB, and the heap it was parsed in is
 * then free as a whole. libhyphen reads the copy as it reads its own: the
 * copy has the same structs, only laid out together. Private to the PDF
 * writer. */
#ifndef NC_PDF_HYPHEN_PACK_H
#define NC_PDF_HYPHEN_PACK_H

#include <hyphen.h>

/* A copy of d (and of its next levels) in one allocation, which free()
 * releases (never hnj_hyphen_free); NULL when out of memory or for a NULL d.
 * d is left as it was. */
HyphenDict *nc_pdf_hyphen_pack(const HyphenDict *d);

#endif
