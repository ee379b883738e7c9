package p2pshare.tracker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupRulesTest {

  private static final Group MOVIES =
      new Group("movies", "alice", List.of("alice", "bob", "carol"), List.of("dave"));

  @SuppressWarnings("unchecked")
  private static <T> T done(Outcome<T> outcome) {
    return ((Outcome.Done<T>) assertInstanceOf(Outcome.Done.class, outcome, outcome::toString)).value();
  }

  private static Rejection refused(Outcome<?> outcome) {
    return assertInstanceOf(Outcome.Refused.class, outcome, outcome::toString).rejection();
  }

  @Test
  void creatorOwnsTheNewGroupAndIsItsFirstMember() {
    Group g = done(GroupRules.create(Optional.empty(), "movies", "alice"));
    assertEquals(new Group("movies", "alice", List.of("alice"), List.of()), g);
  }

  @Test
  void creatingAnExistingGroupIsAConflict() {
    assertEquals(Rejection.Kind.CONFLICT, refused(GroupRules.create(Optional.of(MOVIES), "movies", "eve")).kind());
  }

  @Test
  void joinRequestIsQueuedInOrder() {
    Group g = done(GroupRules.requestJoin(Optional.of(MOVIES), "movies", "eve"));
    assertEquals(List.of("dave", "eve"), g.pending());
    assertEquals(MOVIES.members(), g.members());
  }

  @Test
  void duplicateJoinRequestIsAConflict() {
    Rejection r = refused(GroupRules.requestJoin(Optional.of(MOVIES), "movies", "dave"));
    assertEquals(Rejection.Kind.CONFLICT, r.kind());
    assertEquals("your request to join 'movies' is already pending; the owner alice decides", r.message());
  }

  @Test
  void memberAskingToJoinAgainIsAConflict() {
    assertEquals(Rejection.Kind.CONFLICT, refused(GroupRules.requestJoin(Optional.of(MOVIES), "movies", "bob")).kind());
  }

  @Test
  void joiningAMissingGroupIsNotFound() {
    assertEquals(Rejection.Kind.NOT_FOUND, refused(GroupRules.requestJoin(Optional.empty(), "movies", "bob")).kind());
  }

  @Test
  void ownerAcceptingMovesTheRequesterToTheEndOfTheMembers() {
    Group g = done(GroupRules.accept(Optional.of(MOVIES), "movies", "alice", "dave"));
    assertEquals(List.of("alice", "bob", "carol", "dave"), g.members());
    assertEquals(List.of(), g.pending());
  }

  @Test
  void nonOwnerCannotAcceptOrReject() {
    assertEquals(Rejection.Kind.NOT_ALLOWED, refused(GroupRules.accept(Optional.of(MOVIES), "movies", "bob", "dave")).kind());
    assertEquals(Rejection.Kind.NOT_ALLOWED, refused(GroupRules.reject(Optional.of(MOVIES), "movies", "bob", "dave")).kind());
  }

  @Test
  void acceptingARequestNobodyMadeIsNotFound() {
    assertEquals(Rejection.Kind.NOT_FOUND, refused(GroupRules.accept(Optional.of(MOVIES), "movies", "alice", "eve")).kind());
  }

  @Test
  void rejectingDropsTheRequestWithoutAddingTheMember() {
    Group g = done(GroupRules.reject(Optional.of(MOVIES), "movies", "alice", "dave"));
    assertEquals(MOVIES.members(), g.members());
    assertEquals(List.of(), g.pending());
  }

  @Test
  void onlyTheOwnerSeesTheRequests() {
    assertEquals(List.of("dave"), done(GroupRules.requests(Optional.of(MOVIES), "movies", "alice")));
    assertEquals(Rejection.Kind.NOT_ALLOWED, refused(GroupRules.requests(Optional.of(MOVIES), "movies", "carol")).kind());
  }

  @Test
  void ownerLeavingHandsOwnershipToTheLongestStandingMember() {
    GroupRules.Departure d = done(GroupRules.leave(Optional.of(MOVIES), "movies", "alice"));
    assertEquals(Optional.of("bob"), d.newOwner());
    assertEquals(
        Optional.of(new Group("movies", "bob", List.of("bob", "carol"), List.of("dave"))), d.after());
  }

  @Test
  void memberLeavingKeepsTheOwner() {
    GroupRules.Departure d = done(GroupRules.leave(Optional.of(MOVIES), "movies", "bob"));
    assertEquals(Optional.empty(), d.newOwner());
    assertEquals("alice", d.after().orElseThrow().owner());
    assertEquals(List.of("alice", "carol"), d.after().orElseThrow().members());
  }

  @Test
  void lastMemberLeavingDeletesTheGroupAndItsRequests() {
    Group alone = new Group("solo", "alice", List.of("alice"), List.of("bob"));
    GroupRules.Departure d = done(GroupRules.leave(Optional.of(alone), "solo", "alice"));
    assertEquals(Optional.empty(), d.after());
    assertEquals(Optional.empty(), d.newOwner());
  }

  @Test
  void nonMemberCannotLeave() {
    assertEquals(Rejection.Kind.NOT_ALLOWED, refused(GroupRules.leave(Optional.of(MOVIES), "movies", "dave")).kind());
  }

  @Test
  void nonMemberIsRefusedTheFilesWithAHint() {
    Rejection r = refused(GroupRules.member(Optional.of(MOVIES), "movies", "eve"));
    assertEquals(Rejection.Kind.NOT_ALLOWED, r.kind());
    assertEquals("you are not a member of 'movies' (join_group movies asks to join)", r.message());
  }

  @Test
  void groupSurvivesItsJsonRoundTrip() {
    assertEquals(MOVIES, Group.fromJson(MOVIES.toJson()));
  }
}
