package p2pshare.tracker.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sharing rules for one file name in one group: names are unique per group; the same content
 * offered again adds a sharer; a file nobody shares any more leaves the list.
 */
public final class FileRules {
  private FileRules() {}

  /** The file after a share, and whether the caller was newly added as a sharer. */
  public record Shared(SharedFile file, boolean added) {}

  public static Outcome<Shared> share(
      Optional<SharedFile> current, SharedFile offered, String group, String user) {
    if (current.isEmpty()) {
      return Outcome.done(new Shared(offered.withSharers(List.of(user)), true));
    }
    SharedFile file = current.get();
    if (!file.infoHash().equals(offered.infoHash())) {
      return Outcome.refused(
          Rejection.conflict(
              "a different file named '" + file.name() + "' is already shared in '" + group
                  + "'; rename yours and upload it again"));
    }
    if (file.sharers().contains(user)) return Outcome.done(new Shared(file, false));
    List<String> sharers = new ArrayList<>(file.sharers());
    sharers.add(user);
    return Outcome.done(new Shared(file.withSharers(sharers), true));
  }

  /** The file after {@code user} stops sharing it; empty when nobody shares it any more. */
  public static Outcome<Optional<SharedFile>> unshare(
      Optional<SharedFile> current, String name, String group, String user) {
    if (current.isEmpty()) {
      return Outcome.refused(
          Rejection.notFound(
              "file '" + name + "' not found in '" + group + "' (list_files " + group
                  + " shows the files)"));
    }
    SharedFile file = current.get();
    if (!file.sharers().contains(user)) {
      return Outcome.refused(
          Rejection.notFound("you do not share '" + name + "' in '" + group + "'"));
    }
    return Outcome.done(dropSharer(file, user));
  }

  /** Used when a user leaves a group: their shares go, files left without sharers with them. */
  public static Optional<SharedFile> dropSharer(SharedFile file, String user) {
    List<String> sharers = new ArrayList<>(file.sharers());
    sharers.remove(user);
    return sharers.isEmpty() ? Optional.empty() : Optional.of(file.withSharers(sharers));
  }
}
