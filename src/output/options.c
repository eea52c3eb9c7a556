/* options.c: writer options, and the option tables writers declare them in.
 * A value is checked here once, by its kind, so that every writer and every
 * front end takes the same spellings. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "newsconv.h"

void nc_writer_options_init(nc_writer_options *opts)
{
    *opts = (nc_writer_options){
        .struct_size = sizeof *opts,
        .timestamp = (time_t)-1,
    };
}

const char *nc_writer_option(const nc_writer_options *opts, const char *key)
{
    if (!opts || !key)
        return NULL;
    const char *found = NULL;
    for (size_t i = 0; i < opts->n_options; i++) /* the last one given wins */
        if (opts->options[i].key && strcmp(opts->options[i].key, key) == 0)
            found = opts->options[i].value ? opts->options[i].value : "";
    return found;
}

/* The table, when the writer is recent enough to have one. */
static const nc_option_spec *specs_of(const nc_writer *w)
{
    if (!w || w->struct_size < offsetof(nc_writer, option_specs) + sizeof w->option_specs)
        return NULL;
    return w->option_specs;
}

const nc_option_spec *nc_writer_option_spec(const nc_writer *writer, const char *key)
{
    if (!key)
        return NULL;
    for (const nc_option_spec *s = specs_of(writer); s && s->key; s++)
        if (strcmp(s->key, key) == 0)
            return s;
    return NULL;
}

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

static int same_ignoring_case(const char *a, const char *b)
{
    for (; *a || *b; a++, b++)
        if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
            return 0;
    return 1;
}

/* The value of an INT or NUMBER as written: digits without a leading zero,
 * then for a NUMBER an optional '.' and digits. At most 15 digits, so that
 * digits / 10^k, both exact in a double, is the correctly rounded value,
 * whatever the locale says a decimal point is. NaN when it is not one. */
static double parse_decimal(const char *v, int fraction)
{
    double digits = 0, scale = 1;
    int n = 0, int_digits = 0;
    const char *p = v;
    for (; *p >= '0' && *p <= '9'; p++, n++, int_digits++)
        digits = digits * 10 + (*p - '0');
    if (int_digits == 0 || (int_digits > 1 && v[0] == '0'))
        return NAN;
    if (fraction && *p == '.') {
        const char *start = ++p;
        for (; *p >= '0' && *p <= '9'; p++, n++, scale *= 10)
            digits = digits * 10 + (*p - '0');
        if (p == start)
            return NAN;
    }
    if (*p || n > 15)
        return NAN;
    return digits / scale;
}

/* The value as a number (see nc_writer_option_number), NaN when the kind
 * does not take it. */
static double value_of(const nc_option_spec *spec, const char *v)
{
    switch (spec->kind) {
    case NC_OPTION_BOOL:
        if (!*v || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "1") == 0)
            return 1;
        if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 || strcmp(v, "0") == 0)
            return 0;
        return NAN;
    case NC_OPTION_INT:
    case NC_OPTION_NUMBER: {
        double d = parse_decimal(v, spec->kind == NC_OPTION_NUMBER);
        return d >= spec->min && d <= spec->max ? d : NAN;
    }
    case NC_OPTION_CHOICE:
        for (size_t i = 0; spec->choices && spec->choices[i]; i++)
            if (same_ignoring_case(v, spec->choices[i]))
                return (double)i;
        return NAN;
    case NC_OPTION_TEXT:
        break;
    }
    return NAN;
}

nc_status nc_option_check(const nc_option_spec *spec, const char *value, nc_error *err)
{
    if (!spec || !spec->key)
        return nc_error_set(err, NC_ERR_ARGUMENT, "nc_option_check needs an option");
    if (!value || spec->kind == NC_OPTION_TEXT || !isnan(value_of(spec, value)))
        return NC_OK;
    char expected[256] = "";
    size_t len = 0;
    if (spec->kind == NC_OPTION_BOOL)
        snprintf(expected, sizeof expected, "true or false");
    else if (spec->kind == NC_OPTION_INT || spec->kind == NC_OPTION_NUMBER)
        snprintf(expected, sizeof expected, "%s from %.15g to %.15g",
                 spec->kind == NC_OPTION_INT ? "a whole number" : "a number", spec->min, spec->max);
    else
        for (size_t i = 0; spec->choices && spec->choices[i] && len < sizeof expected; i++)
            len += (size_t)snprintf(expected + len, sizeof expected - len, "%s%s",
                                    i == 0 ? "" : spec->choices[i + 1] ? ", " : " or ",
                                    spec->choices[i]);
    return nc_error_set(err, NC_ERR_OPTION, "bad value '%s' for option '%s' (expected %s)", value,
                        spec->key, expected);
}

double nc_option_number(const nc_option_spec *spec, const nc_writer_options *opts)
{
    if (!spec || !spec->key)
        return NAN;
    const char *v = nc_writer_option(opts, spec->key);
    if (!v)
        v = spec->default_value ? spec->default_value : "";
    return value_of(spec, v);
}

double nc_writer_option_number(const nc_writer *writer, const nc_writer_options *opts,
                               const char *key)
{
    return nc_option_number(nc_writer_option_spec(writer, key), opts);
}
