package dev.trawl.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

  @Test
  void addsEachDistinctStringOnce() {
    FingerprintSet set = new FingerprintSet();

    List<Boolean> added = new ArrayList<>();
    for (String s : List.of("http://a/", "http://b/", "http://a/", "", "http://b/", "")) {
      added.add(set.add(s));
    }

    assertThat(added).containsExactly(true, true, false, true, false, false);
    assertThat(set.size()).isEqualTo(3);
  }

  @Test
  void keepsEveryStringWhileGrowing() {
    FingerprintSet set = new FingerprintSet();

    int newOnFirstPass = 0;
    for (int i = 0; i < 100_000; i++) {
      newOnFirstPass += set.add("http://host-" + (i % 97) + ".example/page-" + i) ? 1 : 0;
    }
    int newOnSecondPass = 0;
    for (int i = 0; i < 100_000; i++) {
      newOnSecondPass += set.add("http://host-" + (i % 97) + ".example/page-" + i) ? 1 : 0;
    }

    assertThat(newOnFirstPass).isEqualTo(100_000);
    assertThat(newOnSecondPass).isZero();
    assertThat(set.size()).isEqualTo(100_000);
  }
}
