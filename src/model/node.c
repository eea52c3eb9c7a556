#include "node.h"

#include <string.h>

nc_node *nc_node_new(nc_arena *a, nc_node_type type)
{
    nc_node *n = nc_arena_alloc(a, sizeof *n);
    if (n)
        n->type = type;
    return n;
}

nc_node *nc_node_new_text(nc_arena *a, const char *s, size_t len)
{
    nc_node *n = nc_node_new(a, NC_NODE_TEXT);
    if (!n)
        return NULL;
    n->literal = nc_arena_strndup(a, s, len);
    return n->literal ? n : NULL;
}

int nc_node_type_is_block(nc_node_type t)
{
    return (t >= NC_NODE_DOCUMENT && t <= NC_NODE_BREAK) || t == NC_NODE_TABLE ||
           t == NC_NODE_ROW || t == NC_NODE_CELL;
}

int nc_node_type_is_inline(nc_node_type t)
{
    return (t >= NC_NODE_TEXT && t <= NC_NODE_LINK) || t == NC_NODE_DATELINE ||
           t == NC_NODE_KICKER;
}

int nc_node_is_block(const nc_node *n) { return n && nc_node_type_is_block(n->type); }

int nc_node_is_inline(const nc_node *n) { return n && nc_node_type_is_inline(n->type); }

/* Blocks that stand among other blocks: not an item, a row or a cell,
 * which only their list, table or row holds. */
static int is_free_block(nc_node_type t)
{
    return nc_node_type_is_block(t) && t != NC_NODE_DOCUMENT && t != NC_NODE_ITEM &&
           t != NC_NODE_ROW && t != NC_NODE_CELL;
}

/* Inlines inside other inlines: a dateline or kicker opens a paragraph. */
static int is_inner_inline(nc_node_type t)
{
    return nc_node_type_is_inline(t) && t != NC_NODE_DATELINE && t != NC_NODE_KICKER;
}

int nc_node_can_contain(nc_node_type parent, nc_node_type child)
{
    switch (parent) {
    case NC_NODE_DOCUMENT:
    case NC_NODE_QUOTE:
        return is_free_block(child);
    case NC_NODE_LIST:
        return child == NC_NODE_ITEM;
    case NC_NODE_TABLE:
        return child == NC_NODE_ROW;
    case NC_NODE_ROW:
        return child == NC_NODE_CELL;
    case NC_NODE_ITEM:
        /* Inline content for a one-line item, or blocks for a longer one. */
        return is_inner_inline(child) || is_free_block(child);
    case NC_NODE_PARAGRAPH:
        return nc_node_type_is_inline(child);
    case NC_NODE_HEADING:
    case NC_NODE_CAPTION:
    case NC_NODE_BYLINE:
    case NC_NODE_CREDIT:
    case NC_NODE_CELL:
    case NC_NODE_EMPHASIS:
    case NC_NODE_LINK:
    case NC_NODE_DATELINE:
    case NC_NODE_KICKER:
        return is_inner_inline(child);
    case NC_NODE_BREAK:
    case NC_NODE_TEXT:
    case NC_NODE_NONE:
        return 0;
    }
    return 0;
}

int nc_node_is_leaf_block(const nc_node *node)
{
    switch (node->type) {
    case NC_NODE_PARAGRAPH:
    case NC_NODE_HEADING:
    case NC_NODE_CAPTION:
    case NC_NODE_BYLINE:
    case NC_NODE_CREDIT:
    case NC_NODE_CELL:
        return 1;
    case NC_NODE_ITEM:
        return !node->first_child || nc_node_type_is_inline(node->first_child->type);
    default:
        return 0;
    }
}

int nc_node_append(nc_node *parent, nc_node *child)
{
    if (!nc_node_can_contain(parent->type, child->type))
        return -1;
    nc_node_unlink(child);
    child->parent = parent;
    child->prev = parent->last_child;
    if (parent->last_child)
        parent->last_child->next = child;
    else
        parent->first_child = child;
    parent->last_child = child;
    return 0;
}

