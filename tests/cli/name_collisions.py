#!/usr/bin/env python3
"""Names that meet after mangling: `eventc compile` either reports file:line:col with a note at
the other source, or writes C that compiles under -std=c99 -Wall -Wextra -Wpedantic -Wconversion
-Wshadow -Werror (and whose header C++ accepts). Each case is named after the class of clash."""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

RULES = "eventc: 1\n%s"


def rule(name, bus=None, source="x", targets=""):
    lines = "  - Name: %s\n" % name
    if bus:
        lines += "    EventBusName: %s\n" % bus
    lines += "    EventPattern: {source: [%s]}\n" % source
    return lines + targets


def openapi(schemas):
    return "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n" + schemas


# (name, {file: text}, extra args, expected): expected is None (must compile) or a list of
# (file, "line:col: error|note: text") that must all appear on stderr, with exit status 1.
CASES = [
    ("bus_names_collide",
     {"r.yaml": RULES % ("buses:\n  - Name: a-b\n  - Name: a_b\nrules:\n" + rule("r1", "a-b") + rule("r2", "a_b"))},
     [], [("r.yaml", '4:5: error: bus "a_b" and bus "a-b" both make the C symbol prefix g_a_b: compile them '
                     'into separate outputs (--bus, --name, --prefix)'),
          ("r.yaml", '3:5: note: bus "a-b" is here')]),
    ("bus_prefix_of_other_bus",  # bus "x" generates g_x_at_* helpers; bus "x_at" would use g_x_at_result_t
     {"r.yaml": RULES % ("buses:\n  - Name: x\n  - Name: x_at\nrules:\n" + rule("r1", "x") + rule("r2", "x_at"))},
     [], [("r.yaml", '4:5: error: the matcher of bus "x_at" needs the C identifier g_x_at_RULE_COUNT, which is in '
                     'the names g_x_at_* that the matcher of bus "x" generates')]),
    ("rule_named_count",
     {"r.yaml": RULES % ("rules:\n" + rule("COUNT"))},
     [], [("r.yaml", '3:5: error: rule "COUNT" of bus "default" needs the C identifier g_RULE_COUNT, which the '
                     'matcher of bus "default" already uses')]),
    ("rule_names_collide",
     {"r.yaml": RULES % ("rules:\n" + rule("orders.created") + rule("orders-created", source="y"))},
     [], [("r.yaml", '5:5: error: rule "orders-created" of bus "default" needs the C identifier '
                     'g_RULE_orders_created, which rule "orders.created" of bus "default" already uses'),
          ("r.yaml", '3:5: note: rule "orders.created" of bus "default" is here')]),
    ("rule_named_like_keywords_and_reserved",
     {"r.yaml": RULES % ("rules:\n" + "".join(rule(n, source=n) for n in
                                              ["int", "_Bool", "x__y", "-lead", "trail-", "class", "..."]))},
     [], None),
    ("target_ids_collide",  # internal statics (g_in_a_t_1 twice): renamed, never an error
     {"r.yaml": RULES % ("rules:\n" + rule("a", targets=(
         "    Targets:\n"
         "      - {Id: t.1, Arn: q1, InputPath: $.detail}\n"
         "      - {Id: t-1, Arn: q2, InputPath: $.source}\n")) + rule("a.t", source="y", targets=(
         "    Targets:\n      - {Id: '1', Arn: q3, Input: '{\"k\": 1}'}\n")))},
     [], None),
    ("target_ids_collide_in_one_rule",
     {"r.yaml": RULES % ("rules:\n" + rule("a", targets=(
         "    Targets:\n"
         "      - {Id: t.1, Arn: q1, InputPath: $.detail}\n"
         "      - {Id: t-1, Arn: q2, InputPath: $.source}\n"
         "      - {Id: t_1, Arn: q3, Input: '{\"k\": 1}'}\n")))},
     [], None),
    ("openapi_schema_names_collide",
     {"s.yaml": openapi("    A-B:\n      type: object\n      properties: {x: {type: string}}\n"
                        "    A_B:\n      type: object\n      properties: {y: {type: integer}}\n")},
     [], [("s.yaml", '10:7: error: schema "A_B" needs the C identifier g_A_B_validate, which schema "A-B" '
                     'already uses'),
          ("s.yaml", '7:7: note: schema "A-B" is here')]),
    ("duplicate_components_key",
     {"s.yaml": openapi("    A:\n      type: object\n      properties: {x: {type: string}}\n"
                        "    A:\n      type: object\n      properties: {y: {type: integer}}\n")},
     [], [("s.yaml", '9:5: error: schema "A" is defined twice in components.schemas'),
          ("s.yaml", '6:5: note: the first definition of "A" is here')]),
    ("schema_named_like_matcher_api",  # struct g_result would be the matcher's result type
     {"r.yaml": RULES % ("rules:\n" + rule("r")),
      "s.yaml": openapi("    result:\n      type: object\n      properties: {x: {type: string}}\n")},
     [], [("s.yaml", '7:7: error: schema "result" needs the C identifier g_result, which the matcher of bus '
                     '"default" already uses'),
          ("r.yaml", '3:5: note: the matcher of bus "default" is here')]),
    ("enum_value_names",
     {"s.yaml": openapi("    E:\n      type: object\n      properties:\n"
                        "        kind: {type: string, enum: [names, a-b, a_b, int, _Bool, x__y]}\n")},
     [], None),
    ("field_named_like_generated_member",
     {"s.yaml": openapi("    F:\n      type: object\n      required: [x]\n      properties:\n"
                        "        x: {type: string, nullable: true}\n"
                        "        has_x: {type: string}\n"
                        "        x_is_null: {type: boolean}\n"
                        "        int: {type: string, nullable: true}\n"
                        "        x_: {type: string, nullable: true}\n"
                        "        _Bool: {type: integer}\n"
                        "        a__b: {type: integer}\n"
                        "        class: {type: number}\n"
                        "        new: {type: object, properties: {delete: {type: string}}}\n")},
     [], None),
    ("nested_type_named_like_root",  # F's field b makes type g_F_b, which schema F_b owns: renamed
     {"s.yaml": openapi("    F:\n      type: object\n      properties:\n"
                        "        b: {type: object, properties: {z: {type: string}}}\n"
                        "    F_b:\n      type: object\n      properties: {y: {type: integer}}\n")},
     [], None),
    ("reserved_prefix",
     {"r.yaml": RULES % ("rules:\n" + rule("r"))},
     ["--prefix", "_Gen"], [(None, "error: the symbol prefix _Gen makes reserved C identifiers")]),
    ("long_field_paths",  # identifiers from 300-byte keys are cut and numbered, never cut apart by a buffer
     {"r.yaml": RULES % ("rules:\n  - Name: deep\n    EventPattern:\n      detail:\n        %s:\n"
                         "          %sb: [{prefix: x}]\n          %sc: [{wildcard: 'a*b'}]\n"
                         "        %sd: [{suffix: z}]\n" % ("a" * 300, "a" * 250, "a" * 250, "a" * 299))},
     [], None),
    ("long_prefix",
     {"r.yaml": RULES % ("rules:\n" + rule("r"))},
     ["--prefix", "p" * 101], [("r.yaml", '3:5: error: the C symbol prefix of bus "default" is 101 characters long '
                                          '(at most 100)')]),
    ("buses_schemas_and_enums_mixed",
     {"r.yaml": RULES % ("buses:\n  - Name: orders\n  - Name: orders.audit\nrules:\n"
                         + rule("COUNTS", "orders") + rule("int", "orders", source="y")
                         + rule("names", "orders.audit") + rule("result", "orders.audit", source="z")),
      "s.yaml": openapi("    Order:\n      type: object\n      properties:\n"
                        "        state: {type: string, enum: [names, NAMES, open-x, open_x]}\n"
                        "        items: {type: array, items: {type: object, properties: {sku: {type: string}}}}\n"
                        "    Order_state:\n      type: string\n      enum: [a, b]\n"
                        "    orders_audit:\n      type: object\n      properties: {int: {type: string}}\n")},
     [], None),
]

