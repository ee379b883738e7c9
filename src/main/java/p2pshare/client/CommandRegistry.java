package p2pshare.client;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every command the client knows, by name, and the one place that turns {@code (cmd, args)} into
 * a {@link Reply}: names are case-insensitive, the argument count is checked here, and failures
 * become one-line errors (unexpected faults are logged in full and summarised).
 */
public final class CommandRegistry {
  private static final Logger LOG = Logger.getLogger(CommandRegistry.class.getName());

  private final Map<String, Command> byName = new LinkedHashMap<>();

  public CommandRegistry add(CommandSet set) {
    set.commands().forEach(this::add);
    return this;
  }

  public CommandRegistry add(Command command) {
    if (byName.putIfAbsent(command.name(), command) != null) {
      throw new IllegalStateException("command " + command.name() + " registered twice");
    }
    return this;
  }

  public List<Command> all() {
    return List.copyOf(byName.values());
  }

  /** Never fails: every outcome is a reply. */
  public Future<Reply> dispatch(String name, List<String> args) {
    Command command = byName.get(name.toLowerCase(Locale.ROOT));
    if (command == null) {
      return Future.succeededFuture(
          Reply.error("unknown command '" + name + "' (help lists the commands)"));
    }
    if (args.size() != command.params().size()) {
      return Future.succeededFuture(Reply.error("usage: " + command.usage()));
    }
    Future<Reply> outcome;
    try {
      outcome = command.action().run(new ArrayList<>(args));
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.recover(failure -> Future.succeededFuture(toReply(command, failure)));
  }

  private static Reply toReply(Command command, Throwable failure) {
    if (failure instanceof UserError) return Reply.error(failure.getMessage());
    LOG.log(Level.SEVERE, "command " + command.name() + " failed", failure);
    return Reply.error(
        command.name() + " failed unexpectedly: " + failure + " (details in the client log)");
  }
}
