package p2pshare.tracker.state;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A group: its owner, its members in the order they joined (owner included), pending requests. */
public record Group(String name, String owner, List<String> members, List<String> pending) {

  public Group {
    members = List.copyOf(members);
    pending = List.copyOf(pending);
  }

  public boolean isMember(String user) {
    return members.contains(user);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("group", name)
        .put("owner", owner)
        .put("members", new JsonArray(members))
        .put("pending", new JsonArray(pending));
  }

  public static Group fromJson(JsonObject json) {
    return new Group(
        json.getString("group"),
        json.getString("owner"),
        strings(json.getJsonArray("members")),
        strings(json.getJsonArray("pending")));
  }

  static List<String> strings(JsonArray array) {
    return array.stream().map(String.class::cast).toList();
  }
}
