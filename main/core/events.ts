// A tiny typed event hub: the core announces, the shells forward to their screens.

export type Listener<T> = (data: T) => void;

export function createEvents<E extends Record<string, unknown>>() {
  const listeners = new Map<keyof E, Set<Listener<never>>>();
  const any = new Set<(name: keyof E, data: unknown) => void>();
  return {
    /** Every event, by name: what the shells forward to their screens. */
    onAny(listener: (name: keyof E, data: unknown) => void): () => void {
      any.add(listener);
      return () => any.delete(listener);
    },
    on<K extends keyof E>(name: K, listener: Listener<E[K]>): () => void {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as Listener<never>);
      listeners.set(name, set);
      return () => set.delete(listener as Listener<never>);
    },
    emit<K extends keyof E>(name: K, data: E[K]): void {
      for (const listener of listeners.get(name) ?? []) (listener as Listener<E[K]>)(data);
      for (const listener of any) listener(name, data);
    },
  };
}
