import { Command, Flags, Errors } from '@oclif/core';

import { RampartError, describeError } from '../runtime/errors.js';
import { lineLogger, type Logger, type LogLevel } from '../runtime/log.js';

/**
 * Base class for every command: a stderr logger, one-line errors and roxctl's exit codes
 * (1 for every error unless a command sets its own through `exitCode`).
 * Subclasses implement `exec()`; they print results to stdout with `this.out()`.
 */
export abstract class RampartCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({
      description: 'Print debug logs and stack traces on stderr.',
      helpGroup: 'GLOBAL',
    }),
    quiet: Flags.boolean({ char: 'q', description: 'Print only results and errors.', helpGroup: 'GLOBAL' }),
  };

  protected log_: Logger = lineLogger((l) => process.stderr.write(l + '\n'));
  private debugMode = false;

  protected abstract exec(): Promise<number | void>;

  /** Write a result to stdout (never a log line). */
  protected out(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** Write one diagnostic line to stderr. */
  protected err(text: string): void {
    process.stderr.write(text.endsWith('\n') ? text : text + '\n');
  }

  protected configureLogging(flags: { debug?: boolean; quiet?: boolean }): void {
    this.debugMode = Boolean(flags.debug);
    const level: LogLevel = flags.debug ? 'debug' : flags.quiet ? 'error' : 'warn';
    this.log_ = lineLogger((l) => process.stderr.write(l + '\n'), level);
  }

  async run(): Promise<void> {
    this.debugMode = this.argv.includes('--debug');
    let code: number | void;
    try {
      code = await this.exec();
    } catch (err: unknown) {
      code = this.report(err);
    }
    if (typeof code === 'number' && code !== 0) process.exitCode = code;
  }

  /** Turn any error into one stderr line and an exit status. */
  protected report(err: unknown): number {
    if (err instanceof Errors.CLIError && !(err instanceof RampartError)) {
      // oclif flag/argument parse errors: keep their text, one line. oclif's validation errors
      // are a heading ("The following error occurred:") over the actual problems.
      const lines = err.message
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !/^See more help with/.test(l));
      const text =
        lines.length > 1 && /^The following errors? occurred:?$/.test(lines[0]!)
          ? `${lines.slice(1).join('; ')} (see --help)`
          : (lines[0] ?? err.message);
      this.err(`ERROR:\t${text}`);
      if (this.debugMode && err.stack) this.err(err.stack);
      return 1;
    }
    if (err instanceof RampartError) {
      this.err(`ERROR:\t${err.message}`);
      if (this.debugMode) this.err(`code: ${err.code}\n${err.stack ?? ''}`);
      return 1;
    }
    this.err(`ERROR:\tunexpected failure: ${describeError(err)} (run again with --debug for details)`);
    if (this.debugMode && err instanceof Error && err.stack) this.err(err.stack);
    return 1;
  }
}