STRICT = ["-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Wconversion", "-Wshadow", "-Werror"]


# Reserved identifiers (C11 7.1.3, C++ [lex.name]) outside comments and string literals.
RESERVED = re.compile(r"\b(?:_[A-Z_]\w*|[A-Za-z]\w*?__\w*)")
ALLOWED = {"__cplusplus"}


def reserved_names(out):
    found = set()
    for name in ("g.h", "g.c"):
        with open(os.path.join(out, name), encoding="utf-8") as f:
            code = re.sub(r'/\*.*?\*/|"(?:\\.|[^"\\])*"', " ", f.read(), flags=re.S)
        found |= set(RESERVED.findall(code)) - ALLOWED
    return found


def compiles(out, inc):
    reserved = reserved_names(out)
    if reserved:
        return "reserved identifiers: %s" % sorted(reserved)
    cc = shlex.split(os.environ.get("CC", "cc"))
    c = subprocess.run(cc + STRICT + ["-I", inc, "-c", os.path.join(out, "g.c"), "-o", os.path.join(out, "g.o")],
                       capture_output=True, text=True, check=False)
    if c.returncode != 0:
        return c.stderr
    cxx = shutil.which("c++")
    if cxx:
        x = subprocess.run([cxx, "-fsyntax-only", "-Wall", "-Werror", "-x", "c++", "-I", inc, os.path.join(out, "g.h")],
                           capture_output=True, text=True, check=False)
        if x.returncode != 0:
            return x.stderr
    return None


def run_case(eventc, inc, tmp, name, files, args, expected):
    work = os.path.join(tmp, name)
    os.makedirs(work)
    paths = []
    for fname, text in files.items():
        paths.append(os.path.join(work, fname))
        with open(paths[-1], "w", encoding="utf-8") as f:
            f.write(text)
    out = os.path.join(work, "out")
    run = subprocess.run([eventc, "compile", "-o", out, "--name", "g"] + args + paths,
                         capture_output=True, text=True, check=False)
    if expected is None:
        why = ("exit %d\n%s" % (run.returncode, run.stderr)) if run.returncode else compiles(out, inc)
    else:
        wanted = [(os.path.join(work, f) + ":" if f else "") + text for f, text in expected]
        missing = [w for w in wanted if w not in run.stderr]
        why = None
        if run.returncode != 1 or missing or os.path.exists(os.path.join(out, "g.c")):
            why = "exit %d, missing %s\nstderr:\n%s" % (run.returncode, missing, run.stderr)
    print("%s %s" % ("ok  " if not why else "FAIL", name))
    if why:
        print("  " + why.replace("\n", "\n  "))
    return not why


def main():
    eventc = os.environ["EVENTC_EXE"]
    inc = os.path.join(os.environ["EVENTC_SOURCE_ROOT"], "runtime", "include")
    with tempfile.TemporaryDirectory() as tmp:
        results = [run_case(eventc, inc, tmp, *case) for case in CASES]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
