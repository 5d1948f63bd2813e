import type { Dispatcher } from 'undici';

import { RampartError, describeError } from '../../../runtime/errors.js';

const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|EPROTO$)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/** True for a TLS handshake or certificate failure (as opposed to a refused or dropped connection). */
export function isTlsError(err: unknown): boolean {
  if (codesOf(err).some((c) => TLS_CODE.test(c))) return true;
  const text = describeError(err).toLowerCase();
  return /\bssl\b|\btls\b|certificate|wrong version number/.test(text);
}

/** True when the caller cancelled (the abort signal fired). */
export function isAbortError(err: unknown): boolean {
  return (err as { name?: unknown })?.name === 'AbortError' || codesOf(err).includes('UND_ERR_ABORTED');
}

/** A third-party error text on one line (OpenSSL messages end in newlines). */
export function oneLineReason(err: unknown): string {
  return describeError(err).replace(/\s+/g, ' ').trim();
}

/** One clear line for a registry that could not be reached or spoke TLS wrongly. */
export function registryNetworkError(host: string, err: unknown, canFallBack: boolean): RampartError {
  const reason = oneLineReason(err);
  if (isTlsError(err) && !canFallBack) {
    return new RampartError(
      'SOURCE_REGISTRY_TLS',
      `TLS connection to registry ${host} failed: ${reason}. Check the registry's certificate; ` +
        'pass --insecure only if you trust this network and mean to skip TLS verification',
      { cause: err },
    );
  }
  return new RampartError(
    'SOURCE_REGISTRY_UNREACHABLE',
    `cannot reach registry ${host}: ${reason}. Check the host name, port and network or proxy settings`,
    { cause: err },
  );
}

/** The `message` (or `code`) of the first entry of a Distribution API error body, if any. */
export async function readRegistryErrorMessage(res: Dispatcher.ResponseData): Promise<string | undefined> {
  let text = '';
  try {
    for await (const chunk of res.body) {
      text += (chunk as Buffer).toString('utf8');
      if (text.length > 16_384) {
        res.body.destroy();
        break;
      }
    }
  } catch {
    return undefined;
  }
  try {
    const doc = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    const first = doc.errors?.[0];
    const message = first?.message || first?.code;
    if (typeof message === 'string' && message.trim())
      return message.replace(/\s+/g, ' ').trim().slice(0, 300);
  } catch {
    // not JSON
  }
  const line = text.trim().split('\n')[0]?.trim().slice(0, 200);
  return line || undefined;
}

export function authFailedError(host: string, detail: string): RampartError {
  return new RampartError(
    'SOURCE_REGISTRY_AUTH',
    `authentication to ${host} failed: ${detail}; pass --username/--password or log in with docker login`,
  );
}
