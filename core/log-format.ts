/** `auto`: pretty when stdout is a terminal (a person reads it), JSON lines otherwise (a collector reads it). */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** pino-pretty as pino's transport when the format asks for it; undefined for JSON lines on stdout. */
export function prettyTransport(format: LogFormat, stdoutIsTerminal = process.stdout.isTTY === true) {
  if (format === 'json' || (format === 'auto' && !stdoutIsTerminal)) return undefined;
  return { target: 'pino-pretty', options: { colorize: stdoutIsTerminal, translateTime: 'SYS:standard', ignore: 'pid,hostname' } };
}
