package p2pshare.tracker;

/** Placeholder until the tracker lands (issue 2). */
public final class TrackerCommand {
  private TrackerCommand() {}

  public static void main(String[] args) {
    System.err.println("tracker: not built yet");
    System.exit(1);
  }
}
