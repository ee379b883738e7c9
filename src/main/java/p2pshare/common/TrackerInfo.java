package p2pshare.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trackers of a network, parsed from tracker_info.txt: one tracker a line, {@code IP:PORT} or
 * {@code IP PORT}, an optional third field with the Hazelcast member port; {@code #} comments and
 * blank lines are ignored. Tracker N is the N-th tracker line (1-based).
 */
public record TrackerInfo(List<Address> trackers) {

  /** Hazelcast member port when the file gives none: the API port plus this offset. */
  public static final int DEFAULT_CLUSTER_PORT_OFFSET = 1000;

  /** One tracker: where clients reach its API, and the port its Hazelcast member listens on. */
  public record Address(String host, int port, int clusterPort) {
    public String hostPort() {
      return host + ":" + port;
    }
  }

  public TrackerInfo {
    trackers = List.copyOf(trackers);
    if (trackers.isEmpty()) {
      throw new IllegalArgumentException("no trackers listed (one IP:PORT a line)");
    }
  }

  public static TrackerInfo load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read tracker list " + file + ": " + e.getMessage());
    }
    return parse(lines, file.toString());
  }

  public static TrackerInfo parse(List<String> lines, String source) {
    List<Address> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      if (hash >= 0) line = line.substring(0, hash);
      line = line.strip();
      if (line.isEmpty()) continue;
      try {
        out.add(parseLine(line));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            source + " line " + (i + 1) + ": " + e.getMessage() + " (expected IP:PORT)");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(source + ": no trackers listed (one IP:PORT a line)");
    }
    return new TrackerInfo(out);
  }

  private static Address parseLine(String line) {
    String[] fields = line.split("\\s+");
    String host;
    String port;
    int next;
    if (fields[0].contains(":")) {
      int colon = fields[0].lastIndexOf(':');
      host = fields[0].substring(0, colon);
      port = fields[0].substring(colon + 1);
      next = 1;
    } else {
      if (fields.length < 2) throw new IllegalArgumentException("missing port in '" + line + "'");
      host = fields[0];
      port = fields[1];
      next = 2;
    }
    if (host.isEmpty()) throw new IllegalArgumentException("missing host in '" + line + "'");
    int apiPort = port(port);
    int clusterPort =
        fields.length > next ? port(fields[next]) : apiPort + DEFAULT_CLUSTER_PORT_OFFSET;
    if (fields.length > next + 1) {
      throw new IllegalArgumentException("unexpected '" + fields[next + 1] + "'");
    }
    if (clusterPort > 65535) {
      throw new IllegalArgumentException(
          "derived cluster port " + clusterPort + " is out of range; give it as a third field");
    }
    return new Address(host, apiPort, clusterPort);
  }

  private static int port(String text) {
    try {
      int p = Integer.parseInt(text);
      if (p < 1 || p > 65535) throw new NumberFormatException();
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a port (1-65535)");
    }
  }

  /** Tracker N, 1-based as on the command line. */
  public Address tracker(int n) {
    if (n < 1 || n > trackers.size()) {
      throw new IllegalArgumentException(
          "tracker number " + n + " is out of range: the list has " + trackers.size()
              + " tracker(s), numbered from 1");
    }
    return trackers.get(n - 1);
  }
}
