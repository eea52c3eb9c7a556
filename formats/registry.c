/* registry.c: the one table of built-in writers. A new format is a file in
 * formats/ plus one row here; the CLI and library callers both read it. */
#include <string.h>

#include "formats.h"

static const nc_writer *const registry[] = {
    &nc_writer_markdown,
    &nc_writer_json,
    &nc_writer_docbook,
    &nc_writer_html,
    &nc_writer_epub,
    &nc_writer_pdf,
    &nc_writer_ninjs,
    &nc_writer_newsml,
    NULL,
};

const nc_writer *const *nc_writers(void) { return registry; }

const nc_writer *nc_writer_find(const char *name)
{
    if (!name)
        return NULL;
    for (const nc_writer *const *w = registry; *w; w++) {
        if (strcmp((*w)->name, name) == 0)
            return *w;
        for (const char *const *a = (*w)->aliases; a && *a; a++)
            if (strcmp(*a, name) == 0)
                return *w;
    }
    return NULL;
}
