package p2pshare.client;

import static p2pshare.client.AccountCommands.requireSession;
import static p2pshare.client.TrackerClient.segment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * list_files: a plain tracker query, so it lives apart from the file commands the swarm engine
 * serves (upload_file, download_file, show_downloads, stop_share).
 */
public final class FileListCommands implements CommandSet {
  private final TrackerClient tracker;

  public FileListCommands(TrackerClient tracker) {
    this.tracker = tracker;
  }

  @Override
  public List<Command> commands() {
    return List.of(
        new Command("list_files", List.of("group_id"), "files shared in a group you belong to", this::list));
  }

  private Future<Reply> list(List<String> args) {
    requireSession(tracker);
    String g = args.get(0);
    return tracker
        .get("/api/groups/" + segment(g) + "/files")
        .map(r -> {
          JsonArray files = r.getJsonArray("files", new JsonArray());
          if (files.isEmpty()) {
            return Reply.ok(
                "no files in " + g + " yet (upload_file <file_path> " + g + ")",
                new JsonObject().put("files", files));
          }
          List<String> lines = new ArrayList<>();
          for (int i = 0; i < files.size(); i++) lines.add(line(files.getJsonObject(i)));
          return Reply.ok(String.join("\n", lines), new JsonObject().put("files", files));
        });
  }

  private static String line(JsonObject file) {
    return file.getString("name")
        + "  " + size(file.getLong("length", 0L))
        + "  sharers: " + count(file.getValue("sharers"))
        + " (" + count(file.getValue("online")) + " online)"
        + "  [" + shortHash(file.getString("infoHash", "")) + "]";
  }

  /** The first 8 hex digits tell files apart at a glance, as git's short hashes do. */
  static String shortHash(String infoHash) {
    return infoHash.length() > 8 ? infoHash.substring(0, 8) : infoHash;
  }

  /** The tracker may send a list of users or a number; either way the shell shows how many. */
  private static long count(Object value) {
    if (value instanceof JsonArray a) return a.size();
    if (value instanceof Number n) return n.longValue();
    return 0;
  }

  static String size(long bytes) {
    if (bytes < 1024) return bytes + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
