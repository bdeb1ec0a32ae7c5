// A meeting's repetition, for its host: a frequency, an interval and an end,
// or an RFC 5545 rule as text. The server checks the rule against the start
// (a rule more often than daily, one that never gives a date, or one whose
// first date is not the start is refused, by field) and keeps a normal form.

import { useState } from 'preact/hooks';
import { type I18n, type MessageKey, fieldMessage, useI18n } from '../i18n';
import { ApiError, api, fieldErrors } from '../lib/api';
import { useSubmit } from '../lib/hooks';
import { type Meeting, REPEAT_FREQS, type RepeatFreq, type SimpleRule, parseSimpleRule, simpleRuleText } from '../lib/meetings';
import { Alert, Field } from './ui';

type Kind = 'none' | RepeatFreq | 'custom';
type End = 'never' | 'until' | 'count';

/** A YYYY-MM-DD day in words, the same day in every viewer's zone. */
const dayText = (i18n: I18n, day: string) => i18n.date(`${day}T12:00:00Z`);

/** How a rule reads on the meeting page: in words when it is simple, else as written. */
export function describeRule(i18n: I18n, rule: string, tz: string): string {
  const r = parseSimpleRule(rule, tz);
  if (!r) return rule;
  return [i18n.t(`meet.repeat.${r.freq}` as MessageKey), r.interval > 1 ? i18n.t('meet.rule_interval', { n: r.interval }) : '',
    r.until ? i18n.t('meet.rule_until', { date: dayText(i18n, r.until) }) : '',
    r.count ? i18n.t('meet.rule_count', { n: r.count }) : ''].filter(Boolean).join(', ');
}

/** The field error for the rule; a refused start names the series' first date. */
function ruleError(i18n: I18n, e: { code: string; message: string } | undefined): string | undefined {
  const first = e?.code === 'rrule_start' ? /\d{4}-\d{2}-\d{2}/.exec(e.message)?.[0] : undefined;
  return first ? i18n.t('meet.rrule_start_at', { date: dayText(i18n, first) }) : fieldMessage(i18n, e);
}

export function RecurrenceForm(props: { m: Meeting; onSaved: (m: Meeting) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { m } = props;
  const simple = m.rrule ? parseSimpleRule(m.rrule, m.timezone) : null;
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>(!m.rrule ? 'none' : simple ? simple.freq : 'custom');
  const [interval, setInterval] = useState(String(simple?.interval ?? 1));
  const [end, setEnd] = useState<End>(simple?.until ? 'until' : simple?.count ? 'count' : 'never');
  const [until, setUntil] = useState(simple?.until ?? '');
  const [count, setCount] = useState(String(simple?.count ?? 4));
  const [text, setText] = useState(m.rrule ?? '');
  const { busy, error, setError, run } = useSubmit();
  if (!open)
    return (
      <button type="button" class="btn btn-small repeat-toggle" onClick={() => setOpen(true)}>
        {t('meet.edit_repeat')}
      </button>
    );
  const rule: SimpleRule | null = kind === 'none' || kind === 'custom' ? null : {
    freq: kind, interval: Math.max(1, Number(interval) || 1),
    until: end === 'until' && until ? until : null, count: end === 'count' ? Math.max(1, Number(count) || 1) : null,
  };
  const value = kind === 'none' ? null : kind === 'custom' ? text.trim() : simpleRuleText(rule!);
  const fe = fieldErrors(error);
  const err = ruleError(i18n, fe.rrule);
  const submit = async (e: Event) => {
    e.preventDefault();
    const saved = await run(() => api.patch<Meeting>(`/meetings/${m.id}`, { rrule: value }));
    if (saved) {
      props.onSaved(saved);
      setOpen(false);
    }
  };
  const change = (k: Kind) => {
    setKind(k);
    setError(null);
    if (k === 'custom' && !text) setText(value ?? '');
  };
  return (
    <form class="card recurrence-form" onSubmit={submit} noValidate>
      {error != null && !fe.rrule && <Alert kind="error">{error instanceof ApiError ? i18n.error(error) : t('err.network')}</Alert>}
      <div class="grid-2">
        <Field id="repeat-kind" label={t('meet.repeat_freq')} required error={kind !== 'custom' ? err : undefined}>
          {(a) => (
            <select {...a} value={kind} onChange={(e) => change(e.currentTarget.value as Kind)}>
              <option value="none">{t('meet.repeat.none')}</option>
              {REPEAT_FREQS.map((f) => (
                <option key={f} value={f}>{t(`meet.repeat.${f}` as MessageKey)}</option>
              ))}
              <option value="custom">{t('meet.repeat.custom')}</option>
            </select>
          )}
        </Field>
        {rule && (
          <Field id="repeat-interval" label={t('meet.repeat_interval')} hint={t('meet.repeat_interval_hint')} required>
            {(a) => <input {...a} type="number" min={1} max={99} value={interval} onInput={(e) => setInterval(e.currentTarget.value)} />}
          </Field>
        )}
      </div>
      {rule && (
        <div class="grid-2">
          <Field id="repeat-end" label={t('meet.repeat_end')} required>
            {(a) => (
              <select {...a} value={end} onChange={(e) => setEnd(e.currentTarget.value as End)}>
                {(['never', 'until', 'count'] as End[]).map((x) => (
                  <option key={x} value={x}>{t(`meet.repeat_end.${x}` as MessageKey)}</option>
                ))}
              </select>
            )}
          </Field>
          {end === 'until' && (
            <Field id="repeat-until" label={t('meet.repeat_until')} required>
              {(a) => <input {...a} type="date" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />}
            </Field>
          )}
          {end === 'count' && (
            <Field id="repeat-count" label={t('meet.repeat_count')} required>
              {(a) => <input {...a} type="number" min={1} max={999} value={count} onInput={(e) => setCount(e.currentTarget.value)} />}
            </Field>
          )}
        </div>
      )}
      {kind === 'custom' && (
        <Field id="repeat-rule" label={t('meet.repeat_rule')} hint={t('meet.repeat_rule_hint')} required error={err}>
          {(a) => <input {...a} class="mono" spellcheck={false} maxLength={500} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
      )}
      {rule && <p class="hint">{t('meet.repeat_preview', { rule: value ?? '' })}</p>}
      <div class="page-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? t('common.saving') : t('common.save')}</button>
        <button type="button" class="btn btn-quiet" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