void nc_node_unlink(nc_node *node)
{
    if (node->prev)
        node->prev->next = node->next;
    else if (node->parent)
        node->parent->first_child = node->next;
    if (node->next)
        node->next->prev = node->prev;
    else if (node->parent)
        node->parent->last_child = node->prev;
    node->parent = node->prev = node->next = NULL;
}

int nc_node_plain_text(const nc_node *node, nc_buf *out)
{
    nc_iter it;
    nc_iter_init(&it, node);
    nc_event ev;
    while ((ev = nc_iter_next(&it)) != NC_EVENT_DONE)
        if (ev == NC_EVENT_ENTER && it.node->type == NC_NODE_TEXT)
            if (nc_buf_puts(out, it.node->literal) < 0)
                return -1;
    return out->failed ? -1 : 0;
}

static int problem(int count, nc_buf *why, const nc_node *n, const char *what)
{
    if (count == 0 && why)
        nc_buf_printf(why, "%s node (lines %lu-%lu): %s", nc_node_type_name(n->type),
                      n->line_first, n->line_last, what);
    return count + 1;
}

int nc_node_check(const nc_node *root, nc_buf *why)
{
    int bad = 0;
    unsigned long last_line = 0;
    nc_iter it;
    nc_iter_init(&it, root);
    nc_event ev;
    while ((ev = nc_iter_next(&it)) != NC_EVENT_DONE) {
        const nc_node *n = it.node;
        if (ev != NC_EVENT_ENTER)
            continue;
        if (n != root) {
            if (!n->parent)
                bad = problem(bad, why, n, "no parent");
            else if (!nc_node_can_contain(n->parent->type, n->type))
                bad = problem(bad, why, n, "not allowed in its parent");
            if (n->prev ? n->prev->next != n : (n->parent && n->parent->first_child != n))
                bad = problem(bad, why, n, "broken previous link");
            if (n->next ? n->next->prev != n : (n->parent && n->parent->last_child != n))
                bad = problem(bad, why, n, "broken next link");
        }
        if ((n->type == NC_NODE_TEXT || n->type == NC_NODE_LINK) && !n->literal)
            bad = problem(bad, why, n, "no text");
        if (n->type == NC_NODE_ITEM && n->first_child) {
            int inl = nc_node_type_is_inline(n->first_child->type);
            for (const nc_node *c = n->first_child; c; c = c->next)
                if (nc_node_type_is_inline(c->type) != inl)
                    bad = problem(bad, why, n, "mixes inlines and blocks");
        }
        if (n->type == NC_NODE_LIST && !n->first_child)
            bad = problem(bad, why, n, "empty list");
        if ((n->type == NC_NODE_TABLE || n->type == NC_NODE_ROW) && !n->first_child)
            bad = problem(bad, why, n, "empty table or row");
        if (n->type == NC_NODE_KICKER && n->prev)
            bad = problem(bad, why, n, "kicker not first in its paragraph");
        if (n->type == NC_NODE_DATELINE && n->prev && !(n->prev->type == NC_NODE_KICKER && !n->prev->prev))
            bad = problem(bad, why, n, "dateline not at the start of its paragraph");
        if (n->type == NC_NODE_HEADING && (n->level < 1 || n->level > 6))
            bad = problem(bad, why, n, "heading level out of range");
        if (nc_node_type_is_block(n->type) && n->type != NC_NODE_DOCUMENT && n->line_first) {
            if (n->line_last < n->line_first)
                bad = problem(bad, why, n, "last line before first line");
            if (n->line_first < last_line && !(n->parent && n->parent->line_first == n->line_first))
                bad = problem(bad, why, n, "lines out of order");
            last_line = n->line_first;
        }
    }
    return bad;
}

/* ------------------------------------------------------------ public API */

nc_node_type nc_node_get_type(const nc_node *node) { return node ? node->type : NC_NODE_NONE; }

