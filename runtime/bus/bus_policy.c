/* Event bus resource policies: which other accounts may put events to (or forward to) a bus. */
#include "bus_impl.h"

#include <stdio.h>
#include <string.h>

static int listed(const char *const *list, uint32_t n, const char *s) {
  if (!n) return 1; /* no condition on this key */
  for (uint32_t i = 0; i < n; i++)
    if (s && strcmp(list[i], s) == 0) return 1;
  return 0;
}

static int principal_matches(const evc_policy_def_t *p, const evc_bus_t *dest,
                             const evc_bus_t *sender) {
  for (uint32_t i = 0; i < p->nprincipal; i++) {
    const char *a = p->principals[i];
    if (strcmp(a, "*") == 0 || strcmp(a, sender->account) == 0) return 1;
    if (strcmp(a, "${AWS::AccountId}") == 0 && strcmp(dest->account, sender->account) == 0)
      return 1;
  }
  return 0;
}

static int applies(const evc_policy_def_t *p, const evc_bus_t *dest, const evc_bus_t *sender,
                   const char *source, const char *detail_type) {
  if (!principal_matches(p, dest, sender)) return 0;
  if (p->org_id && strcmp(p->org_id, sender->org_id) != 0) return 0;
  return listed(p->sources, p->nsource, source) &&
         listed(p->detail_types, p->ndetail_type, detail_type);
}

const char *evc_bus_policy_denies(const evc_bus_t *dest, const evc_bus_t *sender,
                                  const char *source, const char *detail_type, char *msg,
                                  size_t cap) {
  int allowed = strcmp(dest->account, sender->account) == 0, denied = 0;
  for (uint32_t i = 0; i < dest->def->npolicy && !denied; i++) {
    const evc_policy_def_t *p = &dest->def->policies[i];
    if (!applies(p, dest, sender, source, detail_type)) continue;
    if (p->deny) denied = 1;
    else allowed = 1;
  }
  if (allowed && !denied) return NULL;
  snprintf(msg, cap,
           "User: arn:aws:iam::%s:root is not authorized to perform: events:PutEvents on "
           "resource: %s %s",
           sender->account, dest->arn,
           denied ? "with an explicit deny in a resource-based policy"
                  : "because no resource-based policy allows the events:PutEvents action");
  return msg;
}
