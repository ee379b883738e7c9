package p2pshare.client;

/** Placeholder until the client lands (issue 2). */
public final class ClientCommand {
  private ClientCommand() {}

  public static void main(String[] args) {
    System.err.println("client: not built yet");
    System.exit(1);
  }
}
