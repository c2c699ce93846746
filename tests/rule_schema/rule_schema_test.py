#!/usr/bin/env python3
"""-Wrule-schema: one impossible rule per kind (warning at the rule, note at the schema) and its possible twin (silent)."""
import os
import subprocess
import sys
import tempfile

EVENTC = os.environ.get('EVENTC_EXE', 'eventc')
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get('EVENTC_SOURCE_ROOT', os.path.join(HERE, '..', '..'))
SCHEMAS = [os.path.join(HERE, 'orders.yaml'), os.path.join(HERE, 'shipments.json')]

ORDER = "source: [shop.orders]\n        detail-type: [order.placed]\n"
SHIP = "source: [shop.shipping]\n        detail-type: [shipment.sent]\n"

# name: (pattern body under EventPattern, expected warning text or None, marker the warning points at)
CASES = {
    'field_not_in_closed_object': (ORDER + "        detail: {colour: [red]}  #@\n", 'field detail.colour is not in schema'),
    'field_in_closed_object': (ORDER + "        detail: {status: [NEW]}\n", None),
    'field_of_open_object': (ORDER + "        detail: {customer: {vip: [true]}}\n", None),
    'field_under_array_of_closed_objects': (ORDER + "        detail: {lines: {colour: [red]}}  #@\n",
                                            'field detail.lines.colour is not in schema'),
    'field_under_array_of_objects': (ORDER + "        detail: {lines: {price: [{numeric: ['>', 5]}]}}\n", None),
    'field_under_a_string': (ORDER + "        detail: {order_id: {x: [a]}}  #@\n", 'so it has no field "x"'),
    'prefix_on_number': (ORDER + "        detail:\n          total:\n            - prefix: '1'  #@\n",
                         '"prefix" cannot apply to detail.total'),
    'prefix_on_string': (ORDER + "        detail:\n          source_ip:\n            - prefix: '10.'\n", None),
    'numeric_on_string': (ORDER + "        detail:\n          order_id:\n            - numeric: ['>', 0]  #@\n",
                          '"numeric" cannot apply to detail.order_id'),
    'numeric_on_number': (ORDER + "        detail:\n          total:\n            - numeric: ['>', 100]\n", None),
    'cidr_on_number': (ORDER + "        detail:\n          quantity:\n            - cidr: 10.0.0.0/8  #@\n",
                       '"cidr" cannot apply to detail.quantity'),
    'cidr_on_string': (ORDER + "        detail:\n          source_ip:\n            - cidr: 10.0.0.0/8\n", None),
    'string_value_on_number': (ORDER + "        detail:\n          total:\n            - '100'  #@\n",
                               'the value "100" cannot apply to detail.total'),
    'value_outside_enum': (ORDER + "        detail:\n          status:\n            - SHIPPED  #@\n",
                           'detail.status is never "SHIPPED"'),
    'value_inside_enum': (ORDER + "        detail:\n          status:\n            - PAID\n", None),
    'one_value_outside_enum': (ORDER + "        detail:\n          status:\n            - PAID\n            - LOST  #@\n",
                               'detail.status is never "LOST" in schema AWSEvent (enum ["NEW","PAID"])\n'),
    'value_outside_range': (ORDER + "        detail:\n          total:\n            - 20000  #@\n",
                            'outside the range schema AWSEvent gives detail.total'),
    'value_inside_range': (ORDER + "        detail:\n          total:\n            - 200\n", None),
    'fraction_on_integer': (ORDER + "        detail:\n          quantity:\n            - 1.5  #@\n",
                            'detail.quantity is an integer'),
    'value_against_pattern': (ORDER + "        detail:\n          order_id:\n            - abc  #@\n",
                              'does not match the pattern ^ord_[0-9]+$'),
    'value_matching_pattern': (ORDER + "        detail:\n          order_id:\n            - ord_42\n", None),
    'numeric_outside_range': (ORDER + "        detail:\n          total:\n            - numeric: ['>', 10000]  #@\n",
                              'numeric condition on detail.total lies outside the range'),
    'prefix_no_enum_value': (ORDER + "        detail:\n          status:\n            - prefix: X  #@\n",
                             'no value of detail.status'),
    'prefix_some_enum_value': (ORDER + "        detail:\n          status:\n            - prefix: PA\n", None),
    'anything_but_every_value': (ORDER + "        detail:\n          status:\n            - anything-but: [NEW, PAID]  #@\n",
                                 'anything-but excludes every value'),
    'anything_but_some_values': (ORDER + "        detail:\n          status:\n            - anything-but: [NEW]\n", None),
    'exists_false_on_required': (ORDER + "        detail:\n          order_id:\n            - exists: false  #@\n",
                                 'so exists: false never holds'),
    'exists_false_on_optional': (ORDER + "        detail:\n          quantity:\n            - exists: false\n", None),
    'exists_true_on_object': (ORDER + "        detail:\n          customer:\n            - exists: true  #@\n",
                              'exists matches leaf values'),
    'null_on_non_nullable': (ORDER + "        detail:\n          source_ip:\n            - null  #@\n",
                             'the value null cannot apply to detail.source_ip'),
    'null_on_nullable': (ORDER + "        detail:\n          note:\n            - null\n", None),
    'or_branch_impossible': (ORDER + "        $or:\n          - detail: {status: [LOST]}  #@\n          - detail: {total: [5]}\n",
                             'detail.status is never "LOST"'),
    'detail_schema_by_name': (SHIP + "        detail:\n          carrier:\n            - fedex  #@\n",
                              'detail.carrier is never "fedex" in schema ShipmentSent'),
    'detail_schema_by_name_possible': (SHIP + "        detail:\n          carrier:\n            - dhl\n", None),
    'undescribed_source_silent': ("source: [shop.orders, shop.other]\n        detail-type: [order.placed]\n"
                                  "        detail: {colour: [red]}\n", None),
    'any_source_envelope_silent': ("detail-type: [order.placed]\n        detail: {colour: [red]}\n", None),
}

