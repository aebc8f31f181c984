// Methods of the simulated cabinet drawn beside the kiosk screen by the web harness. They act as
// the resident's hands on the virtual boards; the Electron kiosk never exposes them.
import { z } from 'zod';

const doorView = z.object({
  label: z.string(),
  column: z.number().int(),
  row: z.number().int(),
  open: z.boolean(),
});

const frameView = z.object({
  at: z.number(),
  bus: z.string(),
  hex: z.string(),
  meaning: z.string(),
});

export const simulatorMethods = {
  'simulator.state': { input: z.object({}).strict(), output: z.object({ doors: z.array(doorView) }) },
  /** Press a door: an open door is closed (as a resident would); a closed one is forced open. */
  'simulator.press': { input: z.object({ label: z.string().min(1).max(8) }).strict(), output: z.object({ doors: z.array(doorView) }) },
  /** A fault knob for tests and demos: a jammed door stays shut when its lock fires. */
  'simulator.fault': {
    input: z.object({ label: z.string().min(1).max(8), jammed: z.boolean() }).strict(),
    output: z.object({ doors: z.array(doorView) }),
  },
  /** Frames the virtual boards received, newest last, for checking what reached the "board". */
  'simulator.frames': { input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(), output: z.array(frameView) },
} as const;

export const simulatorEvents = {
  'simulator.changed': z.object({ doors: z.array(doorView) }),
} as const;

export type SimulatorMethods = typeof simulatorMethods;
export type SimulatorDoor = z.infer<typeof doorView>;
