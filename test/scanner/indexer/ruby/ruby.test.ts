import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { PackageRecord } from '../../../../src/model/package.js';
import { isRampartError } from '../../../../src/runtime/errors.js';
import { coalesceRuby } from '../../../../src/scanner/indexer/ruby/coalesce-ruby.js';
import { rubyFinder } from '../../../../src/scanner/indexer/ruby/index.js';
import { parseGemfileLock } from '../../../../src/scanner/indexer/ruby/parse-gemfile-lock.js';
import { parseGemspec } from '../../../../src/scanner/indexer/ruby/parse-gemspec.js';
import { finderContext, layerFileOf } from '../../../helpers/layer-file-of.js';

const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));
const keys = (records: PackageRecord[]) =>
  records.map((r) => `${r.name}@${r.version}${r.arch ? ` ${r.arch}` : ''}`).sort();
const find = async (path: string, data: string | Buffer) =>
  rubyFinder.find(layerFileOf(path, data), finderContext);

describe('ruby finder', () => {
  it('claims installed and default gemspecs and Gemfile.lock outside installed gems', () => {
    for (const p of [
      'usr/local/bundle/specifications/rake-13.0.6.gemspec',
      'var/lib/gems/3.1.0/specifications/default/json-2.6.3.gemspec',
      'app/vendor/bundle/ruby/3.2.0/specifications/rack-3.0.8.gemspec',
      'app/Gemfile.lock',
      'srv/gems.locked',
    ]) {
      assert.equal(rubyFinder.claims(p), true, p);
    }
    for (const p of [
      'app/my_app.gemspec',
      'usr/local/bundle/gems/rake-13.0.6/rake.gemspec',
      'usr/local/bundle/gems/rack-3.0.8/Gemfile.lock',
      'app/Gemfile',
    ]) {
      assert.equal(rubyFinder.claims(p), false, p);
    }
  });

  it('reads a generated gemspec: name, version, platform, licences, purl', async () => {
    const path = 'usr/local/bundle/specifications/nokogiri-1.15.4-x86_64-linux.gemspec';
    const r = await find(path, testdata('nokogiri-1.15.4-x86_64-linux.gemspec'));
    assert.deepEqual(r.warnings, []);
    const [p] = r.packages;
    assert.equal(p?.name, 'nokogiri');
    assert.equal(p?.version, '1.15.4');
    assert.deepEqual(p?.licenses, ['MIT']);
    assert.equal(p?.arch, 'x86_64-linux');
    assert.equal(p?.purl, 'pkg:gem/nokogiri@1.15.4?platform=x86_64-linux');
    assert.equal(p?.type, 'gem');
    assert.equal(p?.evidence, 'installed');
    assert.equal(p?.location, path);
  });

  it('reads a default gem whose block variable is not `s`, with a single licence', () => {
    const p = parseGemspec(testdata('json-2.6.3.gemspec'), 'specifications/default/json-2.6.3.gemspec');
    assert.deepEqual([p.name, p.version, p.licenses, p.arch], ['json', '2.6.3', ['Ruby'], undefined]);
  });

  it('refuses assignments to another variable, a missing version and computed values', () => {
    for (const body of [
      'Gem::Specification.new do |spec|\n  s.name = "a"\n  s.version = "1.0"\nend\n',
      'Gem::Specification.new do |s|\n  s.name = "a".freeze\nend\n',
      'Gem::Specification.new do |s|\n  s.name = "a"\n  s.version = VERSION\nend\n',
      's.name = "a"\ns.version = "1.0"\n',
    ]) {
      assert.throws(
        () => parseGemspec(body, 'x.gemspec'),
        (e) => isRampartError(e, 'FINDER_PARSE'),
        body,
      );
    }
  });

  it('turns a bad gemspec into a warning naming finder and path', async () => {
    const r = await find('specifications/x.gemspec', 'garbage');
    assert.deepEqual(r.packages, []);
    assert.equal(r.warnings[0]?.code, 'FINDER_PARSE');
    assert.equal(r.warnings[0]?.source, 'ruby');
    assert.equal(r.warnings[0]?.subject, 'specifications/x.gemspec');
  });

  it('Gemfile.lock: GEM specs with platforms split off; GIT and PATH sources and dependency lines skipped', () => {
    const records = parseGemfileLock(testdata('Gemfile.lock'), 'app/Gemfile.lock');
    assert.deepEqual(keys(records), [
      'mini_portile2@2.8.4',
      'nokogiri@1.15.4 aarch64-linux',
      'nokogiri@1.15.4 x86_64-linux',
      'racc@1.7.1',
      'rack@3.0.8',
      'rake@13.0.6',
    ]);
    const noko = records.find((r) => r.arch === 'x86_64-linux');
    assert.equal(noko?.purl, 'pkg:gem/nokogiri@1.15.4?platform=x86_64-linux');
    for (const r of records) assert.equal(r.evidence, 'lockfile');
  });

  it('Gemfile.lock with CRLF line ends reads the same', () => {
    const crlf = readFileSync(new URL('./testdata/Gemfile.lock', import.meta.url), 'utf8').replace(
      /\n/g,
      '\r\n',
    );
    assert.deepEqual(
      keys(parseGemfileLock(crlf, 'g')),
      keys(parseGemfileLock(testdata('Gemfile.lock'), 'g')),
    );
    assert.equal(parseGemfileLock(crlf, 'g').length, 6);
  });

  it('coalesce: installed gems win over Gemfile.lock entries of the same name', () => {
    const installed = parseGemspec(
      testdata('nokogiri-1.15.4-x86_64-linux.gemspec'),
      'specifications/n.gemspec',
    );
    const lock = parseGemfileLock(testdata('Gemfile.lock'), 'app/Gemfile.lock');
    const kept = coalesceRuby([installed, ...lock]);
    assert.deepEqual(keys(kept), [
      'mini_portile2@2.8.4',
      'nokogiri@1.15.4 x86_64-linux',
      'racc@1.7.1',
      'rack@3.0.8',
      'rake@13.0.6',
    ]);
    assert.equal(kept.find((p) => p.name === 'nokogiri')?.evidence, 'installed');
    assert.equal(coalesceRuby(lock).length, lock.length);
  });
});
