"""Seeds one torrent with libtorrent on loopback for interop tests.

Usage: libtorrent_seed.py <torrent file> <directory holding the data>
Prints "PORT <n>" once the data checked out and it is seeding, then runs until stdin closes.
"""
import sys

import libtorrent as lt

session = lt.session({
    'listen_interfaces': '127.0.0.1:0',
    'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'alert_mask': lt.alert.category_t.status_notification | lt.alert.category_t.error_notification,
})
handle = session.add_torrent({'ti': lt.torrent_info(sys.argv[1]), 'save_path': sys.argv[2]})
while handle.status().state != lt.torrent_status.seeding:
    if session.wait_for_alert(10_000) is None:
        sys.exit('libtorrent did not start seeding: ' + str(handle.status().state))
    for alert in session.pop_alerts():
        if isinstance(alert, lt.torrent_error_alert):
            sys.exit('libtorrent error: ' + alert.message())
print('PORT', session.listen_port(), flush=True)
sys.stdin.read()
