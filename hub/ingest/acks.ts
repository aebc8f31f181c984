// PUBACK only after commit. mqtt.js sends a QoS 1 PUBACK as soon as the 'message' handler's
// turn is over (customHandleAcks and handleMessage both hold the whole packet pump until they
// answer, so one held ack would mean batches of one). We let the pump run and hold the PUBACK
// packets themselves, releasing them in arrival order (MQTT 5 §4.6: PUBACKs go in the order the
// PUBLISHes came) once the message is durably stored. On a lost connection held acks are dropped:
// the broker keeps the session (clean start false) and re-delivers them, and the store drops
// duplicates by id. The hook is mqtt.js's _sendPacket (v5.x), checked at start.
import type { MqttClient } from 'mqtt';

type Packet = { cmd: string; messageId?: number };
type SendPacket = (packet: Packet, cb?: (error?: Error) => void, ...rest: unknown[]) => void;

interface Held {
  messageId: number;
  done: boolean;
  packet?: Packet;
}

export interface AckGate {
  /** Called from the 'message' handler: this message's PUBACK waits for done(). */
  hold(messageId: number): () => void;
  /** PUBACKs waiting. */
  pending(): number;
}

export function gateAcks(client: MqttClient): AckGate {
  const target = client as unknown as { _sendPacket: SendPacket };
  if (typeof target._sendPacket !== 'function') throw new Error('mqtt.js without _sendPacket: the delayed-ack hook must be re-checked for this version');
  const send = target._sendPacket.bind(client);
  let queue: Held[] = [];
  const flush = () => {
    while (queue[0]?.done && queue[0].packet) {
      const next = queue.shift() as Held;
      send(next.packet as Packet);
    }
  };
  target._sendPacket = (packet, cb, ...rest) => {
    const held = packet.cmd === 'puback' ? queue.find((h) => h.messageId === packet.messageId && !h.packet) : undefined;
    if (!held) return send(packet, cb, ...rest);
    held.packet = packet;
    cb?.(); // let mqtt.js read the next PUBLISH now
    flush();
  };
  client.on('close', () => {
    queue = []; // unacknowledged: the broker sends them again on the resumed session
  });
  return {
    hold(messageId) {
      const held: Held = { messageId, done: false };
      queue.push(held);
      return () => {
        held.done = true;
        flush();
      };
    },
    pending: () => queue.length,
  };
}
