/** Where a courier's request starts are counted: in this process, or in Redis for every instance. */
export interface QuotaWindow {
  /** Resolves when a request may be sent; call the function it gives once its answer (or failure) is in. */
  acquire(): Promise<() => void>;
  /** Resolves when a request could be sent now, without counting one (to claim work only when it can go out). */
  room(): Promise<void>;
}
