// A trade series as a uPlot bar chart (values per period) with the computed
// year-on-year change beside each bar in the table below it. The table is
// the accessible form of the chart; the canvas is hidden from screen readers.

import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type MessageKey, useI18n } from '../i18n';
import { type TradeSeries, periodLabel, periodStart } from '../lib/cooperation';
import { Badge } from './ui';

/** "9.8 bn USD" / "9,8 млрд USD" */
export function money(i18n: ReturnType<typeof useI18n>, v: number, currency: string): string {
  if (v >= 1e9) return i18n.t('tr.bn', { v: i18n.num(Math.round(v / 1e8) / 10), c: currency });
  if (v >= 1e6) return i18n.t('tr.mn', { v: i18n.num(Math.round(v / 1e5) / 10), c: currency });
  return `${i18n.num(v)} ${currency}`;
}

export function yoyText(i18n: ReturnType<typeof useI18n>, pct: number | null): string {
  if (pct == null) return '—';
  const s = new Intl.NumberFormat(i18n.locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 1 }).format(Math.abs(pct));
  return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${s} %`;
}

function Chart({ series }: { series: TradeSeries }) {
  const box = useRef<HTMLDivElement>(null);
  const i18n = useI18n();
  useEffect(() => {
    const el = box.current;
    if (!el || series.points.length === 0) return;
    const xs = series.points.map((p) => periodStart(p.period));
    const ys = series.points.map((p) => p.value / 1e9);
    const bars = uPlot.paths.bars!({ size: [0.5, 60] });
    const plot = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height: 220,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: (_u, lo, hi) => [lo - 1.5e7, hi + 1.5e7] }, y: { range: (_u, _lo, hi) => [0, hi * 1.15] } },
        axes: [
          {
            values: (_u, splits) =>
              splits.map((v) => {
                const p = series.points[xs.indexOf(v)];
                return p ? periodLabel(p.period, i18n.appLocale) : '';
              }),
            splits: () => xs,
          },
          { values: (_u, splits) => splits.map((v) => i18n.num(v)), label: i18n.t('tr.axis', { c: series.currency }) },
        ],
        series: [{}, { stroke: '#1f5fa8', fill: 'rgba(31,95,168,0.55)', paths: bars, points: { show: false } }],
      },
      [xs, ys],
      el,
    );
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: 220 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [series, i18n]);
  return <div class="trade-chart" ref={box} aria-hidden="true" />;
}

export function TradeSeriesView({ series, headingLevel = 3 }: { series: TradeSeries; headingLevel?: 2 | 3 }) {
  const i18n = useI18n();
  const { t } = i18n;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const partner = i18n.pick(series.partner_name_ru, series.partner_name_en);
  const reporter = i18n.pick(series.reporter_name_ru, series.reporter_name_en);
  return (
    <figure class="trade-series">
      <H class="sub-title">{t(`tr.flow.${series.flow}` as MessageKey, { a: reporter, b: partner })}</H>
      <Chart series={series} />
      <div class="table-wrap">
        <table class="table table-compact">
          <caption class="visually-hidden">{t(`tr.flow.${series.flow}` as MessageKey, { a: reporter, b: partner })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tr.period')}</th>
              <th scope="col" class="num">{t('tr.value')}</th>
              <th scope="col" class="num">{t('tr.yoy')}</th>
              <th scope="col">{t('tr.source')}</th>
            </tr>
          </thead>
          <tbody>
            {series.points.map((p) => (
              <tr key={p.period}>
                <th scope="row">{periodLabel(p.period, i18n.appLocale)}</th>
                <td class="num">{money(i18n, p.value, series.currency)}</td>
                <td class="num" data-testid={`yoy-${p.period}`}>
                  {yoyText(i18n, p.yoy_pct)}
                  {p.yoy_base && <span class="sub">{t('tr.yoy_on', { p: periodLabel(p.yoy_base, i18n.appLocale) })}</span>}
                </td>
                <td>
                  {p.derived ? <Badge tone="amber">{t('tr.derived')}</Badge> : <Badge tone="green">{t('tr.reported')}</Badge>}
                  {i18n.pick(p.note_ru, p.note_en) && <span class="sub">{i18n.pick(p.note_ru, p.note_en)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
