// Trade figures: every series the caller may see, charted, with the
// year-on-year change computed by the server; staff import more from CSV.

import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import type { TradeSeries } from '../../lib/cooperation';
import { useTitle } from '../../lib/hooks';
import { useSession } from '../../lib/session';
import { type ImportReport, ImportReportView, exportSep, refusedReport } from '../../components/ImportReport';
import { TradeSeriesView } from '../../components/TradeChart';
import { Alert, LoadError, PageHeader, Spinner } from '../../components/ui';
import { TradeForm } from './TradeForm';

export function TradePage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const [items, setItems] = useState<TradeSeries[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  useTitle(t('tr.title'));
  useEffect(() => {
    api
      .get<{ items: TradeSeries[] }>('/trade')
      .then((x) => setItems(x.items))
      .catch(setError);
  }, [n]);
  if (error != null) return <LoadError error={error} onRetry={() => setN((x) => x + 1)} />;
  if (!items) return <Spinner />;
  return (
    <>
      <PageHeader
        title={t('tr.title')}
        intro={t('tr.intro')}
        actions={
          items.length > 0 && (
            <a class="btn" href={`/api/v1/trade.csv?sep=${exportSep(i18n.locale)}`} download="trade.csv">
              {t('tr.export')}
            </a>
          )
        }
      />
      {items.length === 0 && <p class="muted">{t('tr.none')}</p>}
      {items.map((s) => (
        <section class="card pp-block" key={s.id}>
          <TradeSeriesView series={s} headingLevel={2} />
        </section>
      ))}
      {(user.role === 'staff' || user.role === 'admin') && <TradeForm items={items} onSaved={() => setN((x) => x + 1)} />}
      {(user.role === 'staff' || user.role === 'admin') && <TradeImport onDone={() => setN((x) => x + 1)} />}
    </>
  );
}

function TradeImport({ onDone }: { onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [skip, setSkip] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const run = async (file: File) => {
    setErr(null);
    setReport(null);
    try {
      const r = await api.send<ImportReport>('POST', `/trade.csv${skip ? '?skip_invalid=true' : ''}`, file, 'text/csv');
      setReport(r);
      onDone();
    } catch (e) {
      const rep = refusedReport(e);
      if (rep) setReport(rep);
      else setErr(i18n.error(e));
    }
  };
  return (
    <section class="card pp-block" aria-labelledby="tr-import">
      <h2 id="tr-import" class="card-title">
        {t('tr.import')}
      </h2>
      <p class="hint">{t('tr.import_hint')}</p>
      <div class="field">
        <label for="tr-file">{t('p.csv_file')}</label>
        <input
          id="tr-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void run(f);
            e.currentTarget.value = '';
          }}
        />
      </div>
      <div class="field checkbox">
        <input id="tr-skip" type="checkbox" checked={skip} onChange={(e) => setSkip(e.currentTarget.checked)} />
        <label for="tr-skip">{t('p.csv_skip')}</label>
      </div>
      {err && <Alert kind="error">{err}</Alert>}
      {report && <ImportReportView report={report} />}
    </section>
  );
}
