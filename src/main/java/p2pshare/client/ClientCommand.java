package p2pshare.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2pshare.common.TrackerInfo;
import p2pshare.shell.LineInput;
import p2pshare.shell.Shell;
import p2pshare.swarm.EngineOptions;
import p2pshare.swarm.PeerEngine;
import p2pshare.ui.UiBinding;
import p2pshare.ui.UiServer;

/**
 * {@code client <IP:PORT> <tracker_info.txt> [--data-dir DIR] [--ui HOST:PORT]}: one user's peer.
 * One non-clustered Vert.x runs the command bus, the tracker client, the peer engine and the stdin
 * shell. It stops on {@code quit} or SIGTERM; the end of stdin alone does not stop it, so a
 * client fed a script keeps serving peers in the background.
 */
public final class ClientCommand {
  private static final Logger LOG = Logger.getLogger(ClientCommand.class.getName());

  /** Bad arguments, as for most Unix tools. */
  private static final int EXIT_USAGE = 2;

  private static final int EXIT_FAILED = 1;

  /** How long a stop waits for the verticles to close their sockets before the JVM exits anyway. */
  private static final long STOP_TIMEOUT_S = 5;

  private ClientCommand() {}

  public static void main(String[] args) {
    ClientOptions options;
    TrackerInfo trackers;
    UiBinding uiBinding;
    try {
      options = ClientOptions.parse(args);
      uiBinding = UiBinding.forClient(options.ui(), options.port());
      if (!Files.isRegularFile(options.trackerFile())) {
        throw new IllegalArgumentException("tracker list " + options.trackerFile() + " does not exist");
      }
      trackers = TrackerInfo.load(options.trackerFile());
    } catch (IllegalArgumentException e) {
      System.err.println("client: " + e.getMessage());
      System.err.println(ClientOptions.USAGE);
      System.exit(EXIT_USAGE);
      return;
    }
    Path log;
    try {
      Files.createDirectories(options.dataDir());
      log = ClientLog.install(options.dataDir());
    } catch (Exception e) {
      System.err.println("client: cannot use data dir " + options.dataDir() + ": " + e.getMessage());
      System.exit(EXIT_FAILED);
      return;
    }

    Vertx vertx = Vertx.vertx();
    vertx.exceptionHandler(e -> LOG.log(Level.SEVERE, "unhandled failure", e));
    UiServer ui;
    WirePathWarmUp warmUp = new WirePathWarmUp(vertx, options.dataDir().resolve("warm-up"));
    try {
      start(vertx, options, trackers, warmUp);
      ui = startUi(vertx, uiBinding);
    } catch (Exception e) {
      LOG.log(Level.SEVERE, "start-up failed", e);
      System.err.println("client: " + (e instanceof UserError ? e.getMessage() : e + " (details in " + log + ")"));
      close(vertx);
      System.exit(EXIT_FAILED);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(vertx), "p2pshare-stop"));
    System.out.println(
        "p2pshare client: peers reach it at " + options.peerAddress() + "; log in " + log
            + "; type help for the commands");
    System.out.println("ui: " + ui.url());
    warmUpInBackground(warmUp);
    new Shell(vertx, LineInput.ofStdin(), System.out, () -> System.exit(0)).start();
  }

  /**
   * Wires the parts: the command bus, the tracker client and the peer engine on the client's
   * IP:PORT, which checks every peer's token with the trackers' key. The first upload or download
   * makes {@code warmUp} give way.
   */
  static void start(Vertx vertx, ClientOptions options, TrackerInfo trackers, WirePathWarmUp warmUp) {
    ClientEvents events = new ClientEvents(vertx.eventBus());
    TrackerClient tracker = new TrackerClient(vertx, trackers, events);
    PeerKeyVerifier keys = new PeerKeyVerifier(tracker);
    PeerEngine engine = PeerEngine
        .start(vertx, EngineOptions.defaults(options.host(), options.port(), keys),
            event -> LOG.fine(() -> "engine: " + event))
        .recover(e -> Future.failedFuture(new UserError(
            "cannot listen for peers on " + options.peerAddress() + " (" + e.getMessage()
                + "); is another client using that port?")))
        .await();
    SwarmAnnouncer announcer = new SwarmAnnouncer(vertx, tracker, options.peerAddress(), keys.members());
    FileLibrary library = new FileLibrary(
        vertx, tracker, engine, announcer, keys, new LocalStateStore(options.dataDir()), events);
    CommandRegistry registry = new CommandRegistry();
    registry
        .add(new AccountCommands(tracker, events, options, library))
        .add(new GroupCommands(tracker, library))
        .add(new FileListCommands(tracker))
        .add(new FileCommands(vertx, tracker, library, hashPool(), warmUp::giveWay))
        .add(new HelpCommands(registry));
    vertx.deployVerticle(new CommandVerticle(registry)).await();
    new DownloadsPublisher(vertx, library::downloads).start(DownloadsPublisher.PERIOD_MS);
  }

  /**
   * The wire path run once in the background (see {@link WirePathWarmUp}), so the first download
   * does not run it cold. A failure costs only that warmth: it goes to the log, nowhere else.
   */
  private static void warmUpInBackground(WirePathWarmUp warmUp) {
    Thread.ofPlatform().name("p2pshare-warm-up").daemon(true).start(() -> {
      long start = System.nanoTime();
      try {
        WirePathWarmUp.Rounds rounds = warmUp.run();
        LOG.info(() -> "wire path warmed up (" + rounds.done() + " rounds of two loopback downloads, "
            + rounds.traded() + " pieces traded between the two) in "
            + (System.nanoTime() - start) / 1_000_000 + " ms");
      } catch (Exception e) {
        LOG.log(Level.INFO, "wire path warm-up failed (the first download runs cold)", e);
      }
    });
  }

  /**
   * upload_file's reads and piece hashing: one thread fewer than the cores (at least one), since
   * the worker that calls {@link p2pshare.metainfo.FileHasher} digests the whole file meanwhile
   * and SHA-1 is CPU-bound; daemon threads so they never hold the JVM up at exit.
   */
  private static ExecutorService hashPool() {
    return Executors.newFixedThreadPool(
        Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
        Thread.ofPlatform().name("p2pshare-hash-", 0).daemon(true).factory());
  }

  /** The browser UI, a client of the command bus; a taken --ui port is the user's to fix. */
  static UiServer startUi(Vertx vertx, UiBinding binding) {
    UiServer ui = new UiServer(binding);
    try {
      vertx.deployVerticle(ui).await();
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage());
    }
    return ui;
  }

  private static void close(Vertx vertx) {
    try {
      vertx.close().await(STOP_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "stop did not finish cleanly", e);
    }
  }
}
