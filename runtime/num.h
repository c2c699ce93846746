/* Decimal significand and exponent to the nearest double, without strtod (internal to libeventc). */
#ifndef EVENTC_NUM_H
#define EVENTC_NUM_H

#include <stdbool.h>
#include <stdint.h>

/*
 * w * 10^q, correctly rounded (ties to even), into *out; negated when neg. Returns false when
 * the fast methods cannot decide (exponent outside the table, subnormal or overflowing result,
 * a product too close to a rounding boundary): the caller then uses strtod.
 */
bool evc_decimal_to_double(uint64_t w, int q, bool neg, double *out);

#endif
