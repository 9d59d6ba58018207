/*
 * Reference M/M/1 Lindley loop for bench/sim.bench.mjs: xoshiro256+ uniforms, −log(u)
 * exponentials, the same recursion W' = max(0, W + S − A) and the same statistic (mean
 * waiting time). Compiled by the benchmark into a temp dir with gcc -O2 (never committed).
 *
 * usage: lindley <customers> <lambda> <seed>   → prints "customers wallSeconds meanWait cpuSeconds"
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "xoshiro256plus.h"

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000000L;
  double lambda = argc > 2 ? atof(argv[2]) : 0.8;
  uint64_t seed = argc > 3 ? strtoull(argv[3], 0, 10) : 1;
  for (int i = 0; i < 4; i++) s[i] = splitmix64(&seed);
  struct timespec t0, t1, c0, c1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
  double w = 0, sum = 0, inv = 1 / lambda;
  for (long i = 0; i < n; i++) {
    double S = -log(uniform());
    double A = -log(uniform()) * inv;
    sum += w;
    w = w + S - A;
    if (w < 0) w = 0;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  double sec = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  double cpu = (c1.tv_sec - c0.tv_sec) + 1e-9 * (c1.tv_nsec - c0.tv_nsec);
  printf("%ld %.6f %.6f %.6f\n", n, sec, sum / n, cpu);
  return 0;
}
