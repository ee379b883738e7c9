"""Runs one libtorrent peer on loopback for interop tests: a seeder, or a leecher fed by given peers.

Usage: libtorrent_seed.py [--upload-limit BYTES_PER_S] <torrent file> <directory> [<host:port> ...]
Without peers it seeds: prints "PORT <n>" once the data checked out and it is seeding.
With peers it leeches into the directory: prints "PORT <n>" once its (empty) data is checked,
connects to every peer, and prints "SEEDING" once every piece is in and verified; meanwhile
"DISCONNECTED <peer id> HAVING <pieces>" each time a peer it shook hands with goes away.
Either way it then runs until stdin closes, reading commands from it: "choke" makes it choke
every peer, "unchoke" unchokes them again (each within about a second).
Only TCP on 127.0.0.1 is used: DHT, LSD, UPnP, NAT-PMP and uTP are off, so nothing but the peers
named here can take part. Encryption keeps libtorrent's default: its first connection to a peer
tries Message Stream Encryption, which p2pshare refuses, and it retries in plain text at once, as
it would with our peers in the wild. An upload limit applies to loopback peers too (libtorrent
exempts local peers by default), so a test can keep a transfer running long enough to watch what
happens during it.
"""
import argparse
import sys

import libtorrent as lt

arguments = argparse.ArgumentParser()
arguments.add_argument('--upload-limit', type=int, default=0, help='bytes/s, 0 = unlimited')
arguments.add_argument('torrent')
arguments.add_argument('directory')
arguments.add_argument('peers', nargs='*', help='host:port to download from')
options = arguments.parse_args()
torrent, directory, peers = options.torrent, options.directory, options.peers


def address(peer):
    host, port = peer.rsplit(':', 1)
    return host, int(port)


session = lt.session({
    'listen_interfaces': '127.0.0.1:0',
    'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'enable_outgoing_utp': False, 'enable_incoming_utp': False,
    'upload_rate_limit': options.upload_limit,
    'ignore_limits_on_local_network': options.upload_limit == 0,
    # The choker runs every second (default 15 s), so "choke" and "unchoke" act at once.
    'unchoke_interval': 1,
    # Every test peer is on 127.0.0.1: without this a second one is refused as a duplicate.
    'allow_multiple_connections_per_ip': True,
    # libtorrent 2.0.8 drops a peer whose HAVE makes it a seed while it is not interested in it at
    # that instant ("uninteresting upload-only peer"), before that same HAVE makes it interested:
    # it happens to a leecher fed by one relay when the relay completes. It then waits
    # min_reconnect_time (60 s) to come back; 1 s keeps the behaviour and the test short.
    'min_reconnect_time': 1,
    'alert_mask': lt.alert.category_t.status_notification | lt.alert.category_t.error_notification
    | lt.alert.category_t.connect_notification,
})
handle = session.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': directory})


def wait_for(state, what, patience_millis):
    """Waits until the torrent is in one of the states; exits if no alert came for the patience."""
    while handle.status().state not in state:
        if session.wait_for_alert(patience_millis) is None:
            sys.exit('libtorrent did not ' + what + ': ' + str(handle.status().state)
                     + ' at progress ' + str(handle.status().progress))
        for alert in session.pop_alerts():
            if isinstance(alert, (lt.torrent_error_alert, lt.file_error_alert)):
                sys.exit('libtorrent error: ' + alert.message())
            if isinstance(alert, lt.peer_error_alert):
                print('libtorrent peer error:', alert.message(), file=sys.stderr, flush=True)
            if isinstance(alert, lt.peer_disconnected_alert) and not alert.pid.is_all_zeros():
                # Only peers that got as far as a handshake have an id (not the failed encryption
                # attempt); ids of the peers in these tests are ASCII.
                print('DISCONNECTED', alert.pid.to_bytes().decode('latin-1'), 'HAVING',
                      handle.status().num_pieces, flush=True)


if not peers:
    wait_for({lt.torrent_status.seeding}, 'start seeding', 10_000)
    print('PORT', session.listen_port(), flush=True)
else:
    wait_for({lt.torrent_status.downloading, lt.torrent_status.seeding}, 'finish checking', 10_000)
    print('PORT', session.listen_port(), flush=True)
    for peer in peers:
        handle.connect_peer(address(peer))
    # Progress alerts are masked off: a slow but live download may be quiet for a while, and the
    # test bounds the whole wait anyway.
    wait_for({lt.torrent_status.seeding}, 'finish downloading', 120_000)
    print('SEEDING', flush=True)
UNCHOKE_SLOTS = lt.default_settings()['unchoke_slots_limit']
for command in sys.stdin:
    # No upload slot and no optimistic one (20% of none): the choker chokes every peer.
    slots = {'choke': 0, 'unchoke': UNCHOKE_SLOTS}[command.strip()]
    session.apply_settings({'unchoke_slots_limit': slots})
