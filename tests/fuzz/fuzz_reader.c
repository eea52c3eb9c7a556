/* fuzz_reader.c: libFuzzer target for the plain-text reader. Any bytes must
 * either be refused with an error value or become a document whose tree
 * passes the checker and whose every string is clean UTF-8: the promise all
 * writers rely on (no C0 control reaches XML). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "fuzz.h"
#include "node.h"
#include "utf8.h"

static void check_clean(const char *s, const char *what)
{
    if (!s)
        return;
    size_t n = strlen(s);
    if (!nc_utf8_valid(s, n))
        nc_fuzz_die("%s is not valid UTF-8", what);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* Leaf text holds no line ends; metadata neither. A tab is the one
         * control character the reader keeps. */
        if (c < 0x20 && c != '\t')
            nc_fuzz_die("%s holds control character 0x%02X", what, c);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nc_document *doc = nc_fuzz_read(data, size);
    if (!doc)
        return 0;
    if (nc_node_check(nc_document_body(doc), NULL) != 0)
        nc_fuzz_die("the reader built a tree the checker refuses");
    for (const nc_meta_key *k = nc_meta_keys; k->key; k++)
        for (size_t i = 0; i < nc_meta_count(doc, k->key); i++)
            check_clean(nc_meta_item(doc, k->key, i), k->key);
    check_clean(nc_meta_get(doc, "title"), "title");
    nc_iter it;
    nc_iter_init(&it, nc_document_body(doc));
    while (nc_iter_next(&it) != NC_EVENT_DONE) {
        if (it.event != NC_EVENT_ENTER)
            continue;
        check_clean(nc_node_text(it.node), "text");
        check_clean(nc_node_url(it.node), "url");
    }
    nc_document_free(doc);
    return 0;
}
