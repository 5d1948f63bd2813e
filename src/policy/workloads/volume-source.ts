/**
 * The `type` and `source` StackRox records for a pod volume (`pkg/protoconv/resources/volumes`):
 * one entry per volume source it knows, `unknown` with an empty source for the rest
 * (projected, downwardAPI, CSI, ephemeral…).
 */
export interface VolumeSourceInfo {
  type: string;
  source: string;
}

type Reader = (spec: Record<string, unknown>) => VolumeSourceInfo;

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): string => (Array.isArray(v) ? v.map(str).join(',') : '');

/** Keyed by the pod-spec field name of the volume source. */
const READERS: Record<string, Reader> = {
  awsElasticBlockStore: (s) => ({ type: 'AWSElasticBlockStore', source: str(s.volumeID) }),
  azureDisk: (s) => ({ type: 'AzureDisk', source: str(s.diskName) }),
  azureFile: (s) => ({ type: 'AzureFile', source: str(s.shareName) }),
  cephfs: (s) => ({ type: 'CephFS', source: list(s.monitors) }),
  cinder: (s) => ({ type: 'Cinder', source: str(s.volumeID) }),
  configMap: (s) => ({ type: 'ConfigMap', source: str(s.name) }),
  emptyDir: (s) => ({ type: 'EmptyDir', source: str(s.medium) }),
  gcePersistentDisk: (s) => ({ type: 'GCEPersistentDisk', source: str(s.pdName) }),
  gitRepo: (s) => ({ type: 'GitRepo', source: str(s.repository) }),
  glusterfs: (s) => ({ type: 'Glusterfs', source: `${str(s.endpoints)}/${str(s.path)}` }),
  hostPath: (s) => ({ type: 'HostPath', source: str(s.path) }),
  nfs: (s) => ({ type: 'NFS', source: `${str(s.server)}/${str(s.path)}` }),
  persistentVolumeClaim: (s) => ({ type: 'PersistentVolumeClaim', source: str(s.claimName) }),
  rbd: (s) => ({ type: 'RBD', source: list(s.monitors) }),
  secret: (s) => ({ type: 'Secret', source: str(s.secretName) }),
};

const UNKNOWN: VolumeSourceInfo = { type: 'unknown', source: '' };

/** Type and source of one `spec.volumes[]` entry. */
export function volumeSourceOf(volume: Record<string, unknown>): VolumeSourceInfo {
  for (const [field, value] of Object.entries(volume)) {
    if (field === 'name' || value === null || value === undefined) continue;
    const reader = READERS[field];
    if (reader === undefined) return UNKNOWN;
    return reader(
      typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {},
    );
  }
  return UNKNOWN;
}
