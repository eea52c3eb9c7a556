/* sha256.h: SHA-256 (FIPS 180-4), the project's one hash: content-derived
 * identifiers (EPUB's urn:uuid) and the batch manifest's checksums. */
#ifndef NC_SHA256_H
#define NC_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct nc_sha256 {
    uint32_t h[8];
    uint64_t length;        /* bytes hashed so far */
    unsigned char block[64];
    size_t used;            /* bytes waiting in block */
    int sha_ni;             /* the processor has the x86 SHA instructions */
} nc_sha256;

void nc_sha256_init(nc_sha256 *ctx);
void nc_sha256_update(nc_sha256 *ctx, const void *data, size_t size);
void nc_sha256_final(nc_sha256 *ctx, unsigned char digest[32]);
/* digest as 64 lowercase hex digits and a NUL. */
void nc_sha256_hex(const unsigned char digest[32], char hex[65]);

#endif
