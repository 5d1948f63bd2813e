import assert from 'node:assert/strict';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';

import { httpUrl } from '../../../src/scanner/report/http-url.js';

describe('httpUrl', () => {
  it('keeps http(s) URLs, normalised, and drops everything else', () => {
    assert.equal(
      httpUrl('https://security-tracker.debian.org/tracker/CVE-2024-0001'),
      'https://security-tracker.debian.org/tracker/CVE-2024-0001',
    );
    assert.equal(httpUrl('  http://Example.ORG/a b<c>|d^e  '), 'http://example.org/a%20b%3Cc%3E%7Cd%5Ee');
    assert.equal(httpUrl('https://x.example/\uD800'), 'https://x.example/%EF%BF%BD');
    for (const bad of [
      undefined,
      '',
      'not a url',
      'ftp://x.example/a',
      'javascript:alert(1)',
      'mailto:a@b.c',
      '/relative',
    ]) {
      assert.equal(httpUrl(bad), undefined, String(bad));
    }
  });

  it('always yields a string the JSON Schema "uri" format accepts', () => {
    const ajv = new Ajv.default();
    addFormats.default(ajv);
    const isUri = ajv.compile({ type: 'string', format: 'uri' });
    const tail = fc.string({ unit: 'binary', maxLength: 30 });
    fc.assert(
      fc.property(
        fc.constantFrom('http://', 'https://', 'HTTPS://', 'http:/', ''),
        fc.constantFrom('a.example', 'b.example:8080', '[::1]', ''),
        tail,
        (scheme, host, rest) => {
          const u = httpUrl(`${scheme}${host}/${rest}`);
          if (u !== undefined) assert.ok(isUri(u), u);
        },
      ),
      { numRuns: 500 },
    );
  });
});
