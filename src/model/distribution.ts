/** The OS release an image is built on, from os-release and its fallbacks. */
export interface Distribution {
  /** os-release ID, lower-case: debian, ubuntu, alpine, rhel, rocky, almalinux, centos, fedora, wolfi, chainguard, … */
  id: string;
  /** os-release VERSION_ID (e.g. `12`, `3.19.1`, `9.4`); empty for rolling releases. */
  versionId: string;
  /** Release codename where the distribution has one (bookworm, jammy). */
  versionCodename?: string;
  /** PRETTY_NAME or an equivalent human name. */
  prettyName: string;
  /** os-release ID_LIKE entries. */
  idLike?: string[];
  /** CPE_NAME when the release file gives one (Red Hat family). */
  cpe?: string;
  /** Which file decided it (etc/os-release, etc/alpine-release, …). */
  location: string;
  /** True for distroless images (dpkg status.d, no shell or os-release package). */
  distroless?: boolean;
}
