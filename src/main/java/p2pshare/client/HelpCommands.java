package p2pshare.client;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * help: lists what the registry holds when asked, so commands registered later (the swarm's) show
 * up too. {@code quit} belongs to the shell (it stops this client process), so it is listed here
 * but served only there: a browser tab must not be able to stop the peer.
 */
public final class HelpCommands implements CommandSet {
  private final CommandRegistry registry;

  public HelpCommands(CommandRegistry registry) {
    this.registry = registry;
  }

  @Override
  public List<Command> commands() {
    return List.of(new Command("help", List.of(), "this list", a -> help()));
  }

  private Future<Reply> help() {
    List<String> lines = new ArrayList<>();
    JsonArray names = new JsonArray();
    for (Command c : registry.all()) {
      lines.add(String.format("%-45s %s", c.usage(), c.summary()));
      names.add(c.usage());
    }
    lines.add(String.format("%-45s %s", "quit", "stop this client (shell only)"));
    names.add("quit");
    return Future.succeededFuture(
        Reply.ok(String.join("\n", lines), new JsonObject().put("commands", names)));
  }
}
