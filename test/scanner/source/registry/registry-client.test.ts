import assert from 'node:assert/strict';

import { sameHost } from '../../../../src/scanner/source/registry/registry-client.js';

describe('sameHost (credentials stay with the registry origin)', () => {
  const yes: [string, string][] = [
    ['https://reg.example/v2/', 'reg.example'],
    ['https://reg.example/v2/', 'Reg.Example:443'],
    ['http://127.0.0.1:5000/v2/', '127.0.0.1:5000'],
    ['http://reg.example:443/v2/', 'reg.example:443'],
    ['https://[::1]:5000/v2/', '[::1]:5000'],
  ];
  const no: [string, string][] = [
    ['https://storage.example/blob', 'reg.example'],
    ['https://reg.example:5000/v2/', 'reg.example'],
    ['http://127.0.0.1:5001/v2/', '127.0.0.1:5000'],
    ['https://reg.example.evil.io/v2/', 'reg.example'],
    ['http://reg.example/v2/', 'reg.example:443'],
  ];
  for (const [url, host] of yes)
    it(`${url} is ${host}`, () => assert.equal(sameHost(new URL(url), host), true));
  for (const [url, host] of no)
    it(`${url} is not ${host}`, () => assert.equal(sameHost(new URL(url), host), false));
});
