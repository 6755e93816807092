package dev.trawl.fetch.internal.kafka;

import dev.trawl.fetch.internal.http.InvalidUrlException;
import dev.trawl.fetch.internal.schedule.Work;
import dev.trawl.runtime.crawl.Urls;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.Topics;
import java.net.URI;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a polled record of {@code trawl.urls} as the work it asks for. Confined to the poll thread.
 */
public final class RequestRecords {

  /** What a record asks for. */
  public sealed interface Decoded {
    /** A request to fetch. */
    record Fetch(Work work) implements Decoded {}

    /** A request whose URL cannot be fetched: its outcome is published without a fetch. */
    record Unfetchable(Work work, InvalidUrlException why) implements Decoded {}

    /** A record that is no request at all: nothing to publish, its offset is complete. */
    record Undecodable(String why) implements Decoded {}
  }

  private final Deserializer<FetchRequest> decoder = Topics.URLS.valueSerde().deserializer();

  /** What {@code record} asks for. */
  public Decoded decode(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    FetchRequest request;
    try {
      request = decoder.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      return new Decoded.Undecodable(e.getMessage());
    }
    if (request == null) {
      return new Decoded.Undecodable("the record has no value");
    }
    URI uri;
    try {
      uri = Urls.fetchable(request.getUrl());
    } catch (IllegalArgumentException e) {
      return new Decoded.Unfetchable(
          new Work(request, null, null, partition, record.offset()),
          new InvalidUrlException(e.getMessage()));
    }
    String host = Urls.host(uri);
    return new Decoded.Fetch(new Work(request, uri, host, partition, record.offset()));
  }
}
