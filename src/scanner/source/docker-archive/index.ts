import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

import { RampartError, describeError } from '../../../runtime/errors.js';
import {
  LAYER_READ_CHUNK_BYTES,
  type ImageConfig,
  type ImageSource,
  type ResolvedImage,
} from '../contracts.js';
import { compressionOf, parseJsonDoc, platformOf } from '../image-config.js';
import { indexTar, type TarMember } from '../tar-index.js';
import { digestOf, digestVerifier } from '../verify-digest.js';

interface ArchiveManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
  LayerSources?: Record<string, { mediaType?: string; size?: number; digest?: string }>;
}

/** `docker-archive:PATH[:TAG]`, or a path to a `.tar` made by `docker save` / skopeo. */
export function parseArchiveReference(ref: string): { path: string; tag?: string } {
  const body = ref.startsWith('docker-archive:') ? ref.slice('docker-archive:'.length) : ref;
  if (isFile(body)) return { path: resolve(body) };
  const colon = body.indexOf(':', body.lastIndexOf('/') + 1);
  // PATH:name:tag — the tag part itself may contain a colon (repo:tag)
  for (let i = body.indexOf(':'); i > 0; i = body.indexOf(':', i + 1)) {
    if (isFile(body.slice(0, i))) return { path: resolve(body.slice(0, i)), tag: body.slice(i + 1) };
  }
  return { path: resolve(colon > 0 ? body.slice(0, colon) : body) };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

const BLOB_NAME = /(?:^|\/)(?:blobs\/sha256\/)?([a-f0-9]{64})(?:\.tar)?(?:\/layer\.tar)?$/;

/** A `docker save` archive (Docker's manifest.json format; also the OCI-flavoured one of Docker 25+). */
export const dockerArchiveSource = {
  name: 'docker-archive',
  accepts(reference: string): boolean {
    if (reference.startsWith('docker-archive:')) return true;
    return isFile(reference);
  },
  async resolve(reference, options, ctx): Promise<ResolvedImage> {
    const { path, tag } = parseArchiveReference(reference);
    const what = `docker archive ${path}`;
    let file = path;
    let tmp: string | undefined;
    let fh = await open(file, 'r').catch((err: unknown) => {
      throw new RampartError('SOURCE_NOT_FOUND', `${what} cannot be opened: ${describeError(err)}`);
    });
    try {
      const magic = Buffer.alloc(2);
      await fh.read(magic, 0, 2, 0);
      if (magic[0] === 0x1f && magic[1] === 0x8b) {
        // `docker save | gzip`: inflate once into a private temp file, then index it.
        await fh.close();
        const base = options.tempDir ?? tmpdir();
        await mkdir(base, { recursive: true, mode: 0o700 });
        tmp = await mkdtemp(join(base, 'rampart-archive-'));
        file = join(tmp, 'image.tar');
        await pipeline(
          createReadStream(path),
          createGunzip(),
          createWriteStream(file, { mode: 0o600 }),
        ).catch((err: unknown) => {
          throw new RampartError(
            'SOURCE_ARCHIVE_CORRUPT',
            `${what} is a gzip file that cannot be decompressed: ${describeError(err)}`,
          );
        });
        fh = await open(file, 'r');
      }
      const size = (await fh.stat()).size;
      const members = await indexTar(fh, size, what);
      const readMember = async (name: string, label: string): Promise<Buffer> => {
        const m = members.get(name.replace(/^\.?\//, ''));
        if (!m || m.type !== 'file')
          throw new RampartError('SOURCE_ARCHIVE_CORRUPT', `${what} has no ${label} (${name})`);
        if (m.size > ctx.limits.maxManifestBytes)
          throw new RampartError(
            'SOURCE_MANIFEST_TOO_LARGE',
            `${what}: ${label} is too large (${m.size} bytes)`,
          );
        const buf = Buffer.alloc(m.size);
        await fh.read(buf, 0, m.size, m.offset);
        return buf;
      };
      const manifest = parseJsonDoc<ArchiveManifestEntry[]>(
        await readMember('manifest.json', 'manifest.json'),
        `${what}/manifest.json`,
      );
      if (!Array.isArray(manifest) || manifest.length === 0) {
        throw new RampartError(
          'SOURCE_MANIFEST_INVALID',
          `${what}/manifest.json lists no images; is this a docker save archive?`,
        );
      }
      let entry: ArchiveManifestEntry | undefined;
      const allTags = manifest.flatMap((m) => m.RepoTags ?? []);
      if (tag) {
        entry = manifest.find((m) =>
          (m.RepoTags ?? []).some((t) => t === tag || t === `${tag}:latest` || t.endsWith(`/${tag}`)),
        );
        if (!entry)
          throw new RampartError(
            'SOURCE_NOT_FOUND',
            `${what} has no image tagged "${tag}"; it has: ${allTags.join(', ') || 'untagged images'}`,
          );
      } else if (manifest.length === 1) {
        entry = manifest[0];
      } else {
        throw new RampartError(
          'SOURCE_AMBIGUOUS',
          `${what} holds ${manifest.length} images; pick one with docker-archive:${path}:TAG (tags: ${allTags.join(', ')})`,
        );
      }
      const cfgBytes = await readMember(entry!.Config, 'image config');
      const cfgHex = BLOB_NAME.exec(entry!.Config)?.[1];
      const configDigest = digestOf(cfgBytes);
      if (cfgHex && configDigest !== `sha256:${cfgHex}`) {
        throw new RampartError(
          'SOURCE_DIGEST_MISMATCH',
          `${what}: config ${entry!.Config} has digest ${configDigest}; the archive is corrupt or was tampered with`,
        );
      }
      const config = parseJsonDoc<ImageConfig>(cfgBytes, `${what} image config`);
      const diffIds = config.rootfs?.diff_ids ?? [];
      if (diffIds.length !== entry!.Layers.length) {
        throw new RampartError(
          'SOURCE_MANIFEST_INVALID',
          `${what}: manifest.json lists ${entry!.Layers.length} layers but the config has ${diffIds.length} diff_ids`,
        );
      }
      const history = (config.history ?? []).filter((h) => !h.empty_layer);
      const layerMembers: TarMember[] = entry!.Layers.map((l) => {
        let m = members.get(l.replace(/^\.?\//, ''));
        // Docker's legacy layout may store a layer as a symlink to another layer's tar.
        for (let hops = 0; m && m.type === 'symlink' && hops < 4; hops++)
          m = members.get(join(l, '..', m.linkname ?? '').replace(/^\.?\//, ''));
        if (!m || m.type !== 'file')
          throw new RampartError('SOURCE_ARCHIVE_CORRUPT', `${what} is missing layer ${l}`);
        return m;
      });
      const layers = entry!.Layers.map((l, index) => {
        const src = entry!.LayerSources?.[diffIds[index]!];
        const hex = BLOB_NAME.exec(l)?.[1];
        return {
          index,
          ...(hex ? { digest: `sha256:${hex}` } : {}),
          diffId: diffIds[index]!,
          mediaType: src?.mediaType ?? 'application/vnd.docker.image.rootfs.diff.tar',
          compression: compressionOf(src?.mediaType ?? 'tar'),
          size: layerMembers[index]!.size,
          ...(history.length === entry!.Layers.length && history[index]?.created_by
            ? { createdBy: history[index]!.created_by }
            : {}),
        };
      });
      const handle = fh;
      return {
        reference: `docker-archive:${path}${tag ? `:${tag}` : ''}`,
        sourceKind: 'docker-archive',
        configDigest,
        config,
        platform: platformOf(config),
        layers,
        ...(entry!.RepoTags?.length ? { repoTags: entry!.RepoTags } : {}),
        async openLayer(i) {
          const m = layerMembers[i]!;
          const l = layers[i]!;
          const stream = createReadStream('', {
            fd: handle.fd,
            highWaterMark: LAYER_READ_CHUNK_BYTES,
            start: m.offset,
            end: m.offset + m.size - 1,
            autoClose: false,
          });
          // Uncompressed layers are checked against the diff-id by the walker; compressed blobs
          // named by digest are checked here.
          if (l.digest && l.digest !== l.diffId) {
            const v = digestVerifier(l.digest, m.size, `layer ${i} blob ${l.digest}`);
            stream.on('error', (e) => v.destroy(e));
            return stream.pipe(v);
          }
          return stream;
        },
        async close() {
          await handle.close();
          if (tmp) await rm(tmp, { recursive: true, force: true });
        },
      };
    } catch (err: unknown) {
      await fh.close().catch(() => undefined);
      if (tmp) await rm(tmp, { recursive: true, force: true });
      throw err;
    }
  },
} satisfies ImageSource;
