package p2pshare.client;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import p2pshare.common.TrackerInfo;
import p2pshare.ui.UiBinding;

/**
 * {@code rehearse}: the training run of the client's AOT cache (bin/p2pshare-java). It goes
 * through what every client does, inside one JVM with nothing outside it: the start-up wiring and
 * browser UI, a few commands over the bus (one against a tracker that is not there) and the
 * {@link WirePathWarmUp}. The JVM records the classes this loads and links, so a real client
 * finds them ready in the cache instead of reading them from the jar.
 */
public final class Rehearsal {
  /** Bounds each command; without a tracker every one answers in well under a second. */
  private static final long STEP_SECONDS = 30;

  private Rehearsal() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("p2pshare-rehearsal");
    Vertx vertx = Vertx.vertx();
    try {
      WirePathWarmUp warmUp = new WirePathWarmUp(vertx, dir.resolve("warm-up"));
      startClient(vertx, dir, warmUp);
      warmUp.run();
    } finally {
      vertx.close().await(STEP_SECONDS, TimeUnit.SECONDS);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void startClient(Vertx vertx, Path dir, WirePathWarmUp warmUp) throws Exception {
    int peerPort = freePort();
    TrackerInfo nowhere = TrackerInfo.parse(List.of("127.0.0.1:" + freePort()), "rehearsal");
    ClientOptions options = new ClientOptions("127.0.0.1", peerPort, dir.resolve("tracker_info.txt"),
        dir.resolve("client"), Optional.empty());
    ClientCommand.start(vertx, options, nowhere, warmUp);
    ClientCommand.startUi(vertx, UiBinding.forClient(Optional.of("127.0.0.1:" + freePort()), peerPort));
    for (List<String> command : List.of(List.of("help"), List.of("status"), List.of("show_downloads"),
        List.of("create_user", "rehearsal", "rehearsal"))) {
      JsonObject request = new JsonObject().put("cmd", command.get(0))
          .put("args", new JsonArray(command.subList(1, command.size())));
      vertx.eventBus().request(ClientEvents.COMMANDS, request).await(STEP_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
