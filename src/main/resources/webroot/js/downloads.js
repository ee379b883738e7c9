// The downloads panel: one card per download, updated in place from `downloads` events so
// progress moves without flicker; open cards also show the piece map from download_detail.

import { $, h, say, formatBytes, formatRate, count, plural } from './dom.js';
import { drawPieceMap, PeerPalette, pieceAt, pieceSource, STATE_COLOURS } from './piecemap.js';

const STATES = {
  D: { label: 'Downloading', css: 'downloading' },
  C: { label: 'Complete', css: 'complete' },
  F: { label: 'Failed', css: 'failed' },
};

const keyOf = (d) => d.group + '\u0000' + d.name;

export class DownloadsView {
  /** @param {{onComplete: function(string)}} hooks onComplete gets the group of a finished download */
  constructor(bus, hooks) {
    this.bus = bus;
    this.hooks = hooks;
    this.cards = new Map();
    this.list = $('download-list');
    new ResizeObserver(() => this.cards.forEach((card) => this.drawMap(card))).observe(this.list);
  }

  async refresh() {
    const reply = await this.bus.command('show_downloads');
    say($('downloads-error'), reply.ok ? '' : reply.message);
    if (reply.ok) this.render(reply.data.downloads);
  }

  clear() {
    this.render([]);
  }

  /** Brings the cards in line with a show_downloads list (from a reply or an event). */
  render(downloads) {
    const list = Array.isArray(downloads) ? downloads.filter((d) => d && d.name) : [];
    const seen = new Set();
    for (const download of list) {
      const key = keyOf(download);
      seen.add(key);
      let card = this.cards.get(key);
      if (!card) {
        card = this.createCard(download);
        this.cards.set(key, card);
        this.list.append(card.element);
      }
      this.update(card, download);
    }
    for (const [key, card] of this.cards) {
      if (!seen.has(key)) {
        card.element.remove();
        this.cards.delete(key);
      }
    }
    $('downloads-empty').hidden = list.length > 0;
    const active = list.filter((d) => d.state === 'D').length;
    $('downloads-summary').textContent = list.length === 0 ? '' : active > 0 ? active + ' active' : 'all done';
  }

  createCard(download) {
    const card = {
      download,
      palette: new PeerPalette(),
      detail: null,
      fetching: false,
      stale: false,
    };
    const parts = {
      badge: h('span', { class: 'state-badge' }),
      percent: h('span', { class: 'download-percent' }),
      bar: h('div', { class: 'progress-bar' }),
      stats: h('p', { class: 'download-stats muted' }),
      reason: h('p', { class: 'download-reason error', hidden: true }),
      canvas: h('canvas', { class: 'piece-map', role: 'img', 'aria-label': 'Piece map' }),
      caption: h('p', { class: 'piece-caption muted' }, 'Point at a piece to see where it came from.'),
      legend: h('ul', { class: 'piece-legend' }),
      detailError: h('p', { class: 'error detail-error', hidden: true }),
    };
    parts.details = h('details', { class: 'piece-details', open: download.state === 'D' },
      h('summary', {}, 'Pieces and peers'),
      h('div', { class: 'piece-canvas-wrap' }, parts.canvas),
      parts.caption, parts.legend, parts.detailError);
    parts.details.addEventListener('toggle', () => {
      if (parts.details.open) this.fetchDetail(card);
    });
    parts.canvas.addEventListener('mousemove', (event) => this.describePiece(card, event));
    card.parts = parts;
    card.element = h('li', { class: 'download', 'data-group': download.group, 'data-name': download.name },
      h('div', { class: 'download-head' },
        parts.badge,
        h('span', { class: 'download-name', title: download.name }, download.name),
        h('span', { class: 'download-group muted' }, 'in ' + download.group),
        parts.percent),
      h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Progress of ' + download.name }, parts.bar),
      parts.stats, parts.reason, parts.details);
    return card;
  }

  update(card, download) {
    const changed = card.detail === null || JSON.stringify(card.download) !== JSON.stringify(download);
    const completed = download.state === 'C' && card.download.state !== 'C';
    card.download = download;
    // A finished download is shared at once, so the group's sharer counts just changed.
    if (completed) this.hooks.onComplete(download.group);
    const { parts } = card;
    const state = STATES[download.state] || { label: download.state || 'Unknown', css: 'unknown' };
    card.element.dataset.state = download.state || '';
    parts.badge.textContent = state.label;
    parts.badge.className = 'state-badge ' + state.css;
    const fraction = progressOf(download);
    parts.percent.textContent = fraction === null ? '' : Math.floor(fraction * 100) + '%';
    parts.bar.style.width = ((fraction || 0) * 100).toFixed(1) + '%';
    parts.bar.parentElement.setAttribute('aria-valuenow', fraction === null ? '' : Math.floor(fraction * 100));
    parts.stats.textContent = statsLine(download);
    say(parts.reason, download.state === 'F' ? download.reason || 'The download stopped.' : '');
    if (changed && parts.details.open) this.fetchDetail(card);
  }

  /** One detail request per card at a time; an update during it asks for one more afterwards. */
  async fetchDetail(card) {
    if (card.fetching) {
      card.stale = true;
      return;
    }
    card.fetching = true;
    const { group, name } = card.download;
    const reply = await this.bus.command('download_detail', group, name);
    card.fetching = false;
    say(card.parts.detailError, reply.ok ? '' : reply.message);
    if (reply.ok) {
      card.detail = reply.data;
      this.drawMap(card);
      this.drawLegend(card);
    }
    if (card.stale && card.element.isConnected && card.parts.details.open) {
      card.stale = false;
      this.fetchDetail(card);
    }
  }

