package p2pshare.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;

/**
 * What one user of this client shares and which downloads are unfinished, kept so shares come back
 * on login and downloads resume after a restart. Immutable: each change returns a new state, which
 * {@link LocalStateStore} writes whole.
 */
public record LocalState(List<Share> shares, List<Download> downloads) {

  /**
   * A file this user serves to {@code group}.
   *
   * @param info the bencoded info dictionary, base64, exactly as registered with the tracker
   */
  public record Share(String group, String name, Path path, String infoHash, String info) {}

  /**
   * An unfinished download and the pieces already verified on disk.
   *
   * @param info the bencoded info dictionary, base64
   * @param verified bit i set when piece i passed its SHA1 check and is on disk
   */
  public record Download(
      String group, String name, Path destination, String infoHash, String info, BitSet verified) {
    public Download {
      verified = (BitSet) verified.clone();
    }

    @Override
    public BitSet verified() {
      return (BitSet) verified.clone();
    }
  }

  public static final LocalState EMPTY = new LocalState(List.of(), List.of());

  public LocalState {
    shares = List.copyOf(shares);
    downloads = List.copyOf(downloads);
  }

  /** Adds the share, replacing one with the same group and name. */
  public LocalState withShare(Share share) {
    List<Share> next = new ArrayList<>(withoutShare(share.group(), share.name()).shares);
    next.add(share);
    return new LocalState(next, downloads);
  }

  public LocalState withoutShare(String group, String name) {
    return new LocalState(
        shares.stream().filter(s -> !(s.group().equals(group) && s.name().equals(name))).toList(),
        downloads);
  }

  /** Adds or updates the download with the same group and name. */
  public LocalState withDownload(Download download) {
    List<Download> next = new ArrayList<>(withoutDownload(download.group(), download.name()).downloads);
    next.add(download);
    return new LocalState(shares, next);
  }

  public LocalState withoutDownload(String group, String name) {
    return new LocalState(
        shares,
        downloads.stream().filter(d -> !(d.group().equals(group) && d.name().equals(name))).toList());
  }

  public JsonObject toJson() {
    JsonArray s = new JsonArray();
    for (Share share : shares) {
      s.add(new JsonObject()
          .put("group", share.group()).put("name", share.name()).put("path", share.path().toString())
          .put("infoHash", share.infoHash()).put("info", share.info()));
    }
    JsonArray d = new JsonArray();
    for (Download download : downloads) {
      d.add(new JsonObject()
          .put("group", download.group()).put("name", download.name())
          .put("destination", download.destination().toString())
          .put("infoHash", download.infoHash()).put("info", download.info())
          .put("verified", Base64.getEncoder().encodeToString(download.verified().toByteArray())));
    }
    return new JsonObject().put("version", 1).put("shares", s).put("downloads", d);
  }

  public static LocalState fromJson(JsonObject json) {
    List<Share> shares = new ArrayList<>();
    for (Object o : json.getJsonArray("shares", new JsonArray())) {
      JsonObject s = (JsonObject) o;
      shares.add(new Share(s.getString("group"), s.getString("name"), Path.of(s.getString("path")),
          s.getString("infoHash"), s.getString("info")));
    }
    List<Download> downloads = new ArrayList<>();
    for (Object o : json.getJsonArray("downloads", new JsonArray())) {
      JsonObject d = (JsonObject) o;
      downloads.add(new Download(d.getString("group"), d.getString("name"),
          Path.of(d.getString("destination")), d.getString("infoHash"), d.getString("info"),
          BitSet.valueOf(Base64.getDecoder().decode(d.getString("verified", "")))));
    }
    return new LocalState(shares, downloads);
  }
}
