package dev.trawl.fetch.internal.kafka;

import dev.trawl.fetch.internal.http.InvalidUrlException;
import dev.trawl.fetch.internal.outcome.Outcome;
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

    /** A record that is no request at all: it ends in a dead letter. */
    record Undecodable(Work work, Outcome.DeadLetter letter) implements Decoded {}
  }

  private final Deserializer<FetchRequest> decoder = Topics.URLS.valueSerde().deserializer();

  /** What {@code record} asks for. */
  public Decoded decode(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    FetchRequest request;
    try {
      request = decoder.deserialize(record.topic(), record.value());
      if (request == null) {
        throw new SerializationException("the record has no value");
      }
    } catch (SerializationException e) {
      return new Decoded.Undecodable(
          new Work(null, null, null, partition, record.offset()),
          DeadLetters.of(record, e, System.currentTimeMillis()));
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
