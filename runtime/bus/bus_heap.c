/* The bus's retry queue: a binary min-heap of pending deliveries ordered by (due time, sequence). */
#include "bus_impl.h"

#include <stdlib.h>

static int before(const evc_pending_t *a, const evc_pending_t *b) {
  return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void swap(evc_pending_t **h, size_t i, size_t j) {
  evc_pending_t *t = h[i];
  h[i] = h[j];
  h[j] = t;
}

int evc_heap_push(evc_bus_t *bus, evc_pending_t *p) {
  if (bus->nheap == bus->heap_cap) {
    size_t cap = bus->heap_cap ? bus->heap_cap * 2 : 64;
    evc_pending_t **h = realloc(bus->heap, cap * sizeof *h);
    if (!h) return 0;
    bus->heap = h;
    bus->heap_cap = cap;
  }
  p->seq = bus->seq++;
  size_t i = bus->nheap++;
  bus->heap[i] = p;
  while (i > 0 && before(bus->heap[i], bus->heap[(i - 1) / 2])) {
    swap(bus->heap, i, (i - 1) / 2);
    i = (i - 1) / 2;
  }
  return 1;
}

evc_pending_t *evc_heap_pop(evc_bus_t *bus) {
  if (!bus->nheap) return NULL;
  evc_pending_t **h = bus->heap, *top = h[0];
  h[0] = h[--bus->nheap];
  size_t i = 0, n = bus->nheap;
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < n && before(h[l], h[m])) m = l;
    if (r < n && before(h[r], h[m])) m = r;
    if (m == i) break;
    swap(h, i, m);
    i = m;
  }
  return top;
}
