/* wopts.c: format options on the command line. The writers' tables say
 * which writer takes which key and what values; the command checks every
 * given option against them before it converts anything, and hands each
 * writer only the options it declares. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Calls fn for each distinct shorthand of the built-in writers' tables, in
 * registry order, until it returns non-zero; returns that, or 0. */
static int each_alias(int (*fn)(const nc_option_spec *spec, size_t i, void *data), void *data)
{
    size_t n = 0;
    for (const nc_writer *const *w = nc_writers(); *w; w++)
        for (const nc_option_spec *s = (*w)->option_specs; s && s->key; s++) {
            if (!s->alias)
                continue;
            int seen = 0;
            for (const nc_writer *const *o = nc_writers(); o != w && !seen; o++)
                for (const nc_option_spec *t = (*o)->option_specs; t && t->key && !seen; t++)
                    seen = t->alias && strcmp(t->alias, s->alias) == 0;
            for (const nc_option_spec *t = (*w)->option_specs; t != s && !seen; t++)
                seen = t->alias && strcmp(t->alias, s->alias) == 0;
            if (seen)
                continue;
            int rc = fn(s, n++, data);
            if (rc)
                return rc;
        }
    return 0;
}

typedef struct alias_table {
    struct option *out;
    size_t max, n;
    int first_val;
} alias_table;

static int put_alias(const nc_option_spec *spec, size_t i, void *data)
{
    alias_table *t = data;
    if (t->n == t->max)
        return 1;
    t->out[t->n++] = (struct option){
        .name = spec->alias,
        .has_arg = spec->kind == NC_OPTION_BOOL ? no_argument : required_argument,
        .val = t->first_val + (int)i,
    };
    return 0;
}

size_t cli_alias_options(struct option *out, size_t max, int first_val)
{
    alias_table t = {.out = out, .max = max, .first_val = first_val};
    each_alias(put_alias, &t);
    return t.n;
}

typedef struct alias_use {
    cli_wopts *w;
    size_t wanted;
    const char *value;
    int rc;
} alias_use;

static int use_alias(const nc_option_spec *spec, size_t i, void *data)
{
    alias_use *u = data;
    if (i != u->wanted)
        return 0;
    char *key = strdup(spec->key);
    /* A BOOL shorthand is given alone: it means true. */
    u->rc = key ? cli_pairs_put(&u->w->given, key, u->value ? u->value : "true") : EXIT_INTERNAL;
    return 1;
}

int cli_wopts_add_alias(cli_wopts *w, size_t i, const char *value)
{
    alias_use u = {.w = w, .wanted = i, .value = value, .rc = EXIT_INTERNAL};
    each_alias(use_alias, &u);
    return u.rc;
}

/* Checks one given option against every built-in writer that declares it. */
static int check_option(const nc_option *o)
{
    int declared = 0;
    for (const nc_writer *const *w = nc_writers(); *w; w++) {
        const nc_option_spec *spec = nc_writer_option_spec(*w, o->key);
        if (!spec)
            continue;
        declared = 1;
        nc_error err;
        if (nc_option_check(spec, o->value, &err) != NC_OK)
            return cli_fail_usage("%s", err.message);
    }
    if (!declared)
        return cli_fail_usage("unknown writer option '%s'", o->key);
    return EXIT_OK;
}

int cli_wopts_route(cli *c)
{
    cli_wopts *w = &c->wopts;
    for (size_t i = 0; i < w->given.n; i++) {
        int rc = check_option(&w->given.v[i]);
        if (rc != EXIT_OK)
            return rc;
    }
    /* An option that only formats not asked for declare is theirs: -t all
     * and -t md can share one command line. */
    for (size_t f = 0; f < c->n_writers; f++) {
        w->of[f] = w->given.n ? calloc(w->given.n, sizeof *w->of[f]) : NULL;
        if (w->given.n && !w->of[f])
            return EXIT_INTERNAL;
        for (size_t i = 0; i < w->given.n; i++)
            if (nc_writer_option_spec(c->writers[f], w->given.v[i].key))
                w->of[f][w->n_of[f]++] = w->given.v[i];
    }
    return EXIT_OK;
}

void cli_wopts_free(cli_wopts *w)
{
    cli_pairs_free(&w->given);
    for (size_t f = 0; f < CLI_MAX_WRITERS; f++)
        free(w->of[f]);
}
