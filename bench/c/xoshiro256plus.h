/*
 * xoshiro256+ 1.0 (Blackman & Vigna) seeded by SplitMix64, and uniforms strictly inside
 * (0, 1) from its top 53 bits: the random numbers of the C baselines in bench/c.
 */
#ifndef EDGECALC_BENCH_XOSHIRO256PLUS_H
#define EDGECALC_BENCH_XOSHIRO256PLUS_H
#include <stdint.h>

static uint64_t s[4];

static inline uint64_t rotl(const uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t next(void) {
  const uint64_t result = s[0] + s[3];
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* A uniform strictly inside (0, 1) from the top 53 bits. */
static inline double uniform(void) { return ((next() >> 11) + 0.5) * 0x1.0p-53; }

#endif
