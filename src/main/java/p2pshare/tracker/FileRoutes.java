package p2pshare.tracker;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import p2pshare.common.Names;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.metainfo.MetainfoException;
import p2pshare.tracker.state.Change;
import p2pshare.tracker.state.DurableMaps;
import p2pshare.tracker.state.FileRules;
import p2pshare.tracker.state.Group;
import p2pshare.tracker.state.SharedFile;
import p2pshare.tracker.state.Swarm;
import p2pshare.tracker.state.SwarmMaps;

/** The files of a group: list, share, stop sharing, and fetch one with its online peers. */
final class FileRoutes {

  private final TrackerContext tracker;
  private final PeerAccess access;

  FileRoutes(TrackerContext tracker, PeerAccess access) {
    this.tracker = tracker;
    this.access = access;
  }

  void mount(Router router) {
    router.get("/api/groups/:g/files").handler(ctx -> Requests.guarded(ctx, 200, this::list));
    router.post("/api/groups/:g/files").handler(ctx -> Requests.guarded(ctx, 201, this::share));
    router.get("/api/groups/:g/files/:name").handler(ctx -> Requests.guarded(ctx, 200, this::fetch));
    router.delete("/api/groups/:g/files/:name").handler(ctx -> Requests.guarded(ctx, 200, this::unshare));
  }

  static String key(String group, String name) {
    return group + "/" + name;
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    String group = GroupRoutes.group(ctx);
    return tracker.asUser(
        ctx,
        user -> {
          access.member(group, user);
          return listing(group);
        });
  }

  private JsonObject listing(String group) {
    List<SharedFile> files = new ArrayList<>();
    tracker
        .durable()
        .liveWithPrefix(DurableMaps.FILES, group + "/")
        .values()
        .forEach(json -> files.add(SharedFile.fromJson(new JsonObject(json))));
    Set<String> swarmKeys = new HashSet<>();
    files.forEach(f -> swarmKeys.add(SwarmMaps.key(group, f.infoHash())));
    Map<String, Swarm> swarms = tracker.swarm().getAll(swarmKeys);
    JsonArray out = new JsonArray();
    for (SharedFile f : files) {
      Swarm swarm = swarms.getOrDefault(SwarmMaps.key(group, f.infoHash()), Swarm.EMPTY);
      JsonObject item = f.toJson();
      item.remove("info");
      item.put("online", PeerAccess.online(swarm).size());
      out.add(item);
    }
    return new JsonObject().put("files", out);
  }

  private Future<JsonObject> share(RoutingContext ctx) {
    String group = GroupRoutes.group(ctx);
    String info = Requests.string(Requests.body(ctx), "info");
    return tracker.asUser(
        ctx,
        user -> {
          access.member(group, user);
          SharedFile offered = describe(info);
          FileRules.Shared shared =
              TrackerContext.valueOf(
                  tracker
                      .durable()
                      .update(
                          DurableMaps.FILES,
                          key(group, offered.name()),
                          json -> SharedFile.fromJson(new JsonObject(json)),
                          f -> f.toJson().encode(),
                          current ->
                              FileRules.share(current, offered, group, user)
                                  .map(s -> Change.set(s.file(), s))));
          return new JsonObject()
              .put("name", shared.file().name())
              .put("infoHash", shared.file().infoHash())
              .put("added", shared.added());
        });
  }

  /** Validates the uploaded info dictionary; its info-hash is the SHA1 of exactly these bytes. */
  private static SharedFile describe(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw ApiError.badInput("field 'info' is not base64");
    }
    InfoDictionary dict;
    try {
      dict = InfoDictionary.parse(bytes);
    } catch (MetainfoException e) {
      throw ApiError.badInput("field 'info' is not a valid info dictionary: " + e.getMessage());
    }
    Names.fileNameProblem(dict.name()).ifPresent(p -> { throw ApiError.badInput(p); });
    return new SharedFile(
        dict.name(),
        dict.infoHashHex(),
        dict.length(),
        HexFormat.of().formatHex(dict.fileSha1()),
        dict.pieceLength(),
        base64,
        List.of());
  }

  private Future<JsonObject> fetch(RoutingContext ctx) {
    String group = GroupRoutes.group(ctx);
    String name = Requests.name(ctx.pathParam("name"), Names::fileNameProblem);
    return tracker.asUser(
        ctx,
        user -> {
          Group membership = access.member(group, user);
          SharedFile file =
              tracker
                  .durable()
                  .get(DurableMaps.FILES, key(group, name))
                  .map(j -> SharedFile.fromJson(new JsonObject(j)))
                  .orElseThrow(() -> notFound(group, name));
          return PeerAccess.withMembers(new JsonObject()
              .put("name", file.name())
              .put("length", file.length())
              .put("infoHash", file.infoHash())
              .put("sha1", file.sha1())
              .put("pieceLength", file.pieceLength())
              .put("info", file.info())
              .put("peers", access.peers(group, file.infoHash()))
              .put("token", access.token(user, group, file.infoHash())),
              PeerAccess.members(membership));
        });
  }

  private Future<JsonObject> unshare(RoutingContext ctx) {
    String group = GroupRoutes.group(ctx);
    String name = Requests.name(ctx.pathParam("name"), Names::fileNameProblem);
    return tracker.asUser(
        ctx,
        user -> {
          access.member(group, user);
          Unshared unshared =
              TrackerContext.valueOf(
                  tracker
                      .durable()
                      .update(
                          DurableMaps.FILES,
                          key(group, name),
                          json -> SharedFile.fromJson(new JsonObject(json)),
                          f -> f.toJson().encode(),
                          current ->
                              FileRules.unshare(current, name, group, user)
                                  .map(
                                      after -> {
                                        String infoHash = current.orElseThrow().infoHash();
                                        return after.isPresent()
                                            ? Change.set(after.get(), new Unshared(false, infoHash))
                                            : Change.<SharedFile, Unshared>delete(
                                                new Unshared(true, infoHash));
                                      })));
                      tracker
              .swarm()
              .update(SwarmMaps.key(group, unshared.infoHash()), s -> s.without(user));
                      return new JsonObject().put("name", name).put("removed", unshared.removed());
        });
  }

  private record Unshared(boolean removed, String infoHash) {}

  private static ApiError notFound(String group, String name) {
    return new ApiError(
        404, "file '" + name + "' not found in '" + group + "' (list_files " + group + " shows the files)");
  }
}
