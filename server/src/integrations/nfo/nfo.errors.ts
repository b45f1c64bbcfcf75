import type { NfoErrorReason } from './nfo.types.js';

/**
 * An NFO Marquee refuses to read. Messages name the problem and never quote the file's text, so
 * they are safe to log and to show to whoever manages the library.
 */
export class NfoError extends Error {
  constructor(
    readonly reason: NfoErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'NfoError';
  }
}
