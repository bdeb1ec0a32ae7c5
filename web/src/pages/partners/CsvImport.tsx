// Import partnerships from a CSV file: the server reports line by line what
// it accepted and refused; nothing is written when a line is bad unless the
// user asks to skip bad lines.

import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { useSubmit } from '../../lib/hooks';
import type { FieldError } from '../../lib/types';
import { LiveError, Modal } from '../../components/ui';

interface Report {
  applied: boolean;
  accepted: number;
  refused: number;
  lines: Array<{ line: number; result: 'accepted' | 'refused'; errors?: FieldError[] }>;
}

export function CsvImport(props: { onClose: () => void; onImported: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [file, setFile] = useState<File | null>(null);
  const [skip, setSkip] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  // a refused file's report stands in for the error
  const { busy, error, setError, run } = useSubmit((err) => {
    const rep = err instanceof ApiError ? (err.problem as { report?: Report }).report : undefined;
    if (rep) setReport(rep);
    return rep ? null : i18n.error(err);
  });

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) {
      setError(t('field.required'));
      return;
    }
    setReport(null);
    await run(async () => {
      const r = await api.send<Report>('POST', `/partnerships.csv${skip ? '?skip_invalid=true' : ''}`, await file.text(), 'text/csv');
      setReport(r);
      props.onImported();
    });
  };

  return (
    <Modal
      title={t('p.csv_title')}
      onClose={props.onClose}
      footer={
        <>
          <button type="submit" form="csv-form" class="btn btn-primary" disabled={busy}>
            {t('p.csv_run')}
          </button>
          <button type="button" class="btn" onClick={props.onClose}>
            {t('common.close')}
          </button>
        </>
      }
    >
      <form id="csv-form" onSubmit={submit} noValidate>
        <p class="hint">{t('p.csv_hint')}</p>
        <div class="field">
          <label for="csv-file">{t('p.csv_file')}</label>
          <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        </div>
        <div class="field checkbox">
          <input id="csv-skip" type="checkbox" checked={skip} onChange={(e) => setSkip(e.currentTarget.checked)} />
          <label for="csv-skip">{t('p.csv_skip')}</label>
        </div>
      </form>
      <LiveError message={error} />
      {report && (
        <div role="status">
          <p>
            <strong>{t('p.csv_result', { a: report.accepted, r: report.refused })}</strong>
          </p>
          {!report.applied && <p class="text-error">{t('p.csv_nothing')}</p>}
          {report.refused > 0 && (
            <ul class="csv-lines">
              {report.lines
                .filter((l) => l.result === 'refused')
                .map((l) => (
                  <li key={l.line}>
                    {t('p.csv_line', { n: l.line })}: {(l.errors ?? []).map((e) => `${e.field} — ${e.message}`).join('; ')}
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
    </Modal>
  );
}
