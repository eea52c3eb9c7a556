/* manifest.c: --manifest, one JSON line per output written, in input order
 * and then format order, whatever the order the threads finished in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* s as a JSON string: quotes, backslashes and control characters escaped;
 * other bytes (UTF-8 or not) as they are, as the library's JSON does. */
static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (ch < 0x20 || ch == 0x7F)
                fprintf(out, "\\u%04x", ch);
            else
                fputc(ch, out);
        }
    }
    fputc('"', out);
}

int cli_write_manifest(cli *c, const job *jobs, size_t n_jobs)
{
    char *text = NULL;
    size_t len = 0;
    FILE *lines = open_memstream(&text, &len);
    if (!lines)
        return EXIT_INTERNAL;
    for (size_t i = 0; i < n_jobs; i++) {
        const job *j = &jobs[i];
        if (!j->written)
            continue;
        fputs("{\"input\": ", lines);
        json_string(lines, j->input);
        fputs(", \"format\": ", lines);
        json_string(lines, c->writers[j->writer]->name);
        fputs(", \"output\": ", lines);
        json_string(lines, j->output ? j->output : "-");
        fprintf(lines, ", \"bytes\": %zu, \"sha256\": \"%s\"}\n", j->bytes, j->sha256);
    }
    if (fclose(lines) != 0) {
        free(text);
        return EXIT_INTERNAL;
    }
    nc_error err;
    nc_sink *sink = strcmp(c->manifest, "-") == 0 ? nc_sink_new_fd(STDOUT_FILENO)
                                                  : nc_sink_new_path(c->manifest, &err);
    if (!sink) {
        free(text);
        cli_say(c, "%s: %s", c->manifest, err.message);
        return EXIT_OUTPUT;
    }
    nc_sink_write(sink, text, len);
    free(text);
    nc_status rc = nc_sink_finish(sink, &err);
    nc_sink_free(sink);
    if (rc != NC_OK) {
        cli_say(c, "%s: %s", c->manifest, err.message);
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}
