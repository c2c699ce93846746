#!/usr/bin/env python3
"""Writes a copy of a source file with one piece of text, which must occur exactly once, replaced (mutation tests)."""
import sys

src, out, old, new = sys.argv[1:5]
text = open(src).read()
if text.count(old) != 1:
    sys.exit('mutate.py: %r occurs %d times in %s, not once' % (old, text.count(old), src))
open(out, 'w').write(text.replace(old, new))
