#!/usr/bin/env python3
"""Hostile input files: each class of bad input gets a file:line:col error, never a crash, hang or silent yes.

Run as `hostile_test.py NAME`; meson registers one test per NAME (the class of input it covers).
"""
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

EVENTC = os.environ.get('EVENTC_EXE', 'eventc')
DATA = os.path.join(os.environ.get('EVENTC_TEST_DATA', 'tests/data'), 'hostile')
SANITIZED = os.environ.get('EVENTC_SANITIZE', 'none') not in ('', 'none')
TIME_LIMIT = 10 * (3 if SANITIZED else 1)  # seconds; the sanitizer build runs ~3x slower
MEMORY_LIMIT = 1 << 30  # bytes of address space (not enforced under ASan, which reserves terabytes)
failures = []


def limit_resources():
    if not SANITIZED:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(args, stdin='', prefix=()):
    """Runs eventc under the memory bound; returns (rc, stdout, stderr, seconds)."""
    start = time.monotonic()
    p = subprocess.run(list(prefix) + [EVENTC] + args, input=stdin.encode() if isinstance(stdin, str) else stdin,
                       capture_output=True, timeout=TIME_LIMIT * 2, preexec_fn=limit_resources)
    return p.returncode, p.stdout.decode(errors='replace'), p.stderr.decode(errors='replace'), \
        time.monotonic() - start


def expect(name, cond, detail=''):
    if not cond:
        failures.append(name)
        print('FAIL %s\n%s' % (name, detail))


def data(name):
    return os.path.join(DATA, name)


def expect_errors(args, wanted, rc=1, stdin=''):
    """Runs eventc and expects exit status `rc` and every `wanted` line among its diagnostics."""
    code, out, err, _ = run(args, stdin)
    lines = err.splitlines()
    expect(' '.join(args) + ' exit status', code == rc, 'rc=%d\n%s' % (code, err))
    for w in wanted:
        expect(' '.join(args) + ': ' + w, w in lines, err)
    return err


def targets_item_not_mapping():
    f = data('targets_item_not_mapping.yaml')
    expect_errors(['check', f], [f + ':6:9: error: Targets[0]: expected a mapping, got a string'])


def getatt_odd_attribute():
    f = data('getatt_odd_attribute.yaml')
    expect_errors(['check', f], [
        f + ':8:21: error: EventBusName: !GetAtt Bus.Policy does not give an event bus (use Bus.Name or Bus.Arn)',
        f + ':11:16: error: Arn: !GetAtt Fn.Name does not give an ARN (use an attribute such as .Arn)',
        f + ':12:35: error: DeadLetterConfig.Arn: !GetAtt Queue.QueueUrl does not give an ARN '
            '(use an attribute such as .Arn)',
        f + ':14:16: error: Arn: !GetAtt needs LogicalId.Attribute (letters and digits), got .Arn',
        f + ':16:16: error: Arn: !GetAtt needs LogicalId.Attribute (letters and digits), got a sequence',
        f + ':19:29: error: SourceArn: !GetAtt Bus.Endpoint does not give an event bus (use Bus.Name or Bus.Arn)'])


def alias_self_reference():
    f = data('alias_self_reference.yaml')
    expect_errors(['check', f], [
        f + ':4:31: error: alias *p refers to its own anchor &p: recursive structures are not supported'])


def syntax_error_file_name():
    """The file name of a syntax error is printed exactly (it was read after the document was freed)."""
    yaml_file, json_file = data('syntax_error_file_name.yaml'), data('syntax_error_file_name.json')
    expect_errors(['check', yaml_file], [
        yaml_file + ':4:1: error: YAML syntax error: did not find expected node content while parsing a flow node'])
    expect_errors(['check', json_file], [
        json_file + ":2:17: error: expected a double-quoted object key, found character ','"])
    if not SANITIZED and shutil.which('valgrind'):  # the sanitizer build checks the same reads with ASan
        code, _, err, _ = run(['check', yaml_file, json_file],
                              prefix=['valgrind', '-q', '--error-exitcode=99', '--leak-check=full'])
        expect('syntax error under valgrind', code == 1, err)


def alias_billion_laughs():
    f = data('alias_billion_laughs.yaml')
    code, _, err, seconds = run(['check', f])
    expect('billion laughs refused', code == 1 and err.startswith(
        f + ':7:45: error: more than 1000000 values in one document, aliases counted as what they expand to'), err)
    expect('billion laughs refused fast', seconds < TIME_LIMIT, '%.1fs' % seconds)
    code, _, err, _ = run(['check', '--max-nodes', '10', data('core_tag_int.yaml')])
    expect('--max-nodes lowers the budget', code == 1 and 'more than 10 values' in err, err)


