import assert from 'node:assert/strict';

import { parseComponent } from '../../../../../src/scanner/vulndb/feeds/redhat/parse-nevra.js';

describe('redhat component references', () => {
  it('reads name-epoch:version-release.arch with a module', () => {
    assert.deepEqual(
      parseComponent('perl-FCGI-1:0.78-12.module+el8.10.0+23147+95b68fad.aarch64::perl-FCGI:0.78'),
      {
        name: 'perl-FCGI',
        evr: '1:0.78-12.module+el8.10.0+23147+95b68fad',
        arch: 'aarch64',
        module: 'perl-FCGI:0.78',
      },
    );
    assert.deepEqual(parseComponent('openssl-libs-1:3.0.7-27.el9.x86_64'), {
      name: 'openssl-libs',
      evr: '1:3.0.7-27.el9',
      arch: 'x86_64',
    });
  });

  it('reads the older .rpm-module:stream form without epoch', () => {
    assert.deepEqual(parseComponent('ruby-2.7.8-139.module+el8.8.0+18745+f1bef313.aarch64.rpm-ruby:2.7'), {
      name: 'ruby',
      evr: '2.7.8-139.module+el8.8.0+18745+f1bef313',
      arch: 'aarch64',
      module: 'ruby:2.7',
    });
  });

  it('reads unversioned components, source packages and module/name', () => {
    assert.deepEqual(parseComponent('openssl'), { name: 'openssl' });
    assert.deepEqual(parseComponent('openssl.src'), { name: 'openssl', arch: 'src' });
    assert.deepEqual(parseComponent('nodejs:18/nodejs'), { name: 'nodejs', module: 'nodejs:18' });
  });

  it('refuses empty and malformed references', () => {
    assert.equal(parseComponent(''), undefined);
    assert.equal(parseComponent('a b'), undefined);
    assert.equal(parseComponent('x/'), undefined);
    assert.equal(parseComponent('ansible-automation-platform/automation-dashboard-rhel9'), undefined);
    assert.equal(parseComponent('mta/mta-cli-rhel9@sha256:394d_amd64'), undefined);
  });
});
