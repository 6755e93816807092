package dev.trawl.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends the logs of a local command to a file, so that the terminal shows the command's own
 * progress, warnings and summary, not the broker's, the Kafka clients' and Kafka Streams' logs.
 * Every library logs through slf4j-simple, which writes to whatever {@link System#err} is at the
 * time of each line; so this replaces {@code System.err} with the file until closed, and the
 * command writes to the terminal through the streams it was given before. Uncaught exceptions of
 * threads, printed on {@code System.err}, go to the file too.
 */
final class RunLog implements AutoCloseable {

  private final Path file;

  /** {@code System.err} before the logs were sent to the file: restored on close. */
  private final PrintStream terminal;

  private final PrintStream log;

  private RunLog(Path file, PrintStream terminal, PrintStream log) {
    this.file = file;
    this.terminal = terminal;
    this.log = log;
  }

  /** Starts logging to a new file {@code trawl-<command>-*.log} in the temporary directory. */
  static RunLog start(String command) throws IOException {
    Path file = Files.createTempFile("trawl-" + command + "-", ".log");
    OutputStream out = Files.newOutputStream(file);
    PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream terminal = System.err;
    System.setErr(log);
    return new RunLog(file, terminal, log);
  }

  /** Where the logs go. */
  Path file() {
    return file;
  }

  /** Gives {@code System.err} back to the terminal and closes the file. */
  @Override
  public void close() {
    System.setErr(terminal);
    log.close();
  }
}
