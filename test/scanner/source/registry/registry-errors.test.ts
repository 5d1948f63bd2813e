import assert from 'node:assert/strict';

import { isTlsError, registryNetworkError } from '../../../../src/scanner/source/registry/registry-errors.js';

const err = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('registry network errors', () => {
  it('tells TLS failures from unreachable hosts', () => {
    assert.equal(isTlsError(err('UNABLE_TO_VERIFY_LEAF_SIGNATURE')), true);
    assert.equal(isTlsError(err('DEPTH_ZERO_SELF_SIGNED_CERT')), true);
    assert.equal(isTlsError(err('ERR_SSL_WRONG_VERSION_NUMBER')), true);
    assert.equal(isTlsError(err('ERR_TLS_CERT_ALTNAME_INVALID')), true);
    assert.equal(isTlsError(err('ECONNREFUSED')), false);
    assert.equal(isTlsError(err('ENOTFOUND', 'getaddrinfo ENOTFOUND reg.example')), false);
  });

  it('suggests --insecure for a TLS failure to a host where TLS is required, as a deliberate choice', () => {
    const e = registryNetworkError(
      'reg.example',
      err('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      false,
    );
    assert.equal(e.code, 'SOURCE_REGISTRY_TLS');
    assert.match(
      e.message,
      /^TLS connection to registry reg\.example failed: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)\./,
    );
    assert.match(e.message, /pass --insecure only if you trust this network/);
    assert.ok(!e.message.includes('\n'));
  });

  it('keeps multi-line OpenSSL reasons on one line', () => {
    const e = registryNetworkError(
      'reg.example',
      err('ERR_SSL_WRONG_VERSION_NUMBER', 'ssl3_get_record:wrong version number:\n'),
      false,
    );
    assert.ok(!e.message.includes('\n'));
  });

  it('says a host is unreachable otherwise', () => {
    const e = registryNetworkError(
      'reg.example',
      err('ENOTFOUND', 'getaddrinfo ENOTFOUND reg.example'),
      false,
    );
    assert.equal(e.code, 'SOURCE_REGISTRY_UNREACHABLE');
    assert.match(
      e.message,
      /^cannot reach registry reg\.example: getaddrinfo ENOTFOUND reg\.example\. Check the host name/,
    );
    assert.doesNotMatch(e.message, /--insecure/);
  });
});
