/* replay.c: a main() for the fuzz targets in builds without libFuzzer (gcc,
 * the ASan build): runs the target once on each file named, so that the
 * seed corpora and every past finding under tests/regress/ are replayed by
 * the ordinary test suite. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "rb");
        if (!fp) {
            perror(argv[i]);
            return 2;
        }
        size_t cap = 1 << 16, n = 0, got;
        uint8_t *buf = malloc(cap);
        while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
            n += got;
            if (n == cap) {
                uint8_t *g = realloc(buf, cap *= 2);
                if (!g)
                    free(buf);
                buf = g;
            }
        }
        fclose(fp);
        if (!buf) {
            fputs("replay: out of memory\n", stderr);
            return 2;
        }
        LLVMFuzzerTestOneInput(buf, n);
        free(buf);
    }
    printf("replayed %d inputs\n", argc - 1);
    return 0;
}
