package p2pshare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ports for a tracker or a client a test starts later, with nothing listening on them. A port
 * from {@code new ServerSocket(0)} lies in the kernel's ephemeral range, where any outgoing
 * connection (a client dialing a tracker, Hazelcast dialing a member) may take it before the
 * process under test binds it; below that range only another listener can, and the bind here
 * rules that out. A port is never handed out twice by one test JVM.
 */
public final class FreePorts {
  private static final Set<Integer> HANDED_OUT = new HashSet<>();
  private static final int SPAN = 12_000;

  private FreePorts() {}

  public static synchronized int next() {
    int low = ephemeralLow();
    List<Integer> candidates = new ArrayList<>();
    for (int port = Math.max(1024, low - SPAN); port < low; port++) {
      if (!HANDED_OUT.contains(port)) {
        candidates.add(port);
      }
    }
    Collections.shuffle(candidates);
    for (int port : candidates) {
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        HANDED_OUT.add(port);
        return port;
      } catch (IOException taken) {
        // Someone listens there: try the next one.
      }
    }
    throw new IllegalStateException("no free port below the ephemeral range (" + low + ")");
  }

  public static List<Integer> next(int count) {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ports.add(next());
    }
    return ports;
  }

  private static int ephemeralLow() {
    try {
      // Not Files.readString: /proc reports a size of 0, and that read stops after one byte.
      Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
      return Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
