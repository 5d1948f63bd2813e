/** Ubuntu codenames → release numbers (the OpenVEX `distro` qualifier and OVAL file names use codenames). */
export const ubuntuReleases: Readonly<Record<string, string>> = {
  precise: '12.04',
  trusty: '14.04',
  xenial: '16.04',
  bionic: '18.04',
  focal: '20.04',
  jammy: '22.04',
  kinetic: '22.10',
  lunar: '23.04',
  mantic: '23.10',
  noble: '24.04',
  oracular: '24.10',
  plucky: '25.04',
  questing: '25.10',
};

/**
 * `jammy` → `{ ecosystem: 'Ubuntu:22.04' }`; `esm-infra/xenial` → the same release with
 * pocket `pro` and the channel (`esm-infra`) kept for `extra`; unknown codenames → undefined.
 */
export function ubuntuDistro(
  distro: string,
): { ecosystem: string; pocket?: string; channel?: string } | undefined {
  const slash = distro.lastIndexOf('/');
  const codename = slash >= 0 ? distro.slice(slash + 1) : distro;
  const n = ubuntuReleases[codename.toLowerCase()];
  if (!n) return undefined;
  if (slash < 0) return { ecosystem: `Ubuntu:${n}` };
  const channel = distro.slice(0, slash);
  return { ecosystem: `Ubuntu:${n}`, pocket: /fips/i.test(channel) ? 'pro-fips' : 'pro', channel };
}
