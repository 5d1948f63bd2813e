import assert from 'node:assert/strict';

import { parseManifests } from '../../../src/policy/workloads/parse-manifests.js';
import { isRampartError, type RampartError } from '../../../src/runtime/errors.js';

function refusal(code: string, ...words: string[]) {
  return (e: unknown) => {
    assert.ok(isRampartError(e, code), `expected ${code}, got ${String(e)}`);
    for (const w of words)
      assert.ok(
        (e as RampartError).message.includes(w),
        `message lacks "${w}": ${(e as RampartError).message}`,
      );
    return true;
  };
}

describe('parseManifests', () => {
  it('reads multi-document YAML with locations, skipping empty documents', () => {
    const text =
      '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n---\n# only a comment\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b, namespace: ns}\n';
    const objs = parseManifests(text, 'x.yaml');
    assert.deepEqual(
      objs.map((o) => [o.kind, o.name, o.namespace, o.source.documentIndex, o.source.line, o.source.column]),
      [
        ['Pod', 'a', '', 0, 2, 1],
        ['Deployment', 'b', 'ns', 3, 10, 1],
      ],
    );
    assert.equal(objs[0]!.source.file, 'x.yaml');
  });

  it('reads JSON', () => {
    const objs = parseManifests(
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"j"},"spec":{}}',
      'p.json',
    );
    assert.equal(objs.length, 1);
    assert.equal(objs[0]!.name, 'j');
  });

  it('expands kind: List with one location per item', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Service',
      '  metadata: {name: s}',
      '- apiVersion: apps/v1',
      '  kind: Deployment',
      '  metadata: {name: d}',
      '',
    ].join('\n');
    const objs = parseManifests(text, 'l.yaml');
    assert.deepEqual(
      objs.map((o) => [o.kind, o.name, o.source.itemIndex, o.source.line, o.source.column]),
      [
        ['Service', 's', 0, 4, 3],
        ['Deployment', 'd', 1, 7, 3],
      ],
    );
  });

  it('takes names verbatim, without Kubernetes name validation', () => {
    const objs = parseManifests(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: "Not_A Valid.Name!", namespace: "NS"}\n',
      'v.yaml',
    );
    assert.equal(objs[0]!.name, 'Not_A Valid.Name!');
    assert.equal(objs[0]!.namespace, 'NS');
  });

  it('reads YAML 1.1 booleans as Kubernetes does', () => {
    const objs = parseManifests(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: yes}\n',
      'b.yaml',
    );
    assert.equal((objs[0]!.body.spec as { hostNetwork: unknown }).hostNetwork, true);
  });

  it('refuses invalid YAML naming file, document and line', () => {
    const text = 'apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod\nmetadata: [a, b\n';
    assert.throws(
      () => parseManifests(text, 'bad.yaml'),
      refusal('WORKLOAD_YAML_INVALID', 'bad.yaml', 'document 2', 'line'),
    );
  });

  it('refuses a document without kind', () => {
    assert.throws(
      () => parseManifests('apiVersion: v1\nmetadata: {name: x}\n', 'k.yaml'),
      refusal('WORKLOAD_OBJECT_INVALID', 'k.yaml', 'document 1', 'kind'),
    );
  });

  it('refuses a scalar document', () => {
    assert.throws(
      () => parseManifests('just a string\n', 's.yaml'),
      refusal('WORKLOAD_OBJECT_INVALID', 's.yaml'),
    );
  });

  describe('hostile input', () => {
    it('refuses an alias bomb', () => {
      const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (const [prev, cur] of [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
        ['d', 'e'],
        ['e', 'f'],
        ['f', 'g'],
      ] as const) {
        lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n---\n' + lines.join('\n') + '\n';
      assert.throws(
        () => parseManifests(text, 'bomb.yaml'),
        refusal('WORKLOAD_YAML_ALIAS_LIMIT', 'bomb.yaml', 'document 2'),
      );
    });

    it('refuses deep flow nesting before parsing it', () => {
      const n = 100_000;
      const text =
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n---\na: ' + '['.repeat(n) + ']'.repeat(n) + '\n';
      const started = Date.now();
      assert.throws(
        () => parseManifests(text, 'deep.yaml'),
        refusal('WORKLOAD_YAML_TOO_DEEP', 'deep.yaml', 'document 2'),
      );
      assert.ok(Date.now() - started < 2000);
    });

    it('refuses deep block nesting', () => {
      let text = 'kind: Pod\nspec:\n';
      for (let i = 1; i < 300; i++) text += ' '.repeat(i * 2) + `k${i}:\n`;
      assert.throws(
        () => parseManifests(text, 'block.yaml'),
        refusal('WORKLOAD_YAML_TOO_DEEP', 'block.yaml', 'document 1'),
      );
    });

    it('accepts the deep but legitimate nesting of large CRD schemas', () => {
      let schema: Record<string, unknown> = { type: 'string' };
      for (let i = 0; i < 60; i++) schema = { type: 'object', properties: { [`f${i}`]: schema } };
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'deep.example.com' },
        spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: schema } }] },
      };
      assert.equal(parseManifests(JSON.stringify(crd), 'crd.json').length, 1);
    });

    it('does not count brackets inside quoted strings or plain words', () => {
      const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {a: "${'['.repeat(500)}"}}\nspec:\n  containers:\n  - name: c\n    args: ["echo ${'{'.repeat(200)}"]\n`;
      assert.equal(parseManifests(text, 'q.yaml').length, 1);
    });

    it('refuses oversized input', () => {
      const text = 'kind: ConfigMap\ndata: {a: "' + 'x'.repeat(2000) + '"}\n';
      assert.throws(
        () => parseManifests(text, 'big.yaml', { manifestLimits: { maxBytes: 1000 } }),
        refusal('WORKLOAD_INPUT_TOO_LARGE', 'big.yaml'),
      );
    });

    it('refuses too many documents', () => {
      const text = Array(30).fill('kind: ConfigMap\nmetadata: {name: c}\n').join('---\n');
      assert.throws(
        () => parseManifests(text, 'many.yaml', { manifestLimits: { maxDocuments: 10 } }),
        refusal('WORKLOAD_TOO_MANY_DOCUMENTS', 'many.yaml'),
      );
    });
  });
});
