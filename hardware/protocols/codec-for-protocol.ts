// The one place that picks a codec by protocol name, for the cabinet, the technician CLI and the
// live bus scan alike.
import type { BoardSettings, ProtocolName } from '../lock-bus';
import type { ProtocolCodec, ProtocolRequest } from './codec';
import { createGenericCodec } from './generic';
import { createKerongCodec } from './kerong-cu16';

export function codecForProtocol(protocol: ProtocolName, boards: readonly BoardSettings[]): ProtocolCodec<ProtocolRequest> {
  return (protocol === 'generic' ? createGenericCodec(boards) : createKerongCodec(boards)) as ProtocolCodec<ProtocolRequest>;
}
