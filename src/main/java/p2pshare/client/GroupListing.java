package p2pshare.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Turns the trackers' group list into the list_groups reply, marking the caller's own groups. */
final class GroupListing {
  private GroupListing() {}

  static Reply reply(JsonArray groups, String me) {
    if (groups.isEmpty()) return Reply.ok("no groups yet (create_group <group_id>)", new JsonObject().put("groups", new JsonArray()));
    JsonArray out = new JsonArray();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      JsonObject g = groups.getJsonObject(i);
      List<String> members = GroupCommands.strings(g.getJsonArray("members", new JsonArray()));
      JsonArray pending = g.getJsonArray("pending");
      boolean owner = me.equals(g.getString("owner"));
      boolean member = members.contains(me);
      out.add(
          new JsonObject()
              .put("group", g.getString("group"))
              .put("owner", g.getString("owner"))
              .put("members", new JsonArray(members))
              .put("member", member)
              .put("isOwner", owner)
              .put("pending", pending == null ? new JsonArray() : pending));
      String mark =
          owner ? "  (yours" + (pending == null || pending.isEmpty() ? ")" : ", " + pending.size() + " pending)")
              : member ? "  (member)" : "";
      lines.add(
          g.getString("group") + "  owner: " + g.getString("owner") + "  members: " + members.size() + mark);
    }
    return Reply.ok(String.join("\n", lines), new JsonObject().put("groups", out));
  }
}
