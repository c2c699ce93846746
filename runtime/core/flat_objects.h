/* Private to libeventc: flat objects skipped with AVX-512 (points of geometries by shape, records of strings). */
#ifndef EVENTC_FLAT_OBJECTS_H
#define EVENTC_FLAT_OBJECTS_H

#include "eventc/match.h"

/* Bytes evc_point_list_skip may read from the object it is given. */
#define POINT_LIST_ROOM 130

/*
 * Whether the scalar skip hands flat objects to the two skips below: where the CPU has AVX-512BW and VBMI2, unless
 * the environment variable EVENTC_SIMD names a narrower choice ("off", "none", "portable", "sse2", "avx2").
 */
int evc_flat_objects(void);

/* Test hook: 1 turns the flat-object skips on (returns 0 when the CPU lacks them), 0 turns them off. */
int evc_flat_objects_use(int on);

/*
 * `p` is an object ('{', POINT_LIST_ROOM readable bytes before `end`) in an array. Takes it and the objects that
 * follow it as ",{" while each is made of one-byte keys and numbers in the forms -?int(.frac)? with no
 * whitespace, within 64 bytes: the first is checked in full and its shape learnt (the bytes other than digits,
 * and where digits must follow), the next ones are checked against that shape. Returns the end of the last
 * object taken, or NULL when it took none; never accepts invalid input (the scalar skip reads on from there).
 */
const char *evc_point_list_skip(const char *p, const char *end);

/* The longest object evc_string_object_skip takes. */
#define STRING_OBJECT_MAX EVC_RECORD_MAX

/*
 * `p` is an object ('{'). Takes it when its members' keys and values are strings of printable ASCII with no
 * escape, with no whitespace, and it ends within STRING_OBJECT_MAX bytes (the records events carry, such as
 * CityLots' properties): its end; else NULL (the scalar skip reads it then). Reads whole 64-byte blocks, never
 * past `end`, and never accepts invalid input.
 */
const char *evc_string_object_skip(const char *p, const char *end);

#endif
