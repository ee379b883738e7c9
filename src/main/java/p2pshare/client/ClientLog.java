package p2pshare.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Sends every log record (ours, Vert.x's, Netty's) to {@code client.log} in the data dir instead
 * of the terminal: the terminal belongs to the shell, and a user must never see a stack trace.
 */
final class ClientLog {
  private ClientLog() {}

  /** Replaces the root logger's handlers; returns the log file. */
  static Path install(Path dataDir) throws IOException {
    Path file = dataDir.resolve("client.log");
    FileHandler handler = new FileHandler(file.toString(), true);
    handler.setFormatter(new SimpleFormatter());
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
      h.close();
    }
    root.addHandler(handler);
    return file;
  }
}
