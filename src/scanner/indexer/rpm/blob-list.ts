/** What a database reader hands back: the header blobs it found and what it could not read. */
export interface BlobList {
  blobs: Buffer[];
  /** Human-readable problems (corrupt pages, bad slots); each becomes one warning. */
  problems: string[];
}
