package dev.trawl.bench.fleet;

import java.io.IOException;
import java.nio.file.Path;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The share of the stream threads' CPU samples spent parsing and extracting (under {@code
 * PageParser.parse}), read from a JFR recording; the rest is aggregation, stores, serdes and Kafka
 * Streams itself.
 */
final class ParseShare {

  private static final String PARSER = "dev.trawl.process.PageParser";

  private ParseShare() {}

  /** The share in [0, 1], or NaN when the recording has no sample of a stream thread. */
  static double of(Path recording) throws IOException {
    long streamSamples = 0;
    long parseSamples = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedThread thread = event.getThread("sampledThread");
        String name = thread == null ? null : thread.getJavaName();
        if (name == null || !name.startsWith("trawl-process") || event.getStackTrace() == null) {
          continue;
        }
        streamSamples++;
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
          if (frame.getMethod().getType().getName().equals(PARSER)) {
            parseSamples++;
            break;
          }
        }
      }
    }
    return streamSamples == 0 ? Double.NaN : (double) parseSamples / streamSamples;
  }
}
