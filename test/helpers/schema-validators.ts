/**
 * JSON Schema validators for what Rampart emits: our own schemas (schemas/), CycloneDX 1.6
 * (the official schema files shipped in @cyclonedx/cyclonedx-library) and SPDX 2.3 / SARIF
 * 2.1.0 (official files under test/fixtures/schemas, see SOURCE.md there), and JUnit XML against
 * the xUnit plugin's junit-10.xsd.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const load = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;

function errorsOf(v: ValidateFunction): string {
  return (v.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)
    .join('; ');
}

function wrap(v: ValidateFunction) {
  return (doc: unknown): string | undefined => (v(doc) ? undefined : errorsOf(v));
}

export function ownSchemaValidator(name: string) {
  const ajv = new Ajv.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return wrap(ajv.compile(load(join(repo, 'schemas', name))));
}

export function cycloneDx16Validator() {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
  const ajv = new Ajv.default({ allErrors: true, strict: false, validateFormats: true });
  addFormats.default(ajv);
  // bom-1.6 refers to its siblings by their SNAPSHOT file names; register them under those ids.
  for (const f of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
    ajv.addSchema({ ...load(join(dir, f)), $id: `http://cyclonedx.org/schema/${f}` });
  }
  return wrap(ajv.compile(load(join(dir, 'bom-1.6.SNAPSHOT.schema.json'))));
}

export function spdx23Validator() {
  const ajv = new Ajv2019.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return wrap(ajv.compile(load(join(repo, 'test', 'fixtures', 'schemas', 'spdx-2.3.schema.json'))));
}

/** JavaScript RegExp for the SARIF schema's patterns; an inline `(?i)` (not JS syntax) becomes the `i` flag. */
function caseFlagRegExp(pattern: string, flags: string): RegExp {
  return pattern.includes('(?i)')
    ? new RegExp(pattern.replace('(?i)', ''), `${flags}i`)
    : new RegExp(pattern, flags);
}
caseFlagRegExp.code = 'new RegExp';

export function sarif210Validator() {
  const ajv = new Ajv2020.default({ allErrors: true, strict: false, code: { regExp: caseFlagRegExp } });
  addFormats.default(ajv);
  const schema = load(join(repo, 'test', 'fixtures', 'schemas', 'sarif-2.1.0.schema.json'));
  // The upstream file nests region's `anyOf` (startLine, charOffset or byteOffset required) inside
  // `properties`, which no JSON Schema validator accepts; apply it where it was meant to be.
  const region = (schema.definitions as Record<string, Record<string, Record<string, unknown>>>).region!;
  if (Array.isArray(region.properties!.anyOf)) {
    region.anyOf = region.properties!.anyOf as unknown as Record<string, unknown>;
    delete region.properties!.anyOf;
  }
  return wrap(ajv.compile(schema));
}

/**
 * JUnit XML against the schema Jenkins' xUnit plugin validates JUnit reports with
 * (test/fixtures/schemas/junit-10.xsd), checked by libxml2's own xmllint (compiled to
 * WebAssembly, so it needs nothing installed). Undefined when valid, else xmllint's errors.
 */
export async function junitXmlErrors(xml: string): Promise<string | undefined> {
  const { validateXML } = await import('xmllint-wasm');
  const schema = readFileSync(join(repo, 'test', 'fixtures', 'schemas', 'junit-10.xsd'), 'utf8');
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [{ fileName: 'junit-10.xsd', contents: schema }],
  });
  return result.valid ? undefined : result.errors.map((e) => e.rawMessage).join('\n');
}
