// Printing, when the cabinet has a receipt printer: the resident's receipt after each deposit, the
// staff's handover manifest and the technician's test page. A receipt is printed after the
// deposit has committed and never in its way: a printer that fails is logged and audited
// ('printer.failed') and the resident still has the receipt on screen. Around each job the
// printer's real-time status is read (printer-health.ts): a printer out of paper, with its cover
// open or offline is not sent the job, and one that ran out during it counts as not printed.
import { encodeDocument } from '../../../hardware/printer/escpos';
import type { Handlers } from '../../contract/dispatch';
import type { printerMethods } from '../../contract/printer-api';
import type { Receipt } from '../../contract/schemas';
import type { AuditEntry } from '../../store/audit-repo';
import type { Repositories } from '../../store/repositories';
import type { Clock } from '../clock';
import type { Alarm } from '../doors/door-sessions';
import type { CabinetConfig } from '../config';
import { SIMULATOR_PORT, type Printer } from '../ports';
import type { Accounts } from '../staff/accounts';
import type { Retrieval } from '../staff/retrieval';
import { createPrinterHealth, type PrinterCheck, type PrinterHealth } from './printer-health';
import { manifestDocument, receiptDocument, testPageDocument, type PrintLanguage } from './layouts';

export interface PrintingDeps {
  repos: Pick<Repositories, 'cases'>;
  config: CabinetConfig;
  clock: Clock;
  /** The printer of config.printer; absent when no printer is configured. */
  printer: Printer | undefined;
  audit(entry: AuditEntry): void;
  log(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
  /** Raise a technician alarm (written to the outbox). */
  alarm(alarm: Alarm): void;
}

/** Why a check stops (or spoils) a job, for the audit and the answer; undefined when it may print. */
function notReady(check: PrinterCheck | undefined, moment: 'before' | 'after'): string | undefined {
  if (!check || check.problems.every((p) => p === 'paper-near-end')) return undefined;
  if (check.detail) return check.detail;
  return `${moment === 'before' ? 'printer not ready' : 'printer stopped during the job'}: ${check.problems.join(', ')}`;
}

const NO_PRINTER = 'no receipt printer is configured';

/** What diagnostics.printerStatus answers for a configured printer: a fresh read. */
async function statusAnswer(port: string, health: PrinterHealth | undefined) {
  if (!health) return { configured: true, port, problems: [], detail: 'status queries are off (printer.statusQueries)' };
  const check = await health.check('asked');
  return { configured: true, port, checkedAt: check.at, problems: check.problems, ...(check.detail ? { detail: check.detail } : {}) };
}

export function createPrinting(deps: PrintingDeps) {
  const { repos, config, clock } = deps;
  const printer = deps.printer && config.printer ? { printer: deps.printer, settings: config.printer } : undefined;
  const health =
    printer && printer.settings.statusQueries
      ? createPrinterHealth({ printer: printer.printer, clock, port: printer.settings.port, alarm: deps.alarm, log: deps.log })
      : undefined;
  const describe = printer ? `${printer.settings.port}${printer.settings.port === SIMULATOR_PORT ? '' : ` at ${printer.settings.baudRate} baud`}` : 'none';

  /** Send a document; answers the error message on failure (already logged and audited). */
  async function send(what: string, bytes: Uint8Array, actor: string, caseId: number | null, extra: Record<string, unknown>): Promise<string | undefined> {
    if (!printer) return NO_PRINTER;
    try {
      const before = notReady(await health?.check('before'), 'before');
      if (before !== undefined) throw new Error(before);
      await printer.printer.print(bytes);
      const after = notReady(await health?.check('after'), 'after');
      if (after !== undefined) throw new Error(after);
      return undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log('warn', `printer (${describe}) failed to print the ${what}`, message);
      try {
        deps.audit({ at: clock.now(), actor, action: 'printer.failed', outcome: 'failed', caseId, detail: { what, port: printer.settings.port, message, ...extra } });
      } catch (auditError) {
        deps.log('error', 'could not audit a printer failure', auditError instanceof Error ? auditError.message : auditError);
      }
      return message;
    }
  }

  /** The resident's receipt, after the deposit (or a further compartment, 继续投递) committed. Never throws. */
  async function printReceipt(receipt: Receipt): Promise<boolean> {
    if (!printer) return false;
    let job: { caseId: number | null; bytes: Uint8Array };
    try {
      const row = repos.cases.byReference(receipt.reference);
      const language: PrintLanguage = row?.language === 'en' ? 'en' : 'zh-CN';
      job = { caseId: row?.id ?? null, bytes: encodeDocument(receiptDocument(config, receipt, language, printer.settings.widthChars)) };
    } catch (error) {
      deps.log('error', 'could not lay out the receipt', error instanceof Error ? error.stack : error);
      return false;
    }
    return (await send('receipt', job.bytes, 'cabinet', job.caseId, { reference: receipt.reference })) === undefined;
  }

  function handlers(accounts: Accounts, retrieval: Retrieval): Handlers<typeof printerMethods> {
    return {
      'retrieval.printManifest': async ({ token }) => {
        const session = accounts.require(token, 'retrieve');
        if (!printer) return { printed: false, detail: NO_PRINTER };
        const actor = `account:${session.account.login}`;
        const rows = retrieval.manifest(session);
        const bytes = encodeDocument(manifestDocument(config, rows, session.account, clock.now(), config.languages.default, printer.settings.widthChars));
        const failed = await send('manifest', bytes, actor, null, { rows: rows.length });
        if (failed === undefined) deps.audit({ at: clock.now(), actor, action: 'retrieval.print-manifest', outcome: 'ok', detail: { rows: rows.length } });
        return failed === undefined ? { printed: true } : { printed: false, detail: failed };
      },
      'diagnostics.printerStatus': async ({ token }) => {
        accounts.require(token, 'diagnostics');
        if (!printer) return { configured: false, problems: [], detail: NO_PRINTER };
        return statusAnswer(printer.settings.port, health);
      },
      'diagnostics.printerTest': async ({ token }) => {
        const session = accounts.require(token, 'diagnostics');
        if (!printer) return { printed: false, detail: NO_PRINTER };
        const actor = `account:${session.account.login}`;
        const at = clock.now();
        const bytes = encodeDocument(testPageDocument(config, at, printer.settings.widthChars));
        const failed = await send('test page', bytes, actor, null, {});
        if (failed !== undefined) return { printed: false, detail: `${describe}: ${failed}` };
        deps.audit({ at, actor, action: 'printer.test', outcome: 'ok', detail: { port: printer.settings.port, bytes: bytes.length } });
        return { printed: true, detail: `${describe}: ${bytes.length} bytes sent` };
      },
    };
  }

  return {
    /** Whether the cabinet has a printer configured. */
    available: printer !== undefined,
    /** A fresh status read for the technician's device list; undefined without a printer. */
    statusNow: async () => (printer ? statusAnswer(printer.settings.port, health) : undefined),
    printReceipt,
    handlers,
  };
}
export type Printing = ReturnType<typeof createPrinting>;