const char *nc_node_type_name(nc_node_type type)
{
    switch (type) {
    case NC_NODE_NONE: return "none";
    case NC_NODE_DOCUMENT: return "document";
    case NC_NODE_PARAGRAPH: return "paragraph";
    case NC_NODE_HEADING: return "heading";
    case NC_NODE_CAPTION: return "caption";
    case NC_NODE_BYLINE: return "byline";
    case NC_NODE_QUOTE: return "quote";
    case NC_NODE_LIST: return "list";
    case NC_NODE_ITEM: return "item";
    case NC_NODE_CREDIT: return "credit";
    case NC_NODE_BREAK: return "break";
    case NC_NODE_TEXT: return "text";
    case NC_NODE_EMPHASIS: return "emphasis";
    case NC_NODE_LINK: return "link";
    case NC_NODE_TABLE: return "table";
    case NC_NODE_ROW: return "row";
    case NC_NODE_CELL: return "cell";
    case NC_NODE_DATELINE: return "dateline";
    case NC_NODE_KICKER: return "kicker";
    }
    return "none";
}

const nc_node *nc_node_parent(const nc_node *n) { return n ? n->parent : NULL; }
const nc_node *nc_node_first_child(const nc_node *n) { return n ? n->first_child : NULL; }
const nc_node *nc_node_last_child(const nc_node *n) { return n ? n->last_child : NULL; }
const nc_node *nc_node_next(const nc_node *n) { return n ? n->next : NULL; }
const nc_node *nc_node_prev(const nc_node *n) { return n ? n->prev : NULL; }

const char *nc_node_text(const nc_node *n) { return n && n->type == NC_NODE_TEXT ? n->literal : NULL; }

const char *nc_node_url(const nc_node *n) { return n && n->type == NC_NODE_LINK ? n->literal : NULL; }

int nc_node_level(const nc_node *n) { return n && n->type == NC_NODE_HEADING ? n->level : 0; }
int nc_node_list_ordered(const nc_node *n) { return n && n->type == NC_NODE_LIST ? n->ordered : 0; }
int nc_node_list_start(const nc_node *n)
{
    return n && n->type == NC_NODE_LIST && n->ordered ? n->start : 0;
}

const nc_node *nc_node_opening(const nc_node *p, nc_node_type t)
{
    if (!p || p->type != NC_NODE_PARAGRAPH)
        return NULL;
    const nc_node *c = p->first_child;
    if (c && c->type == NC_NODE_KICKER && t != NC_NODE_KICKER)
        c = c->next;
    return c && c->type == t ? c : NULL;
}

const nc_node *nc_node_dateline(const nc_node *n) { return nc_node_opening(n, NC_NODE_DATELINE); }
const nc_node *nc_node_kicker(const nc_node *n) { return nc_node_opening(n, NC_NODE_KICKER); }
int nc_node_row_header(const nc_node *n) { return n && n->type == NC_NODE_ROW ? n->header : 0; }
nc_align nc_node_cell_align(const nc_node *n)
{
    return n && n->type == NC_NODE_CELL ? n->align : NC_ALIGN_LEFT;
}

void nc_node_lines(const nc_node *n, unsigned long *first, unsigned long *last)
{
    if (first)
        *first = n && nc_node_type_is_block(n->type) ? n->line_first : 0;
    if (last)
        *last = n && nc_node_type_is_block(n->type) ? n->line_last : 0;
}

void nc_iter_init(nc_iter *it, const nc_node *root)
{
    if (!it)
        return;
    it->root = root;
    it->node = NULL; /* with event DONE: not started yet */
    it->event = NC_EVENT_DONE;
}

nc_event nc_iter_next(nc_iter *it)
{
    if (!it)
        return NC_EVENT_DONE;
    const nc_node *n = it->node;
    if (!n) {
        if (!it->root || it->event != NC_EVENT_DONE)
            return NC_EVENT_DONE;
        it->node = it->root;
        return it->event = NC_EVENT_ENTER;
    }
    switch (it->event) {
    case NC_EVENT_ENTER:
        if (n->first_child) {
            it->node = n->first_child;
            return it->event = NC_EVENT_ENTER;
        }
        return it->event = NC_EVENT_EXIT;
    case NC_EVENT_EXIT:
        if (n == it->root)
            return it->event = NC_EVENT_DONE;
        if (n->next) {
            it->node = n->next;
            return it->event = NC_EVENT_ENTER;
        }
        it->node = n->parent;
        return it->event = NC_EVENT_EXIT;
    case NC_EVENT_DONE:
        break;
    }
    return NC_EVENT_DONE;
}
