package p2pshare.launch;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One of our launchers ({@code ./tracker}, {@code ./client}) running as an OS process: lines go
 * to its stdin, everything it prints (stdout and stderr) collects in a buffer a reader thread
 * fills, and {@link #ask} waits for the answer with Awaitility.
 */
final class LauncherProcess implements AutoCloseable {
  /** Commands go through trackers that may be failing over or joining; generous on 2 busy cores. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  final String name;
  private final Process process;
  private final Writer stdin;
  private final StringBuilder output = new StringBuilder();
  private int consumed;

  private LauncherProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::drain, name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  static LauncherProcess start(String name, Path repo, List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
    return new LauncherProcess(name, builder.start());
  }

  private void drain() {
    byte[] buffer = new byte[8192];
    try (InputStream in = process.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
        synchronized (output) {
          output.append(text);
        }
      }
    } catch (IOException e) {
      // The process is gone; what it printed stays in the buffer for the assertions.
    }
  }

  String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  /** Everything printed since the last answer was taken. */
  private String fresh() {
    synchronized (output) {
      return output.substring(consumed);
    }
  }

  /** Waits until what was printed (since the last answer) satisfies {@code done}, and takes it. */
  String awaitOutput(Predicate<String> done, String what) {
    try {
      await(name + " " + what)
          .atMost(ANSWER_TIMEOUT)
          .until(() -> {
            String f = fresh();
            return f.endsWith("\n") && done.test(f);
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          name + ": no " + what + " within " + ANSWER_TIMEOUT.toSeconds() + " s; printed since the last answer:\n" + fresh());
    }
    synchronized (output) {
      String answer = output.substring(consumed);
      consumed = output.length();
      return answer;
    }
  }

  /** Sends one command line and returns its answer once it contains {@code expected}. */
  String ask(String line, String expected) throws IOException {
    send(line);
    return awaitOutput(f -> f.contains(expected), "answer to '" + line + "' containing '" + expected + "'");
  }

  /**
   * Sends {@code line} again and again until its answer contains {@code expected} (for state that
   * changes in the background, like show_downloads); returns that answer. An unknown marker
   * command sent after each line shows exactly where its answer ends, since the shell answers in
   * order.
   */
  String askUntil(String line, String expected, Duration atMost) {
    String[] last = {""};
    try {
      await(name + " '" + line + "' answering '" + expected + "'")
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(300))
          .until(() -> {
            last[0] = answerOf(line);
            return last[0].contains(expected);
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(name + ": '" + line + "' never answered '" + expected + "' within "
          + atMost.toSeconds() + " s; last answer:\n" + last[0]);
    }
    return last[0];
  }

  private int markers;

  /** The whole answer to {@code line}, however many lines it has. */
  String answerOf(String line) throws IOException {
    String marker = "answer-end-" + (++markers);
    send(line);
    send(marker);
    String out = awaitOutput(f -> f.contains("unknown command '" + marker + "'"), "answer to '" + line + "'");
    return out.substring(0, out.indexOf("error: unknown command '" + marker + "'"));
  }

  void send(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  void closeStdin() throws IOException {
    stdin.close();
  }

  /** The JVM's pid: the launcher scripts (and a wrapper ending in exec) exec java. */
  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** kill -9: no shutdown hook, no goodbye. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** kill -STOP: the process hangs with its sockets open, as a stuck JVM or a paused VM would. */
  void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** kill -CONT: a frozen process carries on where it stopped. */
  void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    // The launcher scripts exec java, so the process we started is the JVM itself.
    int status = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
    if (status != 0) throw new AssertionError("kill -" + name + " " + process.pid() + " exited with " + status);
  }

  /** SIGTERM. */
  void terminate() {
    process.destroy();
  }

  int awaitExit() throws InterruptedException {
    if (!process.waitFor(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not exit; output:\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill();
  }
}
