/** One authentication challenge from a `WWW-Authenticate` header. */
export interface Challenge {
  /** Lower-case scheme: `basic`, `bearer`, … */
  scheme: string;
  /** Parameters with lower-case names (`realm`, `service`, `scope`, `error`). */
  params: Record<string, string>;
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/**
 * Parses RFC 7235 challenges: `Bearer realm="https://a/token",service="reg",scope="repository:x:pull,push"`.
 * Quoted values may contain commas and backslash escapes; several challenges may share one
 * header (`Basic realm="r", Bearer realm="t"`), and several headers may be passed.
 */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  if (Array.isArray(header)) return header.flatMap((h) => parseChallenges(h));
  const out: Challenge[] = [];
  const s = header;
  let i = 0;
  const skipSpace = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < s.length && TOKEN_CHAR.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  const readBare = (): string => {
    const start = i;
    while (i < s.length && s[i] !== ',' && s[i] !== ' ' && s[i] !== '\t') i++;
    return s.slice(start, i);
  };
  const readQuoted = (): string => {
    let value = '';
    i++; // opening quote
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      value += s[i];
      i++;
    }
    i++; // closing quote
    return value;
  };

  let current: Challenge | undefined;
  while (i < s.length) {
    skipSpace();
    if (s[i] === ',') {
      i++;
      continue;
    }
    const word = readToken();
    if (word === '') {
      i++; // stray character: skip it
      continue;
    }
    skipSpace();
    if (s[i] === '=') {
      i++;
      skipSpace();
      const value = s[i] === '"' ? readQuoted() : readBare();
      if (current) current.params[word.toLowerCase()] = value; // else: a parameter before any scheme, ignored
      continue;
    }
    current = { scheme: word.toLowerCase(), params: {} };
    out.push(current);
  }
  return out;
}
