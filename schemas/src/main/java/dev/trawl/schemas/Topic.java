package dev.trawl.schemas;

import org.apache.kafka.common.serialization.Serde;

/** A topic's name bound to the serdes of its keys and values. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  @Override
  public String toString() {
    return name;
  }
}
