/** Bad configuration or a bad plugin declaration: stops the start with a message naming the culprit. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
