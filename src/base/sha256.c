#include "sha256.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define NC_SHA_NI 1
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

/* One round with the working variables named in place rather than shifted
 * down a slot each time: eight rounds in a row cycle the names, so the
 * compiler keeps them in registers (twice as fast as the textbook loop). */
#define S0(x) (ror(x, 2) ^ ror(x, 13) ^ ror(x, 22))
#define S1(x) (ror(x, 6) ^ ror(x, 11) ^ ror(x, 25))
#define ROUND(a, b, c, d, e, f, g, h, i)                                   \
    do {                                                                   \
        uint32_t t1 = h + S1(e) + ((e & f) ^ (~e & g)) + K[i] + w[i];      \
        d += t1;                                                           \
        h = t1 + S0(a) + ((a & b) ^ (a & c) ^ (b & c));                    \
    } while (0)

static void compress(uint32_t hash[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = hash[0], b = hash[1], c = hash[2], d = hash[3];
    uint32_t e = hash[4], f = hash[5], g = hash[6], h = hash[7];
    for (int i = 0; i < 64; i += 8) {
        ROUND(a, b, c, d, e, f, g, h, i);
        ROUND(h, a, b, c, d, e, f, g, i + 1);
        ROUND(g, h, a, b, c, d, e, f, i + 2);
        ROUND(f, g, h, a, b, c, d, e, i + 3);
        ROUND(e, f, g, h, a, b, c, d, i + 4);
        ROUND(d, e, f, g, h, a, b, c, i + 5);
        ROUND(c, d, e, f, g, h, a, b, i + 6);
        ROUND(b, c, d, e, f, g, h, a, i + 7);
    }
    hash[0] += a, hash[1] += b, hash[2] += c, hash[3] += d;
    hash[4] += e, hash[5] += f, hash[6] += g, hash[7] += h;
}

#ifdef NC_SHA_NI
/* The same compression with the x86 SHA extensions, about five times
 * faster (a 1 MB article's content hash was two thirds of the NewsML-G2
 * writer's instructions). The state lives in two registers as the
 * instructions want it, ABEF and CDGH; each step does four rounds, and from
 * the fifth on makes the next four message words from the last sixteen. */
__attribute__((target("sha,sse4.1"))) static void compress_ni(uint32_t hash[8],
                                                               const unsigned char *p)
{
    const __m128i be = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)hash);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)(hash + 4));
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    const __m128i abef0 = abef, cdgh0 = cdgh;
    __m128i m[4];
    for (int i = 0; i < 16; i++) {
        __m128i w;
        if (i < 4) {
            w = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), be);
        } else {
            w = _mm_sha256msg1_epu32(m[i & 3], m[(i + 1) & 3]);
            w = _mm_add_epi32(w, _mm_alignr_epi8(m[(i + 3) & 3], m[(i + 2) & 3], 4));
            w = _mm_sha256msg2_epu32(w, m[(i + 3) & 3]);
        }
        m[i & 3] = w;
        __m128i wk = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)(K + 4 * i)));
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
    }
    abef = _mm_add_epi32(abef, abef0);
    cdgh = _mm_add_epi32(cdgh, cdgh0);
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)hash, _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)(hash + 4), _mm_alignr_epi8(dchg, feba, 8));
}

/* Asked of the processor once per hash, not at start-up: a cpuid costs
 * microseconds in a virtual machine, and most runs hash nothing. */
static int have_sha_ni(void)
{
    unsigned a, b, c, d;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29)) &&
           __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 19));
}
#endif

static void compress_block(const nc_sha256 *ctx, uint32_t hash[8], const unsigned char *p)
{
#ifdef NC_SHA_NI
    if (ctx->sha_ni) {
        compress_ni(hash, p);
        return;
    }
#endif
    (void)ctx;
    compress(hash, p);
}

void nc_sha256_init(nc_sha256 *ctx)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(ctx->h, iv, sizeof iv);
    ctx->length = 0;
    ctx->used = 0;
#ifdef NC_SHA_NI
    ctx->sha_ni = have_sha_ni();
#else
    ctx->sha_ni = 0;
#endif
}

void nc_sha256_update(nc_sha256 *ctx, const void *data, size_t size)
{
    const unsigned char *p = data;
    ctx->length += size;
    if (ctx->used) {
        size_t take = 64 - ctx->used < size ? 64 - ctx->used : size;
        memcpy(ctx->block + ctx->used, p, take);
        ctx->used += take;
        p += take;
        size -= take;
        if (ctx->used < 64)
            return;
        compress_block(ctx, ctx->h, ctx->block);
        ctx->used = 0;
    }
    for (; size >= 64; p += 64, size -= 64)
        compress_block(ctx, ctx->h, p);
    memcpy(ctx->block, p, size);
    ctx->used = size;
}

void nc_sha256_final(nc_sha256 *ctx, unsigned char digest[32])
{
    uint64_t bits = ctx->length * 8;
    unsigned char pad[72] = {0x80};
    size_t padlen = ctx->used < 56 ? 56 - ctx->used : 120 - ctx->used;
    for (int i = 0; i < 8; i++)
        pad[padlen + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
    nc_sha256_update(ctx, pad, padlen + 8);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (unsigned char)(ctx->h[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(ctx->h[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(ctx->h[i] >> 8);
        digest[4 * i + 3] = (unsigned char)ctx->h[i];
    }
}

void nc_sha256_hex(const unsigned char digest[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}
