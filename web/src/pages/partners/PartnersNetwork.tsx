// The network of partnerships across the whole registry, around one city
// (ours by default, any city by ?city=): its partners on an inner ring in
// geographic order, the cities two steps away on an outer ring next to the
// partners they share, and the links among them. The server computes the
// graph (src/db/partners.c); this page only lays it out in one SVG.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { useTitle } from '../../lib/hooks';
import { Link, navigate, useLocation } from '../../lib/router';
import { PARTNERSHIP_KINDS, type Network, type NetworkNode } from '../../lib/types';
import { KIND_COLOR, PartnersTabs, useHomeCity } from '../../components/partners';
import { LoadError, PageHeader, Spinner } from '../../components/ui';

const W = 900;
const H = 700;
const CX = W / 2;
const CY = H / 2;
const R1 = 230;
const R2 = 310;

interface Placed {
  node: NetworkNode;
  x: number;
  y: number;
  r: number;
  angle: number;
  color: string;
}

/** Direction from the centre on the globe, as an angle for the ring order. */
function bearing(from: NetworkNode, to: NetworkNode): number {
  const rad = Math.PI / 180;
  const dl = (to.longitude - from.longitude) * rad;
  const y = Math.sin(dl) * Math.cos(to.latitude * rad);
  const x =
    Math.cos(from.latitude * rad) * Math.sin(to.latitude * rad) -
    Math.sin(from.latitude * rad) * Math.cos(to.latitude * rad) * Math.cos(dl);
  return Math.atan2(y, x);
}

export function layout(net: Network): Map<number, Placed> {
  const out = new Map<number, Placed>();
  const centre = net.nodes.find((x) => x.depth === 0);
  if (!centre) return out;
  const kindTo = new Map<number, string>();
  const nbrs = new Map<number, number[]>();
  for (const e of net.edges) {
    if (e.a === net.centre) kindTo.set(e.b, KIND_COLOR[e.kind]);
    if (e.b === net.centre) kindTo.set(e.a, KIND_COLOR[e.kind]);
    nbrs.set(e.a, [...(nbrs.get(e.a) ?? []), e.b]);
    nbrs.set(e.b, [...(nbrs.get(e.b) ?? []), e.a]);
  }
  const crowded = net.nodes.length > 150;
  const size = (n: NetworkNode) =>
    crowded ? Math.min(6, 3 + Math.sqrt(n.degree)) : Math.max(6, Math.min(16, 4 + Math.sqrt(n.degree) * 2.5));
  out.set(centre.id, { node: centre, x: CX, y: CY, r: 20, angle: 0, color: '#12355b' });
  const ring1 = net.nodes.filter((x) => x.depth === 1).sort((a, b) => bearing(centre, a) - bearing(centre, b));
  const many = ring1.length > 60;
  ring1.forEach((node, i) => {
    const angle = (i / Math.max(1, ring1.length)) * 2 * Math.PI - Math.PI / 2;
    const r = many && i % 2 ? R1 - 34 : R1;
    out.set(node.id, {
      node,
      x: CX + r * Math.cos(angle),
      y: CY + r * Math.sin(angle),
      r: size(node),
      angle,
      color: kindTo.get(node.id) ?? '#1d4ed8',
    });
  });
  // the outer ring: each city next to the partners it shares, then spread evenly
  const ring2 = net.nodes
    .filter((x) => x.depth === 2)
    .map((node) => {
      let sx = 0;
      let sy = 0;
      for (const id of nbrs.get(node.id) ?? []) {
        const p = out.get(id);
        if (p && p.node.depth === 1) {
          sx += Math.cos(p.angle);
          sy += Math.sin(p.angle);
        }
      }
      return { node, want: Math.atan2(sy, sx) };
    })
    .sort((a, b) => a.want - b.want);
  ring2.forEach(({ node, want }, i) => {
    const even = (i / Math.max(1, ring2.length)) * 2 * Math.PI - Math.PI;
    const angle = ring2.length > 12 ? even : want;
    const r = ring2.length > 40 && i % 2 ? R2 - 22 : R2;
    out.set(node.id, { node, x: CX + r * Math.cos(angle), y: CY + r * Math.sin(angle), r: size(node), angle, color: '#6b7480' });
  });
  return out;
}

