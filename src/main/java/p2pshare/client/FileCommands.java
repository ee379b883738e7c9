package p2pshare.client;

import static p2pshare.client.AccountCommands.requireSession;
import static p2pshare.client.TrackerClient.segment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import p2pshare.metainfo.FileHasher;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.metainfo.MetainfoException;
import p2pshare.swarm.TorrentStatus;

/**
 * upload_file, download_file, show_downloads, download_detail and stop_share: the user's side of
 * the swarm. Talks to the tracker here; the running files live in {@link FileLibrary}.
 */
public final class FileCommands implements CommandSet {
  private static final Logger LOG = Logger.getLogger(FileCommands.class.getName());
  private final Vertx vertx;
  private final TrackerClient tracker;
  private final FileLibrary library;
  private final ExecutorService hashPool;
  private final Runnable transferStarting;

  /** @param transferStarting told at every upload and download (the start-up warm-up gives way) */
  FileCommands(Vertx vertx, TrackerClient tracker, FileLibrary library, ExecutorService hashPool,
      Runnable transferStarting) {
    this.vertx = vertx;
    this.tracker = tracker;
    this.library = library;
    this.hashPool = hashPool;
    this.transferStarting = transferStarting;
  }

  @Override
  public List<Command> commands() {
    List<String> groupFile = List.of("group_id", "file_name");
    return List.of(
        new Command("upload_file", List.of("file_path", "group_id"), "share a file with a group", this::upload),
        new Command("download_file", List.of("group_id", "file_name", "destination_path"),
            "fetch a group's file in the background", this::download),
        new Command("show_downloads", List.of(), "your downloads: [D]ownloading, [C]omplete, [F]ailed", a -> show()),
        new Command("download_detail", groupFile, "piece map and peers of one download", this::detail),
        new Command("stop_share", groupFile, "stop sharing (or downloading) a file", this::stopShare));
  }

  private Future<Reply> upload(List<String> args) {
    requireSession(tracker);
    transferStarting.run();
    Path path = Path.of(args.get(0)).toAbsolutePath().normalize();
    String g = args.get(1);
    String files = "/api/groups/" + segment(g) + "/files";
    // The membership check and the hash run together (the round trip was ~50 ms of a 1 GiB
    // upload's reply): a non-member still learns it at once, and the hash stops at its next read.
    AtomicBoolean refused = new AtomicBoolean();
    long started = System.nanoTime();
    AtomicLong hashedAt = new AtomicLong();
    Future<JsonObject> membership = tracker.get(files).onFailure(e -> refused.set(true));
    Future<InfoDictionary> hashed = vertx.executeBlocking(() -> {
      InfoDictionary info = hash(path, refused::get);
      hashedAt.set(System.nanoTime());
      return info;
    }, false);
    return membership.compose(r -> hashed)
        .compose(info -> library
            .share(g, path, info, () -> tracker.post(files, new JsonObject().put("info", FileLibrary.base64(info))))
            .onSuccess(v -> LOG.info(() -> "upload_file " + info.name() + " in " + g + ": hashed in "
                + millis(started, hashedAt.get()) + " ms, then shared and listed in "
                + millis(hashedAt.get(), System.nanoTime()) + " ms"))
            .map(v -> Reply.ok(
                "shared '" + info.name() + "' (" + FileListCommands.size(info.length()) + ", "
                    + info.pieceCount() + (info.pieceCount() == 1 ? " piece" : " pieces") + ") in group '" + g
                    + "' [" + FileListCommands.shortHash(info.infoHashHex()) + "]",
                new JsonObject().put("name", info.name()).put("infoHash", info.infoHashHex()).put("length", info.length()))));
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }

  /** Blocking: on a worker, with the piece hashes spread over the hash pool; stops once {@code abandoned}. */
  private InfoDictionary hash(Path path, BooleanSupplier abandoned) throws IOException {
    if (!Files.isRegularFile(path)) throw new UserError("no file at " + path);
    if (!Files.isReadable(path)) throw new UserError("cannot read " + path + " (check its permissions)");
    try {
      return FileHasher.hash(path, path.getFileName().toString(), InfoDictionary.DEFAULT_PIECE_LENGTH, hashPool,
          bytesDone -> {
            if (abandoned.getAsBoolean()) throw new CancellationException("the tracker refused the upload");
          });
    } catch (IllegalArgumentException | MetainfoException e) {
      throw new UserError("cannot share " + path.getFileName() + ": " + e.getMessage());
    }
  }

  private Future<Reply> download(List<String> args) {
    requireSession(tracker);
    transferStarting.run();
    String g = args.get(0);
    String name = args.get(1);
    String destination = args.get(2);
    return tracker.get("/api/groups/" + segment(g) + "/files/" + segment(name))
        .compose(r -> {
          InfoDictionary info = verifiedInfo(r, name);
          return vertx.executeBlocking(() -> {
                Path target = Destination.resolve(destination, info.name());
                Destination.checkRoom(target, info.length());
                return target;
              }, false)
              .compose(target -> library.download(g, info, target, r)
                  .map(v -> Reply.ok(
                      "downloading '" + name + "' (" + FileListCommands.size(info.length()) + ") from group '" + g
                          + "' to " + target + " (show_downloads shows progress)",
                      new JsonObject().put("group", g).put("name", name).put("path", target.toString()))));
        });
  }

  /** The tracker's info dictionary, checked against the info-hash and name it claims. */
  static InfoDictionary verifiedInfo(JsonObject file, String name) {
    InfoDictionary info;
    try {
      info = InfoDictionary.parse(Base64.getDecoder().decode(file.getString("info", "")));
    } catch (IllegalArgumentException | MetainfoException e) {
      throw new UserError("the tracker sent an unusable description of '" + name + "': " + e.getMessage());
    }
    if (!info.infoHashHex().equals(file.getString("infoHash")) || !info.name().equals(name)) {
      throw new UserError("the tracker's description of '" + name + "' does not match its info-hash; not downloading");
    }
    return info;
  }

  private Future<Reply> show() {
    var downloads = library.downloads();
    return Future.succeededFuture(Reply.ok(
        DownloadView.lines(downloads), new JsonObject().put("downloads", DownloadView.json(downloads))));
  }

  private Future<Reply> detail(List<String> args) {
    String g = args.get(0);
    String name = args.get(1);
    return library.downloadStatus(g, name)
        .map(s -> Future.succeededFuture(Reply.ok(DownloadView.detail(s), DownloadView.detailJson(s))))
        .orElseGet(() -> Future.failedFuture(new UserError(
            "no download of '" + name + "' in group '" + g + "' (show_downloads lists them)")));
  }

  private Future<Reply> stopShare(List<String> args) {
    requireSession(tracker);
    String g = args.get(0);
    String name = args.get(1);
    return tracker.delete("/api/groups/" + segment(g) + "/files/" + segment(name))
        .map(r -> r.getBoolean("removed", false))
        .recover(e -> library.downloadStatus(g, name).isPresent() && e instanceof TrackerRefusal refusal
                && refusal.status() == 404
            ? Future.succeededFuture(false) // an unfinished download: nothing to withdraw at the tracker
            : Future.failedFuture(e))
        .compose(removed -> library.stop(g, name).map(found -> Reply.ok(
            (found.isPresent() && found.get().download() && found.get().status().state()
                    != TorrentStatus.State.COMPLETE
                ? "stopped downloading '" + name + "' in group '" + g + "'"
                : "stopped sharing '" + name + "' in group '" + g + "'")
                + (removed ? "; nobody shares it now, so it left the group's list" : ""),
            new JsonObject().put("group", g).put("name", name))));
  }
}
