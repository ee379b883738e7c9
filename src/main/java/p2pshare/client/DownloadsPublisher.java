package p2pshare.client;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Publishes {@code {"type": "downloads", "downloads": [...]}} on {@code p2pshare.events} (the
 * show_downloads data) once a second while it changes, and stays silent while nothing moves.
 */
final class DownloadsPublisher {
  /** Once a second: a progress bar that moves smoothly, and a trickle of messages for the UI. */
  static final long PERIOD_MS = 1_000;

  private final Vertx vertx;
  private final FileLibrary library;
  private JsonArray last = new JsonArray();

  DownloadsPublisher(Vertx vertx, FileLibrary library) {
    this.vertx = vertx;
    this.library = library;
  }

  /** The timer's handler runs on one event-loop context, the only one touching {@code last}. */
  void start() {
    vertx.setPeriodic(PERIOD_MS, t -> {
      JsonArray now = DownloadView.json(library.downloads());
      if (!now.equals(last)) {
        last = now;
        vertx.eventBus().publish(ClientEvents.EVENTS, new JsonObject().put("type", "downloads").put("downloads", now));
      }
    });
  }
}