  drawMap(card) {
    const pieces = card.detail && Array.isArray(card.detail.pieces) ? card.detail.pieces : null;
    if (!pieces || !card.parts.details.open) return;
    drawPieceMap(card.parts.canvas, pieces, card.palette);
  }

  drawLegend(card) {
    const pieces = Array.isArray(card.detail.pieces) ? card.detail.pieces : [];
    const bySource = new Map();
    let active = 0;
    let missing = 0;
    for (const piece of pieces) {
      if (piece && piece.state === 'done') {
        const source = pieceSource(piece);
        bySource.set(source, (bySource.get(source) || 0) + 1);
      } else if (piece && piece.state === 'active') active++;
      else missing++;
    }
    const peers = Array.isArray(card.detail.peers) ? card.detail.peers : [];
    for (const peer of peers) {
      const address = peerName(peer);
      if (address && !bySource.has(address)) bySource.set(address, 0);
    }
    const items = [];
    for (const [source, pieceCount] of bySource) {
      const peer = peers.find((p) => peerName(p) === source);
      items.push(h('li', { class: 'legend-peer', 'data-peer': source || 'local' },
        swatch(card.palette.colourOf(source)),
        h('span', { class: 'mono' }, source || 'already here'),
        h('span', { class: 'muted' }, plural(pieceCount, 'piece') + peerExtras(peer))));
    }
    items.push(h('li', { class: 'legend-state' }, swatch(STATE_COLOURS.active), 'in flight ', h('strong', {}, active)));
    items.push(h('li', { class: 'legend-state' }, swatch(STATE_COLOURS.missing), 'missing ', h('strong', {}, missing)));
    const dropped = Array.isArray(card.detail.dropped) ? card.detail.dropped.map(String) : [];
    if (dropped.length > 0) {
      items.push(h('li', { class: 'legend-dropped' }, 'Dropped for bad data: ', h('span', { class: 'mono' }, dropped.join(', '))));
    }
    card.parts.legend.replaceChildren(...items);
  }

  describePiece(card, event) {
    const pieces = card.detail && Array.isArray(card.detail.pieces) ? card.detail.pieces : [];
    const index = pieceAt(card.parts.canvas, event.offsetX, event.offsetY, pieces.length);
    if (index < 0) return;
    const piece = pieces[index] || {};
    const source = pieceSource(piece);
    const where = piece.state === 'done' ? (source ? ' from ' + source : ' (already here)')
      : piece.state === 'active' ? (source ? ' from ' + source : '') : '';
    const perCell = Number(card.parts.canvas.dataset.perCell) || 1;
    const last = Math.min(pieces.length - 1, index + perCell - 1);
    const label = perCell > 1 ? 'Pieces ' + index + '–' + last : 'Piece ' + index;
    const state = piece.state === 'active' ? 'in flight' : piece.state || 'missing';
    card.parts.caption.textContent = label + ': ' + state + where;
  }
}

function progressOf(d) {
  if (d.state === 'C') return 1;
  const sized = typeof d.length === 'number' && d.length > 0 && typeof d.bytes === 'number';
  if (sized) return Math.min(1, d.bytes / d.length);
  if (typeof d.pieces === 'number' && d.pieces > 0 && typeof d.have === 'number') return Math.min(1, d.have / d.pieces);
  return null;
}

function statsLine(d) {
  const parts = [];
  const sized = typeof d.bytes === 'number' && typeof d.length === 'number';
  if (sized) parts.push(formatBytes(d.bytes) + ' of ' + formatBytes(d.length));
  else if (typeof d.length === 'number') parts.push(formatBytes(d.length));
  if (d.state === 'D' && typeof d.rate === 'number') parts.push(formatRate(d.rate));
  const peers = count(d.peers);
  if (d.state === 'D' && peers !== null) parts.push(plural(peers, 'peer'));
  if (typeof d.have === 'number' && typeof d.pieces === 'number') parts.push(d.have + ' / ' + d.pieces + ' pieces');
  if (d.state === 'C' && d.path) parts.push('saved as ' + d.path);
  return parts.join(' · ');
}

function peerName(peer) {
  if (typeof peer === 'string') return peer;
  return peer && (peer.address || peer.user) ? peer.address || peer.user : null;
}

/** What download_detail tells about a connected peer, in a few words. */
function peerExtras(peer) {
  if (!peer || typeof peer !== 'object') return '';
  const extras = [];
  if (peer.user && peer.address) extras.push(peer.user);
  if (typeof peer.client === 'string' && peer.client) extras.push(peer.client);
  const rate = typeof peer.downloadRate === 'number' ? peer.downloadRate : peer.rate;
  if (typeof rate === 'number' && rate > 0) extras.push('↓ ' + formatRate(rate));
  if (typeof peer.downloaded === 'number') extras.push('got ' + formatBytes(peer.downloaded));
  if (typeof peer.uploadRate === 'number' && peer.uploadRate > 0) extras.push('↑ ' + formatRate(peer.uploadRate));
  if (peer.choked === true) extras.push('choked');
  return extras.length ? ' · ' + extras.join(' · ') : '';
}

function swatch(colour) {
  const element = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  element.style.background = colour;
  return element;
}
