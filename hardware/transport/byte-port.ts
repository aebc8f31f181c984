// The smallest view of a serial line the transport needs. The real `serialport` is wrapped to
// it (serial-port.ts); the in-process simulator offers one too, so the same transport code runs
// against a real board, the simulator on a pseudo-terminal, or the simulator in process.

export interface BytePort {
  /** Write bytes; resolves once they are handed to the OS (drained). Rejects if nothing was sent. */
  write(bytes: Uint8Array): Promise<void>;
  /** Subscribe to incoming bytes, as they arrive (possibly in bursts). Returns an unsubscribe. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Subscribe to the port closing unexpectedly (device unplugged). Returns an unsubscribe. */
  onClose(listener: (error?: Error) => void): () => void;
  /** Drop whatever is buffered, in and out. */
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly isOpen: boolean;
}

/**
 * A write that failed after some bytes may already have reached the wire. Any other rejection of
 * BytePort.write means nothing was sent; this one means the transport must report the outcome
 * as unknown (an open may have fired).
 */
export class UncertainWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UncertainWriteError';
  }
}