export function PartnersNetworkPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const home = useHomeCity();
  const loc = useLocation();
  const asked = Number(loc.search.get('city')) || home?.id || 0;
  useTitle(t('p.net_title'));
  const [net, setNet] = useState<Network | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [n, setN] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .get<Network>('/network', { city: asked || undefined, second: 60 })
      .then((x) => live && setNet(x))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [asked, n]);

  const placed = useMemo(() => (net ? layout(net) : new Map<number, Placed>()), [net]);
  const centre = net?.nodes.find((x) => x.depth === 0);
  const partners = net?.nodes.filter((x) => x.depth === 1) ?? [];
  const second = net?.nodes.filter((x) => x.depth === 2) ?? [];
  const centreName = centre ? i18n.name(centre) : '';
  const country = (c: NetworkNode) => i18n.pick(c.country_name_ru, c.country_name_en) || c.country_code;
  const labelled = new Set<number>([
    ...(partners.length <= 40 ? partners.map((x) => x.id) : []),
    ...second.slice(0, 8).map((x) => x.id),
  ]);
  const recentre = (id: number) => navigate(`/partners/network?city=${id}`);

  return (
    <>
      <PageHeader title={t('p.net_title')} intro={t('p.net_intro', { city: centreName || (home ? i18n.name(home) : '') })} />
      <PartnersTabs current="network" />
      {error != null && <LoadError error={error} onRetry={() => setN((x) => x + 1)} />}
      {!net && error == null && <Spinner />}
      {net && centre && (
        <div class="net-layout">
          <div class="net-graph">
            <ul class="legend" aria-hidden="true">
              <li>
                <span class="kind-dot" style={{ background: '#12355b' }} />
                {t('p.net_legend_centre')}
              </li>
              {PARTNERSHIP_KINDS.map((k) => (
                <li key={k}>
                  <span class="kind-dot" style={{ background: KIND_COLOR[k] }} />
                  {t(`p.kind.${k}` as MessageKey)}
                </li>
              ))}
              <li>
                <span class="kind-dot" style={{ background: '#6b7480' }} />
                {t('p.net_legend_second')}
              </li>
            </ul>
            <svg class="network" viewBox={`0 0 ${W} ${H}`} role="group" aria-label={t('p.net_label', { city: centreName })}>
              <g class="net-edges" aria-hidden="true">
                {net.edges.map((e) => {
                  const a = placed.get(e.a);
                  const b = placed.get(e.b);
                  if (!a || !b) return null;
                  const direct = e.a === net.centre || e.b === net.centre;
                  const hot = hover != null && (e.a === hover || e.b === hover);
                  return (
                    <line
                      key={e.id}
                      x1={a.x}
                      y1={a.y}
                      x2={b.x}
                      y2={b.y}
                      stroke={direct ? KIND_COLOR[e.kind] : '#8a94a0'}
                      class={`${direct ? 'direct' : 'indirect'}${hot ? ' hot' : ''}${e.status !== 'active' ? ' inactive' : ''}`}
                    />
                  );
                })}
              </g>
              {[...placed.values()].map((p) => (
                <a
                  key={p.node.id}
                  href={`/partners/network?city=${p.node.id}`}
                  class={`net-node depth-${p.node.depth}${hover === p.node.id ? ' hot' : ''}`}
                  data-city={p.node.name_en}
                  aria-label={`${i18n.name(p.node)}, ${country(p.node)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    recentre(p.node.id);
                  }}
                  onMouseEnter={() => setHover(p.node.id)}
                  onMouseLeave={() => setHover((h) => (h === p.node.id ? null : h))}
                  onFocus={() => setHover(p.node.id)}
                  onBlur={() => setHover((h) => (h === p.node.id ? null : h))}
                >
                  <circle cx={p.x} cy={p.y} r={p.r} fill={p.node.depth === 2 ? '#fff' : p.color} stroke={p.color} />
                  {(p.node.depth === 0 || labelled.has(p.node.id) || hover === p.node.id) && (
                    <text
                      x={p.x + (p.node.depth === 0 ? 0 : Math.cos(p.angle) * (p.r + 6))}
                      y={p.node.depth === 0 ? p.y + p.r + 20 : p.y + Math.sin(p.angle) * (p.r + 6) + 5}
                      text-anchor={p.node.depth === 0 ? 'middle' : Math.cos(p.angle) < 0 ? 'end' : 'start'}
                    >
                      {i18n.name(p.node)}
                    </text>
                  )}
                </a>
              ))}
            </svg>
          </div>
          <aside class="net-side">
            <section class="card" aria-labelledby="net-p">
              <h2 id="net-p" class="card-title">
                {t('p.net_partners')}
              </h2>
              {partners.length === 0 && <p class="muted">{t('p.net_partners_none', { city: centreName })}</p>}
              <ul class="net-list">
                {[...partners].sort((a, b) => b.degree - a.degree).slice(0, 30).map((x) => (
                  <li key={x.id}>
                    <Link href={`/partners/network?city=${x.id}`}>{i18n.name(x)}</Link>
                    <span class="muted"> — {country(x)}</span>
                    {x.degree > 1 && <span class="count-n">{t('p.net_others', { n: x.degree - 1 })}</span>}
                  </li>
                ))}
              </ul>
            </section>
            <section class="card" aria-labelledby="net-s">
              <h2 id="net-s" class="card-title">
                {t('p.net_suggestions')}
              </h2>
              <p class="hint">{t('p.net_suggestions_hint', { city: centreName })}</p>
              {second.length === 0 && <p class="muted">{t('p.net_suggestions_none')}</p>}
              <ol class="net-list">
                {second.slice(0, 15).map((x) => (
                  <li key={x.id}>
                    <Link href={`/partners/network?city=${x.id}`}>{i18n.name(x)}</Link>
                    <span class="muted"> — {country(x)}</span>
                    <span class="count-n">{t('p.net_shared', { n: x.shared })}</span>
                  </li>
                ))}
              </ol>
            </section>
          </aside>
        </div>
      )}
    </>
  );
}

