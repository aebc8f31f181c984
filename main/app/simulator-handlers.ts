// The simulator's side of the contract (simulator-api.ts), answered only when a bus is the built-in
// simulator: the simulated doors (a resident's hand, a jammed lock), the frames the virtual boards
// received, the virtual printer's paper, and the card on the virtual ID-card reader.
import type { Handlers } from '../contract/dispatch';
import { CabinetError } from '../contract/errors';
import type { SimulatorMethods, SimulatorPrintout } from '../contract/simulator-api';
import type { VirtualPrinter } from '../../hardware/simulator/virtual-printer';
import type { VirtualLineDevice } from '../../hardware/simulator/virtual-line-device';
import type { SimulatedDoors } from './buses';
import { SPECIMEN_CARD, type VirtualIdReader } from '../../hardware/simulator/virtual-idcard-reader';
import type { IdCardFields } from '../../hardware/idcard/text';

/** A card for the virtual reader: the specimen's other fields, this name and number, the birth date from the number. */
export function simulatedCard(card: { name: string; idNumber: string }): IdCardFields {
  return { ...SPECIMEN_CARD, name: card.name, idNumber: card.idNumber, birth: card.idNumber.slice(6, 14) };
}

type LineDevices = { scanner: VirtualLineDevice | undefined; cardReader: VirtualLineDevice | undefined };

/** A fault knob on a virtual line device (simulator.lineFault). */
function lineFault(device: VirtualLineDevice, fault: 'garbage' | 'partial' | 'overlong' | 'unplug' | 'replug'): void {
  if (fault === 'garbage') device.sendGarbage([0x00, 0xff, 0x1b, 0x80]);
  else if (fault === 'partial') device.sendPartial('CCP-12');
  else if (fault === 'overlong') device.sendOverlong(600);
  else if (fault === 'unplug') device.unplug();
  else device.replug();
}

export function createSimulatorHandlers(simulator: SimulatedDoors, printer: VirtualPrinter | undefined, lines: LineDevices = { scanner: undefined, cardReader: undefined }, idReader?: VirtualIdReader): Handlers<SimulatorMethods> {
  const reader = (): VirtualIdReader => {
    if (!idReader) throw new CabinetError('not-found', 'the ID-card reader is not simulated');
    return idReader;
  };
  // A label the layout does not have is the caller's mistake (not-found), not the cabinet's failure.
  const known = (label: string): string => {
    if (!simulator.doors().some((d) => d.label === label)) throw new CabinetError('not-found', `No simulated compartment ${label}.`);
    return label;
  };
  return {
    'simulator.state': () => ({ doors: simulator.doors() }),
    'simulator.press': ({ label }) => {
      simulator.press(known(label));
      return { doors: simulator.doors() };
    },
    'simulator.fault': ({ label, jammed }) => {
      simulator.jam(known(label), jammed);
      return { doors: simulator.doors() };
    },
    'simulator.frames': ({ limit }) => simulator.frames(limit),
    // The virtual printer's paper (empty for a real printer).
    'simulator.printed': ({ limit }): SimulatorPrintout[] => (printer?.printouts(limit) ?? []).map((p) => ({ at: p.at, lines: p.lines, qr: p.qr, cut: p.cut })),
    'simulator.printerCondition': (change) => {
      if (!printer) throw new CabinetError('not-found', 'the receipt printer is not simulated');
      printer.setCondition(change);
      return printer.condition;
    },
    'simulator.idCard': ({ card }) => {
      if (card) reader().place(simulatedCard(card));
      else reader().remove();
      return { present: reader().card !== undefined };
    },
    'simulator.idCardFault': (change) => {
      reader().setFaults(change);
      return { present: reader().card !== undefined };
    },
    'simulator.lineRead': ({ device, text }) => {
      simulatedLine(lines, device).send(text);
      return { sent: true };
    },
    'simulator.lineFault': ({ device, fault }) => {
      const line = simulatedLine(lines, device);
      lineFault(line, fault);
      return { plugged: line.plugged };
    },
  };
}

function simulatedLine(lines: LineDevices, device: 'scanner' | 'cardReader'): VirtualLineDevice {
  const line = lines[device];
  if (!line) throw new CabinetError('not-found', `the ${device} is not simulated`);
  return line;
}
