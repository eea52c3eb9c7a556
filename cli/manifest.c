/* manifest.c: --manifest, one JSON line per output written, in input order
 * and then format order, whatever the order the threads finished in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "shown.h"

int cli_write_manifest(cli *c, const job *jobs, size_t n_jobs, int guarded)
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
        /* A name that is not UTF-8 cannot be a JSON string as it is: see
         * shown.h for how it is written; "escaped" says so. */
        int escaped = 0;
        fputs("{\"input\": ", lines);
        cli_json_name(lines, j->input, &escaped);
        fputs(", \"format\": ", lines);
        cli_json_name(lines, c->writers[j->writer]->name, &escaped);
        fputs(", \"output\": ", lines);
        cli_json_name(lines, j->output ? j->output : "-", &escaped);
        fprintf(lines, ", \"bytes\": %zu, \"sha256\": \"%s\"%s}\n", j->bytes, j->sha256,
                escaped ? ", \"escaped\": true" : "");
    }
    if (fclose(lines) != 0) {
        free(text);
        return EXIT_INTERNAL;
    }
    nc_error err;
    nc_sink *sink = strcmp(c->manifest, "-") == 0 ? nc_sink_new_fd(STDOUT_FILENO)
                    : guarded ? cli_signals_new_path(&c->signals, c->manifest, &err)
                              : nc_sink_new_path(c->manifest, &err);
    if (!sink) {
        free(text);
        cli_say(c, "%s: %s", c->manifest, err.message);
        return EXIT_OUTPUT;
    }
    nc_sink_write(sink, text, len);
    free(text);
    nc_status rc = guarded ? cli_signals_finish(&c->signals, sink, &err, NULL, NULL)
                           : nc_sink_finish(sink, &err);
    if (guarded)
        cli_signals_free(&c->signals, sink);
    else
        nc_sink_free(sink);
    if (rc != NC_OK) {
        cli_say(c, "%s: %s", c->manifest, err.message);
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}
