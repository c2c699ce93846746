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

static bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Expands one run of identifier characters and @VAR@s at `t`; sets *end past it. */
static bool expand_run(const char *t, const char **end, const evcc_tvar_t *vars, size_t nvar, evcc_buf_t *out,
                       bool *has_var, bool *has_text) {
  bool ok = true;
  while (*t == '@' || ident_char(*t)) {
    if (*t != '@') {
      evcc_buf_putc(out, *t++);
      *has_text = true;
      continue;
    }
    const char *close = t[1] == '@' ? NULL : strchr(t + 1, '@');
    const char *val = close ? lookup(vars, nvar, t + 1, (size_t)(close - t - 1)) : NULL;
    if (!val) break;
    for (const char *v = val; *v; v++) ok &= ident_char(*v);
    evcc_buf_puts(out, val);
    *has_var = true;
    t = close + 1;
  }
  *end = t;
  return ok;
}

bool evcc_template_claim(const char *name, const evcc_tvar_t *vars, size_t nvar, evcc_symtab_t *syms,
                         const evcc_sym_owner_t *o, evcc_diag_t *d) {
  const char *t = evcc_template_text(name);
  if (!t) return false;
  evcc_buf_t run;
  evcc_buf_init(&run);
  bool ok = true;
  while (*t && ok) {
    if (*t != '@' && !ident_char(*t)) {
      t++;
      continue;
    }
    bool has_var = false, has_text = false;
    run.len = 0;
    const char *end;
    bool is_ident = expand_run(t, &end, vars, nvar, &run, &has_var, &has_text);
    t = end > t ? end : t + 1;
    if (is_ident && has_var && has_text && run.len && !(run.data[0] >= '0' && run.data[0] <= '9'))
      ok = evcc_sym_claim(syms, run.data, o, d);
  }
  evcc_buf_free(&run);
  return ok;
}
