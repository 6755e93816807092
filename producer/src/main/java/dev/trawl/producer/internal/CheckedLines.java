package dev.trawl.producer.internal;

import dev.trawl.producer.InputLine;
import dev.trawl.producer.UrlSource;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Reads lines ahead in chunks and checks them (the costly part: validating and normalising, then
 * building and encoding the record) on a pool of threads, while the caller takes the results back
 * chunk by chunk in input order, so that everything after the check (dedup, listeners, sends) still
 * happens in input order on one thread and per-host order is kept. At most {@code aheadChunks}
 * chunks are read and not yet taken, which bounds memory. A read error is raised only after every
 * line before it was taken.
 *
 * <p>Used by one publishing thread: the deque and the end flag are confined to it; the pool only
 * sees a chunk's lines (not changed after submission) and writes its own result array, published to
 * the taker through the future. The check function must be thread-safe.
 *
 * @param <T> what checking one line gives
 */
public final class CheckedLines<T> {

  /** A run of consecutive lines and, once done, their checks. */
  public static final class Chunk {
    private final long firstLineNumber;
    private final InputLine[] lines;
    private CompletableFuture<Object[]> checks;
    private IOException readError;

    private Chunk(long firstLineNumber, InputLine[] lines) {
      this.firstLineNumber = firstLineNumber;
      this.lines = lines;
    }

    public int size() {
      return lines.length;
    }

    /** The number of line {@code i} of this chunk in the whole input, counting from 1. */
    public long lineNumber(int i) {
      return firstLineNumber + i;
    }

    public InputLine line(int i) {
      return lines[i];
    }

    /** Why reading stopped right after this chunk, if it did. */
    public IOException readError() {
      return readError;
    }
  }

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private final UrlSource source;
  private final Function<InputLine, T> check;
  private final Executor pool;
  private final int chunkLines;
  private final int aheadChunks;
  private final Deque<Chunk> ahead = new ArrayDeque<>();
  private long linesRead;
  private boolean ended;
  private Chunk current;
  private Object[] currentChecks;

  /** Lines of {@code source} checked by {@code check} on {@code pool}. */
  public CheckedLines(
      UrlSource source,
      Function<InputLine, T> check,
      Executor pool,
      int chunkLines,
      int aheadChunks) {
    this.source = source;
    this.check = check;
    this.pool = pool;
    this.chunkLines = chunkLines;
    this.aheadChunks = aheadChunks;
  }

  /**
   * The next chunk in input order, its checks done, or null at the end of the input.
   *
   * @throws InterruptedException when interrupted while waiting for the checks
   */
  public Chunk next() throws InterruptedException {
    fill();
    current = ahead.poll();
    if (current == null) {
      return null;
    }
    try {
      currentChecks = current.checks.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("checking a URL failed", e.getCause());
    }
    fill();
    return current;
  }

  /** The check of line {@code i} of the chunk {@link #next()} returned last. */
  @SuppressWarnings("unchecked") // the array only holds what check returned
  public T check(int i) {
    return (T) currentChecks[i];
  }

  /** Drops what was read ahead (the checks still running finish unobserved). */
  public void discard() {
    ahead.clear();
    ended = true;
  }

  private void fill() {
    while (!ended && ahead.size() < aheadChunks) {
      Chunk chunk = read();
      if (chunk.lines.length > 0 || chunk.readError != null) {
        InputLine[] lines = chunk.lines;
        chunk.checks =
            CompletableFuture.supplyAsync(
                () -> {
                  Object[] checks = new Object[lines.length];
                  for (int i = 0; i < lines.length; i++) {
                    checks[i] = check.apply(lines[i]);
                  }
                  return checks;
                },
                pool);
        ahead.add(chunk);
      }
    }
  }

  /** Up to {@code chunkLines} lines; fewer at the end of the input or at a read error. */
  private Chunk read() {
    InputLine[] lines = new InputLine[chunkLines];
    int n = 0;
    IOException error = null;
    try {
      while (n < chunkLines) {
        InputLine line = source.next();
        if (line == null) {
          ended = true;
          break;
        }
        if (linesRead == 0 && line.readable() && line.text().startsWith(BYTE_ORDER_MARK)) {
          line = InputLine.of(line.text().substring(1));
        }
        lines[n++] = line;
        linesRead++;
      }
    } catch (IOException e) {
      error = e;
      ended = true;
    }
    Chunk chunk = new Chunk(linesRead - n + 1, n == chunkLines ? lines : Arrays.copyOf(lines, n));
    chunk.readError = error;
    return chunk;
  }
}
