package p2pshare.client;

import io.vertx.core.Future;
import java.util.List;

/**
 * One user command: its name, the parameters it takes (which give its usage line), a one-line
 * summary for {@code help}, and what it does. The dispatcher checks the argument count before
 * {@code action} runs, so an action always receives exactly {@code params().size()} arguments.
 */
public record Command(String name, List<String> params, String summary, Action action) {

  /** Runs the command; a failed future carries a {@link UserError} or an unexpected fault. */
  @FunctionalInterface
  public interface Action {
    Future<Reply> run(List<String> args);
  }

  public Command {
    name = name.toLowerCase(java.util.Locale.ROOT);
    params = List.copyOf(params);
  }

  /** {@code join_group <group_id>} */
  public String usage() {
    StringBuilder out = new StringBuilder(name);
    for (String p : params) out.append(" <").append(p).append('>');
    return out.toString();
  }
}
