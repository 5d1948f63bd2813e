import { z } from 'zod';

import { RampartError } from '../../../runtime/errors.js';

const DescriptorSchema = z.object({
  mediaType: z.string().optional(),
  digest: z.string().min(1),
  size: z.number().int().min(0),
  urls: z.array(z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

/** Docker schema 2 / OCI image manifest: the parts Rampart reads. */
export const ImageManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  config: DescriptorSchema,
  layers: z.array(DescriptorSchema),
});
export type ImageManifest = z.infer<typeof ImageManifestSchema>;

/** OCI image index / Docker manifest list. */
export const ImageIndexSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(
    DescriptorSchema.extend({
      platform: z
        .object({
          os: z.string().optional(),
          architecture: z.string().optional(),
          variant: z.string().optional(),
        })
        .optional(),
    }),
  ),
});
export type ImageIndex = z.infer<typeof ImageIndexSchema>;

/** Validates `doc` against `schema`; failure is SOURCE_MANIFEST_INVALID naming the first problems. */
export function parseDocument<T>(schema: z.ZodType<T>, doc: unknown, what: string): T {
  const result = schema.safeParse(doc);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  throw new RampartError('SOURCE_MANIFEST_INVALID', `${what} is not a valid manifest (${problems})`);
}
