// The one binding of the contract to a running cabinet, for both shells (Electron IPC and the web
// harness's WebSocket): the contract's methods, plus the simulator's when a bus is simulated.
import { methods } from '../contract/api';
import { createDispatcher, type Dispatch, type DispatchLog } from '../contract/dispatch';
import { simulatorMethods } from '../contract/simulator-api';
import type { Cabinet } from './cabinet';

export function createDispatch(cabinet: Pick<Cabinet, 'handlers' | 'simulator'>, log?: DispatchLog): Dispatch {
  return cabinet.simulator
    ? createDispatcher({ ...methods, ...simulatorMethods }, { ...cabinet.handlers, ...cabinet.simulator }, log)
    : createDispatcher(methods, cabinet.handlers, log);
}
