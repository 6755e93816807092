package dev.trawl.fetch.internal.schedule;

import dev.trawl.schemas.FetchRequest;
import java.net.URI;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumed request on its way to an outcome.
 *
 * @param request the decoded request
 * @param uri the URL to fetch, or null when it is invalid (then no fetch and no slot)
 * @param host the host queue it waits in, or null when it is invalid
 * @param partition where it was consumed from
 * @param offset its offset there
 * @param attempt attempts this worker already made (0 for the first)
 */
public record Work(
    FetchRequest request,
    URI uri,
    String host,
    TopicPartition partition,
    long offset,
    int attempt) {

  /** The first attempt of a consumed request. */
  public Work(FetchRequest request, URI uri, String host, TopicPartition partition, long offset) {
    this(request, uri, host, partition, offset, 0);
  }

  /** True when a fetch of the work holds an in-flight slot of {@link HostQueues} until it ends. */
  public boolean holdsSlot() {
    return host != null;
  }

  /** The same work, for its next attempt. */
  public Work nextAttempt() {
    return new Work(request, uri, host, partition, offset, attempt + 1);
  }

  /** Attempts made in all once the current one ends, those of earlier workers included. */
  public int attemptsMade() {
    return request.getAttempt() + attempt + 1;
  }
}
