import type { Deployment, ExposureInfo, ExposureLevel, PortConfig } from '../../model/deployment.js';
import type { ManifestObject } from './manifest-object.js';
import { matchEqualitySelector } from './match-label-selector.js';
import {
  asArray,
  asNumber,
  asRecord,
  asRecordOrUndefined,
  asStringMap,
  asText,
  type PlainRecord,
} from './plain-data.js';
import { apiGroupOf } from './workload-kinds.js';

const RANK: Record<ExposureLevel, number> = {
  UNSET: 0,
  INTERNAL: 1,
  NODE: 2,
  HOST: 2,
  EXTERNAL: 3,
  ROUTE: 3,
};

interface ServicePortExposure {
  service: ManifestObject;
  port: PlainRecord;
  info: ExposureInfo;
}

/**
 * Record on the deployment's ports how Services, Routes and Ingresses in the same input expose
 * them: ClusterIP → INTERNAL, NodePort → NODE, LoadBalancer → EXTERNAL, a Route → ROUTE, an
 * Ingress backend → EXTERNAL; a hostPort was already recorded as HOST. A Service applies when
 * it is in the deployment's namespace and its selector matches the pod labels; a service port
 * reaches a container port by number or by name, with the same protocol. Each port's
 * `exposure` becomes its most exposed level.
 */
export function applyExposure(deployment: Deployment, objects: readonly ManifestObject[]): void {
  const namespace = deployment.namespace ?? 'default';
  const podLabels = deployment.podLabels ?? {};
  const ports = deployment.ports ?? [];
  if (ports.length === 0) return;
  const inNamespace = objects.filter((o) => (o.namespace || 'default') === namespace);
  const services = inNamespace.filter(
    (o) =>
      o.kind === 'Service' &&
      apiGroupOf(o.apiVersion) === '' &&
      matchEqualitySelector(asStringMap(asRecord(o.body.spec).selector), podLabels),
  );
  for (const service of services) {
    for (const e of serviceExposures(service, inNamespace)) {
      for (const port of ports) {
        if (reaches(e.port, port)) addExposure(port, e.info);
      }
    }
  }
}

function serviceExposures(
  service: ManifestObject,
  sameNamespace: readonly ManifestObject[],
): ServicePortExposure[] {
  const spec = asRecord(service.body.spec);
  const type = asText(spec.type) || 'ClusterIP';
  if (type === 'ExternalName') return [];
  const level: ExposureLevel =
    type === 'LoadBalancer' ? 'EXTERNAL' : type === 'NodePort' ? 'NODE' : 'INTERNAL';
  const ingress = asArray(asRecord(asRecord(service.body.status).loadBalancer).ingress).map(asRecord);
  const externalIps = [
    ...asArray(spec.externalIPs).map(asText),
    ...ingress.map((i) => asText(i.ip)).filter(Boolean),
  ];
  const externalHostnames = ingress.map((i) => asText(i.hostname)).filter(Boolean);
  const out: ServicePortExposure[] = [];
  for (const p of asArray(spec.ports)) {
    const port = asRecord(p);
    const info: ExposureInfo = {
      level,
      serviceName: service.name,
      serviceClusterIp: asText(spec.clusterIP),
      servicePort: asNumber(port.port) ?? 0,
      nodePort: asNumber(port.nodePort) ?? 0,
      externalIps,
      externalHostnames,
    };
    out.push({ service, port, info });
    for (const route of routesTo(service, port, sameNamespace)) {
      out.push({
        service,
        port,
        info: { ...info, level: 'ROUTE', externalIps: [], externalHostnames: route },
      });
    }
    const hosts = ingressHostsTo(service, port, sameNamespace);
    if (hosts !== undefined) {
      out.push({
        service,
        port,
        info: { ...info, level: 'EXTERNAL', externalIps: [], externalHostnames: hosts },
      });
    }
  }
  return out;
}

/** Hostnames of each OpenShift Route that sends traffic to this service port. */
function routesTo(
  service: ManifestObject,
  port: PlainRecord,
  objects: readonly ManifestObject[],
): string[][] {
  const out: string[][] = [];
  for (const o of objects) {
    if (o.kind !== 'Route' || apiGroupOf(o.apiVersion) !== 'route.openshift.io') continue;
    const spec = asRecord(o.body.spec);
    const backends = [asRecord(spec.to), ...asArray(spec.alternateBackends).map(asRecord)];
    if (!backends.some((b) => (asText(b.kind) || 'Service') === 'Service' && asText(b.name) === service.name))
      continue;
    const target = asRecordOrUndefined(spec.port)?.targetPort;
    if (target !== undefined && !servicePortIs(port, target)) continue;
    out.push(asText(spec.host) ? [asText(spec.host)] : []);
  }
  return out;
}

/** Hostnames of the Ingress rules that send traffic to this service port, or undefined if none do. */
function ingressHostsTo(
  service: ManifestObject,
  port: PlainRecord,
  objects: readonly ManifestObject[],
): string[] | undefined {
  let found = false;
  const hosts = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'Ingress') continue;
    const spec = asRecord(o.body.spec);
    const check = (backend: unknown, host: string) => {
      const b = asRecord(backend);
      const svc = asRecordOrUndefined(b.service);
      const name = svc ? asText(svc.name) : asText(b.serviceName);
      const target = svc ? (asRecord(svc.port).number ?? asRecord(svc.port).name) : b.servicePort;
      if (name !== service.name || target === undefined || !servicePortIs(port, target)) return;
      found = true;
      if (host) hosts.add(host);
    };
    check(spec.defaultBackend ?? spec.backend, '');
    for (const r of asArray(spec.rules)) {
      const rule = asRecord(r);
      for (const path of asArray(asRecord(rule.http).paths)) check(asRecord(path).backend, asText(rule.host));
    }
  }
  return found ? [...hosts] : undefined;
}

/** A Route or Ingress names a service port by its number or its name. */
function servicePortIs(port: PlainRecord, ref: unknown): boolean {
  if (typeof ref === 'number') return asNumber(port.port) === ref || asNumber(port.targetPort) === ref;
  const text = asText(ref);
  return (
    text !== '' &&
    (asText(port.name) === text || asText(port.port) === text || asText(port.targetPort) === text)
  );
}

/** A service port reaches a container port through `targetPort` (number or name; default = `port`). */
function reaches(servicePort: PlainRecord, containerPort: PortConfig): boolean {
  const protocol = asText(servicePort.protocol) || 'TCP';
  if (protocol.toUpperCase() !== (containerPort.protocol ?? 'TCP').toUpperCase()) return false;
  const target = servicePort.targetPort ?? servicePort.port;
  const asNum = asNumber(target);
  if (asNum !== undefined && typeof target !== 'string') return containerPort.containerPort === asNum;
  if (typeof target === 'string' && /^\d+$/.test(target))
    return containerPort.containerPort === Number(target);
  return asText(target) !== '' && containerPort.name === asText(target);
}

function addExposure(port: PortConfig, info: ExposureInfo): void {
  port.exposureInfos = [...(port.exposureInfos ?? []), info];
  const level = info.level ?? 'UNSET';
  if (RANK[level] > RANK[port.exposure ?? 'UNSET']) port.exposure = level;
}
