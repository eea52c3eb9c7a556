/* wopts.c: format options on the command line. The writers' tables say
 * which writer takes which key and what values; the command checks every
 * given option against them before it converts anything, and hands each
 * writer only the options it declares. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Appends key=value (copied key) to the given options. */
static int add_option(cli_wopts *w, char *key, const char *value)
{
    nc_option *grown = realloc(w->given, (w->n_given + 1) * sizeof *grown);
    if (!grown) {
        free(key);
        return EXIT_INTERNAL;
    }
    w->given = grown;
    w->given[w->n_given++] = (nc_option){.key = key, .value = value};
    return EXIT_OK;
}

int cli_wopts_add(cli_wopts *w, const char *arg, const char *flag)
{
    const char *eq = strchr(arg, '=');
    if (eq == arg || !*arg)
        return cli_fail_usage("%s needs KEY=VALUE, not '%s'", flag, arg);
    char *key = eq ? strndup(arg, (size_t)(eq - arg)) : strdup(arg);
    if (!key)
        return EXIT_INTERNAL;
    return add_option(w, key, eq ? eq + 1 : "");
}

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
    u->rc = key ? add_option(u->w, key, u->value ? u->value : "true") : EXIT_INTERNAL;
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
    for (size_t i = 0; i < w->n_given; i++) {
        int rc = check_option(&w->given[i]);
        if (rc != EXIT_OK)
            return rc;
    }
    /* An option that only formats not asked for declare is theirs: -t all
     * and -t md can share one command line. */
    for (size_t f = 0; f < c->n_writers; f++) {
        w->of[f] = w->n_given ? calloc(w->n_given, sizeof *w->of[f]) : NULL;
        if (w->n_given && !w->of[f])
            return EXIT_INTERNAL;
        for (size_t i = 0; i < w->n_given; i++)
            if (nc_writer_option_spec(c->writers[f], w->given[i].key))
                w->of[f][w->n_of[f]++] = w->given[i];
    }
    return EXIT_OK;
}

void cli_wopts_free(cli_wopts *w)
{
    for (size_t i = 0; i < w->n_given; i++)
        free((char *)w->given[i].key);
    free(w->given);
    for (size_t f = 0; f < CLI_MAX_WRITERS; f++)
        free(w->of[f]);
}
