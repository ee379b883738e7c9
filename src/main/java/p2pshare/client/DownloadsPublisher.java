package p2pshare.client;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;
import p2pshare.swarm.TorrentStatus;

/**
 * Publishes {@code {"type": "downloads", "downloads": [...]}} on {@code p2pshare.events} (the
 * show_downloads data) once a second while it changes, and stays silent while nothing moves.
 */
final class DownloadsPublisher {
  /** Once a second: a progress bar that moves smoothly, and a trickle of messages for the UI. */
  static final long PERIOD_MS = 1_000;

  private final Vertx vertx;
  private final Supplier<List<TorrentStatus>> downloads;
  private JsonArray last = new JsonArray();

  /** @param downloads what show_downloads shows, read once a period */
  DownloadsPublisher(Vertx vertx, Supplier<List<TorrentStatus>> downloads) {
    this.vertx = vertx;
    this.downloads = downloads;
  }

  /** The timer's handler runs on one event-loop context, the only one touching {@code last}. */
  long start(long periodMs) {
    return vertx.setPeriodic(periodMs, t -> {
      JsonArray now = DownloadView.json(downloads.get());
      if (!now.equals(last)) {
        last = now;
        vertx.eventBus().publish(ClientEvents.EVENTS, new JsonObject().put("type", "downloads").put("downloads", now));
      }
    });
  }
}
