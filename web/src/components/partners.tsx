// Pieces shared by the partners pages: the section tabs, kind and status
// badges, the kind colours used by the map and the network, and the home city.

import { type MessageKey, useI18n } from '../i18n';
import { Link } from '../lib/router';
import { useSession } from '../lib/session';
import type { PartnershipKind, PartnershipStatus } from '../lib/types';
import { Badge } from './ui';

/** Colours of the partnership kinds (map markers, network links, legend); AA on white with a dark ring. */
export const KIND_COLOR: Record<PartnershipKind, string> = {
  sister: '#c2410c',
  partner: '#1d4ed8',
  cooperation: '#047857',
};

export function KindBadge({ kind }: { kind: PartnershipKind }) {
  const { t } = useI18n();
  return (
    <span class="kind-badge">
      <span class="kind-dot" style={{ background: KIND_COLOR[kind] }} aria-hidden="true" />
      {t(`p.kind.${kind}` as MessageKey)}
    </span>
  );
}

export function StatusBadge({ status }: { status: PartnershipStatus }) {
  const { t } = useI18n();
  const tone = status === 'active' ? 'green' : status === 'frozen' ? 'amber' : 'neutral';
  return <Badge tone={tone}>{t(`p.status.${status}` as MessageKey)}</Badge>;
}

/** The signed-in user's city: the city of their organization. */
export function useHomeCity() {
  const { user } = useSession();
  return user.organization?.city ?? null;
}

export function canWrite(role: string): boolean {
  return role === 'staff' || role === 'admin';
}

export function PartnersTabs({ current }: { current: 'list' | 'map' | 'network' }) {
  const { t } = useI18n();
  const { user } = useSession();
  const tabs: Array<['list' | 'map' | 'network', string, MessageKey]> = [
    ['list', '/partners', 'p.tab_list'],
    ['map', '/partners/map', 'p.tab_map'],
    ['network', '/partners/network', 'p.tab_network'],
  ];
  if (!canWrite(user.role)) return null;
  return (
    <nav class="tabs" aria-label={t('p.tabs')}>
      {tabs.map(([k, href, label]) => (
        <Link key={k} href={href} class={`tab${k === current ? ' current' : ''}`} aria-current={k === current ? 'page' : undefined}>
          {t(label)}
        </Link>
      ))}
    </nav>
  );
}
