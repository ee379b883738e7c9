// Draws a download's pieces as a grid of cells on a canvas: done pieces in the colour of the peer
// they came from, pieces in flight striped, missing pieces grey. Data: download_detail's reply.

// Distinct at a glance on light and dark backgrounds; a ninth peer reuses the first colour.
const PEER_COLOURS = ['#0f766e', '#2563eb', '#9333ea', '#c2410c', '#db2777', '#65a30d', '#0891b2', '#a16207'];
const LOCAL_COLOUR = '#64748b'; // done, but the reply names no peer (e.g. resumed from disk)
const ACTIVE_COLOUR = '#f59e0b';
const MISSING_COLOUR = 'rgba(148, 163, 184, 0.28)';

// Cells shrink from 24 px (a handful of pieces) down to 3 px before several pieces share one
// cell; the map is at most this tall so a 20 000-piece file still fits in a card.
const CELL_SIZES = [24, 18, 14, 12, 10, 8, 6, 5, 4, 3];
const MAX_HEIGHT = 132;

/** The source of a piece as a display string, or null when the reply names none. */
export function pieceSource(piece) {
  const from = piece && piece.from;
  if (!from) return null;
  if (typeof from === 'string') return from;
  return from.address || from.user || JSON.stringify(from);
}

/** One colour per source, in order of first appearance so colours stay stable between refreshes. */
export class PeerPalette {
  constructor() {
    this.colours = new Map();
  }

  colourOf(source) {
    if (source === null) return LOCAL_COLOUR;
    if (!this.colours.has(source)) this.colours.set(source, PEER_COLOURS[this.colours.size % PEER_COLOURS.length]);
    return this.colours.get(source);
  }
}

export const STATE_COLOURS = { active: ACTIVE_COLOUR, missing: MISSING_COLOUR, local: LOCAL_COLOUR };

/** Chooses cell size, columns and pieces per cell for `n` pieces in `width` pixels. */
export function layout(n, width) {
  for (const cell of CELL_SIZES) {
    const columns = Math.max(1, Math.floor(width / cell));
    const rows = Math.ceil(n / columns);
    if (rows * cell <= MAX_HEIGHT) return { cell, columns, rows, perCell: 1 };
  }
  const cell = CELL_SIZES[CELL_SIZES.length - 1];
  const columns = Math.max(1, Math.floor(width / cell));
  const capacity = columns * Math.floor(MAX_HEIGHT / cell);
  const perCell = Math.ceil(n / capacity);
  return { cell, columns, rows: Math.ceil(n / perCell / columns), perCell };
}

/** What a cell holding several pieces shows: in flight beats missing beats done. */
function cellPiece(pieces, first, perCell) {
  let chosen = pieces[first];
  for (let i = first; i < Math.min(pieces.length, first + perCell); i++) {
    const state = pieces[i] && pieces[i].state;
    if (state === 'active') return pieces[i];
    if (state !== 'done') chosen = pieces[i];
  }
  return chosen;
}

export function drawPieceMap(canvas, pieces, palette) {
  const width = Math.max(120, canvas.parentElement.clientWidth);
  const grid = layout(pieces.length, width);
  const ratio = window.devicePixelRatio || 1;
  const height = Math.max(grid.rows * grid.cell, grid.cell);
  canvas.style.width = width + 'px';
  canvas.style.height = height + 'px';
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const gap = grid.cell >= 14 ? 2 : grid.cell >= 5 ? 1 : 0;
  const cells = Math.ceil(pieces.length / grid.perCell);
  for (let c = 0; c < cells; c++) {
    const piece = cellPiece(pieces, c * grid.perCell, grid.perCell) || {};
    const x = (c % grid.columns) * grid.cell;
    const y = Math.floor(c / grid.columns) * grid.cell;
    const size = grid.cell - gap;
    if (piece.state === 'done') {
      g.fillStyle = palette.colourOf(pieceSource(piece));
      g.fillRect(x, y, size, size);
    } else if (piece.state === 'active') {
      g.fillStyle = ACTIVE_COLOUR;
      g.fillRect(x, y, size, size);
      if (size >= 5) {
        g.fillStyle = 'rgba(255, 255, 255, 0.55)';
        g.fillRect(x + 1, y + size / 2 - 0.5, size - 2, 1);
      }
    } else {
      g.fillStyle = MISSING_COLOUR;
      g.fillRect(x, y, size, size);
    }
  }
  canvas.dataset.columns = grid.columns;
  canvas.dataset.cell = grid.cell;
  canvas.dataset.perCell = grid.perCell;
}

/** The first piece index under a mouse position on the canvas, or -1. */
export function pieceAt(canvas, offsetX, offsetY, pieceCount) {
  const cell = Number(canvas.dataset.cell);
  const columns = Number(canvas.dataset.columns);
  const perCell = Number(canvas.dataset.perCell);
  if (!cell || !columns) return -1;
  const column = Math.floor(offsetX / cell);
  if (column >= columns) return -1;
  const index = (Math.floor(offsetY / cell) * columns + column) * perCell;
  return index < pieceCount ? index : -1;
}
