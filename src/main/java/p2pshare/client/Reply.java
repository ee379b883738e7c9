package p2pshare.client;

import io.vertx.core.json.JsonObject;

/**
 * The answer to one command, as sent on {@code p2pshare.command}: {@code message} is exactly what
 * the shell prints; errors start with {@code error: }.
 */
public record Reply(boolean ok, String message, JsonObject data) {

  public static Reply ok(String message, JsonObject data) {
    return new Reply(true, message, data);
  }

  public static Reply ok(String message) {
    return new Reply(true, message, new JsonObject());
  }

  /** {@code reason} is the one line without the {@code error: } prefix. */
  public static Reply error(String reason) {
    return new Reply(false, "error: " + reason, new JsonObject());
  }

  public JsonObject toJson() {
    return new JsonObject().put("ok", ok).put("message", message).put("data", data);
  }

  public static Reply fromJson(JsonObject json) {
    return new Reply(
        json.getBoolean("ok", false),
        json.getString("message", ""),
        json.getJsonObject("data", new JsonObject()));
  }
}
