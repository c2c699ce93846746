/* Renders the embedded templates: @NAME@ placeholders replaced by caller-provided text. */
#include "template.h"

#include <string.h>

static const char *lookup(const evcc_tvar_t *vars, size_t nvar, const char *name, size_t len) {
  for (size_t i = 0; i < nvar; i++)
    if (strlen(vars[i].name) == len && memcmp(vars[i].name, name, len) == 0) return vars[i].value;
  return NULL;
}

bool evcc_template_render(evcc_buf_t *out, const char *name, const evcc_tvar_t *vars, size_t nvar) {
  const char *t = evcc_template_text(name);
  if (!t) return false;
  evcc_buf_t tmp;
  evcc_buf_init(&tmp);
  while (*t) {
    const char *at = strchr(t, '@');
    if (!at) {
      evcc_buf_puts(&tmp, t);
      break;
    }
    evcc_buf_put(&tmp, t, (size_t)(at - t));
    if (at[1] == '@') {
      evcc_buf_putc(&tmp, '@');
      t = at + 2;
      continue;
    }
    const char *end = strchr(at + 1, '@');
    const char *val = end ? lookup(vars, nvar, at + 1, (size_t)(end - at - 1)) : NULL;
    if (!val) {
      evcc_buf_free(&tmp);
      return false;
    }
    evcc_buf_puts(&tmp, val);
    t = end + 1;
  }
  if (tmp.len) evcc_buf_put(out, tmp.data, tmp.len);
  evcc_buf_free(&tmp);
  return true;
}
