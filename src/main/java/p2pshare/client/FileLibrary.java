package p2pshare.client;

import static p2pshare.client.TrackerClient.segment;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import p2pshare.client.SwarmAnnouncer.Announce;
import p2pshare.common.PeerToken;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.swarm.PeerAddress;
import p2pshare.swarm.PeerEngine;
import p2pshare.swarm.PeerSource;
import p2pshare.swarm.TorrentHandle;
import p2pshare.swarm.TorrentSpec;
import p2pshare.swarm.TorrentStatus;

/**
 * The logged-in user's files in the swarm: what the engine shares and downloads for them, what the
 * tracker hears about it, and the {@link LocalState} that brings it all back at the next login.
 * Its state is owned by one Vert.x context: every public method hops there first, and the engine's
 * completions come back there.
 */
final class FileLibrary implements SessionHooks {
  private static final Logger LOG = Logger.getLogger(FileLibrary.class.getName());

  /** A file the engine runs for the user. */
  record Running(String group, String name, String infoHash, InfoDictionary info, Path path,
      boolean download, TorrentHandle handle) {
    TorrentStatus status() {
      return handle.status();
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final TrackerClient tracker;
  private final PeerEngine engine;
  private final SwarmAnnouncer announcer;
  private final PeerKeyVerifier keys;
  private final LocalStateStore store;
  private final ClientEvents events;
  private final Map<String, Running> running = new LinkedHashMap<>();
  private String user;
  private LocalState state = LocalState.EMPTY;

  FileLibrary(Vertx vertx, TrackerClient tracker, PeerEngine engine, SwarmAnnouncer announcer,
      PeerKeyVerifier keys, LocalStateStore store, ClientEvents events) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.tracker = tracker;
    this.engine = engine;
    this.announcer = announcer;
    this.keys = keys;
    this.store = store;
    this.events = events;
    // A session the trackers expired ends like a logout: nobody may keep serving in its name.
    vertx.eventBus().<JsonObject>consumer(ClientEvents.EVENTS, m -> {
      if ("session".equals(m.body().getString("type")) && m.body().getString("user") == null) loggingOut();
    });
  }

  /**
   * Shares a file the user holds while the tracker is asked to list it: {@code listing} (the
   * tracker's POST) runs beside the engine's start and the announce, so the reply waits for one
   * round trip to the tracker instead of two (a 1 GiB upload_file spent 50-130 ms on the pair).
   * Nothing reaches the tracker if this client already serves the content in another group. If the
   * tracker refuses the listing, a share this call started is withdrawn again: the client never
   * serves a file that its group does not list. The share is recorded once both have succeeded.
   */
  Future<Void> share(String group, Path path, InfoDictionary info, Supplier<Future<?>> listing) {
    return onContext(() -> {
      String hash = info.infoHashHex();
      Running existing = running.get(hash);
      if (existing != null && !existing.group().equals(group)) {
        return Future.failedFuture(new UserError("this client already shares the same content in group '"
            + existing.group() + "' (as '" + existing.name() + "'); a file is served in one group at a time"));
      }
      // Both taken up on this context, so the outcome below (state, running) is handled here.
      Future<?> listed = here(listing.get());
      Future<Void> served = here((existing != null ? Future.<Void>succeededFuture() : startShare(group, path, info))
          .compose(v -> announcer.announce(List.of(new Announce(group, hash, true, "started"))).otherwiseEmpty()
              .mapEmpty()));
      return Future.join(listed, served).transform(both -> {
        if (listed.succeeded() && served.succeeded()) {
          record(new LocalState.Share(group, info.name(), path, hash, base64(info)));
          return Future.succeededFuture();
        }
        if (served.failed()) return Future.failedFuture(served.cause());
        return (existing == null ? withdraw(group, hash) : Future.<Void>succeededFuture())
            .transform(withdrawn -> Future.failedFuture(listed.cause()));
      });
    });
  }

  /** Undoes a share the tracker would not list: the engine stops it and the tracker forgets our peer. */
  private Future<Void> withdraw(String group, String hash) {
    running.remove(hash);
    return here(engine.stop(hash))
        .compose(v -> announcer.announce(List.of(new Announce(group, hash, true, "stopped"))).otherwiseEmpty())
        .mapEmpty();
  }

  private Future<Void> startShare(String group, Path path, InfoDictionary info) {
    String hash = info.infoHashHex();
    return here(engine.share(spec(info, group, path, PeerSource.NONE))).map(handle -> {
      running.put(hash, new Running(group, info.name(), hash, info, path, false, handle));
      return null;
    });
  }

  /**
   * Starts (or resumes) a download into {@code target}; returns once the engine runs it. On
   * completion the user becomes one more sharer of the file. {@code file} is the tracker's answer
   * about it: its token, member list and peers, which the engine dials at once instead of asking
   * again.
   */
  Future<Void> download(String group, InfoDictionary info, Path target, JsonObject file) {
    return onContext(() -> {
      String hash = info.infoHashHex();
      Running existing = running.get(hash);
      if (existing != null && existing.status().state() != TorrentStatus.State.FAILED) {
        return Future.failedFuture(new UserError(existing.download()
            ? "already downloading '" + existing.name() + "' to " + existing.path() + " (show_downloads)"
            : "you already share this file (" + existing.path() + ")"));
      }
      for (Running r : running.values()) {
        if (r.path().equals(target) && r != existing) {
          return Future.failedFuture(new UserError(target + " is already in use by '" + r.name() + "'"));
        }
      }
      announcer.remember(hash, file);
      // A failed attempt stays listed as [F] until the user tries again; then it makes way.
      Future<Void> cleared = existing == null ? Future.succeededFuture() : here(engine.stop(hash))
          .onSuccess(v -> running.remove(hash));
      List<PeerAddress> known = announcer.addresses(file.getJsonArray("peers", new JsonArray()));
      return cleared.compose(v -> startDownload(group, info, target, known)).map(r -> {
        state = state.withDownload(new LocalState.Download(group, info.name(), target, hash, base64(info), new BitSet()));
        save();
        announcer.announce(List.of(new Announce(group, hash, false, "started")));
        return null;
      });
    });
  }

  private Future<Running> startDownload(String group, InfoDictionary info, Path target, List<PeerAddress> known) {
    String hash = info.infoHashHex();
    return here(engine.download(spec(info, group, target, announcer.peers(group, hash, known)))).map(handle -> {
      Running r = new Running(group, info.name(), hash, info, target, true, handle);
      running.put(hash, r);
      handle.completion().onComplete(outcome -> context.runOnContext(v -> {
        if (running.get(hash) != r) return; // stopped, or the user logged out: not an outcome
        if (outcome.succeeded()) completed(r, outcome.result());
        else {
          state = state.withoutDownload(group, info.name());
          save();
          events.notice("download of '" + info.name() + "' in " + group + " failed: " + outcome.cause().getMessage());
        }
      }));
      return r;
    });
  }

  /**
   * The file is whole and verified: tell the user (the shell prints it, the browser shows it) and
   * the tracker that we complete it, and share it from now on.
   */
  private void completed(Running r, Path file) {
    state = state.withoutDownload(r.group(), r.name())
        .withShare(new LocalState.Share(r.group(), r.name(), file, r.infoHash(), base64(r.info())));
    save();
    events.notice("download of '" + r.name() + "' in " + r.group() + " complete: " + file);
    announcer.announce(List.of(new Announce(r.group(), r.infoHash(), true, "completed")));
    tracker.post("/api/groups/" + segment(r.group()) + "/files", new JsonObject().put("info", base64(r.info())))
        .onFailure(e -> events.notice("downloaded '" + r.name() + "' but could not register as its sharer: "
            + e.getMessage() + " (upload_file " + file + " " + r.group() + " retries)"));
  }

  /** Stops sharing or downloading one file and forgets it locally. */
  Future<Optional<Running>> stop(String group, String name) {
    return onContext(() -> {
      Optional<Running> found = find(group, name);
      state = state.withoutShare(group, name).withoutDownload(group, name);
      save();
      if (found.isEmpty()) return Future.succeededFuture(found);
      running.remove(found.get().infoHash());
      return here(engine.stop(found.get().infoHash())).map(found);
    });
  }

  /** The user left a group: the tracker dropped their shares there, so the engine stops them too. */
  @Override
  public Future<Void> leftGroup(String group) {
    return onContext(() -> {
      List<Future<?>> stops = new ArrayList<>();
      for (Running r : List.copyOf(running.values())) {
        if (r.group().equals(group)) stops.add(stop(group, r.name()));
      }
      state.shares().stream().filter(s -> s.group().equals(group)).toList()
          .forEach(s -> state = state.withoutShare(group, s.name()));
      state.downloads().stream().filter(d -> d.group().equals(group)).toList()
          .forEach(d -> state = state.withoutDownload(group, d.name()));
      save();
      keys.members().forget(group);
      return Future.all(stops).mapEmpty();
    });
  }

  Optional<TorrentStatus> downloadStatus(String group, String name) {
    return engine.torrents().stream().map(TorrentHandle::status)
        .filter(s -> s.downloaded() && s.group().equals(group) && s.name().equals(name)).findFirst();
  }

  /** Every download of this session, finished or not, by group and name. */
  List<TorrentStatus> downloads() {
    return engine.torrents().stream().map(TorrentHandle::status).filter(TorrentStatus::downloaded)
        .sorted(Comparator.comparing(TorrentStatus::group).thenComparing(TorrentStatus::name)).toList();
  }

  private Optional<Running> find(String group, String name) {
    return running.values().stream().filter(r -> r.group().equals(group) && r.name().equals(name)).findFirst();
  }

  // --- sessions ---------------------------------------------------------------------------

  /**
   * Brings back everything {@code who} shared and resumes their unfinished downloads, then keeps
   * announcing them. Returns what was restored, for the login message.
   */
  @Override
  public Future<String> loggedIn(String who) {
    return onContext(() -> {
      user = who;
      keys.ensureKey();
      context.executeBlocking(PeerToken::warmUp, false);
      return context.executeBlocking(() -> store.load(who), false).compose(this::restore);
    });
  }

  private Future<String> restore(LocalState saved) {
    state = saved;
    List<Future<?>> starts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (LocalState.Share s : saved.shares()) {
      if (running.containsKey(s.infoHash())) continue;
      starts.add(parse(s.info())
          .compose(info -> startShare(s.group(), s.path(), info))
          .onFailure(e -> problems.add("cannot share '" + s.name() + "' from " + s.path() + ": " + e.getMessage())));
    }
    for (LocalState.Download d : saved.downloads()) {
      if (running.containsKey(d.infoHash())) continue;
      starts.add(parse(d.info())
          .compose(info -> startDownload(d.group(), info, d.destination(), List.of()))
          .onFailure(e -> problems.add("cannot resume '" + d.name() + "': " + e.getMessage())));
    }
    return Future.join(starts).otherwiseEmpty().compose(v -> {
      problems.forEach(p -> LOG.warning(p));
      List<Announce> announces = new ArrayList<>();
      running.values().forEach(r -> announces.add(new Announce(r.group(), r.infoHash(), !r.download(), "started")));
      announcer.startPeriodic(this::periodic);
      return announcer.announce(announces).otherwiseEmpty().map(x -> summary(problems));
    });
  }

  private String summary(List<String> problems) {
    long shares = running.values().stream().filter(r -> !r.download()).count();
    long downloads = running.size() - shares;
    StringBuilder out = new StringBuilder();
    if (shares > 0) out.append("; sharing ").append(shares).append(shares == 1 ? " file" : " files").append(" again");
    if (downloads > 0) out.append("; resuming ").append(downloads).append(downloads == 1 ? " download" : " downloads");
    problems.forEach(p -> out.append("\nwarning: ").append(p));
    return out.toString();
  }

  private List<Announce> periodic() {
    List<Announce> out = new ArrayList<>();
    running.values().forEach(r -> out.add(new Announce(r.group(), r.infoHash(),
        r.status().state() == TorrentStatus.State.COMPLETE, null)));
    return out;
  }

  /**
   * Logout: stop serving everything (the engine closes every peer connection), tell the tracker,
   * and keep the unfinished downloads' verified pieces for the next login. Call while the session
   * still exists, so the stop announces reach the tracker.
   */
  @Override
  public Future<Void> loggingOut() {
    return onContext(() -> {
      if (user == null) return Future.succeededFuture();
      announcer.stopPeriodic();
      List<Announce> stops = new ArrayList<>();
      for (Running r : running.values()) {
        stops.add(new Announce(r.group(), r.infoHash(), false, "stopped"));
        if (r.download() && r.status().state() == TorrentStatus.State.DOWNLOADING) {
          state = state.withDownload(new LocalState.Download(r.group(), r.name(), r.path(), r.infoHash(),
              base64(r.info()), verified(r.status())));
        }
      }
      running.clear();
      save();
      user = null;
      state = LocalState.EMPTY;
      return here(engine.stopAll())
          .compose(v -> announcer.announce(stops).otherwiseEmpty())
          .onComplete(v -> announcer.forgetTokens());
    });
  }

  private static BitSet verified(TorrentStatus s) {
    BitSet bits = new BitSet(s.pieceCount());
    for (int i = 0; i < s.pieces().size(); i++) {
      if (s.pieces().get(i).state() == TorrentStatus.PieceState.DONE) bits.set(i);
    }
    return bits;
  }

  // --- helpers ------------------------------------------------------------------------------

  private TorrentSpec spec(InfoDictionary info, String group, Path file, PeerSource peers) {
    return new TorrentSpec(info, group, file, announcer.token(info.infoHashHex()), peers);
  }

  private void record(LocalState.Share share) {
    state = state.withShare(share);
    save();
  }

  /** Writes the state on a worker, in order, so the file always holds the latest. */
  private void save() {
    String who = user;
    LocalState snapshot = state;
    if (who == null) return;
    context.executeBlocking(() -> {
      store.save(who, snapshot);
      return null;
    }, true).onFailure(e -> events.notice("cannot save your shares and downloads: " + e.getMessage()));
  }

  /** A recorded info dictionary; a damaged record fails only its own file, not the whole login. */
  private static Future<InfoDictionary> parse(String base64) {
    try {
      return Future.succeededFuture(InfoDictionary.parse(Base64.getDecoder().decode(base64)));
    } catch (RuntimeException e) {
      return Future.failedFuture("its record is damaged (" + e.getMessage() + ")");
    }
  }

  static String base64(InfoDictionary info) {
    return Base64.getEncoder().encodeToString(info.encoded());
  }

  /** The engine completes on its own context; its results are taken up on ours. */
  private <T> Future<T> here(Future<T> engineResult) {
    Promise<T> promise = Promise.promise();
    engineResult.onComplete(outcome -> context.runOnContext(v -> promise.handle(outcome)));
    return promise.future();
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) return action.get();
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        action.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }
}
