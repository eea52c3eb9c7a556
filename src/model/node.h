/* node.h: the document tree. The struct is private to the library: the
 * public header only names `nc_node`, and callers use accessors. */
#ifndef NC_NODE_H
#define NC_NODE_H

#include "newsconv.h"
#include "arena.h"
#include "buf.h"

struct nc_node {
    nc_node_type type;
    nc_node *parent, *first_child, *last_child, *prev, *next;
    unsigned long line_first, line_last; /* blocks: 1-based source lines */
    /* TEXT: the text; LINK: the URL. */
    char *literal;
    int level;   /* HEADING */
    int ordered; /* LIST */
    int start;   /* LIST, when ordered */
    int header;  /* ROW: a header row */
    nc_align align; /* CELL */
};

/* A new node, zeroed but for its type, from the arena; NULL when out of memory. */
nc_node *nc_node_new(nc_arena *a, nc_node_type type);
/* A TEXT node holding a copy of n bytes of s. */
nc_node *nc_node_new_text(nc_arena *a, const char *s, size_t n);

/* Appends child to parent; returns 0, or -1 when parent may not contain it. */
int nc_node_append(nc_node *parent, nc_node *child);
/* Detaches node from its parent and siblings. */
void nc_node_unlink(nc_node *node);

/* The one nesting rule of the model: may a node of type parent hold a child
 * of type child? */
int nc_node_can_contain(nc_node_type parent, nc_node_type child);

/* The kinds of type; nc_node_is_block and nc_node_is_inline (public) ask it
 * of a node. */
int nc_node_type_is_block(nc_node_type t);
int nc_node_type_is_inline(nc_node_type t);
/* Blocks whose children are inlines (ITEM may be either; see the checker). */
int nc_node_is_leaf_block(const nc_node *node);

/* PARAGRAPH: its opening inline of type t (DATELINE or KICKER), or NULL. */
const nc_node *nc_node_opening(const nc_node *paragraph, nc_node_type t);

/* Appends the plain text of node (all TEXT below it, in order) to out. */
int nc_node_plain_text(const nc_node *node, nc_buf *out);

/* Checks the whole tree under root: links consistent both ways, nesting
 * allowed by nc_node_can_contain, an ITEM holding either only inlines or only
 * blocks, lines of blocks set and ordered. Returns the number of problems and
 * describes the first in `why` (when not NULL). */
int nc_node_check(const nc_node *root, nc_buf *why);

#endif