def ref_dev_zero():
    f = data('ref_dev_zero.json')
    refs_dir = os.path.realpath(data('refs'))
    expect_errors(['check', f], [
        f + ':2:37: error: $ref to "/dev/zero" refused: /dev/zero is not a regular file (a character device)',
        f + ':2:74: error: $ref to "%s/" refused: %s is not a regular file (a directory)' % (refs_dir, refs_dir)])
    expect_errors(['check', '--allow-ref-outside', f], [
        f + ':2:37: error: $ref to "/dev/zero" refused: /dev/zero is not a regular file (a character device)'])


def ref_outside_root():
    f = data('refs/ref_outside_root.json')
    shared = os.path.realpath(data('shared/common.json'))
    outside = 'is outside the directories $ref may read (the input schemas\' directories; widen with ' \
              '--ref-root DIR or --allow-ref-outside)'
    expect_errors(['check', f], [
        f + ':2:36: error: $ref to "/etc/passwd" refused: /etc/passwd ' + outside,
        f + ':3:36: error: $ref to "%s" refused: %s %s' % (shared, shared, outside)])
    err = expect_errors(['check', '--ref-root', data('shared'), f], [
        f + ':2:36: error: $ref to "/etc/passwd" refused: /etc/passwd ' + outside])
    expect('--ref-root admits the shared directory', 'common.json' not in err, err)
    with tempfile.TemporaryDirectory() as tmp:  # a symbolic link inside the root that leads out of it
        os.symlink(os.path.realpath(data('shared/common.json')), os.path.join(tmp, 'link.json'))
        schema = os.path.join(tmp, 's.json')
        with open(schema, 'w') as out:
            out.write('{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",\n'
                      ' "properties": {"a": {"$ref": "link.json"}}}\n')
        expect_errors(['check', schema], [
            schema + ':2:31: error: $ref to "%s/link.json" refused: %s %s' % (tmp, shared, outside)])
        code, _, err, _ = run(['validate', '--allow-ref-outside', schema], '{"a": 3}\n{"a": -1}\n')
        expect('--allow-ref-outside follows the link', code == 1, err)


def tag_in_pattern():
    f = data('tag_in_pattern.yaml')
    why = 'eventc cannot resolve CloudFormation functions there, and the value would be compared as the literal ' \
          'text; write the value out'
    expect_errors(['check', f], [
        f + ':5:16: error: !Sub inside an EventPattern: ' + why,
        f + ':6:25: error: !Ref inside an EventPattern: ' + why,
        f + ':11:31: error: !Sub inside an InputTransformer: ' + why,
        f + ':12:26: error: !Join inside an InputTransformer: ' + why])


def core_tag_int():
    f = data('core_tag_int.yaml')
    events = [{"detail": {"n": 300}}, {"detail": {"n": "300"}}, {"detail": {"n": "42"}}, {"detail": {"n": 42}},
              {"detail": {"n": 31}}]
    code, out, err, _ = run(['match', f], ''.join(json.dumps(e) + '\n' for e in events))
    expect('core tags give numbers and strings', code == 0 and out.splitlines() == [
        '["by-number"]', '[]', '["by-string"]', '[]', '["by-hex"]'], out + err)
    bad = data('core_tag_bad.yaml')
    expect_errors(['check', bad], [
        bad + ":4:33: error: !!int value 'abc' is not an integer",
        bad + ':4:49: error: YAML tag !!binary is not supported (eventc honours !!str, !!int, !!float, !!bool, !!null)',
        bad + ':4:73: error: unknown YAML tag !Custom (eventc knows the core tags !!str !!int !!float !!bool !!null '
              'and CloudFormation\'s intrinsic functions)'])


def nul_in_rule_name():
    f = data('nul_in_rule_name.yaml')
    expect_errors(['check', f], [f + ":3:11: error: 'Name' contains a NUL byte"])


def merge_key_in_pattern():
    f = data('merge_key_in_pattern.yaml')
    expect_errors(['check', f], [
        f + ":6:7: error: YAML merge keys ('<<') are not supported: write the keys out "
            "(CloudFormation does not merge them either)"])


