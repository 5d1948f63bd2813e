import type { IndexProgress } from '../scanner/indexer/indexer.js';

interface Spinner {
  text: string;
  start(): Spinner;
  stop(): Spinner;
}

/**
 * Per-layer progress on stderr with an ora spinner, only when stderr is a terminal (CI logs and
 * pipes stay clean). ora is loaded lazily so commands that never show progress do not pay for it.
 */
export function startProgress(stream: NodeJS.WriteStream): {
  update: (e: IndexProgress) => void;
  stop: () => void;
  /** Settles once ora is loaded (and the spinner started, unless stopped first). */
  loaded: Promise<void>;
} {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined, loaded: Promise.resolve() };
  let spinner: Spinner | undefined;
  // stop() can come before ora has loaded (a warm scan is fast): the spinner must then never start.
  let stopped = false;
  const layers = new Map<number, string>();
  const render = () => {
    if (spinner)
      spinner.text = [...layers.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([, t]) => t)
        .join('  ');
  };
  const loaded = import('ora').then(({ default: ora }) => {
    if (stopped) return;
    spinner = ora({ stream, text: 'resolving image' }).start() as unknown as Spinner;
    render();
  });
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)}MB`;
  return {
    update(e) {
      if (e.kind === 'layer-start')
        layers.set(e.index, `layer ${e.index + 1}/${e.total}${e.cached ? ' cached' : ''}`);
      else if (e.kind === 'layer-bytes')
        layers.set(e.index, `layer ${e.index + 1}: ${mb(e.bytes)}${e.size > 0 ? `/${mb(e.size)}` : ''}`);
      else layers.delete(e.index);
      render();
    },
    stop() {
      stopped = true;
      spinner?.stop();
    },
    loaded,
  };
}
