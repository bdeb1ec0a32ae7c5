// What a CSV import did (POST /partnerships.csv, POST /trade.csv): how many
// lines were added, updated, left unchanged and refused, and why each
// refused line was (the server lists the first 1,000).

import { useI18n } from '../i18n';
import { ApiError } from '../lib/api';
import type { FieldError } from '../lib/types';

export interface ImportReport {
  applied: boolean;
  accepted: number;
  inserted: number;
  updated: number;
  unchanged: number;
  refused: number;
  lines: Array<{ line: number; result: 'refused'; errors: FieldError[] }>;
  lines_omitted: number;
}

/** The report a refused import (400 import_refused) carries, if err is one. */
export function refusedReport(err: unknown): ImportReport | undefined {
  return err instanceof ApiError ? (err.problem as { report?: ImportReport }).report : undefined;
}

/** The separator for exports: Russian-locale spreadsheets open ';' files in columns. */
export function exportSep(lang: string): string {
  return lang === 'ru' ? 'semicolon' : 'comma';
}

export function ImportReportView({ report }: { report: ImportReport }) {
  const { t, num } = useI18n();
  const counts: Array<[string, number]> = [
    [t('csv.inserted'), report.inserted],
    [t('csv.updated'), report.updated],
    [t('csv.unchanged'), report.unchanged],
    [t('csv.refused'), report.refused],
  ];
  return (
    <div role="status" class="import-report">
      <p class={report.applied ? undefined : 'text-error'}>
        <strong>{report.applied ? t('csv.applied') : t('p.csv_nothing')}</strong>
      </p>
      <dl class="stats import-stats">
        {counts.map(([label, n], i) => (
          <div class={`stat${i === 3 && n > 0 ? ' stat-bad' : ''}`} key={label}>
            <dt>{label}</dt>
            <dd>{num(n)}</dd>
          </div>
        ))}
      </dl>
      {report.lines.length > 0 && (
        <ul class="csv-lines">
          {report.lines.map((l) => (
            <li key={l.line}>
              {t('p.csv_line', { n: l.line })}: {l.errors.map((e) => `${e.field} — ${e.message}`).join('; ')}
            </li>
          ))}
        </ul>
      )}
      {report.lines_omitted > 0 && <p class="muted">{t('csv.omitted', { n: report.lines_omitted })}</p>}
    </div>
  );
}
