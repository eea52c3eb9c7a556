/* xorshift.h: the PDF tests' pseudo-random numbers: the same sequence on
 * every run and machine, so a failure can be replayed. */
#ifndef NC_TEST_XORSHIFT_H
#define NC_TEST_XORSHIFT_H

#include <stdint.h>

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint32_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

#endif
