// The page's only link to its client: the event-bus bridge (docs/ui.md, docs/client-bus.md).
// Every user action is one request on p2pshare.command; live changes arrive on p2pshare.events.

export const COMMAND_ADDRESS = 'p2pshare.command';
export const EVENTS_ADDRESS = 'p2pshare.events';

const failure = (message) => ({ ok: false, message: 'error: ' + message, data: {} });

// Bridge failures (not command errors, which arrive as ordinary replies with ok=false).
function describeBridgeFailure(err) {
  switch (err && err.failureType) {
    case 'NO_HANDLERS': return failure('the client is not taking commands yet; try again in a moment');
    case 'TIMEOUT': return failure('the client did not answer in time; it may be busy or stopped');
    default: {
      const why = (err && (err.message || err.failureType)) || 'unknown';
      return failure('the client refused the request (' + why + ')');
    }
  }
}

export class ClientBus {
  /**
   * @param {string} url the bridge URL, under the secret path
   * @param {{onState: function(string), onEvent: function(object)}} listeners
   *   onState gets 'open', 'reconnecting' or 'closed'
   */
  constructor(url, { onState, onEvent }) {
    this.url = url;
    this.onState = onState;
    this.onEvent = onEvent;
    this.pending = new Set();
    this.eventBus = null;
  }

  connect() {
    const eventBus = new EventBus(this.url, { vertxbus_reconnect_delay_max: 5000 });
    eventBus.enableReconnect(true);
    // onopen runs again after every reconnect, and handlers do not survive a reconnect.
    eventBus.onopen = () => {
      eventBus.registerHandler(EVENTS_ADDRESS, (err, message) => {
        if (!err && message && message.body) this.onEvent(message.body);
      });
      this.onState('open');
    };
    eventBus.onclose = () => {
      // A reply that was on its way is lost with the socket: answer its caller now.
      for (const settle of [...this.pending]) settle(failure('lost the connection to the client before it answered'));
      this.onState(eventBus.reconnectEnabled ? 'reconnecting' : 'closed');
    };
    eventBus.onerror = () => {};
    this.eventBus = eventBus;
  }

  get open() {
    return this.eventBus !== null && this.eventBus.state === EventBus.OPEN;
  }

  /** Sends one command; always resolves with {ok, message, data}, never rejects. */
  command(cmd, ...args) {
    return new Promise((resolve) => {
      if (!this.open) {
        resolve(failure('not connected to the client; waiting for it to come back'));
        return;
      }
      const settle = (reply) => {
        if (!this.pending.delete(settle)) return;
        resolve(reply);
      };
      this.pending.add(settle);
      this.eventBus.send(COMMAND_ADDRESS, { cmd, args: args.map(String) }, (err, message) => {
        settle(err ? describeBridgeFailure(err) : normalise(message && message.body));
      });
    });
  }
}

function normalise(body) {
  if (!body || typeof body !== 'object') return failure('the client sent an empty answer');
  return {
    ok: body.ok === true,
    message: typeof body.message === 'string' ? body.message : '',
    data: body.data && typeof body.data === 'object' ? body.data : {},
  };
}
