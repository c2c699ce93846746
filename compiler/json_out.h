/* JSON documents built in memory and printed pretty (two-space indent), members in insertion or sorted order. */
#ifndef EVCC_JSON_OUT_H
#define EVCC_JSON_OUT_H

#include "buf.h"

#include <stddef.h>

typedef struct evcc_jout evcc_jout_t;

evcc_jout_t *evcc_jout_object(void);
evcc_jout_t *evcc_jout_array(void);
evcc_jout_t *evcc_jout_string(const char *s, size_t len);
/* A number or literal written as given ("true", "12.5"). */
evcc_jout_t *evcc_jout_raw(const char *text);
void evcc_jout_free(evcc_jout_t *v);

/* Sets a member (replacing one of the same name), taking ownership of `v`. */
void evcc_jout_set(evcc_jout_t *obj, const char *key, evcc_jout_t *v);
void evcc_jout_set_n(evcc_jout_t *obj, const char *key, size_t len, evcc_jout_t *v);
evcc_jout_t *evcc_jout_get_n(const evcc_jout_t *obj, const char *key, size_t len);
/* Removes a member and returns it (NULL when absent). */
evcc_jout_t *evcc_jout_take(evcc_jout_t *obj, const char *key);
/* Moves every member of `src` to the end of `dst` and frees `src`. */
void evcc_jout_merge(evcc_jout_t *dst, evcc_jout_t *src);
void evcc_jout_push(evcc_jout_t *arr, evcc_jout_t *v);
size_t evcc_jout_count(const evcc_jout_t *v);
/* Sorts an object's members by name (bytewise). */
void evcc_jout_sort(evcc_jout_t *obj);

/* Appends the value, pretty-printed, and a final newline. */
void evcc_jout_print(const evcc_jout_t *v, evcc_buf_t *out);

#endif
