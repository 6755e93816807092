package dev.trawl.fetch.internal;

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
 */
public record Work(
    FetchRequest request, URI uri, String host, TopicPartition partition, long offset) {

  /** True when the work holds an in-flight slot of {@link HostQueues} until it is published. */
  public boolean holdsSlot() {
    return host != null;
  }
}
