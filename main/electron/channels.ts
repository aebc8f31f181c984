// The two IPC channels between preload and main: calls of contract methods, and core events.
export const CALL_CHANNEL = 'cabinet:call';
export const EVENT_CHANNEL = 'cabinet:event';
