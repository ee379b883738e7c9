package p2pshare.shell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2pshare.client.ClientEvents;
import p2pshare.client.Command;
import p2pshare.client.CommandRegistry;
import p2pshare.client.CommandVerticle;
import p2pshare.client.Reply;

/** The shell over a real event bus, fed a script as a pipe would. */
class ShellTest {
  private final Vertx vertx = Vertx.vertx();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
  private final AtomicBoolean quit = new AtomicBoolean();

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  /** "slow" answers after a timer, so a shell that did not wait would print "fast" first. */
  private Thread run(String script) throws Exception {
    CommandRegistry registry =
        new CommandRegistry()
            .add(new Command("slow", List.of(), "", a -> {
              Promise<Reply> p = Promise.promise();
              vertx.setTimer(300, t -> p.complete(Reply.ok("slow done")));
              return p.future();
            }))
            .add(new Command("fast", List.of("x"), "", a -> Future.succeededFuture(Reply.ok("fast " + a.get(0)))));
    vertx.deployVerticle(new CommandVerticle(registry)).await(10, TimeUnit.SECONDS);
    var input = new LineInput.Piped(new BufferedReader(new StringReader(script)));
    return new Shell(vertx, input, out, () -> quit.set(true)).start();
  }

  @Test
  void aPipedScriptRunsInOrderWithoutPromptsAndEndsAtEof() throws Exception {
    Thread shell = run("slow\nFAST\u200B one\n\n# comment\nfast\nnope\n");
    await().until(() -> !shell.isAlive());
    assertEquals(
        String.join(System.lineSeparator(),
            "slow done", "fast one", "error: usage: fast <x>",
            "error: unknown command 'nope' (help lists the commands)", ""),
        output());
    assertFalse(quit.get(), "end of input is not quit: the client keeps serving");
  }

  @Test
  void quitStopsReadingAndAsksTheClientToStop() throws Exception {
    Thread shell = run("fast a\nQuit\nfast b\n");
    await().until(() -> !shell.isAlive());
    await().untilTrue(quit);
    assertEquals("fast a" + System.lineSeparator(), output());
  }

  @Test
  void noticesArePrintedAsTheyArrive() throws Exception {
    run("");
    new ClientEvents(vertx.eventBus()).notice("tracker 127.0.0.1:6000 unreachable, using 127.0.0.1:6001");
    await().until(() -> output().contains("tracker 127.0.0.1:6000 unreachable, using 127.0.0.1:6001"));
  }

  @Test
  void withoutATerminalAMissingPasswordIsAUsageError() throws Exception {
    CommandRegistry registry =
        new CommandRegistry().add(new Command("login", List.of("user_id", "password"), "",
            a -> Future.succeededFuture(Reply.ok("logged in as " + a.get(0)))));
    vertx.deployVerticle(new CommandVerticle(registry)).await(10, TimeUnit.SECONDS);
    var input = new LineInput.Piped(new BufferedReader(new StringReader("login alice\nlogin alice pw\n")));
    Thread shell = new Shell(vertx, input, out, () -> quit.set(true)).start();
    await().until(() -> !shell.isAlive());
    assertEquals(
        "error: usage: login <user_id> <password>" + System.lineSeparator() + "logged in as alice" + System.lineSeparator(),
        output());
  }
}
