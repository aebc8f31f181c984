// Reports: throughput, time to completion p50/p90, overdue rate, satisfaction — charts (recharts)
// with their figures in tables under them (the charts are hidden from screen readers and out of
// the tab order; the tables say the same), and CSV / Excel downloads of the same period.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLoad, useNames } from '../hooks';
import type { Meta } from '../types';
import { Status } from './parts';

interface Completion { key: string; completed: number; p50Hours: number | null; p90Hours: number | null }
interface Report {
  from: string;
  to: string;
  throughput: { day: string; deposited: number; completed: number }[];
  byMatter: Completion[];
  byDepartment: Completion[];
  overdue: { departmentId: string | null; finished: number; finishedLate: number; open: number; openOverdue: number; rate: number | null }[];
  ratingsByMatter: { key: string; ratings: number; average: number; bad: number }[];
}
const r1 = (n: number | null) => (n === null ? '—' : (Math.round(n * 10) / 10).toString());

export function Reports({ meta }: { meta: Meta | null }) {
  const { t, i18n } = useTranslation();
  const names = useNames(meta);
  const [range, setRange] = useState({ from: '', to: '' });
  const [query, setQuery] = useState('');
  const report = useLoad<Report>(`/api/reports${query}`);
  const d = report.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery(`?from=${range.from}&to=${range.to}`);
  };
  const period = d ? `from=${d.from}&to=${d.to}&lang=${i18n.language}` : '';
  return (
    <>
      <h1>{t('reports.heading')}</h1>
      <form className="row" onSubmit={submit}>
        <label htmlFor="from">{t('reports.from')}</label>
        <input id="from" type="date" value={range.from || d?.from || ''} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        <label htmlFor="to">{t('reports.to')}</label>
        <input id="to" type="date" value={range.to || d?.to || ''} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        <button type="submit">{t('reports.show')}</button>
        {d && <a className="button" href={`/api/reports/export.xlsx?${period}`} download>{t('reports.xlsx')}</a>}
        {d && <a className="button" href={`/api/reports/export.csv?${period}&table=completion-by-matter`} download>{t('reports.csv')}</a>}
      </form>
      <Status loaded={report} />
      {d && (
        <>
          <Throughput rows={d.throughput} />
          <CompletionChart title={t('reports.byMatter')} keyHeader={t('cases.matter')} rows={d.byMatter} label={names.matter} />
          <CompletionChart title={t('reports.byDepartment')} keyHeader={t('cases.department')} rows={d.byDepartment} label={(k) => names.department(k || null)} />
          <table>
            <caption>{t('reports.overdue')}</caption>
            <thead><tr>{['overview.department', 'reports.count', 'reports.rate'].map((k, i) => <th key={k} scope="col" className={i > 0 ? 'num' : undefined}>{t(k)}</th>)}</tr></thead>
            <tbody>{d.overdue.map((o) => <tr key={o.departmentId ?? '-'}><th scope="row">{names.department(o.departmentId)}</th><td className="num">{o.finished + o.open}</td><td className="num">{o.rate === null ? '—' : `${Math.round(o.rate * 100)}%`}</td></tr>)}</tbody>
          </table>
          <table>
            <caption>{t('reports.ratings')}</caption>
            <thead><tr>{['cases.matter', 'reports.count', 'reports.average', 'reports.bad'].map((k, i) => <th key={k} scope="col" className={i > 0 ? 'num' : undefined}>{t(k)}</th>)}</tr></thead>
            <tbody>{d.ratingsByMatter.map((r) => <tr key={r.key}><th scope="row">{names.matter(r.key)}</th><td className="num">{r.ratings}</td><td className="num">{r1(r.average)}</td><td className="num">{r.bad}</td></tr>)}</tbody>
          </table>
        </>
      )}
    </>
  );
}

function Throughput({ rows }: { rows: Report['throughput'] }) {
  const { t } = useTranslation();
  return (
    <figure>
      <figcaption>{t('reports.throughput')} <span className="muted">{t('reports.chartNote')}</span></figcaption>
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={rows} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Bar dataKey="deposited" name={t('reports.deposited')} fill="#0b4f9c" />
            <Bar dataKey="completed" name={t('reports.completed')} fill="#0d6b2f" />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table>
        <caption className="sr-only">{t('reports.throughput')}</caption>
        <thead><tr><th scope="col">{t('reports.day')}</th><th scope="col" className="num">{t('reports.deposited')}</th><th scope="col" className="num">{t('reports.completed')}</th></tr></thead>
        <tbody>{rows.map((r) => <tr key={r.day}><th scope="row" className="mono">{r.day}</th><td className="num">{r.deposited}</td><td className="num">{r.completed}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}

function CompletionChart({ title, keyHeader, rows, label }: { title: string; keyHeader: string; rows: Completion[]; label: (key: string) => string }) {
  const { t } = useTranslation();
  const data = rows.map((r) => ({ ...r, name: label(r.key) }));
  return (
    <figure>
      <figcaption>{title}</figcaption>
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} layout="vertical" margin={{ left: 80 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" />
            <YAxis type="category" dataKey="name" width={160} />
            <Tooltip />
            <Legend />
            <Bar dataKey="p50Hours" name={t('reports.p50')} fill="#0b4f9c" />
            <Bar dataKey="p90Hours" name={t('reports.p90')} fill="#a4000f" />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table>
        <caption className="sr-only">{title}</caption>
        <thead><tr><th scope="col">{keyHeader}</th><th scope="col" className="num">{t('reports.count')}</th><th scope="col" className="num">{t('reports.p50')}</th><th scope="col" className="num">{t('reports.p90')}</th></tr></thead>
        <tbody>{data.map((r) => <tr key={r.key}><th scope="row">{r.name}</th><td className="num">{r.completed}</td><td className="num">{r1(r.p50Hours)}</td><td className="num">{r1(r.p90Hours)}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
