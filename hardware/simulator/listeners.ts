// A set of listeners for one kind of event, told in the order they subscribed.

export interface Listeners<T> {
  /** Returns the unsubscribe. */
  add(listener: (value: T) => void): () => void;
  emit(value: T): void;
  clear(): void;
}

export function createListeners<T>(): Listeners<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    add: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (value) => {
      for (const l of listeners) l(value);
    },
    clear: () => listeners.clear(),
  };
}
