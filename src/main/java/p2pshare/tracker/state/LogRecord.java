package p2pshare.tracker.state;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** One change in a tracker's durable log: key {@code key} of cluster map {@code map} became {@code value}. */
public record LogRecord(String map, String key, Versioned value) {

  byte[] toBytes() {
    return new JsonObject()
        .put("m", map)
        .put("k", key)
        .put("v", value.encode())
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  static LogRecord fromBytes(byte[] bytes) {
    JsonObject json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
    return new LogRecord(json.getString("m"), json.getString("k"), Versioned.decode(json.getString("v")));
  }
}
