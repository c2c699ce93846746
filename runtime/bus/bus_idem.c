/* Idempotency helper: a bounded window of recently seen event ids (FIFO ring plus hash index). */
#include "eventc/bus.h"

#include <stdlib.h>
#include <string.h>

#define ID_MAX 64 /* longer ids are compared on their first ID_MAX-1 bytes */

struct evc_idem {
  size_t window, count, head; /* ring of `window` ids, oldest at head when full */
  char (*ids)[ID_MAX];
  size_t *slots; /* hash table of ring positions + 1 (0 = empty), size mask + 1 */
  size_t mask;
};

static size_t hash(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

evc_idem_t *evc_idem_new(size_t window) {
  if (!window) return NULL;
  evc_idem_t *w = calloc(1, sizeof *w);
  size_t n = 1;
  while (n < window * 2) n *= 2;
  if (w) {
    w->window = window;
    w->mask = n - 1;
    w->ids = calloc(window, sizeof *w->ids);
    w->slots = calloc(n, sizeof *w->slots);
  }
  if (w && (!w->ids || !w->slots)) {
    evc_idem_free(w);
    w = NULL;
  }
  return w;
}

void evc_idem_free(evc_idem_t *w) {
  if (!w) return;
  free(w->ids);
  free(w->slots);
  free(w);
}

/* The table slot holding `id`, or the empty slot where it would go. */
static size_t find(const evc_idem_t *w, const char *id) {
  size_t i = hash(id) & w->mask;
  while (w->slots[i] && strcmp(w->ids[w->slots[i] - 1], id) != 0) i = (i + 1) & w->mask;
  return i;
}

/* Removes slot i and shifts the following cluster back (linear probing deletion). */
static void erase(evc_idem_t *w, size_t i) {
  w->slots[i] = 0;
  for (size_t j = (i + 1) & w->mask; w->slots[j]; j = (j + 1) & w->mask) {
    size_t home = hash(w->ids[w->slots[j] - 1]) & w->mask;
    if (((j - home) & w->mask) >= ((j - i) & w->mask)) {
      w->slots[i] = w->slots[j];
      w->slots[j] = 0;
      i = j;
    }
  }
}

int evc_idem_seen(evc_idem_t *w, const char *id) {
  char key[ID_MAX];
  strncpy(key, id, ID_MAX - 1);
  key[ID_MAX - 1] = '\0';
  size_t i = find(w, key);
  if (w->slots[i]) return 1;
  size_t pos = w->head;
  if (w->count == w->window) {
    erase(w, find(w, w->ids[pos]));
    i = find(w, key);
  } else {
    w->count++;
  }
  memcpy(w->ids[pos], key, ID_MAX);
  w->slots[i] = pos + 1;
  w->head = (pos + 1) % w->window;
  return 0;
}
