import assert from 'node:assert/strict';

import {
  parseTrackerJson,
  trackerState,
} from '../../../../../src/scanner/vulndb/feeds/debian/parse-tracker-json.js';

describe('debian tracker JSON', () => {
  it('maps every tracker status to a row state', () => {
    assert.deepEqual(trackerState({ status: 'resolved', fixed_version: '1.0-1' }), {
      state: 'fixed',
      fixed: '1.0-1',
    });
    assert.deepEqual(trackerState({ status: 'resolved', fixed_version: '0' }), { state: 'not_affected' });
    assert.deepEqual(trackerState({ status: 'open', urgency: 'low' }), { state: 'unfixed' });
    assert.deepEqual(trackerState({ status: 'open', nodsa: 'Minor issue' }), { state: 'no_dsa' });
    assert.deepEqual(trackerState({ status: 'open', nodsa: '', nodsa_reason: 'ignored' }), {
      state: 'ignored',
    });
    assert.deepEqual(trackerState({ status: 'open', nodsa: '', nodsa_reason: 'postponed' }), {
      state: 'postponed',
    });
    assert.deepEqual(trackerState({ status: 'open', urgency: 'end-of-life' }), { state: 'will_not_fix' });
    assert.deepEqual(trackerState({ status: 'undetermined' }), { state: 'under_investigation' });
  });

  it('groups packages per CVE, maps codenames, skips sid, keeps urgency as severity', () => {
    const json = {
      foo: {
        'CVE-2024-1': {
          description: 'd',
          releases: {
            bookworm: { status: 'resolved', fixed_version: '1.2-1', urgency: 'medium**' },
            sid: { status: 'resolved', fixed_version: '1.2-1', urgency: 'medium' },
          },
        },
      },
      bar: { 'CVE-2024-1': { releases: { bullseye: { status: 'open', urgency: 'unimportant' } } } },
    };
    const recs = [...parseTrackerJson(json, 'debian')];
    assert.equal(recs.length, 1);
    const r = recs[0]!;
    assert.ok(r.kind === 'advisory');
    assert.equal(r.advisory.id, 'CVE-2024-1@Debian');
    assert.equal(r.advisory.details, 'd');
    assert.deepEqual(
      r.affected.map((a) => [a.ecosystem, a.name, a.state, a.fixedVersions, a.severity?.name]),
      [
        ['Debian:12', 'foo', 'fixed', ['1.2-1'], 'medium'],
        ['Debian:11', 'bar', 'unfixed', [], 'unimportant'],
      ],
    );
  });

  it('ignores values of the wrong type instead of crashing', () => {
    assert.deepEqual([...parseTrackerJson([], 'debian')], []);
    assert.deepEqual(
      [...parseTrackerJson({ foo: null, bar: { 'CVE-1': null } }, 'debian')],
      [...parseTrackerJson({ bar: {} }, 'debian')],
    );
  });
});
