/** The import directions of the architecture are a lint rule, and the rule has teeth. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';

const cwd = fileURLToPath(new URL('../../', import.meta.url));

async function lint(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd });
  const [res] = await eslint.lintText(code, { filePath });
  return res!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('architecture import directions (eslint)', function () {
  this.timeout(60_000);
  it('the scanner may not import the CLI, commands or the policy engine', async () => {
    const msgs = await lint(
      'src/scanner/layers/x.ts',
      "import { a } from '../../cli/base-command.js';\nimport { b } from '../../policy/index.js';\nexport const c = [a, b];\n",
    );
    assert.equal(msgs.length, 2);
    assert.match(msgs[0]!, /may not import from src\/cli/);
  });
  it('the policy engine may not reach into scanner internals', async () => {
    const msgs = await lint(
      'src/policy/engine/x.ts',
      "import { walkLayer } from '../../scanner/layers/walk-layer.js';\nexport const c = walkLayer;\n",
    );
    assert.deepEqual(msgs.length, 1);
  });
  it('commands may import libraries', async () => {
    const msgs = await lint(
      'src/commands/image/x.ts',
      "import { indexRenderers } from '../../scanner/report/index-renderers.js';\nexport const c = indexRenderers;\n",
    );
    assert.deepEqual(msgs, []);
  });
});
