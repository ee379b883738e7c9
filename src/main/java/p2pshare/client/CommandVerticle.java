package p2pshare.client;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves {@code p2pshare.command}: {@code {cmd, args}} in, {@code {ok, message, data}} out, always
 * a reply. The shell, the browser UI and external event-bus clients all come through here.
 */
public final class CommandVerticle extends VerticleBase {
  private final CommandRegistry registry;

  public CommandVerticle(CommandRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(ClientEvents.COMMANDS, this::handle).completion();
  }

  private void handle(Message<JsonObject> message) {
    JsonObject body = message.body();
    String cmd = body == null ? null : body.getString("cmd");
    if (cmd == null || cmd.isBlank()) {
      message.reply(Reply.error("a command request needs {\"cmd\": name, \"args\": [...]}").toJson());
      return;
    }
    JsonArray rawArgs = body.getJsonArray("args", new JsonArray());
    List<String> args = new ArrayList<>(rawArgs.size());
    for (Object arg : rawArgs) args.add(String.valueOf(arg));
    registry.dispatch(cmd, args).onSuccess(reply -> message.reply(reply.toJson()));
  }
}
