const ARCHIVE_EXT = /\.(jar|war|ear|jpi|hpi)$/i;

/** A jar, war, ear or Jenkins plugin (jpi/hpi), by its name. */
export function isJavaArchiveName(name: string): boolean {
  return ARCHIVE_EXT.test(name);
}
