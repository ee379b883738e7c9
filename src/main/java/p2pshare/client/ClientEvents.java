package p2pshare.client;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/** Publishes what the UI and the shell should learn without asking (docs/client-bus.md). */
public final class ClientEvents {
  /** Request/reply: one user command per message. */
  public static final String COMMANDS = "p2pshare.command";

  /** Published: session changes, download progress, notices. */
  public static final String EVENTS = "p2pshare.events";

  private final EventBus bus;

  public ClientEvents(EventBus bus) {
    this.bus = bus;
  }

  /** {@code user} null after logout. */
  public void session(String user) {
    bus.publish(EVENTS, new JsonObject().put("type", "session").put("user", user));
  }

  public void notice(String message) {
    bus.publish(EVENTS, new JsonObject().put("type", "notice").put("message", message));
  }
}
