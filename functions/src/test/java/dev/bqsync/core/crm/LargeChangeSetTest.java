package dev.bqsync.core.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LargeChangeSetTest {
  private final LargeChangeSet rule = new LargeChangeSet(0.5, 10, 1_000);

  @Test
  void moreThanTheShareOfKeyedRecordsAndTheFloorIsAFullRead() {
    assertThat(rule.crmChanges(50, 0, 100)).as("exactly half").isEmpty();
    assertThat(rule.crmChanges(51, 0, 100)).hasValueSatisfying(why -> assertThat(why)
        .isEqualTo("51 or more CRM records changed since the last run, over 50% of the 100 the state holds: a full "
            + "read is cheaper"));
    assertThat(rule.crmChanges(10, 0, 4)).as("not above the floor").isEmpty();
    assertThat(rule.crmChanges(11, 0, 4)).isPresent();
    assertThat(rule.crmChanges(11, 0, 0)).as("a state that holds no records").isPresent();
  }

  @Test
  void keysBeyondOneRequestAreAFullReadWhateverTheirShare() {
    assertThat(rule.crmChanges(2, 1_000, 1_000_000)).isEmpty();
    assertThat(rule.crmChanges(2, 1_001, 1_000_000)).hasValueSatisfying(why -> assertThat(why)
        .contains("more keys than one change query holds"));
  }

  @Test
  void recordsToFetchAboveTheShareAreReadByOneScan() {
    assertThat(rule.fetchByScan(50, 100)).isFalse();
    assertThat(rule.fetchByScan(51, 100)).isTrue();
    assertThat(rule.fetchByScan(10, 1)).as("the floor").isFalse();
  }

  @Test
  void aChangedRecordAddsItsIdAndKeyToTheRequest() {
    assertThat(LargeChangeSet.parameterBytes("abc", null)).isEqualTo(3 + LargeChangeSet.PARAMETER_OVERHEAD);
    assertThat(LargeChangeSet.parameterBytes("abc", "c1")).isEqualTo(5 + 2 * LargeChangeSet.PARAMETER_OVERHEAD);
  }

  @Test
  void theDefaultIsHalfTheRecordsAboveTenThousandAndEightMegabytes() {
    assertThat(LargeChangeSet.DEFAULT).isEqualTo(new LargeChangeSet(0.5, 10_000, 8L * 1024 * 1024));
    assertThat(new LargeChangeSet(0.125, 0, 1).crmChanges(2, 0, 8)).hasValueSatisfying(why -> assertThat(why)
        .contains("over 12.5% of the 8"));
  }

  @Test
  void nonsenseLimitsAreRefused() {
    assertThatThrownBy(() -> new LargeChangeSet(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LargeChangeSet(1.5, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LargeChangeSet(0.5, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LargeChangeSet(0.5, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
