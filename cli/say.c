/* say.c: the command's messages on stderr, each one whole line: the
 * lowest room of the CLI, used by all the others. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "shown.h"

int cli_fail_usage(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    char *shown = cli_shown(line); /* an argument may hold anything */
    fprintf(stderr, "newsconv: %s (try 'newsconv --help')\n", shown ? shown : "out of memory");
    free(shown);
    return EXIT_USAGE;
}

void cli_say(cli *c, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* Names in it are bytes from the command line or the file system: a
     * newline or an escape sequence must not reach the terminal or the log. */
    char *shown = cli_shown(line);
    pthread_mutex_lock(&c->lock);
    /* The progress line is redrawn after; clear it so the message stands alone. */
    fprintf(stderr, "%snewsconv: %s\n", c->progress ? "\r\033[K" : "",
            shown ? shown : "out of memory");
    pthread_mutex_unlock(&c->lock);
    free(shown);
}
