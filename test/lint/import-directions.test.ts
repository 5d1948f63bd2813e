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
  it('the indexer may not read the vulnerability DB; a finder may not reach into another finder', async () => {
    const msgs = await lint(
      'src/scanner/indexer/npm/x.ts',
      [
        "import { a } from '../../vulndb/store.js';",
        "import { b } from '../python/parse-metadata.js';",
        "import { c } from '../../../cli/base-command.js';",
        "import { d } from '../contracts.js';",
        'export const e = [a, b, c, d];',
      ].join('\n'),
    );
    assert.equal(msgs.length, 3, msgs.join('\n'));
    assert.match(msgs[0]!, /src\/scanner\/vulndb is off limits/);
    assert.match(msgs[1]!, /indexer plug-in folder may not import another's internals/);
    assert.match(msgs[2]!, /may not import from src\/cli/);
  });
  it('a feed may not reach into another feed, only into the role folder', async () => {
    const msgs = await lint(
      'src/scanner/vulndb/feeds/rocky/x.ts',
      "import { a } from '../redhat/index.js';\nimport { b } from '../read-oval-document.js';\nexport const c = [a, b];\n",
    );
    assert.equal(msgs.length, 1, msgs.join('\n'));
    assert.match(msgs[0]!, /vulndb\/feeds plug-in folder/);
  });
  it('the matcher never touches layers or sources; versions is a leaf', async () => {
    const matcher = await lint(
      'src/scanner/matcher/rules/x.ts',
      "import { a } from '../../layers/walk-layer.js';\nimport { b } from '../../vulndb/store.js';\nexport const c = [a, b];\n",
    );
    assert.equal(matcher.length, 1, matcher.join('\n'));
    assert.match(matcher[0]!, /src\/scanner\/layers is off limits/);
    const versions = await lint(
      'src/scanner/versions/x.ts',
      "import { a } from '../vulndb/model.js';\nexport const c = a;\n",
    );
    assert.equal(versions.length, 1);
  });
});
