// One table of cases for the console's lists (pending retrieval, returns, recall): the reference
// and matter always, the chosen columns, and the row's actions last.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../main/contract/schemas';
import type { CaseSummary } from '../../main/contract/staff-schemas';
import { hoursSince } from './staff-api';
import { useFormat } from '../format';

type Column = 'phone' | 'compartments' | 'age' | 'expected' | 'deadline';

export function CaseTable({ label, cases, columns, actions }: { label: string; cases: CaseSummary[]; columns: Column[]; actions(c: CaseSummary): ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const fmt = useFormat();
  const heading: Record<Column, string> = {
    phone: t('staff.phone'),
    compartments: t('staff.compartments'),
    age: t('staff.age'),
    expected: t('staff.expected'),
    deadline: t('staff.deadline'),
  };
  const cell = (c: CaseSummary, column: Column): ReactNode => {
    switch (column) {
      case 'phone':
        return c.maskedPhone ?? '—';
      case 'compartments':
        return c.compartments.join(' ');
      case 'age':
        return t('staff.hours', { count: hoursSince(c.depositedAt) });
      case 'expected':
        return fmt.date(c.expectedDate) || '—';
      case 'deadline':
        return fmt.dateTime(c.pickupDeadline) || '—';
    }
  };
  return (
    <table className="staff-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t('staff.reference')}</th>
          <th scope="col">{t('staff.matter')}</th>
          {columns.map((column) => (
            <th key={column} scope="col">
              {heading[column]}
            </th>
          ))}
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.caseId}>
            <td>{c.reference}</td>
            <td>
              {c.matter[lang]}
              <IdentityLines identity={c.identity} />
            </td>
            {columns.map((column) => (
              <td key={column}>{cell(c, column)}</td>
            ))}
            <td>{actions(c)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The applicant and any proxy, masked (cases whose matter reads the ID card): what staff check a collector against. */
function IdentityLines({ identity }: { identity: CaseSummary['identity'] }) {
  const { t } = useTranslation();
  if (!identity?.applicant) return null;
  const { applicant, proxy } = identity;
  return (
    <span className="case-identity" data-testid="case-identity">
      <br />
      {t('staff.identityApplicant', { name: applicant.maskedName, number: applicant.maskedIdNumber })}
      {identity.personal && ` · ${t('staff.identityPersonal')}`}
      {proxy && <br />}
      {proxy && (proxy.anyone ? t('staff.identityAnyone') : t('staff.identityProxy', { name: proxy.maskedName, number: proxy.maskedIdNumber }))}
    </span>
  );
}
