/*
 * Reference 3-stage store-and-forward FIFO tandem for bench/requests.bench.mjs: Poisson
 * arrivals, exponential services (−log(u) from xoshiro256+), the departure recursion
 * d_i = max(d_{i−1}, last_i) + s_i per stage, and the statistics simulateRequests keeps in
 * its means-only run (per stage Σ service, Σ wait, number that waited; end-to-end Σ T).
 * Compiled by the benchmark into a temp dir with gcc -O2 (never committed).
 *
 * usage: tandem <requests> <lambda> <mean1> <mean2> <mean3> <seed>
 *        → prints "requests wallSeconds meanT cpuSeconds"
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "xoshiro256plus.h"

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000000L;
  double lambda = argc > 2 ? atof(argv[2]) : 0.8;
  double m[3];
  for (int i = 0; i < 3; i++) m[i] = argc > 3 + i ? atof(argv[3 + i]) : 1.0;
  uint64_t seed = argc > 6 ? strtoull(argv[6], 0, 10) : 1;
  for (int i = 0; i < 4; i++) s[i] = splitmix64(&seed);
  struct timespec t0, t1, c0, c1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
  double inv = 1 / lambda, clock = 0, last[3] = {0, 0, 0};
  double sumS[3] = {0, 0, 0}, sumW[3] = {0, 0, 0}, queued[3] = {0, 0, 0}, sumT = 0;
  for (long k = 0; k < n; k++) {
    clock += -log(uniform()) * inv;
    double a = clock;
    for (int i = 0; i < 3; i++) {
      double S = -log(uniform()) * m[i];
      double start = a > last[i] ? a : last[i];
      double W = start - a;
      last[i] = start + S;
      a = last[i];
      sumS[i] += S;
      sumW[i] += W;
      if (W > 0) queued[i]++;
    }
    sumT += a - clock;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  double sec = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  double cpu = (c1.tv_sec - c0.tv_sec) + 1e-9 * (c1.tv_nsec - c0.tv_nsec);
  /* The per-stage sums are printed to stderr so the compiler cannot drop them. */
  fprintf(stderr, "%g %g %g %g %g %g %g %g %g\n", sumS[0], sumS[1], sumS[2], sumW[0], sumW[1], sumW[2], queued[0], queued[1], queued[2]);
  printf("%ld %.6f %.6f %.6f\n", n, sec, sumT / n, cpu);
  return 0;
}
