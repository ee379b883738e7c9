// Boots the page: connects to the client, follows its session, and hands the signed-in user to
// the groups and downloads panels. Served under the secret path, so every URL here is relative.

import { ClientBus } from './bus.js';
import { $, h, say, whileBusy } from './dom.js';
import { GroupsView } from './groups.js';
import { DownloadsView } from './downloads.js';

const UNREACHABLE =
  'Cannot reach the p2pshare client at this address. Is it still running? Each run prints a new address.';

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Client unreachable, retrying…',
  closed: 'Disconnected',
};

const bridgeUrl = new URL('eventbus', location.href).href;
const bus = new ClientBus(bridgeUrl, { onState: connectionChanged, onEvent: eventArrived });
const downloads = new DownloadsView(bus, { onComplete: (group) => groups.groupChanged(group) });
const groups = new GroupsView(bus, { onDownloadStarted: () => downloads.refresh() });
let user; // undefined until the client has told us; null when nobody is signed in

function connectionChanged(state) {
  $('connection').dataset.state = state;
  $('connection-text').textContent = CONNECTION_TEXT[state] || state;
  document.body.dataset.connection = state;
  if (state === 'open') loadStatus();
  else if (user === undefined) $('boot-text').textContent = UNREACHABLE;
}

function eventArrived(event) {
  switch (event.type) {
    case 'session': sessionChanged(event.user || null); break;
    case 'downloads': if (user) downloads.render(event.downloads); break;
    case 'notice': notice(event.message); break;
    default: break;
  }
}

/** Learns who is signed in (also after a reconnect, when events may have been missed). */
async function loadStatus() {
  const reply = await bus.command('status');
  if (!reply.ok) {
    notice(reply.message);
    return;
  }
  $('peer-address').textContent = reply.data.address ? 'peer ' + reply.data.address : '';
  $('peer-address').title = reply.data.tracker ? 'tracker ' + reply.data.tracker : '';
  sessionChanged(reply.data.user || null, true);
}

function sessionChanged(newUser, force = false) {
  if (newUser === user && !force) return;
  const changed = newUser !== user;
  user = newUser;
  document.body.dataset.session = user ? 'in' : 'out';
  $('boot-view').hidden = true;
  $('auth-view').hidden = Boolean(user);
  $('main-view').hidden = !user;
  $('session').hidden = !user;
  $('whoami').textContent = user || '';
  if (user) {
    if (changed) groups.clear();
    groups.start(user);
    downloads.refresh();
  } else {
    groups.clear();
    downloads.clear();
    $('auth-password').value = '';
    $('auth-user').focus();
  }
}

async function logIn(event) {
  event.preventDefault();
  const credentials = readCredentials();
  if (!credentials) return;
  const reply = await whileBusy($('login-button'), 'Logging in…', () => bus.command('login', ...credentials));
  say($('auth-error'), reply.ok ? '' : reply.message);
  if (reply.ok) sessionChanged(reply.data.user || credentials[0]);
}

async function signUp() {
  const credentials = readCredentials();
  if (!credentials) return;
  const reply = await whileBusy($('signup-button'), 'Creating…', async () => {
    const created = await bus.command('create_user', ...credentials);
    return created.ok ? bus.command('login', ...credentials) : created;
  });
  say($('auth-error'), reply.ok ? '' : reply.message);
  if (reply.ok) sessionChanged(reply.data.user || credentials[0]);
}

function readCredentials() {
  const name = $('auth-user').value.trim();
  const password = $('auth-password').value;
  if (!name || !password) {
    say($('auth-error'), 'Type a user name and a password.');
    (name ? $('auth-password') : $('auth-user')).focus();
    return null;
  }
  return [name, password];
}

async function logOut() {
  const reply = await whileBusy($('logout-button'), 'Logging out…', () => bus.command('logout'));
  say($('logout-error'), reply.ok ? '' : reply.message);
  if (reply.ok) sessionChanged(null);
}

/** Messages the client pushes (e.g. tracker failover): shown on top, dismissed by the user. */
function notice(message) {
  const text = (message || '').replace(/^error:\s*/, '');
  if (!text) return;
  const item = h('div', { class: 'notice' + (/^error:/.test(message) ? ' notice-error' : ''), role: 'status' },
    h('span', {}, text),
    h('button', { type: 'button', class: 'button icon', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×'));
  const list = $('notices');
  list.append(item);
  // Keep the last few: a flapping tracker must not bury the page.
  while (list.children.length > 4) list.firstElementChild.remove();
}

$('auth-form').addEventListener('submit', logIn);
$('signup-button').addEventListener('click', signUp);
$('logout-button').addEventListener('click', logOut);
document.addEventListener('visibilitychange', () => {
  // Join requests and new files have no event; catch up when the user comes back to the tab.
  if (document.visibilityState === 'visible' && user && bus.open) groups.refresh();
});
connectionChanged('connecting');
bus.connect();
