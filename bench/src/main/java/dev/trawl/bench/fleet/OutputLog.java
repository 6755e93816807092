package dev.trawl.bench.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Copies a process's output to a file as it comes and notes when its last line arrived: the moment
 * a user has the whole result, before the process has shut down.
 */
final class OutputLog {

  private final CompletableFuture<Long> lastLineNanos;

  private OutputLog(CompletableFuture<Long> lastLineNanos) {
    this.lastLineNanos = lastLineNanos;
  }

  static OutputLog follow(Process process, Path file) {
    CompletableFuture<Long> last = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              long at = System.nanoTime();
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  Writer out = Files.newBufferedWriter(file)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  at = System.nanoTime();
                  out.write(line);
                  out.write('\n');
                }
                last.complete(at);
              } catch (IOException | RuntimeException e) {
                last.completeExceptionally(e);
              }
            },
            "output-log");
    reader.setDaemon(true);
    reader.start();
    return new OutputLog(last);
  }

  /** The {@link System#nanoTime} of the last line, once the output has ended. */
  long awaitLastLineNanos() throws InterruptedException {
    try {
      return lastLineNanos.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new UncheckedIOException(new IOException("cannot read the output", e.getCause()));
    } catch (TimeoutException e) {
      throw new IllegalStateException("the output did not end within 60 s of the process", e);
    }
  }
}
