import net from 'node:net';

/**
 * Records every TCP connection this process opens while recording: http, https, fetch and undici all
 * connect through `net.Socket#connect`, so a plugin cannot reach a host unseen, whatever client it uses.
 */
export function recordConnections(): { targets: string[]; stop(): void } {
  const targets: string[] = [];
  const original = net.Socket.prototype.connect;
  const recording = function (this: net.Socket, ...args: unknown[]) {
    targets.push(describeTarget(args));
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  net.Socket.prototype.connect = recording as typeof original;
  return {
    targets,
    stop() {
      if (net.Socket.prototype.connect === recording) net.Socket.prototype.connect = original;
    },
  };
}

/** `host:port` (or the socket path) from the many call shapes of `socket.connect`. */
function describeTarget(args: unknown[]): string {
  const [first, second] = args;
  const options = Array.isArray(first) ? first[0] : first;
  if (options !== null && typeof options === 'object') {
    const o = options as { host?: string; port?: number | string; path?: string };
    return o.path ?? `${o.host ?? 'localhost'}:${o.port ?? ''}`;
  }
  if (typeof options === 'number' || (typeof options === 'string' && /^\d+$/.test(options))) {
    return `${typeof second === 'string' ? second : 'localhost'}:${options}`;
  }
  return String(options);
}
