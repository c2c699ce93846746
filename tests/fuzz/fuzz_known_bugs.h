/* Recognises inputs that hit loader bugs being fixed on another branch, so the fuzzers look past them. */
#ifndef FUZZ_KNOWN_BUGS_H
#define FUZZ_KNOWN_BUGS_H

#include "doc.h"

#include <stdbool.h>

/*
 * True when the document is a tree the model and schema walkers cannot take yet: a cycle or
 * an exponentially shared tree through YAML aliases (self-reference, billion laughs), or a
 * `Targets` item that is not a mapping. Each is listed, with a reproducer, in the fuzzing
 * report; remove a case here once its fix is merged.
 */
bool fuzz_hits_known_loader_bug(const evcc_doc_t *doc);

#endif
