import assert from 'node:assert/strict';

import {
  layoutCell,
  renderRoxctlTable,
  wrapParagraph,
} from '../../../src/scanner/report/table/roxctl-table.js';

describe('roxctl table renderer', () => {
  it('wraps with the least ragged breaks, not greedily', () => {
    // Greedy filling would give "aaa bb" / "cc" / "ddddd" (slack 0 + 16); the least ragged
    // split leaves slack 3 + 1.
    assert.deepEqual(wrapParagraph('aaa bb cc ddddd', 6), ['aaa', 'bb cc', 'ddddd']);
    assert.deepEqual(wrapParagraph('fits on one line', 30), ['fits on one line']);
    // A word longer than the limit stays whole and sets the width.
    assert.deepEqual(wrapParagraph('a verylongword b', 5), ['a', 'verylongword', 'b']);
  });

  it('lays a cell out as wrapped paragraphs with a blank line between them', () => {
    assert.deepEqual(layoutCell('- one\n- two'), { lines: ['- one', '', '- two'], width: 5 });
    const long = layoutCell('x '.repeat(20).trim());
    assert.ok(long.lines.length > 1 && long.lines.every((l) => l.length <= 30));
    // A wrapped cell is as wide as the limit, even when no line fills it (as roxctl's library).
    assert.equal(Math.max(...long.lines.map((l) => l.length)), 29);
    assert.equal(long.width, 30);
  });

  it('centres cells (odd gap: extra space on the right) and closes every row with a separator', () => {
    const out = renderRoxctlTable({
      headers: ['name', 'v'],
      rows: [
        ['a', 'LOW'],
        ['bbbb', 'HIGH'],
      ],
    });
    assert.equal(
      out,
      [
        '+------+------+',
        '| NAME |  V   |',
        '+------+------+',
        '|  a   | LOW  |',
        '+------+------+',
        '| bbbb | HIGH |',
        '+------+------+',
        '',
      ].join('\n'),
    );
  });

  it('merges equal non-empty cells of adjacent rows only in the merge columns', () => {
    const rows = [
      ['x', 'same', ''],
      ['y', 'same', ''],
      ['y', 'other', ''],
    ];
    const out = renderRoxctlTable({ rows, mergeColumns: [0, 1, 2] }).split('\n');
    assert.deepEqual(out, [
      '+---+-------+--+',
      '| x | same  |  |',
      '+---+       +--+',
      '| y |       |  |',
      '+   +-------+--+',
      '|   | other |  |',
      '+---+-------+--+',
      '',
    ]);
    const unmerged = renderRoxctlTable({ rows, mergeColumns: [0] }).split('\n');
    assert.equal(unmerged[2], '+---+-------+--+');
    assert.equal(unmerged[3], '| y | same  |  |');
    assert.equal(unmerged[4], '+   +-------+--+');
  });
});
