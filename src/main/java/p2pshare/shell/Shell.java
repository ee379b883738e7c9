package p2pshare.shell;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2pshare.client.ClientEvents;
import p2pshare.client.Reply;

/**
 * The stdin shell: one line, one command-bus request, print the reply, then the next line. Waiting
 * for each reply keeps a piped script in order. Runs on its own thread because reading stdin
 * blocks. At end of input the shell stops but the client keeps serving peers until quit/SIGTERM.
 */
public final class Shell {
  private static final Logger LOG = Logger.getLogger(Shell.class.getName());

  /**
   * Longer than the worst tracker failover (every tracker timing out at 10 s), so a slow answer
   * still arrives instead of an error.
   */
  private static final long REPLY_TIMEOUT_MS = 120_000;

  /** Commands whose last argument is a password a person at a terminal may leave out. */
  private static final Set<String> PASSWORD_COMMANDS = Set.of("create_user", "login");

  private final Vertx vertx;
  private final LineInput input;
  private final PrintStream out;
  private final Runnable quit;

  public Shell(Vertx vertx, LineInput input, PrintStream out, Runnable quit) {
    this.vertx = vertx;
    this.input = input;
    this.out = out;
    this.quit = quit;
  }

  /** Prints notices (e.g. a tracker failover) as they come and starts reading lines. */
  public Thread start() {
    vertx.eventBus().<JsonObject>consumer(ClientEvents.EVENTS, m -> {
      if ("notice".equals(m.body().getString("type"))) out.println(m.body().getString("message"));
    });
    Thread thread = new Thread(this::run, "p2pshare-shell");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  void run() {
    String prompt = input.interactive() ? "> " : "";
    while (true) {
      String line;
      try {
        line = input.readLine(prompt);
      } catch (UncheckedIOException e) {
        LOG.log(Level.WARNING, "stdin failed; the shell stops, the client keeps running", e);
        return;
      }
      if (line == null) {
        if (input.interactive()) out.println("end of input: still serving peers; Ctrl-C stops the client");
        return;
      }
      var parsed = CommandLine.parse(line);
      if (parsed.isEmpty()) continue;
      CommandLine command = withPassword(parsed.get());
      if (command.name().equals("quit")) {
        quit.run();
        return;
      }
      out.println(execute(command).message());
    }
  }

  /** At a terminal, asks for a missing password without echoing it. */
  private CommandLine withPassword(CommandLine command) {
    if (!PASSWORD_COMMANDS.contains(command.name()) || command.args().size() != 1) return command;
    return input
        .readPassword("password for " + command.args().get(0) + ": ")
        .map(password -> {
          List<String> args = new ArrayList<>(command.args());
          args.add(password);
          return new CommandLine(command.name(), args);
        })
        .orElse(command);
  }

  private Reply execute(CommandLine command) {
    JsonObject request =
        new JsonObject().put("cmd", command.name()).put("args", new JsonArray(command.args()));
    try {
      return Reply.fromJson(
          vertx.eventBus()
              .<JsonObject>request(ClientEvents.COMMANDS, request, new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MS))
              .await()
              .body());
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "no reply to " + command.name(), e);
      return Reply.error(command.name() + " got no answer (" + e.getMessage() + "); details in the client log");
    }
  }
}
