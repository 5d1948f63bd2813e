/**
 * Debian codenames → release numbers, as the security tracker and the OVAL file names use them.
 * `sid` (unstable) has no number and is not written as an ecosystem.
 */
export const debianReleases: Readonly<Record<string, string>> = {
  hamm: '2.0',
  slink: '2.1',
  potato: '2.2',
  woody: '3.0',
  sarge: '3.1',
  etch: '4',
  lenny: '5',
  squeeze: '6',
  wheezy: '7',
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  duke: '15',
};

/** `Debian:12` for `bookworm`; undefined for `sid` and unknown names. */
export function debianEcosystem(codename: string): string | undefined {
  const n = debianReleases[codename.toLowerCase()];
  return n ? `Debian:${n}` : undefined;
}
