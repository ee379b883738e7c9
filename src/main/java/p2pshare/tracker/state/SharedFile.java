package p2pshare.tracker.state;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A file listed in a group: its info dictionary (base64 of the exact bencoded bytes), the facts
 * clients list without decoding it, and the users who share it, in the order they started.
 */
public record SharedFile(
    String name,
    String infoHash,
    long length,
    String sha1,
    long pieceLength,
    String info,
    List<String> sharers) {

  public SharedFile {
    sharers = List.copyOf(sharers);
  }

  public SharedFile withSharers(List<String> newSharers) {
    return new SharedFile(name, infoHash, length, sha1, pieceLength, info, newSharers);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("infoHash", infoHash)
        .put("length", length)
        .put("sha1", sha1)
        .put("pieceLength", pieceLength)
        .put("info", info)
        .put("sharers", new JsonArray(sharers));
  }

  public static SharedFile fromJson(JsonObject json) {
    return new SharedFile(
        json.getString("name"),
        json.getString("infoHash"),
        json.getLong("length"),
        json.getString("sha1"),
        json.getLong("pieceLength"),
        json.getString("info"),
        Group.strings(json.getJsonArray("sharers")));
  }
}
