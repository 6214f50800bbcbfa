import type { ApiClient } from './api-client.js';

/** What every command is given: the service's API, the output mode and where to write. */
export interface CommandContext {
  api: ApiClient;
  /** Print the API's JSON answer as it is, instead of a table. */
  json: boolean;
  refresh: boolean;
  limit: number | undefined;
  cwd: string;
  write(text: string): void;
}

export interface Command {
  usage: string;
  /** How many positional arguments it takes, at least and at most. */
  arity: [number, number];
  run(args: readonly string[], ctx: CommandContext): Promise<void>;
}
