package p2pshare.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dispatch needs no event loop: the actions here complete at once. */
class CommandRegistryTest {
  private final List<List<String>> calls = new ArrayList<>();
  private final CommandRegistry registry =
      new CommandRegistry()
          .add(new Command("join_group", List.of("group_id"), "join", args -> {
            calls.add(args);
            return Future.succeededFuture(Reply.ok("asked to join " + args.get(0)));
          }))
          .add(new Command("refuse", List.of(), "t", a -> Future.failedFuture(new UserError("no such group 'x'"))))
          .add(new Command("crash", List.of(), "t", a -> {
            throw new IllegalStateException("bug");
          }));

  private Reply dispatch(String name, String... args) {
    return registry.dispatch(name, List.of(args)).result();
  }

  @Test
  void namesAreCaseInsensitive() {
    assertEquals("asked to join movies", dispatch("JOIN_Group", "movies").message());
    assertEquals(List.of(List.of("movies")), calls);
  }

  @Test
  void wrongArgumentCountGivesTheUsageAndRunsNothing() {
    Reply none = dispatch("join_group");
    Reply two = dispatch("join_group", "a", "b");
    assertFalse(none.ok());
    assertEquals("error: usage: join_group <group_id>", none.message());
    assertEquals("error: usage: join_group <group_id>", two.message());
    assertTrue(calls.isEmpty());
  }

  @Test
  void unknownCommandPointsToHelp() {
    assertEquals("error: unknown command 'jion_group' (help lists the commands)", dispatch("jion_group").message());
  }

  @Test
  void userErrorsAreOneLineAndFaultsAreSummarisedNotThrown() {
    assertEquals("error: no such group 'x'", dispatch("refuse").message());
    Reply crash = dispatch("crash");
    assertFalse(crash.ok());
    assertTrue(crash.message().startsWith("error: crash failed unexpectedly: java.lang.IllegalStateException: bug"), crash.message());
    assertFalse(crash.message().contains("\n"));
  }

  @Test
  void aNameCanBeRegisteredOnlyOnce() {
    assertThrows(
        IllegalStateException.class,
        () -> registry.add(new Command("Join_Group", List.of(), "dup", a -> Future.succeededFuture(Reply.ok("")))));
  }

  @Test
  void helpListsEveryRegisteredCommandAndQuit() {
    registry.add(new HelpCommands(registry));
    Reply help = dispatch("help");
    assertTrue(help.message().contains("join_group <group_id>"), help.message());
    assertTrue(help.message().lines().anyMatch(l -> l.startsWith("quit")), help.message());
    assertEquals(5, help.data().getJsonArray("commands").size());
  }
}
