/* The YAML 1.2 core schema as the loader applies it: plain scalar types, !! core tags, CloudFormation tags. */
#ifndef EVCC_YAML_CORE_H
#define EVCC_YAML_CORE_H

#include "doc.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Gives a freshly built node the type its tag says (`tag` as libyaml reports it, NULL when
 * untagged; `plain` for a plain scalar, which resolves by its text). Core tags (!!str !!int
 * !!float !!bool !!null !!map !!seq) are honoured with YAML 1.2 core semantics; CloudFormation
 * intrinsic tags are kept in n->tag for the model to judge; every other tag is refused.
 * Returns false with a message in `msg` when the tag is refused or does not fit the value.
 */
bool evcc_yaml_apply_tag(const evcc_doc_t *doc, evcc_node_t *n, const char *tag, bool plain, char *msg,
                         size_t msglen);

/* True for a CloudFormation intrinsic function's short-form tag ("!GetAtt", "!Sub", ...). */
bool evcc_yaml_is_intrinsic_tag(const char *tag);

#endif
