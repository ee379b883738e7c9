package p2pshare.tracker.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who may do what to a group, as plain functions from the current state (empty = no such group)
 * to the next state or a refusal. Deterministic and free of I/O: the tracker runs them inside
 * atomic compare-and-set updates of the cluster map.
 */
public final class GroupRules {
  private GroupRules() {}

  /** The result of leaving: the group afterwards (empty when it disappeared) and a new owner. */
  public record Departure(Optional<Group> after, Optional<String> newOwner) {}

  public static Outcome<Group> create(Optional<Group> current, String group, String user) {
    if (current.isPresent()) {
      return Outcome.refused(
          Rejection.conflict(
              "group '" + group + "' already exists (join_group " + group + " asks to join it)"));
    }
    return Outcome.done(new Group(group, user, List.of(user), List.of()));
  }

  public static Outcome<Group> requestJoin(Optional<Group> current, String group, String user) {
    return existing(current, group)
        .then(
            g -> {
              if (g.isMember(user)) {
                return Outcome.refused(
                    Rejection.conflict("you are already a member of '" + group + "'"));
              }
              if (g.pending().contains(user)) {
                return Outcome.refused(
                    Rejection.conflict(
                        "your request to join '" + group + "' is already pending; the owner "
                            + g.owner() + " decides"));
              }
              return Outcome.done(
                  new Group(g.name(), g.owner(), g.members(), plus(g.pending(), user)));
            });
  }

  public static Outcome<Group> accept(
      Optional<Group> current, String group, String actor, String user) {
    return pendingRequest(current, group, actor, user)
        .map(g -> new Group(g.name(), g.owner(), plus(g.members(), user), minus(g.pending(), user)));
  }

  public static Outcome<Group> reject(
      Optional<Group> current, String group, String actor, String user) {
    return pendingRequest(current, group, actor, user)
        .map(g -> new Group(g.name(), g.owner(), g.members(), minus(g.pending(), user)));
  }

  /** The pending requests, which only the owner may see. */
  public static Outcome<List<String>> requests(Optional<Group> current, String group, String actor) {
    return owned(current, group, actor).map(Group::pending);
  }

  /**
   * Leaving: ownership passes to the longest-standing remaining member; a group whose last member
   * leaves disappears, pending requests with it.
   */
  public static Outcome<Departure> leave(Optional<Group> current, String group, String user) {
    return member(current, group, user)
        .map(
            g -> {
              List<String> members = minus(g.members(), user);
              if (members.isEmpty()) return new Departure(Optional.empty(), Optional.empty());
              if (!g.owner().equals(user)) {
                return new Departure(
                    Optional.of(new Group(g.name(), g.owner(), members, g.pending())),
                    Optional.empty());
              }
              String heir = members.getFirst();
              return new Departure(
                  Optional.of(new Group(g.name(), heir, members, g.pending())), Optional.of(heir));
            });
  }

  /** The group, if {@code user} belongs to it: the gate of every file operation. */
  public static Outcome<Group> member(Optional<Group> current, String group, String user) {
    return existing(current, group)
        .then(
            g ->
                g.isMember(user)
                    ? Outcome.done(g)
                    : Outcome.refused(
                        Rejection.notAllowed(
                            "you are not a member of '" + group + "' (join_group " + group
                                + " asks to join)")));
  }

  private static Outcome<Group> owned(Optional<Group> current, String group, String actor) {
    return existing(current, group)
        .then(
            g ->
                g.owner().equals(actor)
                    ? Outcome.done(g)
                    : Outcome.refused(
                        Rejection.notAllowed(
                            "only the owner of '" + group + "' (" + g.owner()
                                + ") may handle join requests")));
  }

  private static Outcome<Group> pendingRequest(
      Optional<Group> current, String group, String actor, String user) {
    return owned(current, group, actor)
        .then(
            g ->
                g.pending().contains(user)
                    ? Outcome.done(g)
                    : Outcome.refused(
                        Rejection.notFound(
                            "no pending request from '" + user + "' to join '" + group
                                + "' (list_requests " + group + " shows them)")));
  }

  private static Outcome<Group> existing(Optional<Group> current, String group) {
    return current
        .<Outcome<Group>>map(Outcome::done)
        .orElseGet(
            () ->
                Outcome.refused(
                    Rejection.notFound(
                        "group '" + group + "' not found (list_groups shows the groups)")));
  }

  private static List<String> plus(List<String> list, String item) {
    List<String> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }

  private static List<String> minus(List<String> list, String item) {
    List<String> out = new ArrayList<>(list);
    out.remove(item);
    return out;
  }
}
