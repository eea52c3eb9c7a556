#include "document.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define FIELD(k, f) {k, offsetof(nc_meta, f), 0}
const nc_meta_key nc_meta_keys[] = {
    FIELD("title", title),
    FIELD("kicker", kicker),
    FIELD("subtitle", subtitle),
    {"authors", offsetof(nc_meta, authors), 1},
    FIELD("date", date),
    FIELD("lang", lang),
    FIELD("publisher", publisher),
    FIELD("source", source),
    FIELD("identifier", identifier),
    FIELD("description", description),
    FIELD("subject", subject),
    {"keywords", offsetof(nc_meta, keywords), 1},
    FIELD("image", image),
    FIELD("image-alt", image_alt),
    FIELD("cover-image", cover_image),
    FIELD("credit", credit),
    {NULL, 0, 0},
};
#undef FIELD

const nc_meta_key *nc_meta_key_find(const char *key)
{
    if (!key)
        return NULL;
    if (strcmp(key, "author") == 0)
        key = "authors";
    else if (strcmp(key, "keyword") == 0)
        key = "keywords";
    else if (strcmp(key, "language") == 0)
        key = "lang";
    for (const nc_meta_key *k = nc_meta_keys; k->key; k++)
        if (strcmp(k->key, key) == 0)
            return k;
    return NULL;
}

static size_t *list_count(nc_meta *m, const nc_meta_key *k)
{
    return k->offset == offsetof(nc_meta, authors) ? &m->n_authors : &m->n_keywords;
}

static size_t *list_cap(nc_meta *m, const nc_meta_key *k)
{
    return k->offset == offsetof(nc_meta, authors) ? &m->cap_authors : &m->cap_keywords;
}

static int *article_flag(nc_meta *m, const nc_meta_key *k)
{
    if (k->offset == offsetof(nc_meta, image))
        return &m->image_from_article;
    if (k->offset == offsetof(nc_meta, cover_image))
        return &m->cover_image_from_article;
    return NULL;
}

void nc_meta_mark_from_article(nc_document *doc, const char *key)
{
    const nc_meta_key *k = nc_meta_key_find(key);
    int *from_article = k ? article_flag(&doc->meta, k) : NULL;
    if (from_article)
        *from_article = 1;
}

nc_document *nc_document_new(void)
{
    nc_document *doc = calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    doc->body = nc_node_new(&doc->arena, NC_NODE_DOCUMENT);
    if (!doc->body) {
        nc_document_free(doc);
        return NULL;
    }
    return doc;
}

void nc_document_free(nc_document *doc)
{
    if (!doc)
        return;
    nc_arena_free(&doc->arena);
    free(doc);
}

int nc_meta_set(nc_document *doc, const char *key, const char *value)
{
    const nc_meta_key *k = nc_meta_key_find(key);
    if (!k)
        return -1;
    char *copy = nc_arena_strdup(&doc->arena, value);
    if (!copy)
        return -2;
    char *base = (char *)&doc->meta;
    if (!k->is_list) {
        *(char **)(base + k->offset) = copy;
        int *from_article = article_flag(&doc->meta, k);
        if (from_article)
            *from_article = 0; /* the front matter marks its own */
        if (k->offset == offsetof(nc_meta, date))
            doc->meta.date_iso = 0; /* the reader sets it when it reads one */
        return 0;
    }
    char ***list = (char ***)(base + k->offset);
    size_t *n = list_count(&doc->meta, k), *cap = list_cap(&doc->meta, k);
    if (*n == *cap) {
        /* Arena memory cannot grow in place: a copy, twice the size each
         * time, so the copies of a list sum to less than twice its length
         * (a copy per item made 30,000 keywords take 3.5 GB). */
        size_t want = *cap ? *cap * 2 : 4;
        if (want > SIZE_MAX / sizeof(char *))
            return -2;
        char **grown = nc_arena_alloc(&doc->arena, want * sizeof *grown);
        if (!grown)
            return -2;
        if (*n)
            memcpy(grown, *list, *n * sizeof *grown);
        *list = grown;
        *cap = want;
    }
    (*list)[(*n)++] = copy;
    return 0;
}

