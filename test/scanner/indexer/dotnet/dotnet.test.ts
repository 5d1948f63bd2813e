import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dotnetFinder } from '../../../../src/scanner/indexer/dotnet/index.js';
import { parseDepsJson } from '../../../../src/scanner/indexer/dotnet/parse-deps-json.js';
import { parsePackagesConfig } from '../../../../src/scanner/indexer/dotnet/parse-packages-config.js';
import { parsePackagesLock } from '../../../../src/scanner/indexer/dotnet/parse-packages-lock.js';
import { finderContext, layerFileOf } from '../../../helpers/layer-file-of.js';

const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

const DEPS = {
  runtimeTarget: { name: '.NETCoreApp,Version=v8.0/linux-x64' },
  targets: {
    '.NETCoreApp,Version=v8.0/linux-x64': {
      'App/1.0.0': { dependencies: { 'Newtonsoft.Json': '13.0.1' }, runtime: { 'App.dll': {} } },
      'Newtonsoft.Json/13.0.1': { runtime: { 'lib/net6.0/Newtonsoft.Json.dll': {} } },
      'Compile.Only/2.0.0': { compile: { 'ref/x.dll': {} } },
      'Native.Lib/3.0.0': { native: { 'runtimes/linux-x64/native/libx.so': {} } },
      'runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.0': {
        runtime: { 'System.Private.CoreLib.dll': {} },
      },
    },
  },
  libraries: {
    'App/1.0.0': { type: 'project', serviceable: false, sha512: '' },
    'Newtonsoft.Json/13.0.1': { type: 'package', serviceable: true },
    'Compile.Only/2.0.0': { type: 'package' },
    'Native.Lib/3.0.0': { type: 'package' },
    'Not.In.Target/4.0.0': { type: 'package' },
    'Reference.Assembly/1.0.0': { type: 'referenceassembly' },
    'runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.0': { type: 'runtimepack' },
    NoVersion: { type: 'package' },
  },
};

const ids = (pkgs: { name: string; version: string }[]) => pkgs.map((p) => `${p.name}/${p.version}`).sort();

describe('dotnet finder', () => {
  describe('.deps.json', () => {
    it('keeps runtime libraries of the runtime target and drops compile-only ones', () => {
      const pkgs = parseDepsJson(JSON.stringify(DEPS), 'app/App.deps.json');
      assert.deepEqual(ids(pkgs), [
        'App/1.0.0',
        'Microsoft.NETCore.App.Runtime.linux-x64/8.0.0',
        'Native.Lib/3.0.0',
        'Newtonsoft.Json/13.0.1',
        'Not.In.Target/4.0.0',
      ]);
      const nj = pkgs.find((p) => p.name === 'Newtonsoft.Json')!;
      assert.equal(nj.purl, 'pkg:nuget/Newtonsoft.Json@13.0.1');
      assert.equal(nj.type, 'nuget');
      assert.equal(nj.evidence, 'installed');
      assert.equal(nj.location, 'app/App.deps.json');
    });

    it('keeps every package library when the runtime target section is missing', () => {
      const doc = { ...DEPS, runtimeTarget: { name: 'Other' } };
      assert.ok(ids(parseDepsJson(JSON.stringify(doc), 'x.deps.json')).includes('Compile.Only/2.0.0'));
    });

    it('turns broken JSON into a warning, a BOM is fine', async () => {
      const bad = await dotnetFinder.find(layerFileOf('app/x.deps.json', '{"libraries": {'), finderContext);
      assert.deepEqual(bad.packages, []);
      assert.equal(bad.warnings[0]!.code, 'INDEXER_DOTNET_DEPS_MALFORMED');
      const bom = await dotnetFinder.find(
        layerFileOf('app/x.deps.json', '\uFEFF' + JSON.stringify(DEPS)),
        finderContext,
      );
      assert.equal(bom.packages.length, 5);
    });
  });

  it('reads packages.lock.json across frameworks, once per package, without projects', () => {
    const pkgs = parsePackagesLock(testdata('packages.lock.json'), 'src/packages.lock.json');
    assert.deepEqual(ids(pkgs), ['Newtonsoft.Json/13.0.1', 'Serilog/2.10.0']);
    assert.ok(pkgs.every((p) => p.evidence === 'lockfile'));
  });

  it('reads packages.config and marks development dependencies', () => {
    const pkgs = parsePackagesConfig(testdata('packages.config'), 'src/packages.config');
    assert.deepEqual(ids(pkgs), [
      'Microsoft.AspNet.Mvc/5.2.7',
      'Microsoft.CodeDom.Providers.DotNetCompilerPlatform/2.0.1',
      'Newtonsoft.Json/12.0.3',
    ]);
    assert.equal(pkgs.find((p) => p.name.startsWith('Microsoft.CodeDom'))!.scope, 'dev');
    assert.equal(pkgs.find((p) => p.name === 'Newtonsoft.Json')!.scope, undefined);
  });

  it('warns on malformed packages.config and packages.lock.json', async () => {
    const cfg = await dotnetFinder.find(
      layerFileOf('packages.config', '<packages><package id="a" version="1"'),
      finderContext,
    );
    assert.equal(cfg.warnings[0]?.code, 'INDEXER_NUGET_CONFIG_MALFORMED');
    const lock = await dotnetFinder.find(layerFileOf('packages.lock.json', '{'), finderContext);
    assert.equal(lock.warnings[0]?.code, 'INDEXER_NUGET_LOCK_MALFORMED');
  });

  it('never throws on hostile content: an unnamed package becomes a warning', async () => {
    const doc = JSON.stringify({
      version: 1,
      dependencies: { 'net8.0': { '': { type: 'Direct', resolved: '1.0.0' } } },
    });
    const r = await dotnetFinder.find(layerFileOf('packages.lock.json', doc), finderContext);
    assert.deepEqual(r.packages, []);
    assert.equal(r.warnings[0]?.code, 'INDEXER_DOTNET_UNREADABLE');
  });

  it('claims its three file kinds only', () => {
    for (const p of ['app/App.deps.json', 'src/packages.lock.json', 'src/packages.config'])
      assert.equal(dotnetFinder.claims(p), true, p);
    for (const p of ['app/App.runtimeconfig.json', 'package-lock.json', 'app/deps.json.bak'])
      assert.equal(dotnetFinder.claims(p), false, p);
  });
});
