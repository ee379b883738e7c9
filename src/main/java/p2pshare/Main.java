package p2pshare;

import java.util.Arrays;

/**
 * One jar, two programs: {@code tracker <tracker_info.txt> <N> [options]} and
 * {@code client <IP:PORT> <tracker_info.txt> [options]}. The launch scripts at the repository
 * root call this with the program name first; {@code rehearse} is the client's AOT training run,
 * which bin/p2pshare-java starts by itself.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "tracker" -> p2pshare.tracker.TrackerCommand.main(rest);
      case "client" -> p2pshare.client.ClientCommand.main(rest);
      case "rehearse" -> p2pshare.client.Rehearsal.main(rest);
      default -> {
        usage();
        System.exit(2);
      }
    }
  }

  private static void usage() {
    System.err.println("usage: p2pshare tracker <tracker_info.txt> <N> [--data-dir DIR]");
    System.err.println("       p2pshare client <IP:PORT> <tracker_info.txt> [--data-dir DIR] [--ui HOST:PORT]");
  }
}
