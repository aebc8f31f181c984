// The resident's status page of a case as a link: sent in the drop-off confirmation SMS and
// printed as a QR on the receipt, from the configured template (notifications.statusUrl).

/**
 * The resident's status page for one case, from `notifications.statusUrl`: {{cabinet}} and
 * {{reference}} are URL-encoded in place. Undefined when no template is configured.
 */
export function statusLink(template: string | undefined, cabinetId: string, reference: string): string | undefined {
  if (!template || !reference) return undefined;
  const values: Record<string, string> = { cabinet: cabinetId, reference };
  return template.replace(/\{\{\s*(cabinet|reference)\s*\}\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}
