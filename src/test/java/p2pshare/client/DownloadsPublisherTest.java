package p2pshare.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2pshare.swarm.TorrentStatus;
import p2pshare.swarm.TorrentStatus.State;

class DownloadsPublisherTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static TorrentStatus status(int done) {
    return new TorrentStatus("cd".repeat(20), "a.bin", "g", Path.of("/tmp/a.bin"), State.DOWNLOADING, true,
        done, 4, done * 1024L, 4096, 0, 0, 1, "", List.of(), List.of(), List.of());
  }

  @Test
  void publishesOnlyWhenTheDownloadsChange() {
    List<JsonObject> published = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(ClientEvents.EVENTS, m -> published.add(m.body()));
    AtomicReference<List<TorrentStatus>> current = new AtomicReference<>(List.of());
    AtomicInteger reads = new AtomicInteger();
    new DownloadsPublisher(vertx, () -> {
      reads.incrementAndGet();
      return current.get();
    }).start(20);

    await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 5);
    assertEquals(0, published.size(), "nothing to say while there are no downloads");

    current.set(List.of(status(1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
    JsonObject first = published.get(0);
    assertEquals("downloads", first.getString("type"));
    assertEquals(1, first.getJsonArray("downloads").getJsonObject(0).getInteger("have"));

    int readsAfterFirst = reads.get();
    await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= readsAfterFirst + 5);
    assertEquals(1, published.size(), "an unchanged state is not published again");

    current.set(List.of(status(2)));
    await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
    assertEquals(2, published.get(1).getJsonArray("downloads").getJsonObject(0).getInteger("have"));
  }
}