def pattern_too_deep():
    """A pattern within the 4,096-character field limit but 101 objects deep: refused, not a huge matcher."""
    with tempfile.TemporaryDirectory() as tmp:
        f = os.path.join(tmp, 'deep.json')
        pattern = '["x"]'
        for _ in range(101):
            pattern = '{"a":' + pattern + '}'
        with open(f, 'w') as out:
            out.write(pattern)
        expect_errors(['compile', '-o', tmp, '--name', 'deep', f],
                      [f + ":1:501: error: event pattern nests objects deeper than 100 levels (eventc's limit)"])


# ---- every command against generated adversarial inputs up to 1 MB ----

MB = 1 << 20


def adversarial_inputs():
    """name -> (file name, text): each at most 1 MB, each aimed at one way a loader can be made to work too hard."""
    laughs = ['a0: &a0 [%s]' % ', '.join(['lol'] * 100)]
    for i in range(1, 40):  # 40 levels of 100 aliases each: far past any budget once expanded
        laughs.append('a%d: &a%d [%s]' % (i, i, ', '.join(['*a%d' % (i - 1)] * 100)))
    deep_pattern = '{"detail": ' * 2000 + '["x"]' + '}' * 2000  # past the depth limit of 1100
    chain = {'d%d' % i: {'$ref': '#/definitions/d%d' % (i + 1)} for i in range(20000)}
    chain['d20000'] = {'type': 'string'}
    return {
        'deep_yaml': ('deep.yaml', 'a: ' + '[' * (MB // 2 - 2) + ']' * (MB // 2 - 2)),
        'deep_json': ('deep.json', '{"a":' * (MB // 6) + '1' + '}' * (MB // 6)),
        'alias_fanout': ('fanout.yaml', '\n'.join(laughs) + '\n'),
        'one_scalar': ('scalar.yaml', 'source: ' + 'x' * (MB - 16) + '\n'),
        'many_keys': ('keys.json', '{' + ','.join('"k%d": [%d]' % (i, i) for i in range(55000)) + '}'),
        'long_line': ('line.json', '{"detail": {"n": [' + ','.join(['1'] * (MB // 2 - 16)) + ']}}'),
        'invalid_utf8': ('utf8.yaml', b'source: [\xff\xfe\xc0\xaf]\ndetail: {"\xed\xa0\x80": [1]}\n'),
        'deep_pattern': ('pattern.json', deep_pattern),
        'ref_chain': ('chain.json', json.dumps({'$schema': 'http://json-schema.org/draft-07/schema#',
                                                 'type': 'object', 'definitions': chain,
                                                 'properties': {'a': {'$ref': '#/definitions/d0'}}})),
    }


EVENT = '{"id": "1", "account": "1", "source": "x", "time": "t", "region": "r", "detail-type": "d", "detail": {}}'


def command_lines(path, tmp):
    return [['check', path], ['compile', '-o', os.path.join(tmp, 'out'), '--name', 'x', path], ['validate', path],
            ['test-pattern', '--event-pattern', path, '--event', EVENT], ['match', path]]


def adversarial_inputs_bounded():
    with tempfile.TemporaryDirectory() as tmp:
        for name, (file_name, text) in adversarial_inputs().items():
            raw = text if isinstance(text, bytes) else text.encode()
            expect(name + ' is at most 1 MB', len(raw) <= MB, str(len(raw)))
            path = os.path.join(tmp, file_name)
            with open(path, 'wb') as out:
                out.write(raw)
            for args in command_lines(path, tmp):
                label = '%s: eventc %s' % (name, args[0])
                try:
                    code, _, err, seconds = run(args, EVENT + '\n')
                except subprocess.TimeoutExpired:
                    expect(label + ' ends', False, 'still running after %ds' % (TIME_LIMIT * 2))
                    continue
                expect(label + ' exits normally', code in (0, 1, 2), 'rc=%d (%s)\n%s' % (
                    code, signal.Signals(-code).name if code < 0 else 'not 0, 1 or 2', err[-2000:]))
                expect(label + ' within %ds' % TIME_LIMIT, seconds < TIME_LIMIT, '%.1fs' % seconds)


TESTS = {f.__name__: f for f in [pattern_too_deep, targets_item_not_mapping, getatt_odd_attribute, alias_self_reference,
                                 syntax_error_file_name, alias_billion_laughs, ref_dev_zero, ref_outside_root,
                                 tag_in_pattern, core_tag_int, nul_in_rule_name, merge_key_in_pattern,
                                 adversarial_inputs_bounded]}


def main():
    names = sys.argv[1:] or list(TESTS)
    for name in names:
        TESTS[name]()
    print('%s: %d failed' % (' '.join(names), len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
