// Import partnerships from a CSV file (an export edited in a spreadsheet, or
// a new one): the server adds, updates by key or leaves each line, and lists
// the refused ones; nothing is written when a line is bad unless the user
// asks to skip bad lines.

import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { useSubmit } from '../../lib/hooks';
import { type ImportReport, ImportReportView, refusedReport } from '../../components/ImportReport';
import { LiveError, Modal } from '../../components/ui';

export function CsvImport(props: { onClose: () => void; onImported: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [file, setFile] = useState<File | null>(null);
  const [skip, setSkip] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  // a refused file's report stands in for the error
  const { busy, error, setError, run } = useSubmit((err) => {
    const rep = refusedReport(err);
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
      const r = await api.send<ImportReport>('POST', `/partnerships.csv${skip ? '?skip_invalid=true' : ''}`, await file.text(), 'text/csv');
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
      {report && <ImportReportView report={report} />}
    </Modal>
  );
}
