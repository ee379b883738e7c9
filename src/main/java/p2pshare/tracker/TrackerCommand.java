package p2pshare.tracker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import p2pshare.common.TrackerInfo;

/**
 * {@code tracker <tracker_info.txt> <N> [--data-dir DIR]}: runs tracker N until {@code quit} is
 * typed on stdin or the process gets SIGTERM. The data dir defaults to ./data/tracker-N.
 */
public final class TrackerCommand {
  private TrackerCommand() {}

  static final String USAGE = "usage: tracker <tracker_info.txt> <N> [--data-dir DIR]";

  /** 30 s: enough for Hazelcast to hand its partitions to the others before the JVM goes. */
  private static final long STOP_TIMEOUT_SECONDS = 30;

  public static void main(String[] args) {
    Path file = null;
    Integer n = null;
    Path dataDir = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--data-dir") && i + 1 < args.length) {
        dataDir = Path.of(args[++i]);
      } else if (arg.startsWith("--")) {
        fail("unknown option " + arg + "; " + USAGE);
      } else if (file == null) {
        file = Path.of(arg);
      } else if (n == null) {
        try {
          n = Integer.parseInt(arg);
        } catch (NumberFormatException e) {
          fail("tracker number '" + arg + "' is not a number; " + USAGE);
        }
      } else {
        fail("unexpected argument '" + arg + "'; " + USAGE);
      }
    }
    if (file == null || n == null) fail(USAGE);
    try {
      TrackerInfo.load(file).tracker(n);
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
    }
    if (dataDir == null) dataDir = Path.of("data", "tracker-" + n);
    run(file, n, dataDir);
  }

  private static void run(Path file, int n, Path dataDir) {
    Tracker tracker;
    try {
      tracker = Tracker.start(file, n, dataDir).await();
    } catch (RuntimeException e) {
      System.err.println("error: tracker " + n + " could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Thread hook = new Thread(() -> stop(tracker), "tracker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    waitForQuit();
    Runtime.getRuntime().removeShutdownHook(hook);
    stop(tracker);
    System.out.println("tracker " + n + " stopped");
    System.exit(0);
  }

  /** Returns when "quit" is typed; on a closed stdin (e.g. started with </dev/null) runs until SIGTERM. */
  private static void waitForQuit() {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.strip();
        if (command.equals("quit")) return;
        if (!command.isEmpty()) System.err.println("unknown command '" + command + "'; type quit to stop");
      }
    } catch (IOException e) {
      System.err.println("cannot read stdin (" + e.getMessage() + "); stop the tracker with SIGTERM");
    }
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void stop(Tracker tracker) {
    try {
      tracker.stop().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("error: tracker did not stop cleanly: " + e.getMessage());
    }
  }

  private static void fail(String message) {
    System.err.println("error: " + message);
    System.exit(2);
  }
}
