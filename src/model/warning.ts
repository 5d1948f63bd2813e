/**
 * A problem that did not stop the work but changes what the result means (a malformed package
 * DB that was skipped, a hostile layer entry that was ignored, a coverage gap). Reports carry
 * them so every output format can show them; they are never only logged.
 */
export interface Warning {
  /** Stable UPPER_SNAKE code, e.g. LAYER_PATH_ESCAPE, FINDER_PARSE. */
  code: string;
  message: string;
  /** Path inside the image, feed record id, policy name… whatever the warning is about. */
  subject?: string;
  /** Which finder, feed or stage produced it. */
  source?: string;
}
