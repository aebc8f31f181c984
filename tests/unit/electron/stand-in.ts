// A stand-in for the slices of the electron module the shell's rules use (the binary cannot be
// downloaded on these machines, so this is the one justified mock): an event emitter that records
// listeners, lets a test emit, and tells whether the default was prevented.
export class StandInEmitter {
  private listeners = new Map<string, ((...args: never[]) => unknown)[]>();
  on(event: string, listener: (...args: never[]) => unknown): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  /** Emit with a preventable event first; true when a listener prevented the default. */
  emitPreventable(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const e = { preventDefault: () => (prevented = true) };
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(e, ...args);
    return prevented;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}
