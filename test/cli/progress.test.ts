import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';

import { startProgress } from '../../src/cli/progress.js';

/** A stream that claims to be a terminal and records what is written to it. */
function fakeTerminal(): { stream: NodeJS.WriteStream; written: () => string } {
  const pass = new PassThrough();
  let out = '';
  pass.on('data', (d: Buffer) => (out += d.toString()));
  Object.assign(pass, {
    isTTY: true,
    columns: 120,
    rows: 40,
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
  });
  return { stream: pass as unknown as NodeJS.WriteStream, written: () => out };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('progress on stderr', () => {
  const saved = { CI: process.env.CI, TERM: process.env.TERM };
  beforeEach(() => {
    // ora draws only in an interactive terminal: no CI variable, a real TERM.
    delete process.env.CI;
    process.env.TERM = 'xterm-256color';
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('writes nothing when the stream is not a terminal', async () => {
    const pass = new PassThrough();
    let out = '';
    pass.on('data', (d: Buffer) => (out += d.toString()));
    const p = startProgress(pass as unknown as NodeJS.WriteStream);
    p.update({ kind: 'layer-start', index: 0, total: 1, size: 10, cached: false });
    p.stop();
    await p.loaded;
    await sleep(150);
    assert.equal(out, '');
  });

  it('shows each layer on a terminal, then stops drawing', async () => {
    const t = fakeTerminal();
    const p = startProgress(t.stream);
    await p.loaded;
    p.update({ kind: 'layer-start', index: 0, total: 2, size: 10, cached: false });
    p.update({ kind: 'layer-bytes', index: 1, bytes: 3 * 1024 * 1024, size: 6 * 1024 * 1024 });
    await sleep(250);
    p.stop();
    assert.match(t.written(), /layer 1\/2/);
    assert.match(t.written(), /layer 2: 3\.0MB\/6\.0MB/);
    const after = t.written().length;
    await sleep(250);
    assert.equal(t.written().length, after, 'the spinner kept drawing after stop()');
  });

  it('never starts the spinner when stopped before ora has loaded', async () => {
    const t = fakeTerminal();
    const p = startProgress(t.stream);
    p.stop();
    try {
      await p.loaded;
      await sleep(250);
      assert.equal(t.written(), '');
    } finally {
      p.stop(); // a spinner started by mistake must not keep the test process alive
    }
  });
});
