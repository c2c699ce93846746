/* Private to libeventc: lists of flat number objects (the points of geometries) skipped with AVX-512 VBMI2. */
#ifndef EVENTC_POINT_LIST_H
#define EVENTC_POINT_LIST_H

/* Bytes evc_point_list_skip may read from the object it is given. */
#define POINT_LIST_ROOM 130

/*
 * Whether the scalar skip hands lists of objects to evc_point_list_skip: where the CPU has AVX-512BW and VBMI2,
 * unless the environment variable EVENTC_SIMD names a narrower choice ("off", "none", "portable", "sse2", "avx2").
 */
int evc_point_lists(void);

/* Test hook: 1 turns the point lists on (returns 0 when the CPU lacks them), 0 turns them off. */
int evc_point_list_use(int on);

/*
 * `p` is an object ('{', POINT_LIST_ROOM readable bytes before `end`) in an array. Takes it and the objects that
 * follow it as ",{" while each is made of one-byte keys and numbers in the forms -?int(.frac)? with no
 * whitespace, within 64 bytes: the first is checked in full and its shape learnt (the bytes other than digits,
 * and where digits must follow), the next ones are checked against that shape. Returns the end of the last
 * object taken, or NULL when it took none; never accepts invalid input (the scalar skip reads on from there).
 */
const char *evc_point_list_skip(const char *p, const char *end);

#endif