TRANSFORMER = '''          InputTransformer:
            InputPathsMap:
              id: {path}  #@
            InputTemplate: '{{"id": <id>}}'
'''
PATH_CASES = {
    'input_path_not_in_closed_object': ('$.detail.colour', 'InputPathsMap id = $.detail.colour can never exist'),
    'input_path_in_schema': ('$.detail.customer.id', None),
    'input_path_index_on_string': ('$.detail.order_id[0]', 'it indexes detail.order_id[0]'),
    'input_path_index_on_array': ('$.detail.lines[0].sku', None),
    'input_path_replay_name': ('$.replay-name', None),
}


def template(pattern, target_extra=''):
    return ("Resources:\n  TheRule:\n    Type: AWS::Events::Rule\n    Properties:\n      Name: the-rule\n"
            "      EventPattern:\n        " + pattern +
            "      Targets:\n        - Arn: arn:aws:lambda:us-east-1:123456789012:function:f\n          Id: T\n" +
            target_extra)


def run(tmp, name, text, expect):
    path = os.path.join(tmp, name + '.yaml')
    with open(path, 'w') as f:
        f.write(text)
    p = subprocess.run([EVENTC, 'check', path] + SCHEMAS, capture_output=True, text=True, timeout=60)
    warned = [l for l in p.stderr.splitlines() if '[-Wrule-schema]' in l]
    if expect is None:
        if warned or p.returncode != 0:
            return 'expected silence, got rc %d:\n%s' % (p.returncode, p.stderr)
        return None
    marker = next(i for i, l in enumerate(text.splitlines(), 1) if '#@' in l)
    ok = [l for l in warned if l.startswith('%s:%d:' % (path, marker)) and expect.rstrip('\n') in l]
    if expect.endswith('\n'):
        ok = [l for l in ok if '(the rule can never match)' not in l]
    notes = [l for l in p.stderr.splitlines() if ': note: the schema says so here' in l and
             (SCHEMAS[0] in l or SCHEMAS[1] in l)]
    if not ok or not notes or p.returncode != 0:
        return 'expected %r at line %d with a note at the schema, got rc %d:\n%s' % (expect, marker, p.returncode, p.stderr)
    werror = subprocess.run([EVENTC, 'check', '-Werror', path] + SCHEMAS, capture_output=True, text=True, timeout=60)
    quiet = subprocess.run([EVENTC, 'check', '-Wno-rule-schema', path] + SCHEMAS, capture_output=True, text=True,
                           timeout=60)
    if werror.returncode != 1 or quiet.stderr or quiet.returncode != 0:
        return '-Werror / -Wno-rule-schema not honoured: %s / %s' % (werror.stderr, quiet.stderr)
    return None


def scenario_rules_silent():
    events = os.path.join(ROOT, 'schemas', 'events')
    schemas = [os.path.join(events, f) for f in sorted(os.listdir(events))]
    bad = []
    for rules in [os.path.join(ROOT, 'examples', 'ticket-processing', 'rules.yaml'),
                  os.path.join(ROOT, 'tests', 'data', 'rules', 'ticket-processing.cfn.yaml')]:
        for group in [schemas[:1], schemas[1:2], schemas[2:]]:
            p = subprocess.run([EVENTC, 'check', rules] + group, capture_output=True, text=True, timeout=60)
            if 'rule-schema' in p.stderr:
                bad.append(p.stderr)
    return '\n'.join(bad) or None


def compile_warns_too(tmp):
    """`compile` runs the same check: the warning is printed and the files are still written."""
    path = os.path.join(tmp, 'compile_case.yaml')
    with open(path, 'w') as f:
        f.write(template(ORDER + "        detail: {status: [SHIPPED]}\n"))
    out = os.path.join(tmp, 'out')
    p = subprocess.run([EVENTC, 'compile', '-o', out, '--name', 'orders', path] + SCHEMAS, capture_output=True,
                       text=True, timeout=60)
    ok = p.returncode == 0 and '[-Wrule-schema]' in p.stderr and os.path.exists(os.path.join(out, 'orders.c'))
    return None if ok else 'compile: rc %d\n%s' % (p.returncode, p.stderr)


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        err = compile_warns_too(tmp)
        if err:
            failures.append(('compile_warns_too', err))
        for name, (pattern, expect) in CASES.items():
            err = run(tmp, name, template(pattern), expect)
            if err:
                failures.append((name, err))
        for name, (path, expect) in PATH_CASES.items():
            err = run(tmp, name, template(ORDER, TRANSFORMER.format(path=path)), expect)
            if err:
                failures.append((name, err))
    err = scenario_rules_silent()
    if err:
        failures.append(('scenario_rules_silent', err))
    for name, err in failures:
        print('FAIL %s: %s' % (name, err))
    print('%d cases, %d failures' % (len(CASES) + len(PATH_CASES) + 2, len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
