// Import partnerships from a CSV file (an export edited in a spreadsheet, or
// a new one): the server adds, updates by key or leaves each line, and lists
// the refused ones; nothing is written when a line is bad unless the user
// asks to skip bad lines.

import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { type ImportReport, ImportReportView, refusedReport } from '../../components/ImportReport';
import { FormModal, FormRefusal } from '../../components/FormModal';

export function CsvImport(props: { onClose: () => void; onImported: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [file, setFile] = useState<File | null>(null);
  const [skip, setSkip] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  // a refused file's report stands in for the error
  const refused = (err: unknown) => {
    const rep = refusedReport(err);
    if (rep) setReport(rep);
    return rep ? null : err;
  };

  const submit = async () => {
    if (!file) throw new FormRefusal(t('field.required'));
    setReport(null);
    return api.send<ImportReport>('POST', `/partnerships.csv${skip ? '?skip_invalid=true' : ''}`, await file.text(), 'text/csv');
  };

  return (
    <FormModal
      id="csv-form"
      title={t('p.csv_title')}
      submit={submit}
      onDone={(r) => {
        setReport(r);
        props.onImported();
      }}
      onClose={props.onClose}
      submitLabel={t('p.csv_run')}
      closeLabel={t('common.close')}
      onError={refused}
      plainError
      after={report && <ImportReportView report={report} />}
    >
      {() => (
        <>
          <p class="hint">{t('p.csv_hint')}</p>
          <div class="field">
            <label for="csv-file">{t('p.csv_file')}</label>
            <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          </div>
          <div class="field checkbox">
            <input id="csv-skip" type="checkbox" checked={skip} onChange={(e) => setSkip(e.currentTarget.checked)} />
            <label for="csv-skip">{t('p.csv_skip')}</label>
          </div>
        </>
      )}
    </FormModal>
  );
}
