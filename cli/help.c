/* help.c: --help and --list-formats. The format options and their
 * shorthands are written from the writers' own tables, so a writer's new
 * option shows here without an edit. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define NC_STRINGIFY_(x) #x
#define NC_STRINGIFY(x) NC_STRINGIFY_(x)

void cli_option_values(const nc_option_spec *spec, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    switch (spec->kind) {
    case NC_OPTION_BOOL: snprintf(out, size, "true|false"); break;
    case NC_OPTION_INT:
    case NC_OPTION_NUMBER: snprintf(out, size, "%.15g..%.15g", spec->min, spec->max); break;
    case NC_OPTION_CHOICE:
        for (size_t i = 0; spec->choices && spec->choices[i] && len < size; i++)
            len += (size_t)snprintf(out + len, size - len, "%s%s", i ? "|" : "", spec->choices[i]);
        break;
    case NC_OPTION_TEXT: snprintf(out, size, "TEXT"); break;
    }
}

static int same_text(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* Two writers' entries that read the same to a user: listed once. */
static int same_option(const nc_option_spec *a, const nc_option_spec *b)
{
    char va[256], vb[256];
    cli_option_values(a, va, sizeof va);
    cli_option_values(b, vb, sizeof vb);
    return strcmp(a->key, b->key) == 0 && strcmp(va, vb) == 0 &&
           same_text(a->default_value, b->default_value) && same_text(a->help, b->help) &&
           same_text(a->alias, b->alias);
}

/* Whether an entry that reads like s comes before s in registry order. */
static int listed_before(const nc_option_spec *s)
{
    for (const nc_writer *const *o = nc_writers(); *o; o++)
        for (const nc_option_spec *t = (*o)->option_specs; t && t->key; t++) {
            if (t == s)
                return 0;
            if (same_option(t, s))
                return 1;
        }
    return 0;
}

/* "  -W KEY=VALUES (FORMATS; default D; or --ALIAS)" and the help below it,
 * once for the formats whose entries read the same. */
static void usage_format_options(FILE *to)
{
    for (const nc_writer *const *w = nc_writers(); *w; w++)
        for (const nc_option_spec *s = (*w)->option_specs; s && s->key; s++) {
            if (listed_before(s))
                continue;
            char values[256];
            cli_option_values(s, values, sizeof values);
            fprintf(to, "  -W %s=%s (%s", s->key, values, (*w)->name);
            for (const nc_writer *const *o = w + 1; *o; o++) {
                const nc_option_spec *t = nc_writer_option_spec(*o, s->key);
                if (t && same_option(t, s))
                    fprintf(to, ", %s", (*o)->name);
            }
            if (s->default_value)
                fprintf(to, "; default %s", s->default_value);
            if (s->alias)
                fprintf(to, "; or --%s%s", s->alias, s->kind == NC_OPTION_BOOL ? "" : " VALUE");
            fprintf(to, ")\n                          %s\n", s->help ? s->help : "");
        }
}

void cli_usage(FILE *to)
{
    fputs("Usage: newsconv -t FORMAT[,FORMAT...] [-o PATH] [options] FILE...\n"
          "Converts plain-text news articles to EPUB, PDF, DocBook, Markdown and more.\n"
          "\n"
          "  -t, --to FORMATS        output formats, comma-separated, or 'all'\n"
          "  -o, --output PATH       one output: the file (or '-' for standard output);\n"
          "                          several outputs, or PATH ending in '/' or an existing\n"
          "                          folder: the folder (created when missing), holding\n"
          "                          BASENAME.EXT for each input and format\n"
          "                          (default: BASENAME.EXT in the current folder)\n"
          "  -M, --metadata KEY=VAL  set a metadata field (title, kicker, subtitle, author,\n"
          "                          date, lang, publisher, source, identifier,\n"
          "                          description, subject, keyword, image, image-alt,\n"
          "                          cover-image, credit); a kicker that does not end\n"
          "                          in a dash or a space is joined to the title with\n"
          "                          ' - ' (EXCLUSIVE), or ' ' after other punctuation\n"
          "      --resource-path DIRS  folders (':'-separated) that image paths in an\n"
          "                          article may lead into besides its own folder\n"
          "      --lang TAG          the language (BCP 47); default: -M lang, else the\n"
          "                          front matter, else detected from the text when it\n"
          "                          has " NC_STRINGIFY(NC_LANG_DETECT_MIN_LETTERS) " letters or more, else en; -t json says\n"
          "                          which (meta lang-source)\n"
          "      --encoding NAME     the input encoding; default: detect\n"
          "      --no-smart          keep straight quotes, -- and ...\n"
          "      --max-input BYTES   refuse larger inputs (default 256M; 0: no limit)\n"
          "  -W, --writer-option KEY=VAL\n"
          "                          a format option (listed below), given to the formats\n"
          "                          that have it\n"
          "  -j, --jobs N            convert N inputs at once (default: the number of\n"
          "                          cores); the outputs are the same for every N\n"
          "      --manifest FILE     write one JSON line per output: input, format,\n"
          "                          output, bytes, sha256; in input order, then format\n"
          "                          order, whatever -j is\n"
          "      --fail-fast         stop at the first input that fails\n"
          "      --keep-folders      write DIR/SUB/BASENAME.EXT, SUB being the input's folder\n"
          "                          below the folder all inputs share\n"
          "  -q, --quiet             no warnings, no progress line\n"
          "  -v, --verbose           name each output as it is written\n"
          "      --list-formats      list the output formats and exit\n"
          "      --version           print the version and exit\n"
          "  -h, --help              print this help and exit\n"
          "\n"
          "Format options:\n",
          to);
    usage_format_options(to);
    fputs("\n"
          "FILE '-' reads standard input; its output goes to standard output unless -o\n"
          "names a file or folder. Two inputs whose outputs would have the same name\n"
          "(a/x.txt and b/x.txt into one folder) are refused before anything is written,\n"
          "unless --keep-folders keeps them apart (DIR/a/x.EXT, DIR/b/x.EXT). A failing\n"
          "input does not stop the others (unless --fail-fast); on a terminal a progress\n"
          "line shows on stderr. Outputs are written to a temporary file and\n"
          "renamed into place only when complete. SOURCE_DATE_EPOCH fixes the timestamps\n"
          "of outputs whose article has no date.\n"
          "\n"
          "Exit codes: 0 success; 1 internal error; 2 usage error; 3 unreadable or unusable\n"
          "input; 4 output could not be written; 5 several inputs, some failed (the\n"
          "others were converted).\n",
          to);
}

/* One line a format: names, extension, description, and the keys of its
 * format options (scripts read the first word of each line). */
void cli_list_formats(FILE *to)
{
    for (const nc_writer *const *w = nc_writers(); *w; w++) {
        char names[128];
        int len = snprintf(names, sizeof names, "%s", (*w)->name);
        for (const char *const *a = (*w)->aliases; a && *a && len < (int)sizeof names; a++)
            len += snprintf(names + len, sizeof names - (size_t)len, ", %s", *a);
        fprintf(to, "%-24s .%-10s %s", names, (*w)->extension, (*w)->description);
        for (const nc_option_spec *s = (*w)->option_specs; s && s->key; s++)
            fprintf(to, "%s%s", s == (*w)->option_specs ? "; -W " : ", ", s->key);
        fputc('\n', to);
    }
}
