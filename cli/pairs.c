/* pairs.c: KEY=VALUE lists of the command line (-M, -W), grown
 * geometrically; the keys are copies, the values point into argv. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_pairs_put(cli_pairs *p, char *key, const char *value)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        nc_option *v = realloc(p->v, cap * sizeof *v);
        if (!v) {
            free(key);
            return EXIT_INTERNAL;
        }
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = (nc_option){.key = key, .value = value};
    return EXIT_OK;
}

int cli_pairs_add(cli_pairs *p, const char *arg, const char *flag)
{
    const char *eq = strchr(arg, '=');
    if (eq == arg || !*arg)
        return cli_fail_usage("%s needs KEY=VALUE, not '%s'", flag, arg);
    char *key = eq ? strndup(arg, (size_t)(eq - arg)) : strdup(arg);
    if (!key)
        return EXIT_INTERNAL;
    return cli_pairs_put(p, key, eq ? eq + 1 : "");
}

void cli_pairs_free(cli_pairs *p)
{
    for (size_t i = 0; i < p->n; i++)
        free((char *)p->v[i].key);
    free(p->v);
    *p = (cli_pairs){0};
}
