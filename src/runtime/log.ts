/**
 * The logger libraries receive through their context. Messages are constant lower-case
 * "<subject> <event>" strings; data goes in `fields`. Libraries never write to the console
 * themselves: commands decide where (stderr) and how much.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger that hands formatted lines to `write` (a command passes a stderr writer). */
export function lineLogger(write: (line: string) => void, level: LogLevel = 'warn'): Logger {
  const at = (lvl: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const data = fields && Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields) : '';
    write(`${lvl.toUpperCase()}:\t${msg}${data}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