void nc_meta_clear(nc_document *doc, const char *key)
{
    const nc_meta_key *k = nc_meta_key_find(key);
    if (!k)
        return;
    char *base = (char *)&doc->meta;
    if (k->is_list) {
        *(char ***)(base + k->offset) = NULL;
        *list_count(&doc->meta, k) = 0;
        *list_cap(&doc->meta, k) = 0;
    } else {
        *(char **)(base + k->offset) = NULL;
    }
}

int nc_document_display_title(const nc_document *doc, nc_buf *out)
{
    if (doc->meta.title && doc->meta.title[0])
        return nc_buf_puts(out, doc->meta.title);
    nc_buf text = NC_BUF_INIT;
    for (const nc_node *b = doc->body->first_child; b && text.len < 200; b = b->next) {
        if (text.len)
            nc_buf_putc(&text, ' ');
        nc_node_plain_text(b, &text);
    }
    if (text.failed) {
        nc_buf_free(&text);
        return -1;
    }
    int rc;
    if (text.len == 0) {
        rc = nc_buf_puts(out, "Untitled");
    } else if (text.len <= 80) {
        rc = nc_buf_put(out, text.data, text.len);
    } else {
        /* Cut at the last space that leaves room for the ellipsis (3 bytes
         * in UTF-8 but one character: count characters, not bytes). */
        size_t cut = nc_utf8_prefix_chars(text.data, text.len, 79);
        size_t sp = cut;
        while (sp > 0 && text.data[sp] != ' ')
            sp--;
        if (sp > cut / 2)
            cut = sp;
        while (cut > 0 && (text.data[cut - 1] == ' ' || text.data[cut - 1] == ','))
            cut--;
        rc = nc_buf_put(out, text.data, cut);
        if (rc == 0)
            rc = nc_buf_puts(out, "\xE2\x80\xA6");
    }
    nc_buf_free(&text);
    return rc;
}

/* ------------------------------------------------------------ public API */

const nc_node *nc_document_body(const nc_document *doc) { return doc ? doc->body : NULL; }

const char *nc_meta_get(const nc_document *doc, const char *key)
{
    const nc_meta_key *k = doc ? nc_meta_key_find(key) : NULL;
    if (!k)
        return NULL;
    const char *base = (const char *)&doc->meta;
    if (k->is_list) {
        char **list = *(char **const *)(base + k->offset);
        return list && *list_count((nc_meta *)&doc->meta, k) ? list[0] : NULL;
    }
    return *(char *const *)(base + k->offset);
}

size_t nc_meta_count(const nc_document *doc, const char *key)
{
    const nc_meta_key *k = doc ? nc_meta_key_find(key) : NULL;
    if (!k)
        return 0;
    if (k->is_list)
        return *list_count((nc_meta *)&doc->meta, k);
    return nc_meta_get(doc, key) ? 1 : 0;
}

const char *nc_meta_item(const nc_document *doc, const char *key, size_t i)
{
    const nc_meta_key *k = doc ? nc_meta_key_find(key) : NULL;
    if (!k)
        return NULL;
    if (!k->is_list)
        return i == 0 ? nc_meta_get(doc, key) : NULL;
    if (i >= *list_count((nc_meta *)&doc->meta, k))
        return NULL;
    return (*(char **const *)((const char *)&doc->meta + k->offset))[i];
}

int nc_meta_date_is_iso(const nc_document *doc) { return doc ? doc->meta.date_iso : 0; }

const char *nc_meta_lang_source(const nc_document *doc) { return doc ? doc->meta.lang_source : NULL; }

int nc_document_credits(const nc_document *doc, nc_document_text_fn fn, void *ctx)
{
    if (doc->meta.credit && *doc->meta.credit) {
        fn(ctx, doc->meta.credit);
        return 0;
    }
    nc_buf text = NC_BUF_INIT;
    nc_iter it;
    nc_iter_init(&it, doc->body);
    nc_event ev;
    while ((ev = nc_iter_next(&it)) != NC_EVENT_DONE) {
        if (ev != NC_EVENT_ENTER || it.node->type != NC_NODE_CREDIT)
            continue;
        nc_buf_clear(&text);
        nc_node_plain_text(it.node, &text);
        const char *t = nc_buf_cstr(&text);
        if (t && *t)
            fn(ctx, t);
    }
    int failed = text.failed;
    nc_buf_free(&text);
    return failed ? -1 : 0;
}
