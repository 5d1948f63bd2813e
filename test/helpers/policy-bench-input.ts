/**
 * The input of the policy throughput bench (bench/policy.mjs) and of the golden test of the
 * engine's output on it (test/policy/engine/bench-golden.test.ts): every workload of
 * test/fixtures/workloads (each file loaded on its own, so Services, RBAC and NetworkPolicies
 * resolve as `deployment check` resolves them) and, per distinct image reference, generated scan
 * data of a Debian-like image (88–90 components, 12–44 vulnerabilities, some suppressed or
 * deferred, a few Log4Shell/Spring4Shell/Struts components, Dockerfile layers, a quarter older
 * than 90 days). Deterministic: a fixed-seed PRNG gives the same images on every call.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { Deployment, ImageName } from '../../src/model/deployment.js';
import type {
  EmbeddedVulnerability,
  Image,
  SourceType,
  VulnerabilitySeverity,
} from '../../src/model/image.js';
import type { DeploymentEvaluationInput } from '../../src/policy/engine/evaluation-input.js';
import { loadWorkloads } from '../../src/policy/workloads/index.js';

export const BENCH_NOW = new Date('2026-06-01T00:00:00Z');
const NOW = BENCH_NOW;
const DAY = 86_400_000;

interface Comp {
  name: string;
  version: string;
  source?: SourceType;
}

const pick = <T>(a: readonly T[], rand: () => number): T => a[(rand() * a.length) | 0]!;

// A Debian-like base: package names and versions of the kind a slim base image holds.
const BASE = `adduser 3.134 apt 2.6.1 base-files 12.4+deb12u5 base-passwd 3.6.1 bash 5.2.15-2+b2
bsdutils 1:2.38.1-5+b1 ca-certificates 20230311 coreutils 9.1-1 dash 0.5.12-2 debconf 1.5.82
debian-archive-keyring 2023.3 debianutils 5.7-0.5 diffutils 1:3.8-4 dpkg 1.21.22 e2fsprogs 1.47.0-2
findutils 4.9.0-4 gcc-12-base 12.2.0-14 gpgv 2.2.40-1.1 grep 3.8-5 gzip 1.12-1 hostname 3.23+nmu1
init-system-helpers 1.65.2 libacl1 2.3.1-3 libapt-pkg6.0 2.6.1 libattr1 1:2.5.1-4 libaudit1 1:3.0.9-1
libblkid1 2.38.1-5+b1 libbz2-1.0 1.0.8-5+b1 libc-bin 2.36-9+deb12u4 libc6 2.36-9+deb12u4
libcap-ng0 0.8.3-1+b3 libcap2 1:2.66-4 libcom-err2 1.47.0-2 libcrypt1 1:4.4.33-2 libcurl4 7.88.1-10
libdb5.3 5.3.28+dfsg2-1 libdebconfclient0 0.270 libext2fs2 1.47.0-2 libffi8 3.4.4-1 libgcc-s1 12.2.0-14
libgcrypt20 1.10.1-3 libgmp10 2:6.2.1+dfsg1-1.1 libgnutls30 3.7.9-2 libgpg-error0 1.46-1
libhogweed6 3.8.1-2 libidn2-0 2.3.3-1+b1 liblz4-1 1.9.4-1 liblzma5 5.4.1-0.2 libmd0 1.0.4-2
libmount1 2.38.1-5+b1 libnettle8 3.8.1-2 libp11-kit0 0.24.1-2 libpam-modules 1.5.2-6+deb12u1
libpam-runtime 1.5.2-6+deb12u1 libpam0g 1.5.2-6+deb12u1 libpcre2-8-0 10.42-1 libseccomp2 2.5.4-1+b3
libselinux1 3.4-1+b6 libsemanage2 3.4-1+b5 libsepol2 3.4-2.1 libsmartcols1 2.38.1-5+b1
libss2 1.47.0-2 libssl3 3.0.11-1~deb12u2 libstdc++6 12.2.0-14 libsystemd0 252.22-1~deb12u1
libtasn1-6 4.19.0-2 libtinfo6 6.4-4 libudev1 252.22-1~deb12u1 libunistring2 1.0-2 libuuid1 2.38.1-5+b1
libxxhash0 0.8.1-1 libzstd1 1.5.4+dfsg2-5 login 1:4.13+dfsg1-1+b1 logsave 1.47.0-2 mawk 1.3.4.20200120-3.1
mount 2.38.1-5+b1 ncurses-base 6.4-4 ncurses-bin 6.4-4 openssl 3.0.11-1~deb12u2 passwd 1:4.13+dfsg1-1+b1
perl-base 5.36.0-7+deb12u1 sed 4.9-1 sysvinit-utils 3.06-4 tar 1.34+dfsg-1.2 tzdata 2024a-0+deb12u1
usr-is-merged 35 util-linux 2.38.1-5+b1 zlib1g 1:1.2.13.dfsg-1`
  .split(/\s+/)
  .reduce<Comp[]>((acc, x, i, a) => (i % 2 === 0 ? [...acc, { name: x, version: a[i + 1]! }] : acc), []);
const EXTRAS: Comp[][] = [
  [{ name: 'curl', version: '7.88.1-10' }],
  [{ name: 'wget', version: '1.21.3-1+b2' }],
  [
    { name: 'log4j-core', version: '2.14.1', source: 'JAVA' },
    { name: 'spring-beans', version: '5.3.17', source: 'JAVA' },
  ],
  [{ name: 'struts2-core', version: '2.3.20', source: 'JAVA' }],
  [{ name: 'openssh-server', version: '1:9.2p1-2' }],
  [],
  [],
];
const SEVERITIES = ['LOW', 'MODERATE', 'IMPORTANT', 'CRITICAL'];
const NAMED_CVES: Record<string, string> = {
  'log4j-core': 'CVE-2021-44228',
  'spring-beans': 'CVE-2022-22965',
  'struts2-core': 'CVE-2017-5638',
};

function makeImage(ref: { id?: string; name?: ImageName }, rand: () => number): Image {
  const comps = [...BASE, ...pick(EXTRAS, rand)].map((c, i) => {
    const vulns: EmbeddedVulnerability[] = [];
    const n = NAMED_CVES[c.name] ? 1 : rand() < 0.15 ? 1 + ((rand() * 3) | 0) : 0;
    for (let k = 0; k < n; k++) {
      const sev = NAMED_CVES[c.name] ? 'CRITICAL' : pick(SEVERITIES, rand);
      vulns.push({
        cve: NAMED_CVES[c.name] ?? `CVE-20${20 + ((rand() * 5) | 0)}-${10000 + ((rand() * 50000) | 0)}`,
        cvss: Math.round((2 + rand() * 8) * 10) / 10,
        severity: `${sev}_VULNERABILITY_SEVERITY` as VulnerabilitySeverity,
        fixedBy: rand() < 0.5 ? `${c.version}+fix1` : '',
        publishedOn: new Date(NOW.getTime() - (30 + rand() * 900) * DAY).toISOString(),
        ...(rand() < 0.05 ? { suppressed: true } : {}),
        ...(rand() < 0.05 ? { state: 'DEFERRED' } : {}),
      });
    }
    return { name: c.name, version: c.version, source: c.source ?? 'OS', layerIndex: i % 4, vulns };
  });
  const old = rand() < 0.25;
  return {
    id: ref.id,
    name: ref.name,
    metadata: {
      v1: {
        created: new Date(NOW.getTime() - (old ? 200 : 20) * DAY).toISOString(),
        user: rand() < 0.5 ? '' : '10001',
        labels: { maintainer: 'platform@example.org', 'org.opencontainers.image.source': 'example.org/app' },
        layers: [
          { instruction: 'ADD', value: 'file:4b1c3f in /' },
          { instruction: 'CMD', value: '["bash"]' },
          { instruction: 'RUN', value: '/bin/sh -c apt-get update && apt-get install -y ca-certificates' },
          { instruction: rand() < 0.2 ? 'ADD' : 'COPY', value: 'app /app' },
          { instruction: 'USER', value: '10001' },
        ],
      },
    },
    scan: {
      scanTime: new Date(NOW.getTime() - DAY).toISOString(),
      operatingSystem: 'debian:12',
      components: comps,
    },
    signatureVerificationData: { results: [] },
  };
}

export interface PolicyBenchInput {
  deployments: Deployment[];
  /** One generated image per distinct container image reference (`name.fullName`). */
  images: Map<string, Image>;
  /** One DEPLOY input per deployment, all sharing `images`. */
  inputs: DeploymentEvaluationInput[];
}

export function policyBenchInput(): PolicyBenchInput {
  const dir = fileURLToPath(new URL('../fixtures/workloads/', import.meta.url));
  const deployments = readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'want.json' && f !== 'verdicts.json')
    .sort()
    .flatMap((f) => loadWorkloads([{ file: f, text: readFileSync(dir + f, 'utf8') }]).workloads)
    .map((w) => w.deployment);
  let seed = 0x2545f491;
  const rand = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  const images = new Map<string, Image>();
  for (const d of deployments) {
    for (const c of d.containers ?? []) {
      const key = c.image?.name?.fullName;
      if (key && !images.has(key)) images.set(key, makeImage(c.image!, rand));
    }
  }
  const inputs = deployments.map((deployment): DeploymentEvaluationInput => ({
    deployment,
    images,
    stage: 'DEPLOY',
    now: NOW,
  }));
  return { deployments, images, inputs };
}
