/* document.h: a document is its metadata beside its body, both kept in one
 * arena. Private to the library. */
#ifndef NC_DOCUMENT_H
#define NC_DOCUMENT_H

#include "newsconv.h"
#include "arena.h"
#include "node.h"

typedef struct nc_meta {
    char *title, *kicker, *subtitle, *date, *lang, *publisher, *source, *identifier,
         *description, *subject, *image, *image_alt, *cover_image, *credit;
    int date_iso; /* date is YYYY-MM-DD, read as a date */
    const char *lang_source; /* static: nc_meta_lang_source */
    char **authors;
    size_t n_authors, cap_authors; /* cap: slots allocated in the arena */
    char **keywords;
    size_t n_keywords, cap_keywords;
    /* image and cover_image were named by the article's own text (its
     * front matter), not by the program or the user (-M): such a path is
     * confined to the article's folder (formats/image.h). */
    int image_from_article, cover_image_from_article;
} nc_meta;

struct nc_document {
    nc_arena arena;
    nc_meta meta;
    nc_node *body; /* NC_NODE_DOCUMENT */
    /* Where the article's own resource paths resolve and may not leave
     * (nc_reader_options.resource_dir, resource_path); NULL: the current
     * folder, none. */
    char *resource_dir, *resource_path;
};

/* The metadata keys, in the order writers list them; one table for the
 * getters, the -M parser and the JSON writer. */
typedef struct nc_meta_key {
    const char *key;
    size_t offset;  /* of the char * field in nc_meta, or of the char ** list */
    int is_list;
} nc_meta_key;

/* NULL-terminated table (key == NULL ends it). */
extern const nc_meta_key nc_meta_keys[];
const nc_meta_key *nc_meta_key_find(const char *key);

/* An empty document with an empty body, or NULL when out of memory. */
nc_document *nc_document_new(void);

/* Sets a string field (replacing it) or appends to a list field, by key;
 * "author" is accepted for "authors" and "keyword" for "keywords".
 * Returns 0, -1 for an unknown key, -2 when out of memory. */
int nc_meta_set(nc_document *doc, const char *key, const char *value);
/* Marks the path of "image" or "cover-image" as named by the article's
 * text (other keys name no file). nc_meta_set clears the mark. */
void nc_meta_mark_from_article(nc_document *doc, const char *key);
/* Removes every item of a list field, or clears a string field. */
void nc_meta_clear(nc_document *doc, const char *key);

/* The title a writer shows: meta.title, else the first words of the body
 * (at most 80 characters, ending in an ellipsis), else "Untitled". Owned by
 * the caller through `out`. Returns 0, or -1 when out of memory. */
int nc_document_display_title(const nc_document *doc, nc_buf *out);

/* The credits, for the writers that have a field for them: -M credit when
 * set, else the text of each non-empty credit block in order (the blocks
 * stay in the body as well). Calls fn for each one, with its text (owned
 * by the call). 0, or -1 when out of memory. */
typedef void (*nc_document_text_fn)(void *ctx, const char *text);
int nc_document_credits(const nc_document *doc, nc_document_text_fn fn, void *ctx);

#endif
