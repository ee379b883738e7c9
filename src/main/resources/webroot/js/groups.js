// Groups on the left, the chosen group on the right: its members, the owner's join requests,
// its files with share, download and stop sharing. Every action is one command; lists are
// fetched again after a command succeeds, never on a timer.

import { $, h, say, whileBusy, formatBytes, count, plural } from './dom.js';

const DESTINATION_KEY = 'p2pshare.downloadDestination';

export class GroupsView {
  /** @param {{onDownloadStarted: function()}} hooks */
  constructor(bus, hooks) {
    this.bus = bus;
    this.hooks = hooks;
    this.user = null;
    this.groups = [];
    this.selected = null;
    this.requested = new Set(); // groups this page asked to join; the tracker only tells owners
    this.shown = new Map(); // what each list shows now, so an unchanged answer leaves it alone
    this.wire();
  }

  wire() {
    $('groups-refresh').addEventListener('click', () => this.refresh());
    $('files-refresh').addEventListener('click', () => this.loadGroupDetails());
    $('create-group-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.createGroup();
    });
    $('share-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.share();
    });
    $('leave-group-button').addEventListener('click', () => this.leave());
    $('join-group-button').addEventListener('click',
      (event) => this.join(this.selected, event.currentTarget, $('join-error')));
    const destination = $('download-dest');
    destination.value = localStorage.getItem(DESTINATION_KEY) || '';
    destination.addEventListener('change', () => localStorage.setItem(DESTINATION_KEY, destination.value.trim()));
  }

  start(user) {
    this.user = user;
    this.refresh();
  }

  clear() {
    this.user = null;
    this.groups = [];
    this.selected = null;
    this.requested.clear();
    this.shown.clear();
    $('group-list').replaceChildren();
    this.showGroup();
  }

  async refresh() {
    const reply = await this.bus.command('list_groups');
    say($('groups-error'), reply.ok ? '' : reply.message);
    if (!reply.ok) return;
    this.groups = Array.isArray(reply.data.groups) ? reply.data.groups.filter((g) => g && g.group) : [];
    if (this.selected && !this.groups.some((g) => g.group === this.selected)) this.selected = null;
    this.renderList();
    this.showGroup();
    this.loadGroupDetails();
  }

  group(name) {
    return this.groups.find((g) => g.group === name) || null;
  }

  isOwner(g) {
    return g.isOwner === true || (typeof g.owner === 'string' && g.owner === this.user);
  }

  isMember(g) {
    return g.member === true || (Array.isArray(g.members) && g.members.includes(this.user));
  }

  /**
   * Whether `list` must be drawn again for `data`. Lists are fetched again after commands and
   * events; redrawing an unchanged one would drop a click in flight and the messages in its rows.
   */
  changed(list, data) {
    const signature = JSON.stringify(data);
    if (this.shown.get(list) === signature) return false;
    this.shown.set(list, signature);
    return true;
  }

  renderList() {
    $('groups-empty').hidden = this.groups.length > 0;
    if (!this.changed('groups', [this.groups, this.selected, [...this.requested]])) return;
    $('group-list').replaceChildren(...this.groups.map((g) => this.groupItem(g)));
  }

  groupItem(g) {
    const owner = this.isOwner(g);
    const member = this.isMember(g);
    const waiting = Array.isArray(g.pending) ? g.pending.length : 0;
    const members = count(g.members);
    const error = h('p', { class: 'error group-error', role: 'alert', hidden: true });
    const asked = this.requested.has(g.group);
    const join = member || asked
      ? null
      : button('button small join-group', 'Join', (event) => this.join(g.group, event.currentTarget, error));
    const sub = 'owner ' + (g.owner || '?') + (members === null ? '' : ' · ' + plural(members, 'member'));
    return h('li', {
      class: 'group' + (member ? ' mine' : ''),
      'data-group': g.group,
      'aria-current': g.group === this.selected ? 'true' : null,
    },
    h('button', { type: 'button', class: 'group-select', onclick: () => this.select(g.group) },
      h('span', { class: 'group-name' }, g.group),
      h('span', { class: 'group-sub muted' }, sub)),
    h('span', { class: 'badges' },
      owner ? badge('owner', 'owner') : member ? badge('member', 'member') : null,
      owner && waiting > 0 ? badge('requests', plural(waiting, 'request')) : null,
      !member && asked ? badge('pending', 'requested') : null,
      join),
    error);
  }

  select(name) {
    this.selected = name;
    for (const item of $('group-list').children) {
      if (item.dataset.group === name) item.setAttribute('aria-current', 'true');
      else item.removeAttribute('aria-current');
    }
    const messages = ['group-error', 'join-error', 'share-error', 'share-info', 'files-error', 'requests-error'];
    for (const id of messages) say($(id), '');
    this.showGroup();
    this.loadGroupDetails();
  }

  /** Shows the chosen group's frame from list_groups data; files and requests load after. */
  showGroup() {
    const g = this.selected ? this.group(this.selected) : null;
    $('group-placeholder').hidden = g !== null;
    $('group-content').hidden = g === null;
    $('group-view').dataset.group = g ? g.group : '';
    if (!g) return;
    const member = this.isMember(g);
    const owner = this.isOwner(g);
    $('group-title').textContent = g.group;
    const members = Array.isArray(g.members) ? g.members : [];
    const memberList = members.length ? ' · members: ' + members.join(', ') : '';
    $('group-meta').textContent = 'Owner ' + (g.owner || '?') + memberList;
    $('leave-group-button').hidden = !member;
    $('not-member').hidden = member;
    $('not-member-text').textContent = this.requested.has(g.group)
      ? 'You asked to join ' + g.group + '. Its owner, ' + g.owner + ', has to accept before you see its files.'
      : 'You are not a member of ' + g.group + '. Ask to join; its owner, ' + g.owner + ', decides.';
    $('join-group-button').hidden = this.requested.has(g.group);
    $('requests-panel').hidden = !owner;
    $('files-panel').hidden = !member;
  }

  /** Something in `group` changed (e.g. we became a sharer): reload it if it is on screen. */
  groupChanged(group) {
    if (group === this.selected) this.loadGroupDetails();
  }

  async loadGroupDetails() {
    const g = this.selected ? this.group(this.selected) : null;
    if (!g) return;
    const loads = [];
    if (this.isMember(g)) loads.push(this.loadFiles(g.group));
    if (this.isOwner(g)) loads.push(this.loadRequests(g.group));
    await Promise.all(loads);
  }

  async loadFiles(group) {
    const reply = await this.bus.command('list_files', group);
    if (group !== this.selected) return;
    say($('files-error'), reply.ok ? '' : reply.message);
    const files = reply.ok && Array.isArray(reply.data.files) ? reply.data.files.filter((f) => f && f.name) : [];
    if (this.changed('files', [group, files])) {
      $('file-list').replaceChildren(...files.map((f) => this.fileRow(group, f)));
    }
    $('files-empty').hidden = !reply.ok || files.length > 0;
    $('file-table').hidden = files.length === 0;
  }

  fileRow(group, file) {
    const note = h('p', { class: 'row-note', role: 'status', hidden: true });
    const error = h('p', { class: 'row-error error', role: 'alert', hidden: true });
    const download = (event) => this.download(group, file.name, event.currentTarget, error, note);
    const stop = (event) => this.stopShare(group, file.name, event.currentTarget, error);
    return h('tr', { class: 'file', 'data-name': file.name },
      h('td', { class: 'file-name' }, h('span', { class: 'name' }, file.name), hashLabel(file)),
      h('td', { class: 'num' }, formatBytes(file.length)),
      sharersCell(file),
      h('td', { class: 'actions-col' },
        h('div', { class: 'row-actions' },
          button('button small primary download-file', 'Download', download),
          button('button small subtle stop-share', 'Stop sharing', stop)),
        error, note));
  }

  async loadRequests(group) {
    const reply = await this.bus.command('list_requests', group);
    if (group !== this.selected) return;
    say($('requests-error'), reply.ok ? '' : reply.message);
    const users = reply.ok && Array.isArray(reply.data.requests) ? reply.data.requests.map(String) : [];
    if (this.changed('requests', [group, users])) {
      $('request-list').replaceChildren(...users.map((user) => this.requestItem(group, user)));
    }
    $('requests-empty').hidden = !reply.ok || users.length > 0;
  }

  requestItem(group, user) {
    const error = h('p', { class: 'error request-error', role: 'alert', hidden: true });
    const decide = (cmd) => async (event) => {
      const reply = await whileBusy(event.currentTarget, null, () => this.bus.command(cmd, group, user));
      say(error, reply.ok ? '' : reply.message);
      if (reply.ok) this.refresh();
    };
    return h('li', { class: 'request', 'data-user': user },
      h('span', { class: 'request-user' }, user),
      h('span', { class: 'request-actions' },
        button('button small primary accept-request', 'Accept', decide('accept_request')),
        button('button small subtle reject-request', 'Reject', decide('reject_request'))),
      error);
  }

  async createGroup() {
    const input = $('create-group-name');
    const name = input.value.trim();
    if (!name) {
      say($('create-group-error'), 'Type a name for the new group.');
      input.focus();
      return;
    }
    const reply = await whileBusy($('create-group-button'), null, () => this.bus.command('create_group', name));
    say($('create-group-error'), reply.ok ? '' : reply.message);
    if (!reply.ok) return;
    input.value = '';
    this.selected = name;
    this.refresh();
  }

  async join(group, button, errorElement) {
    const reply = await whileBusy(button, 'Asking…', () => this.bus.command('join_group', group));
    say(errorElement, reply.ok ? '' : reply.message);
    if (!reply.ok) return;
    this.requested.add(group);
    this.refresh();
  }

  async leave() {
    const group = this.selected;
    const reply = await whileBusy($('leave-group-button'), 'Leaving…', () => this.bus.command('leave_group', group));
    say($('group-error'), reply.ok ? '' : reply.message);
    if (reply.ok) this.refresh();
  }

  async share() {
    const input = $('share-path');
    const path = input.value.trim();
    say($('share-info'), '');
    if (!path) {
      say($('share-error'), 'Type the path of a file on this machine.');
      input.focus();
      return;
    }
    const group = this.selected;
    const reply = await whileBusy($('share-button'), 'Hashing…', () => this.bus.command('upload_file', path, group));
    say($('share-error'), reply.ok ? '' : reply.message);
    if (!reply.ok) return;
    input.value = '';
    say($('share-info'), reply.message || 'Shared ' + (reply.data.name || path));
    if (group === this.selected) this.loadFiles(group);
  }

  async download(group, name, button, errorElement, noteElement) {
    const destinationInput = $('download-dest');
    const destination = destinationInput.value.trim();
    say(noteElement, '');
    if (!destination) {
      say(errorElement, 'Choose a folder under “Save downloads to” first.');
      destinationInput.focus();
      return;
    }
    localStorage.setItem(DESTINATION_KEY, destination);
    const reply = await whileBusy(button, 'Starting…',
      () => this.bus.command('download_file', group, name, destination));
    say(errorElement, reply.ok ? '' : reply.message);
    if (!reply.ok) return;
    say(noteElement, 'Downloading to ' + (reply.data.path || destination));
    this.hooks.onDownloadStarted();
  }

  async stopShare(group, name, button, errorElement) {
    const reply = await whileBusy(button, 'Stopping…', () => this.bus.command('stop_share', group, name));
    say(errorElement, reply.ok ? '' : reply.message);
    if (reply.ok && group === this.selected) this.loadFiles(group);
  }
}

const badge = (kind, text) => h('span', { class: 'badge badge-' + kind }, text);

const button = (classes, label, onclick) => h('button', { type: 'button', class: classes, onclick }, label);

/** The start of the file's SHA-1, with both hashes on hover: enough to tell same-named files apart. */
function hashLabel(file) {
  const hash = file.sha1 || file.infoHash;
  if (!hash) return null;
  const title = 'info-hash ' + (file.infoHash || '?') + '\nSHA-1 ' + (file.sha1 || '?');
  return h('span', { class: 'hash mono muted', title }, 'sha1 ' + String(hash).slice(0, 12) + '…');
}

/** "online / all" sharers; list_files may give counts or lists of users. */
function sharersCell(file) {
  const total = count(file.sharers);
  const online = count(file.online);
  const text = online === null && total === null ? '–' : (online ?? '?') + ' / ' + (total ?? '?');
  return h('td', { class: 'num file-sharers', title: 'online sharers / all sharers' },
    h('span', { class: online > 0 ? 'online' : 'offline' }, text));
}
