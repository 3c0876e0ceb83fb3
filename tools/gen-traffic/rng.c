/*
 * rng.c: the generator's only source of randomness.  A fixed algorithm
 * (splitmix64) instead of random(3), so a seed gives the same capture on
 * every platform and libc.
 */
#include <math.h>
#include <stdint.h>

#include "compat.h"

#include "gen-traffic.h"

static uint64_t	rng_state;

void
rng_seed(uint64_t seed)
{
	rng_state = seed;
}

uint64_t
rng_next(void)
{
	uint64_t z;

	z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

/* Uniform in [lo, hi]; the modulo bias is irrelevant for test traffic. */
uint32_t
rng_range(uint32_t lo, uint32_t hi)
{
	if (hi <= lo)
		return (lo);
	return (lo + (uint32_t)(rng_next() % ((uint64_t)hi - lo + 1)));
}

/* True with probability pct/100. */
int
rng_chance(uint32_t pct)
{
	return (rng_range(0, 99) < pct);
}

/*
 * Pareto with x_m = 1 and shape 4/3, capped: n = U^(-3/4).  Only sqrt
 * is used, which IEEE 754 rounds exactly, so the draw does not depend on
 * the libm at hand (pow() would).
 */
uint32_t
rng_pareto(uint32_t cap)
{
	double u, x;

	u = (double)((rng_next() >> 11) + 1) / 9007199254740992.0;
	x = 1.0 / (sqrt(u) * sqrt(sqrt(u)));
	if (x >= (double)cap)
		return (cap);
	return ((uint32_t)x);
}
